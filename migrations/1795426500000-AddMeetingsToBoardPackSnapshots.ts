import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A saved board pack names the meeting it was saved for: its name and date, kept beside the content so the list of
 * saved packs can show them (the content, hashed, holds them too, with the lead's commentary). Plain ALTER TABLE,
 * which both engines run in place; packs saved before keep null.
 */
export class AddMeetingsToBoardPackSnapshots1795426500000 implements MigrationInterface {
  name = 'AddMeetingsToBoardPackSnapshots1795426500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "board_pack_snapshots" ADD COLUMN "meeting_name" varchar(200)');
    await queryRunner.query('ALTER TABLE "board_pack_snapshots" ADD COLUMN "meeting_date" varchar(10)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // SQLite 3.35+ (every better-sqlite3 build the app uses) drops a column in place too.
    await queryRunner.query('ALTER TABLE "board_pack_snapshots" DROP COLUMN "meeting_date"');
    await queryRunner.query('ALTER TABLE "board_pack_snapshots" DROP COLUMN "meeting_name"');
  }
}
