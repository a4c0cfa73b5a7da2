import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { readDefaultData } from '../../src/default-data/default-data.service';
import { WebSession } from '../utils/web-session';
import { type AppProcess, PROJECT_ROOT, scratchFolder, scratchPostgresDatabase, startAppProcess } from './app-process';

/** The administrator made at first start (named here: the suite's shared password contains "admin"). */
const ADMIN = { ADMIN_USER: 'chief', ADMIN_PASSWORD: 'parallel start passphrase of the boss' };

/**
 * Two processes compile and start at once, and one then waits for the other's migrations and default
 * data: on a loaded 2-core machine that takes longer than one start, so the deadlines are wider.
 */
const START_DEADLINE_MS = 180_000;
const TEST_TIMEOUT_MS = 240_000;

/** What a start-up race leaves in an app's output: a failed query, a unique key hit twice, Nest's error level. */
const ERROR_SIGNS = [/duplicate key/i, /QueryFailedError/, /\bERROR\b/, /already exists/i];

describe('Two app instances starting at the same moment on one empty PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const folders = [scratchFolder('parallel-start-first'), scratchFolder('parallel-start-second')];
  let instances: AppProcess[] = [];
  let client: Client | undefined;

  beforeAll(async () => {
    database = await scratchPostgresDatabase('parallel_start');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    for (const instance of instances) {
      await instance.stop();
    }
    await database?.drop();
    for (const folder of folders) {
      folder.remove();
    }
  });

  async function count(sql: string): Promise<number> {
    const result = await client!.query<{ count: string }>(sql);
    return Number(result.rows[0].count);
  }

  it(
    'both come up without an error, with the schema, the default data and the administrator made once',
    async () => {
      // Both processes are spawned in the same turn of the event loop and reach the database together.
      const started = await Promise.allSettled(
        folders.map((folder) =>
          startAppProcess(
            { DATA_DIR: folder.path, DATABASE_URL: database!.url, ...ADMIN },
            { deadlineMs: START_DEADLINE_MS },
          ),
        ),
      );
      instances = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const failures = started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
      expect(failures).toEqual([]);
      expect(instances).toHaveLength(2);

      for (const instance of instances) {
        const output = instance.output();
        for (const sign of ERROR_SIGNS) {
          expect(output).not.toMatch(sign);
        }
        expect(output).toContain('Serving on http://');
      }

      // Every migration ran once.
      const migrationFiles = readdirSync(join(PROJECT_ROOT, 'migrations')).filter((name) => /^\d+-\w+\.ts$/.test(name));
      expect(await count('SELECT count(*) FROM migrations')).toBe(migrationFiles.length);
      expect(await count('SELECT count(DISTINCT name) FROM migrations')).toBe(migrationFiles.length);

      // The default data was loaded once: as many reports, findings and actions as the file holds.
      const data = readDefaultData();
      expect(await count('SELECT count(*) FROM reports')).toBe(data.reports.length);
      expect(await count('SELECT count(*) FROM findings WHERE national_finding_id IS NULL')).toBe(data.findings.length);
      // Each police force's record of each national recommendation, made once.
      const nationals = data.findings.filter((finding) => finding.kind === 'national_recommendation').length;
      expect(await count('SELECT count(*) FROM findings WHERE national_finding_id IS NOT NULL')).toBe(
        nationals * (await count("SELECT count(*) FROM forces WHERE kind = 'police'")),
      );
      expect(await count('SELECT count(*) FROM actions')).toBe(
        data.findings.reduce((total, finding) => total + finding.actions.length, 0),
      );

      // One administrator, created once (one audit entry), with whom anyone can sign in on either instance.
      const users = await client!.query<{ username: string; role: string }>('SELECT username, role FROM users');
      expect(users.rows).toEqual([{ username: ADMIN.ADMIN_USER, role: 'administrator' }]);
      expect(await count(`SELECT count(*) FROM audit_log WHERE action = 'user.created'`)).toBe(1);
      for (const instance of instances) {
        const session = new WebSession(instance.url);
        await session.signIn(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD);
        expect(await session.page('/users')).toContain(ADMIN.ADMIN_USER);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
