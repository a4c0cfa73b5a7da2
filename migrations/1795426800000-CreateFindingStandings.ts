import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Where each item of work stands after the later reports: the verdict of its latest assessment, and whether a later
 * report of its own organisation raised it again. The dashboard's "remains unimplemented" and "raised again", and the
 * list's filters of the same names, read these instead of working them out for every finding on every request (at
 * 100,000 findings that was a correlated subquery per finding and two scans of every link and assessment).
 *
 * The rules (the same as `implementationState()` and the old per-request SQL, for one organisation's reader):
 *   - latest_verdict: the verdict of the finding's latest assessment made of its own organisation or of none,
 *     latest by the date assessed (else the day recorded), then by when it was recorded;
 *   - raised_again: a "repeats" or "cites" link to it from a finding of a later report of its own organisation (a
 *     link to a national recommendation counts for the citing organisation's record of it), or an assessment by its
 *     own organisation in a later report of "not implemented" or "partially implemented".
 *
 * The rows live in a table of their own, kept in step by triggers on assessments, finding_links and findings, so no
 * write path can forget them and no audited row (findings) changes when a standing does. Only items of work with a
 * verdict or raised again have a row; no row reads as neither. Reports' display order, which the rule compares, is
 * set once when a report is recorded and never changed.
 */
export class CreateFindingStandings1795426800000 implements MigrationInterface {
  name = 'CreateFindingStandings1795426800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(
      `CREATE TABLE finding_standings (
        finding_id integer PRIMARY KEY NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
        latest_verdict varchar(30),
        raised_again boolean NOT NULL DEFAULT ${postgres ? 'false' : '0'}
      )`,
    );
    await queryRunner.query(
      'CREATE INDEX idx_finding_standings_verdict ON finding_standings (latest_verdict, finding_id)',
    );
    await queryRunner.query(
      'CREATE INDEX idx_finding_standings_raised ON finding_standings (raised_again, finding_id)',
    );
    if (postgres) {
      await this.upPostgres(queryRunner);
    } else {
      await this.upSqlite(queryRunner);
    }
    await queryRunner.query(FILL_FINDING_STANDINGS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_standings_findings ON findings');
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_standings_links ON finding_links');
      await queryRunner.query('DROP TRIGGER IF EXISTS finding_standings_assessments ON assessments');
      await queryRunner.query('DROP FUNCTION IF EXISTS finding_standings_finding_trigger()');
      await queryRunner.query('DROP FUNCTION IF EXISTS finding_standings_row_trigger()');
      await queryRunner.query('DROP FUNCTION IF EXISTS refresh_finding_standing(integer)');
    } else {
      for (const trigger of SQLITE_TRIGGERS) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
      }
    }
    await queryRunner.query('DROP TABLE IF EXISTS finding_standings');
  }

  private async upSqlite(queryRunner: QueryRunner): Promise<void> {
    const refresh = (ids: string) => `${upsertStandings(`e.id IN (${ids}) OR e.national_finding_id IN (${ids})`)};`;
    const statements: Array<[string, string]> = [
      ['finding_standings_assessment_added', `AFTER INSERT ON assessments BEGIN ${refresh('new.finding_id')} END`],
      [
        'finding_standings_assessment_changed',
        `AFTER UPDATE OF finding_id, verdict, force_id, report_id, assessed_on, created_at ON assessments
          BEGIN ${refresh('old.finding_id')} ${refresh('new.finding_id')} END`,
      ],
      ['finding_standings_assessment_removed', `AFTER DELETE ON assessments BEGIN ${refresh('old.finding_id')} END`],
      ['finding_standings_link_added', `AFTER INSERT ON finding_links BEGIN ${refresh('new.to_finding_id')} END`],
      [
        'finding_standings_link_changed',
        `AFTER UPDATE OF from_finding_id, to_finding_id, type ON finding_links
          BEGIN ${refresh('old.to_finding_id')} ${refresh('new.to_finding_id')} END`,
      ],
      ['finding_standings_link_removed', `AFTER DELETE ON finding_links BEGIN ${refresh('old.to_finding_id')} END`],
      [
        'finding_standings_record_added',
        `AFTER INSERT ON findings WHEN new.national_finding_id IS NOT NULL BEGIN ${refresh('new.id')} END`,
      ],
      [
        'finding_standings_finding_moved',
        `AFTER UPDATE OF report_id, force_id, national_finding_id ON findings
          BEGIN ${refresh('new.id')} ${refresh('SELECT l.to_finding_id FROM finding_links l WHERE l.from_finding_id = new.id')} END`,
      ],
    ];
    for (const [name, body] of statements) {
      await queryRunner.query(`CREATE TRIGGER ${name} ${body}`);
    }
  }

  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    // Two transactions can change one finding's inputs at once (a link to it, an assessment of it) without waiting
    // for each other. Each refresh first locks the findings it rewrites, so the second waits for the first to commit;
    // its upsert, a statement of its own, then reads (READ COMMITTED) what the first wrote, and neither overwrites
    // the other's standing with one worked out before it.
    await queryRunner.query(`
      CREATE FUNCTION refresh_finding_standing(target integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM findings WHERE id = target OR national_finding_id = target ORDER BY id FOR NO KEY UPDATE;
        ${upsertStandings('e.id = target OR e.national_finding_id = target')};
      END
      $$`);
    // For assessments and links: the finding named by the column the trigger gives (finding_id, to_finding_id), in
    // the row as it was and as it is.
    await queryRunner.query(`
      CREATE FUNCTION finding_standings_row_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM refresh_finding_standing((to_jsonb(OLD) ->> TG_ARGV[0])::integer);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM refresh_finding_standing((to_jsonb(NEW) ->> TG_ARGV[0])::integer);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION finding_standings_finding_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.national_finding_id IS NOT NULL THEN
            PERFORM refresh_finding_standing(NEW.id);
          END IF;
        ELSE
          PERFORM refresh_finding_standing(NEW.id);
          PERFORM refresh_finding_standing(l.to_finding_id) FROM finding_links l WHERE l.from_finding_id = NEW.id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER finding_standings_assessments
        AFTER INSERT OR DELETE OR UPDATE OF finding_id, verdict, force_id, report_id, assessed_on, created_at
        ON assessments FOR EACH ROW EXECUTE FUNCTION finding_standings_row_trigger('finding_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_standings_links AFTER INSERT OR DELETE OR UPDATE OF from_finding_id, to_finding_id, type
        ON finding_links FOR EACH ROW EXECUTE FUNCTION finding_standings_row_trigger('to_finding_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER finding_standings_findings AFTER INSERT OR UPDATE OF report_id, force_id, national_finding_id
        ON findings FOR EACH ROW EXECUTE FUNCTION finding_standings_finding_trigger()`,
    );
  }
}

