import { Client } from 'pg';
import {
  ADMIN_PASSWORD,
  type AppProcess,
  scratchFolder,
  scratchPostgresDatabase,
  startAppProcess,
} from './app-process';

/** The administrator created at first start is the name attacked here. */
const USERNAME = 'burst.chief';
const WRONG = 'Enter a correct username and password';
const LOCKED = 'Too many failed attempts to sign in. Wait 15 minutes and try again.';

/** A browser's sign-in on one instance: the form (its token and cookie) first, then the post when called. */
async function preparedAttempt(app: AppProcess) {
  const form = await fetch(`${app.url}/sign-in`, { signal: AbortSignal.timeout(60_000) });
  expect(form.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = form.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return async (username: string, password: string) => {
    const response = await fetch(`${app.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ username, password, _csrf: csrf }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      answer: text.includes(LOCKED) ? 'locked' : text.includes(WRONG) ? 'wrong' : `${response.status}`,
      setsSession: response.headers.getSetCookie().some((header) => header.startsWith('tracker_session=')),
    };
  };
}

/**
 * Thirty wrong passwords for one name at once, spread over two app instances sharing one
 * PostgreSQL database: the lock (ten failures) holds across the instances, and the right password
 * afterwards is refused on either.
 */
describe('Sign-in lockout across two app instances', () => {
  const folders = [scratchFolder('burst-a'), scratchFolder('burst-b')];
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const apps: AppProcess[] = [];

  // One instance after the other, each in its own hook (and deadline): the first migrates the
  // database and loads the default data; the second finds them there.
  beforeAll(async () => {
    database = await scratchPostgresDatabase('sign_in_burst');
    apps.push(await startAppProcess({ DATA_DIR: folders[0].path, DATABASE_URL: database.url, ADMIN_USER: USERNAME }));
  });

  beforeAll(async () => {
    apps.push(await startAppProcess({ DATA_DIR: folders[1].path, DATABASE_URL: database!.url, ADMIN_USER: USERNAME }));
  });

  afterAll(async () => {
    for (const app of apps) {
      await app.kill();
    }
    await database?.drop();
    for (const folder of folders) {
      folder.remove();
    }
  });

  async function query<T>(sql: string): Promise<T[]> {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('lets ten of thirty simultaneous wrong passwords be checked, over both instances, then refuses the right one', async () => {
    // Each instance listens on the address it was given (HOST), and says so.
    for (const app of apps) {
      expect(app.output()).toContain(`Serving on http://127.0.0.1:${app.port} (listening on 127.0.0.1; PostgreSQL)`);
    }
    const attempts = await Promise.all(Array.from({ length: 30 }, (_, index) => preparedAttempt(apps[index % 2])));
    const results = await Promise.all(attempts.map((post, index) => post(USERNAME, `wrong password ${index}`)));
    expect(results.every((result) => result.status === 401 && !result.setsSession)).toBe(true);
    expect(results.filter((result) => result.answer === 'wrong')).toHaveLength(10);
    expect(results.filter((result) => result.answer === 'locked')).toHaveLength(20);

    for (const app of apps) {
      const right = await (await preparedAttempt(app))(USERNAME, ADMIN_PASSWORD);
      expect(right).toEqual({ status: 401, answer: 'locked', setsSession: false });
    }
    const attemptsRecorded = await query<{ succeeded: boolean; count: string }>(
      `SELECT succeeded, COUNT(*) AS count FROM sign_in_attempts WHERE username = '${USERNAME}' GROUP BY succeeded`,
    );
    expect(attemptsRecorded).toEqual([{ succeeded: false, count: '32' }]);
    expect(await query<{ count: string }>('SELECT COUNT(*) AS count FROM sessions')).toEqual([{ count: '0' }]);
  });
});
