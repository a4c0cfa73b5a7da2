import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * The audit covers the data as well as the log: each audit entry commits (row_count, rows_digest,
 * part of its hash when set) to the digests of the rows its change wrote, kept one row each in
 * audit_row_digests. The two columns are added with plain ALTER TABLE, which both engines run in
 * place (TypeORM's addColumn would rebuild audit_log on SQLite); entries written before them keep
 * null, and their hashes, unchanged. The digests of rows written before this migration are recorded
 * by the app at its next start (AuditService.ensureBaseline), not here: they are made by the app's
 * digest function, which a migration must not freeze.
 */
export class AddAuditRowDigests1795425400000 implements MigrationInterface {
  name = 'AddAuditRowDigests1795425400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_log" ADD COLUMN "row_count" integer');
    await queryRunner.query('ALTER TABLE "audit_log" ADD COLUMN "rows_digest" varchar(64)');
    await queryRunner.createTable(
      new Table({
        name: 'audit_row_digests',
        columns: [
          { name: 'audit_entry_id', type: 'integer', isPrimary: true },
          { name: 'table_name', type: 'varchar', length: '40', isPrimary: true },
          { name: 'row_id', type: 'integer', isPrimary: true },
          { name: 'digest', type: 'varchar', length: '64' },
          { name: 'columns', type: 'text' },
          { name: 'changed_outside', type: 'text', isNullable: true },
        ],
        indices: [{ name: 'idx_audit_row_digests_row', columnNames: ['table_name', 'row_id', 'audit_entry_id'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_row_digests');
    // SQLite 3.35+ (every better-sqlite3 build the app uses) drops a column in place too.
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "rows_digest"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "row_count"');
  }
}