const SQLITE_TRIGGERS = [
  'finding_standings_assessment_added',
  'finding_standings_assessment_changed',
  'finding_standings_assessment_removed',
  'finding_standings_link_added',
  'finding_standings_link_changed',
  'finding_standings_link_removed',
  'finding_standings_record_added',
  'finding_standings_finding_moved',
];

/** SELECT of each finding's (`e`) standing as `id`, `verdict`, `raised`; followed by a WHERE on `e`. */
const STANDING = `SELECT e.id,
    (SELECT a.verdict FROM assessments a
      WHERE a.finding_id = e.id AND (a.force_id = e.force_id OR a.force_id IS NULL)
      ORDER BY COALESCE(a.assessed_on, SUBSTR(a.created_at, 1, 10)) DESC, a.created_at DESC LIMIT 1) AS verdict,
    (EXISTS (SELECT 1 FROM finding_links l
        JOIN findings later ON later.id = l.from_finding_id
        JOIN reports lr ON lr.id = later.report_id
      WHERE l.type IN ('repeats', 'cites') AND later.force_id = e.force_id AND lr.display_order > er.display_order
        AND (l.to_finding_id = e.id OR l.to_finding_id = e.national_finding_id))
    OR EXISTS (SELECT 1 FROM assessments a JOIN reports ar ON ar.id = a.report_id
      WHERE a.finding_id = e.id AND a.force_id = e.force_id
        AND a.verdict IN ('not_implemented', 'partially_implemented') AND ar.display_order > er.display_order)) AS raised
  FROM findings e JOIN reports er ON er.id = e.report_id`;

/**
 * Fills finding_standings for every item of work with a verdict or raised again, in one statement (the migration's
 * backfill; also used by the benchmark's seed, which loads rows with the triggers off).
 */
export const FILL_FINDING_STANDINGS = `INSERT INTO finding_standings (finding_id, latest_verdict, raised_again)
  SELECT id, verdict, raised FROM (${STANDING} WHERE e.force_id IS NOT NULL) standing
  WHERE verdict IS NOT NULL OR raised`;

/** Writes the standing of the items of work (`e`) the condition names, over any they had. */
function upsertStandings(condition: string): string {
  return `INSERT INTO finding_standings (finding_id, latest_verdict, raised_again)
    SELECT id, verdict, raised FROM (${STANDING} WHERE e.force_id IS NOT NULL AND (${condition})) standing WHERE true
    ON CONFLICT (finding_id) DO UPDATE SET latest_verdict = excluded.latest_verdict, raised_again = excluded.raised_again`;
}
