import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/*
 * Each organisation's notification settings (a row only once its lead or an administrator has chosen; none: a daily
 * digest at DIGEST_HOUR, with titles in emails): the digest's cadence (daily, or weekly on a weekday), its hour of the
 * UK day, and whether emails carry titles or references only. The row goes with its organisation.
 *
 * For the digests' sections, read in SQL since a person's previous digest: when evidence was reviewed (a new column,
 * null for evidence reviewed before it existed, which no digest then lists), and indexes on the times of inspectors'
 * decisions and of history entries by type (target dates moved, claims made).
 *
 * Portable as written: a new table, a nullable column added with plain ALTER TABLE (TypeORM's addColumn would rebuild
 * the evidence table on SQLite), and plain indexes. No engine needs its own branch.
 */
export class AddOrganisationNotificationSettings1795426700000 implements MigrationInterface {
  name = 'AddOrganisationNotificationSettings1795426700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_notification_settings',
        columns: [
          { name: 'force_id', type: 'integer', isPrimary: true },
          { name: 'cadence', type: 'varchar', length: '10' },
          { name: 'weekday', type: 'integer', isNullable: true },
          { name: 'hour', type: 'integer' },
          { name: 'email_detail', type: 'varchar', length: '20' },
          { name: 'updated_at', type: 'varchar', length: '30' },
          { name: 'updated_by', type: 'varchar', length: '100' },
        ],
        foreignKeys: [
          {
            columnNames: ['force_id'],
            referencedTableName: 'forces',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.query('ALTER TABLE "evidence" ADD COLUMN "reviewed_at" varchar(30) NULL');
    await queryRunner.createIndex(
      'evidence',
      new TableIndex({ name: 'idx_evidence_reviewed_at', columnNames: ['reviewed_at'] }),
    );
    await queryRunner.createIndex(
      'verifications',
      new TableIndex({ name: 'idx_verifications_decided_at', columnNames: ['decided_at'] }),
    );
    await queryRunner.createIndex(
      'finding_updates',
      // By time first: the digest reads a window of recent changes of one type. With the type first, SQLite's planner
      // (before statistics) took it for "a finding's entries of a type" (the search document's progress notes) and
      // read every entry of that type for each finding.
      new TableIndex({ name: 'idx_finding_updates_created_type', columnNames: ['created_at', 'type'] }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('finding_updates', 'idx_finding_updates_created_type');
    await queryRunner.dropIndex('verifications', 'idx_verifications_decided_at');
    await queryRunner.dropIndex('evidence', 'idx_evidence_reviewed_at');
    // SQLite 3.35+ (every better-sqlite3 build the app uses) drops a column in place too.
    await queryRunner.query('ALTER TABLE "evidence" DROP COLUMN "reviewed_at"');
    await queryRunner.dropTable('organisation_notification_settings');
  }
}
