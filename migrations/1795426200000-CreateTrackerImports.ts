import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Force tracker spreadsheets brought into the tracker: each upload kept between its steps (the file, the sheet,
 * header row and column mapping chosen, the matches confirmed), and what each organisation's spreadsheets mean
 * (the header each field is read from, its status words), remembered for its next import.
 */
export class CreateTrackerImports1795426200000 implements MigrationInterface {
  name = 'CreateTrackerImports1795426200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'tracker_uploads',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'force_id', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '300' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'content', type: 'text' },
          { name: 'sheet_name', type: 'varchar', length: '200' },
          { name: 'header_row', type: 'integer' },
          { name: 'mapping', type: 'text' },
          { name: 'decisions', type: 'text' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'outcome', type: 'text', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'committed_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'committed_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_tracker_uploads_force_created', columnNames: ['force_id', 'created_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tracker_import_settings',
        columns: [
          { name: 'force_id', type: 'integer', isPrimary: true },
          { name: 'column_headers', type: 'text' },
          { name: 'status_words', type: 'text' },
          { name: 'updated_by', type: 'varchar', length: '100' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tracker_import_settings');
    await queryRunner.dropTable('tracker_uploads');
  }
}
