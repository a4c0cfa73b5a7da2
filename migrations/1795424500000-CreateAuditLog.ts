import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * The append-only audit log. Each entry is hash-chained to the one before (prev_hash, hash);
 * ids are assigned by the application (previous + 1) so they can be part of the hash.
 */
export class CreateAuditLog1795424500000 implements MigrationInterface {
  name = 'CreateAuditLog1795424500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'occurred_at', type: 'varchar', length: '30' },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'action', type: 'varchar', length: '60' },
          { name: 'entity_type', type: 'varchar', length: '40' },
          { name: 'entity_id', type: 'varchar', length: '60' },
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'changes', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64', isUnique: true },
        ],
        indices: [
          { name: 'idx_audit_log_occurred_at', columnNames: ['occurred_at'] },
          { name: 'idx_audit_log_actor', columnNames: ['actor'] },
          { name: 'idx_audit_log_entity', columnNames: ['entity_type', 'entity_id'] },
          { name: 'idx_audit_log_action', columnNames: ['action'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
  }
}
