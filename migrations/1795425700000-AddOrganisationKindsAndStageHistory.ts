import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * Who is inspected: an organisation (still the entity Force, table forces) is a police force, a fire and rescue
 * service or a national body. Every organisation a database holds today is a police force, so the new column
 * defaults to 'police'. It is added with plain ALTER TABLE, which both engines run in place (TypeORM's addColumn
 * would rebuild forces on SQLite, and with it every table whose foreign keys point at it).
 *
 * monitoring_stage_changes keeps each change of an organisation's monitoring stage with its reason; forces keeps
 * the current stage as before.
 *
 * The reference data (data/reference/organisations.json: the 43 police forces, England's 44 fire and rescue
 * services, national bodies) is not inserted here: the app adds what is missing at each start, after the default
 * data has loaded its forces (OrganisationsService.addMissingReferenceOrganisations), so that a fresh start, the
 * default data load and an upgraded database all end with every organisation, and what a database holds is never
 * changed.
 */
export class AddOrganisationKindsAndStageHistory1795425700000 implements MigrationInterface {
  name = 'AddOrganisationKindsAndStageHistory1795425700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "forces" ADD COLUMN "kind" varchar(16) NOT NULL DEFAULT 'police'`);
    await queryRunner.query('CREATE INDEX "idx_forces_kind" ON "forces" ("kind")');
    await queryRunner.createTable(
      new Table({
        name: 'monitoring_stage_changes',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'force_id', type: 'integer' },
          { name: 'from_stage', type: 'varchar', length: '16', isNullable: true },
          { name: 'to_stage', type: 'varchar', length: '16' },
          { name: 'since', type: 'varchar', length: '10' },
          { name: 'reason', type: 'text' },
          { name: 'changed_by', type: 'varchar', length: '100' },
          { name: 'changed_at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_monitoring_stage_changes_force', columnNames: ['force_id', 'changed_at'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('monitoring_stage_changes');
    await queryRunner.query('DROP INDEX "idx_forces_kind"');
    // SQLite 3.35+ (every better-sqlite3 build the app uses) drops a column in place too.
    await queryRunner.query('ALTER TABLE "forces" DROP COLUMN "kind"');
  }
}
