import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The findings list's total and its counts by status and kind are one grouped query; at national scale it read every
 * row of findings through the single-column status index. Two covering indexes answer it from the index alone: by
 * force first (a force's reader: the force's own entries), and by status and kind first (a reader of every force, or
 * a status filter). They replace the single-column indexes on force and status, which are their prefixes. The index on
 * report_id goes too: (report_id, position), the default order's, is its prefix and answers the same lookups, and
 * with both present SQLite walked the single column and sorted each report's findings again.
 */
export class ReplaceFindingIndexesForListCounts1795426100000 implements MigrationInterface {
  name = 'ReplaceFindingIndexesForListCounts1795426100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "idx_findings_force_status_kind" ON "findings" ("force_id", "status", "kind")',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_findings_status_kind_force" ON "findings" ("status", "kind", "force_id")',
    );
    await queryRunner.query('DROP INDEX "idx_findings_force"');
    await queryRunner.query('DROP INDEX "idx_findings_status"');
    await queryRunner.query('DROP INDEX "idx_findings_report"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "idx_findings_report" ON "findings" ("report_id")');
    await queryRunner.query('CREATE INDEX "idx_findings_status" ON "findings" ("status")');
    await queryRunner.query('CREATE INDEX "idx_findings_force" ON "findings" ("force_id")');
    await queryRunner.query('DROP INDEX "idx_findings_status_kind_force"');
    await queryRunner.query('DROP INDEX "idx_findings_force_status_kind"');
  }
}
