import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Every order the findings list offers has an index: the default (report order, then position in the report) walks
 * reports by display_order and each report's findings by position instead of sorting every row; title and target
 * date get their own. Status, kind, owner and reference had theirs already.
 */
export class AddIndexesForFindingSorts1795425900000 implements MigrationInterface {
  name = 'AddIndexesForFindingSorts1795425900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "idx_reports_display_order" ON "reports" ("display_order")');
    await queryRunner.query('CREATE INDEX "idx_findings_report_position" ON "findings" ("report_id", "position")');
    await queryRunner.query('CREATE INDEX "idx_findings_title" ON "findings" ("title")');
    await queryRunner.query('CREATE INDEX "idx_findings_target_date" ON "findings" ("target_date")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_findings_target_date"');
    await queryRunner.query('DROP INDEX "idx_findings_title"');
    await queryRunner.query('DROP INDEX "idx_findings_report_position"');
    await queryRunner.query('DROP INDEX "idx_reports_display_order"');
  }
}
