import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A session's flash: the confirmation of a saved form ("Status changed to In progress"), kept in the session's row
 * between the POST that saved and the page it redirects to, so whichever app instance serves that page shows it.
 * The page that shows it clears it.
 */
export class AddFlashToSessions1795426600000 implements MigrationInterface {
  name = 'AddFlashToSessions1795426600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sessions" ADD COLUMN "flash" varchar(500) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sessions" DROP COLUMN "flash"');
  }
}
