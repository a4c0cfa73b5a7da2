import { Client } from 'pg';
import { type AppProcess, scratchFolder, scratchPostgresDatabase, startAppProcess } from './app-process';

/**
 * Where a finding stands (finding_standings) is kept by triggers. On PostgreSQL two transactions can change one
 * finding's inputs at the same time: here a later finding's link that repeats it, and an assessment of it. The second
 * must not overwrite the first's standing with one it worked out before the first committed.
 */
describe('Where a finding stands, with two transactions changing it at once on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const folder = scratchFolder('standings');
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    database = await scratchPostgresDatabase('standings');
    // The app's first start migrates the database and loads the default data; then it is stopped.
    const app: AppProcess = await startAppProcess({ DATA_DIR: folder.path, DATABASE_URL: database.url });
    await app.stop();
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await database?.drop();
    folder.remove();
  });

  it('keeps both changes: raised again by the link, and the assessment’s verdict', async () => {
    const observer = await connect();
    const ids = async (reference: string) =>
      (
        await observer.query<{ id: number; forceId: number }>(
          'SELECT id, force_id AS "forceId" FROM findings WHERE reference = $1',
          [reference],
        )
      ).rows[0];
    // An earlier finding nothing raised again yet, and a later finding of the same force.
    const earlier = await ids('DER-2018-AFI-03');
    const later = await ids('DER-2025-AFI-04');
    const standing = async () =>
      (
        await observer.query<{ latest_verdict: string | null; raised_again: boolean }>(
          'SELECT latest_verdict, raised_again FROM finding_standings WHERE finding_id = $1',
          [earlier.id],
        )
      ).rows[0] ?? null;
    expect((await standing())?.raised_again ?? false).toBe(false);

    const linking = await connect();
    const assessing = await connect();
    await linking.query('BEGIN');
    await linking.query(
      `INSERT INTO finding_links (from_finding_id, to_finding_id, type, reason, created_at)
        VALUES ($1, $2, 'repeats', 'The same concern', $3)`,
      [later.id, earlier.id, new Date().toISOString()],
    );
    await assessing.query('BEGIN');
    const assessingPid = (await assessing.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const assessed = assessing.query(
      `INSERT INTO assessments (finding_id, report_id, force_id, verdict, quote, commentary, assessed_on, recorded_by,
          created_at)
        VALUES ($1, NULL, $2, 'partially_implemented', '', 'Half done', '2026-01-15', 'inspector', $3)`,
      [earlier.id, earlier.forceId, new Date().toISOString()],
    );
    // The assessment's refresh waits for the link's transaction (or, without the lock, has already finished).
    let finished = false;
    assessed.then(
      () => (finished = true),
      () => (finished = true),
    );
    for (;;) {
      const { rows } = await observer.query<{ waiting: boolean }>(
        `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
        [assessingPid],
      );
      if (finished || rows[0]?.waiting) {
        break;
      }
    }
    await linking.query('COMMIT');
    await assessed;
    await assessing.query('COMMIT');

    expect(await standing()).toEqual({ latest_verdict: 'partially_implemented', raised_again: true });
  });
});
