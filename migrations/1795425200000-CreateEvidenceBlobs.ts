import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Evidence files kept in the database, so that every app instance sharing a PostgreSQL database reads
 * every file (DatabaseEvidenceStorage). A file is one evidence_blobs row (its key, the evidence row's
 * stored_path, with its SHA-256, size and number of parts) and its content in evidence_blob_chunks, in
 * parts of at most 1 MB, so no file is ever one giant value. The tables are made on SQLite too, so both
 * databases have the same schema, but SQLite keeps its files under DATA_DIR/uploads and leaves them empty.
 * The content column is `bytea` on PostgreSQL and `blob` on SQLite: neither engine has the other's type.
 * Files already under DATA_DIR/uploads are moved in by the app at start (EvidenceStorageMaintenance), not
 * here: a migration does not know which instance's DATA_DIR holds which file.
 */
export class CreateEvidenceBlobs1795425200000 implements MigrationInterface {
  name = 'CreateEvidenceBlobs1795425200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const binary = queryRunner.connection.driver.options.type === 'postgres' ? 'bytea' : 'blob';
    await queryRunner.createTable(
      new Table({
        name: 'evidence_blobs',
        columns: [
          { name: 'stored_path', type: 'varchar', length: '500', isPrimary: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'chunk_count', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'idx_evidence_blobs_created', columnNames: ['created_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evidence_blob_chunks',
        columns: [
          { name: 'stored_path', type: 'varchar', length: '500', isPrimary: true },
          { name: 'chunk_index', type: 'integer', isPrimary: true },
          { name: 'content', type: binary },
        ],
        foreignKeys: [
          {
            columnNames: ['stored_path'],
            referencedTableName: 'evidence_blobs',
            referencedColumnNames: ['stored_path'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('evidence_blob_chunks');
    await queryRunner.dropTable('evidence_blobs');
  }
}
