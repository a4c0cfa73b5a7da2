import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A national recommendation is made once and worked on by each organisation it was made to. The finding the
 * inspectorate published (force_id NULL) stays as the statement; each recipient's work lives on a record of its
 * own: a row of findings with the recipient's force_id and national_finding_id naming the statement, so that its
 * owner, status, target date, actions, evidence, history, verifications and assessments are that recipient's and
 * every force-scoped read, list and count takes it like any other finding of the force.
 *
 * recipients says whom a statement was made to: NULL (every statement held today) means every police force, a
 * force added later included; 'fire_services' every fire and rescue service; 'named' only the organisations that
 * hold a record of it. Both columns are nullable and NULL on every row held, so no row's audit digest changes here.
 *
 * The rows themselves are not written by this migration: the app brings records up to date at each start (after
 * the reference organisations are added), moving the work a statement from before records holds to its recipient's
 * record and creating the missing records, in one audited change (OrganisationsService.bringRecipientRecordsUpToDate,
 * with src/findings/recipient-records.ts), so the audit log records every row the upgrade wrote and `npm run
 * audit:verify` still vouches for them.
 */
export class AddRecipientRecordsOfNationalRecommendations1795425800000 implements MigrationInterface {
  name = 'AddRecipientRecordsOfNationalRecommendations1795425800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key: SQLite adds one to an existing table only by rebuilding it (and every table pointing at it).
    // The app makes records only beside their statement (recipient-records.ts) and deletes no finding.
    await queryRunner.query('ALTER TABLE "findings" ADD COLUMN "national_finding_id" integer NULL');
    await queryRunner.query('ALTER TABLE "findings" ADD COLUMN "recipients" varchar(20) NULL');
    // One record per statement and recipient; also the lookup of a statement's records.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "idx_findings_national_force" ON "findings" ("national_finding_id", "force_id")',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_findings_national_force"');
    await queryRunner.query('ALTER TABLE "findings" DROP COLUMN "recipients"');
    await queryRunner.query('ALTER TABLE "findings" DROP COLUMN "national_finding_id"');
  }
}
