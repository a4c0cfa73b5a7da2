import { DataSource } from 'typeorm';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

/**
 * National scale: 100,000 more findings spread over the 43 police forces (with actions, later verdicts and
 * citations), then every list, count, dashboard, export and board pack a reader opens. Nothing may fail (no query
 * whose parameter list grows with the data), and the dashboard stays small. Speed is measured by `npm run
 * bench:pages`, not here.
 */
const FINDINGS = Number(process.env.SCALE_FINDINGS ?? 100_000);
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on parameters. */
const ROWS_PER_INSERT = 500;
const KINDS = ['area_for_improvement', 'cause_of_concern', 'recommendation', 'observation'] as const;
const STATUSES = ['not_started', 'in_progress', 'implemented', 'verified_closed', 'superseded'] as const;
const THEMES = ['vetting', 'investigation', 'vulnerability', 'custody', 'call handling'] as const;
const WORDS =
  'force should improve how it records reviews supervises investigations vetting decisions custody call handling victims safeguarding training'.split(
    ' ',
  );

type Session = Awaited<ReturnType<typeof signIn>>;

describe('National scale: 100,000 findings', () => {
  let testApp: TestApp;
  let inspector: Session;
  let lead: Session;
  /** Derbyshire's added formal findings (not observations): each is a line of its board pack's appendix. */
  let derbyshire: { count: number; reference: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    const dataSource = testApp.app.get(DataSource);
    derbyshire = await fill(dataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
    lead = await signIn(testApp.app, await createUser(testApp.app, 'force_lead'));
  }, 600_000);

  afterAll(async () => {
    await testApp.close();
  });

  it('lists and counts every force’s findings for an inspector, page by page', async () => {
    const list = mainText((await inspector.agent.get('/findings').expect(200)).text);
    // The default data's 74 findings and 430 records, and the 100,000 added.
    expect(list).toContain(`${74 + 430 + FINDINGS} findings, showing 1 to 20`);
    for (const path of [
      '/findings?status=unimplemented',
      '/findings?raised=again',
      '/findings?q=vetting%20decisions',
      '/findings?sort=title&dir=desc&page=400',
      '/findings?force=DER&sort=target',
    ]) {
      const page = mainText((await inspector.agent.get(path).expect(200)).text);
      expect({ path, listed: /[\d,]+ findings?, showing/.test(page) }).toEqual({ path, listed: true });
    }
    const api = (await inspector.agent.get('/api/findings?status=not_started').expect(200)).body as {
      total: number;
      items: unknown[];
    };
    expect(api.total).toBeGreaterThan(FINDINGS / 10);
    expect(api.items).toHaveLength(20);
  });

  it('keeps the dashboard small at any size, for an inspector and for a force', async () => {
    for (const [session, path] of [
      [inspector, '/'],
      [inspector, '/?force=DER'],
      [lead, '/'],
    ] as const) {
      const page = await session.agent.get(path).expect(200);
      expect({ path, small: page.text.length < 200_000 }).toEqual({ path, small: true });
      expect(mainText(page.text)).toContain('the 50 oldest are shown here');
    }
    const api = (await inspector.agent.get('/api').expect(200)).body as { counts: { total: number } };
    expect(api.counts.total).toBe(74 + 430 + FINDINGS);
  });

  it('shows a force lead their whole force and its board pack, in every format', async () => {
    const work = mainText((await lead.agent.get('/my-work').expect(200)).text);
    expect(work).toContain('Your force: Derbyshire Constabulary');
    const pack = mainText((await lead.agent.get('/board-packs/current').expect(200)).text);
    expect(pack).toContain('Derbyshire Constabulary');
    const csv = await lead.agent.get('/board-packs/current?format=csv').expect(200);
    // A line per finding in the pack: the default data's and the added ones of Derbyshire.
    expect(csv.text).toContain(derbyshire.reference);
    expect(csv.text.split('\r\n').length).toBeGreaterThan(derbyshire.count);
  });

  it('compares every force on a theme and a national recommendation', async () => {
    const theme = mainText((await inspector.agent.get('/progress?theme=vetting').expect(200)).text);
    expect(theme).toMatch(/Derbyshire Constabulary \d+ of \d+ verified closed/);
    const national = mainText((await inspector.agent.get('/progress?reference=NAT-2022-REC-01').expect(200)).text);
    expect(national).toContain('Leicestershire Police Not started');
  });
});

