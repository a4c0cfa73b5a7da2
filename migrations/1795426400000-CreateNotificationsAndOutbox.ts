import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Reminders that reach people: each user's email address (optional), the in-app notifications (one row per person
 * told, read or not), the outbox of emails (one row per message, written in the same transaction as the change that
 * causes it, taken by the sender, retried with backoff, sent once), each person's opt-outs by kind of message, the
 * leases that let one instance at a time build the digests, and the settings the sender keeps in the database (the
 * secret that signs unsubscribe links, so every instance signs alike).
 *
 * A dedupe key per recipient and event is unique in both tables, so the same event or digest is never told twice.
 * The users column is added with plain ALTER TABLE (TypeORM's addColumn would rebuild users on SQLite).
 */
export class CreateNotificationsAndOutbox1795426400000 implements MigrationInterface {
  name = 'CreateNotificationsAndOutbox1795426400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD COLUMN "email" varchar(254) NULL');
    const userColumn = { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] };
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'body', type: 'text' },
          { name: 'link', type: 'varchar', length: '500', isNullable: true },
          { name: 'dedupe_key', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'read_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [{ ...userColumn, onDelete: 'CASCADE' }],
        indices: [
          { name: 'idx_notifications_user_read', columnNames: ['user_id', 'read_at'] },
          { name: 'idx_notifications_user_dedupe', columnNames: ['user_id', 'dedupe_key'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'recipient', type: 'varchar', length: '254' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text_body', type: 'text' },
          { name: 'html_body', type: 'text' },
          { name: 'link', type: 'varchar', length: '500', isNullable: true },
          { name: 'dedupe_key', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'varchar', length: '30' },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'sent_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [{ ...userColumn, onDelete: 'CASCADE' }],
        indices: [
          { name: 'idx_outbox_status_next', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_outbox_user_dedupe', columnNames: ['user_id', 'dedupe_key'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_opt_outs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [{ ...userColumn, onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_notification_opt_outs_user_kind', columnNames: ['user_id', 'kind'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '100' },
          { name: 'expires_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_settings',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_settings');
    await queryRunner.dropTable('notification_leases');
    await queryRunner.dropTable('notification_opt_outs');
    await queryRunner.dropTable('outbox');
    await queryRunner.dropTable('notifications');
    // SQLite 3.35+ (every better-sqlite3 build the app uses) drops a column in place too.
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "email"');
  }
}
