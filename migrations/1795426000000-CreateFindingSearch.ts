import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Word-based search of findings, with English stemming ("disproportionate" finds "disproportionality", "decisions
 * vetting" finds "vetting decisions"): one search document per finding, made of its reference and title, its text and
 * sub-points, its actions' descriptions and its progress notes.
 *
 * The documents live in a table of their own (finding_search), kept in step by triggers on findings, actions and
 * finding_updates, so no write path can forget it and no audited row changes when a document does. On SQLite it is
 * an FTS5 table (porter stemmer over unicode61, rowid = the finding's id); on PostgreSQL a tsvector per finding with a
 * GIN index, made by the function refresh_finding_search().
 */
export class CreateFindingSearch1795426000000 implements MigrationInterface {
  name = 'CreateFindingSearch1795426000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await this.upPostgres(queryRunner);
    } else {
      await this.upSqlite(queryRunner);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_search_updates ON finding_updates');
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_search_actions ON actions');
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_search_findings ON findings');
      await queryRunner.query('DROP FUNCTION IF EXISTS finding_search_trigger()');
      await queryRunner.query('DROP FUNCTION IF EXISTS refresh_finding_search(integer)');
      await queryRunner.query('DROP TABLE IF EXISTS finding_search');
      return;
    }
    for (const trigger of SQLITE_TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    await queryRunner.query('DROP TABLE IF EXISTS finding_search');
  }

  private async upSqlite(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIRTUAL TABLE finding_search USING fts5(reference, title, body, tokenize = 'porter unicode61 remove_diacritics 2')`,
    );
    const refresh = (id: string) => `
      DELETE FROM finding_search WHERE rowid = ${id};
      INSERT INTO finding_search (rowid, reference, title, body) ${SQLITE_DOCUMENT} WHERE f.id = ${id};`;
    await queryRunner.query(
      `CREATE TRIGGER finding_search_finding_added AFTER INSERT ON findings BEGIN ${refresh('new.id')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_finding_changed AFTER UPDATE OF reference, title, text, sub_points ON findings BEGIN ${refresh('new.id')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_action_added AFTER INSERT ON actions BEGIN ${refresh('new.finding_id')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_action_changed AFTER UPDATE OF description, finding_id ON actions BEGIN ${refresh('old.finding_id')} ${refresh('new.finding_id')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_note_added AFTER INSERT ON finding_updates WHEN new.type = 'progress_note' BEGIN ${refresh('new.finding_id')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_note_moved AFTER UPDATE OF finding_id ON finding_updates WHEN new.type = 'progress_note' BEGIN ${refresh('old.finding_id')} ${refresh('new.finding_id')} END`,
    );
    await queryRunner.query(`INSERT INTO finding_search (rowid, reference, title, body) ${SQLITE_DOCUMENT}`);
  }

  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE finding_search (
        finding_id integer PRIMARY KEY REFERENCES findings (id) ON DELETE CASCADE,
        document tsvector NOT NULL
      )`,
    );
    await queryRunner.query('CREATE INDEX idx_finding_search_document ON finding_search USING GIN (document)');
    await queryRunner.query(`
      CREATE FUNCTION refresh_finding_search(target integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO finding_search (finding_id, document)
        ${POSTGRES_DOCUMENT} WHERE f.id = target
        ON CONFLICT (finding_id) DO UPDATE SET document = EXCLUDED.document
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION finding_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'findings' THEN
          PERFORM refresh_finding_search(NEW.id);
        ELSE
          IF TG_OP = 'UPDATE' AND OLD.finding_id IS DISTINCT FROM NEW.finding_id THEN
            PERFORM refresh_finding_search(OLD.finding_id);
          END IF;
          PERFORM refresh_finding_search(NEW.finding_id);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER finding_search_findings AFTER INSERT OR UPDATE OF reference, title, text, sub_points ON findings
        FOR EACH ROW EXECUTE FUNCTION finding_search_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_actions AFTER INSERT OR UPDATE OF description, finding_id ON actions
        FOR EACH ROW EXECUTE FUNCTION finding_search_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_search_updates AFTER INSERT OR UPDATE OF finding_id ON finding_updates
        FOR EACH ROW WHEN (NEW.type = 'progress_note') EXECUTE FUNCTION finding_search_trigger()`,
    );
    await queryRunner.query(`INSERT INTO finding_search (finding_id, document) ${POSTGRES_DOCUMENT}`);
  }
}

const SQLITE_TRIGGERS = [
  'finding_search_finding_added',
  'finding_search_finding_changed',
  'finding_search_action_added',
  'finding_search_action_changed',
  'finding_search_note_added',
  'finding_search_note_moved',
];

/** The words of a finding's actions and progress notes (the `f` of the statement that uses it). */
const WORK_WORDS = `COALESCE((SELECT string_agg(a.description, ' ') FROM actions a WHERE a.finding_id = f.id), '') || ' ' ||
  COALESCE((SELECT string_agg(u.commentary, ' ') FROM finding_updates u WHERE u.finding_id = f.id AND u.type = 'progress_note'), '')`;

/** SELECT of each finding's search row on SQLite (followed by a WHERE, or not). */
const SQLITE_DOCUMENT = `SELECT f.id, f.reference, f.title, f.text || ' ' || f.sub_points || ' ' ||
  ${WORK_WORDS.replace(/string_agg/g, 'group_concat')} FROM findings f`;

/**
 * SELECT of each finding's search document on PostgreSQL: reference and title weigh most, then the text. The
 * reference's hyphens become spaces, or PostgreSQL's parser would read DER-2018-AFI-12 as the numbers -2018 and -12.
 */
const POSTGRES_DOCUMENT = `SELECT f.id,
  setweight(to_tsvector('english', replace(f.reference, '-', ' ') || ' ' || f.title), 'A') ||
  setweight(to_tsvector('english', f.text || ' ' || f.sub_points), 'B') ||
  setweight(to_tsvector('english', ${WORK_WORDS}), 'C')
  FROM findings f`;