/**
 * Adds FINDINGS findings over the police forces (a quarter with an action, a tenth judged not implemented by a later
 * report, a tenth citing an earlier one), in multi-row INSERTs inside one transaction. Returns how many of the added
 * formal findings are Derbyshire's, and one of their references.
 */
async function fill(dataSource: DataSource): Promise<{ count: number; reference: string }> {
  const forces = await dataSource.query<Array<{ id: number; code: string }>>(
    "SELECT id, code FROM forces WHERE kind = 'police' ORDER BY id",
  );
  const [{ id: reportId }] = await dataSource.query<Array<{ id: number }>>(
    'SELECT id FROM reports ORDER BY display_order DESC LIMIT 1',
  );
  const [{ id: earliestReportId }] = await dataSource.query<Array<{ id: number }>>(
    'SELECT id FROM reports ORDER BY display_order ASC LIMIT 1',
  );
  const postgres = dataSource.options.type === 'postgres';
  const placeholders = (rows: number, columns: number) => {
    let n = 0;
    return Array.from(
      { length: rows },
      () => `(${Array.from({ length: columns }, () => (postgres ? `$${++n}` : '?')).join(', ')})`,
    ).join(', ');
  };
  const now = new Date().toISOString();
  await dataSource.transaction(async (manager) => {
    for (let start = 0; start < FINDINGS; start += ROWS_PER_INSERT) {
      const values: unknown[] = [];
      const count = Math.min(ROWS_PER_INSERT, FINDINGS - start);
      for (let i = start; i < start + count; i += 1) {
        const force = forces[i % forces.length];
        const words = Array.from({ length: 8 + (i % 40) }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]);
        values.push(
          `${force.code}-SCALE-${String(i).padStart(6, '0')}`,
          KINDS[i % KINDS.length],
          `Scale finding ${i}: ${words.slice(0, 6).join(' ')}`,
          `The force should ${words.join(' ')}.`,
          '[]',
          force.id,
          // A tenth from the earliest report, so that a later report can judge or cite them.
          i % 10 === 0 ? earliestReportId : reportId,
          2020 + (i % 6),
          i,
          THEMES[i % THEMES.length],
          `Owner ${i % 50}`,
          '[]',
          STATUSES[i % STATUSES.length],
          `20${20 + (i % 10)}-0${1 + (i % 9)}-15`,
          postgres ? false : 0,
          1,
          now,
          now,
        );
      }
      await manager.query(
        `INSERT INTO findings (reference, kind, title, text, sub_points, force_id, report_id, year, position, theme,
          owner, action_owners, status, target_date, example_data, version, created_at, updated_at)
          VALUES ${placeholders(count, 18)}`,
        values,
      );
    }
    const scaleIds = `SELECT id FROM findings WHERE reference LIKE '%-SCALE-%'`;
    await manager.query(
      `INSERT INTO actions (finding_id, description, owner, due_date, status, version, created_at, updated_at)
        SELECT id, 'Review the ' || title, owner, target_date, 'in_progress', 1, created_at, updated_at
        FROM findings WHERE id IN (${scaleIds}) AND id % 4 = 0`,
    );
    await manager.query(
      `INSERT INTO assessments (finding_id, report_id, force_id, verdict, quote, commentary, assessed_on, recorded_by,
          created_at)
        SELECT id, ${Number(reportId)}, force_id, 'not_implemented', 'Not yet implemented.', NULL, '2025-01-22',
          'scale', created_at
        FROM findings WHERE id IN (${scaleIds}) AND report_id = ${Number(earliestReportId)}`,
    );
    // A later finding of the same force (43 rows on) citing one of the earliest report's.
    await manager.query(
      `INSERT INTO finding_links (from_finding_id, to_finding_id, type, reason, created_at)
        SELECT later.id, earlier.id, 'cites', NULL, later.created_at
        FROM findings later JOIN findings earlier ON earlier.id = later.id - ${forces.length}
        WHERE later.id IN (${scaleIds}) AND earlier.id IN (${scaleIds})
          AND later.report_id = ${Number(reportId)} AND earlier.report_id = ${Number(earliestReportId)}`,
    );
  });
  // As after any bulk load: the planner's statistics (PostgreSQL's autovacuum would gather them in a while).
  await dataSource.query('ANALYZE');
  const [{ count, reference }] = await dataSource.query<Array<{ count: string | number; reference: string }>>(
    `SELECT COUNT(*) AS count, MIN(reference) AS reference FROM findings
      WHERE reference LIKE 'DER-SCALE-%' AND kind <> 'observation'`,
  );
  return { count: Number(count), reference };
}
