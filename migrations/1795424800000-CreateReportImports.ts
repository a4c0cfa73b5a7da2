import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Report imports: an uploaded document's proposal under review, then the report it became. The
 * content hash is unique, so the same document is recognised and never imported twice. Indexes for
 * the imports list (by status, newest first).
 */
export class CreateReportImports1795424800000 implements MigrationInterface {
  name = 'CreateReportImports1795424800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'report_imports',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'content_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'file_name', type: 'varchar', length: '300' },
          { name: 'format', type: 'varchar', length: '10' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'text', type: 'text' },
          { name: 'proposal', type: 'text' },
          { name: 'review', type: 'text' },
          { name: 'report_id', type: 'integer', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'committed_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'committed_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['report_id'], referencedTableName: 'reports', referencedColumnNames: ['id'] }],
        indices: [
          { name: 'idx_report_imports_status', columnNames: ['status'] },
          { name: 'idx_report_imports_created', columnNames: ['created_at'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('report_imports');
  }
}
