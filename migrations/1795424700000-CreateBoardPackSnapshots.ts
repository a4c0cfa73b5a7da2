import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/* Saved board packs: immutable snapshots of exactly what a board saw, with the content's SHA-256. */
export class CreateBoardPackSnapshots1795424700000 implements MigrationInterface {
  name = 'CreateBoardPackSnapshots1795424700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'board_pack_snapshots',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'force_id', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'parameters', type: 'text' },
          { name: 'content', type: 'text' },
          { name: 'content_hash', type: 'varchar', length: '64' },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_board_pack_snapshots_force_created', columnNames: ['force_id', 'created_at'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('board_pack_snapshots');
  }
}
