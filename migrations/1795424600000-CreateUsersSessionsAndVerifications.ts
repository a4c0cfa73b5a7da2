import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Sign-in and the status workflow: users (with their force and team), database-backed sessions,
 * sign-in attempts (for slowing and locking repeated failures) and inspectors' verification
 * decisions with a snapshot of what they were based on. Portable to SQLite and PostgreSQL.
 */
export class CreateUsersSessionsAndVerifications1795424600000 implements MigrationInterface {
  name = 'CreateUsersSessionsAndVerifications1795424600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '100', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '30' },
          { name: 'force_id', type: 'integer', isNullable: true },
          { name: 'team', type: 'varchar', length: '200', isNullable: true },
          { name: 'disabled', type: 'boolean', default: false },
          { name: 'last_sign_in_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'previous_sign_in_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
        indices: [
          { name: 'idx_users_role', columnNames: ['role'] },
          { name: 'idx_users_force', columnNames: ['force_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'last_seen_at', type: 'varchar', length: '30' },
          { name: 'expires_at', type: 'varchar', length: '30' },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'idx_sessions_user', columnNames: ['user_id'] },
          { name: 'idx_sessions_expires_at', columnNames: ['expires_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sign_in_attempts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '100' },
          { name: 'ip', type: 'varchar', length: '64' },
          { name: 'succeeded', type: 'boolean' },
          { name: 'attempted_at', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_sign_in_attempts_username', columnNames: ['username', 'attempted_at'] },
          { name: 'idx_sign_in_attempts_ip', columnNames: ['ip', 'attempted_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'verifications',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'finding_id', type: 'integer' },
          { name: 'decision', type: 'varchar', length: '20' },
          { name: 'reason', type: 'text' },
          { name: 'decided_by', type: 'varchar', length: '100' },
          { name: 'decided_at', type: 'varchar', length: '30' },
          { name: 'snapshot', type: 'text' },
        ],
        foreignKeys: [
          {
            columnNames: ['finding_id'],
            referencedTableName: 'findings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'idx_verifications_finding', columnNames: ['finding_id'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['verifications', 'sign_in_attempts', 'sessions', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
