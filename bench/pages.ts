/**
 * Measures the app's pages against the raw baseline (bench/raw-server.ts) on one seeded SQLite database, and the
 * app on PostgreSQL against the app on SQLite when a PostgreSQL database is given:
 *
 *   npm run bench:seed -- --findings 20000 --data-dir /tmp/bench-20k
 *   DATABASE_URL=postgres://postgres@127.0.0.1/bench npm run bench:seed -- --findings 20000     (optional)
 *   [DATABASE_URL=…] npm run bench:pages -- --data-dir /tmp/bench-20k [--database-url postgres://…] [--seconds 5]
 *      [--rounds 2] [--single 200] [--user bench-inspector] [--no-build]
 *
 * It builds the app (npm run build, unless --no-build), starts the compiled app as `npm start` does (node with the
 * start script's flags, dist/src/main.js) and the raw server (with the same flags), each in a process of its own, on
 * the same DATA_DIR, signs in to both with the same session cookie (the app's sign-in form; the raw server reads the
 * same sessions table), and checks each page's body is the same byte for byte on both before timing it (where they
 * differ: the line and column, both lines, and both bodies saved to files for `diff`). It also checks, untimed, more
 * pages for this user and for a user of the other kind (a force's reader for an all-forces one, and the other way
 * round): a national recommendation, a force's record of one, the most linked finding, a cause of concern, a verified
 * finding, the dashboard of one force, the re-raised and unimplemented lists.
 *
 * With DATABASE_URL (or --database-url) a third process serves the app on that PostgreSQL database (filled by
 * `bench:seed` with the same --findings), and is timed in the same rounds; its HTML is compared with the app's on
 * SQLite (the CSRF token aside), for information.
 *
 * Then, page by page, the servers are measured alternately (app, raw, app on PostgreSQL; round after round):
 * throughput with 20 concurrent keep-alive connections for a fixed time, and latency over one connection (p50/p95
 * of a fixed number of requests). While each page is measured, the resident memory of each app process is followed
 * (its peak reset before the page through /proc/PID/clear_refs and read from VmHWM, and VmRSS sampled every 50 ms):
 * the tables give each page's peak, and a line the overall peak under load and at start-up.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { SQLITE_FILE_NAME } from '../src/database/data-source-options';
import { openSqlite } from './sqlite';
import { BENCH_PASSWORD } from './seed';

const ROOT = join(__dirname, '..');

interface Options {
  dataDir: string;
  /** The PostgreSQL database to time the app on as well (DATABASE_URL or --database-url), if any. */
  databaseUrl: string | null;
  seconds: number;
  rounds: number;
  single: number;
  connections: number;
  user: string;
  build: boolean;
  appPort: number;
  rawPort: number;
  postgresPort: number;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET (or form POST) over the given agent. */
function request(
  agent: http.Agent,
  port: number,
  path: string,
  cookie: string,
  form?: Record<string, string>,
): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        method: form ? 'POST' : 'GET',
        headers: {
          cookie,
          ...(body
            ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolvePromise({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Waits until the server answers (the app's first start on a new database records its audit baseline first). */
async function waitForServer(port: number, child: ChildProcess, name: string, limitMs = 600_000): Promise<void> {
  const agent = new http.Agent();
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (code ${child.exitCode}) before serving`);
    }
    try {
      await request(agent, port, '/sign-in', '');
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  throw new Error(`${name} did not answer within ${limitMs / 1000} s`);
}

/**
 * The Node.js flags `npm start` runs the app with (its heap limit), read from package.json, so the app is measured
 * as it is run; the raw baseline gets the same.
 */
function startScriptNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(scripts.start);
  if (!command) {
    throw new Error(`package.json's start script does not run node dist/src/main.js: ${scripts.start}`);
  }
  return command[1].trim().split(/\s+/).filter(Boolean);
}

/** Signs in through the app's form; returns the session cookie (valid on both servers: same sessions table). */
async function signIn(port: number, username: string): Promise<string> {
  const agent = new http.Agent();
  const form = await request(agent, port, '/sign-in', '');
  const csrfCookie = (form.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body.toString())?.[1];
  if (!csrf) {
    throw new Error('The sign-in form has no CSRF token');
  }
  const reply = await request(agent, port, '/sign-in', csrfCookie, {
    _csrf: csrf,
    returnTo: '/',
    username,
    password: BENCH_PASSWORD,
  });
  const session = (reply.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('tracker_session='));
  if (reply.status !== 303 || !session) {
    throw new Error(`Signing in as ${username} failed (HTTP ${reply.status}): run bench:seed on this data directory`);
  }
  return session.split(';')[0];
}

/** Requests per second with `connections` keep-alive connections each requesting in a loop for `seconds`. */
async function throughput(
  port: number,
  path: string,
  cookie: string,
  connections: number,
  seconds: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const end = Date.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const reply = await request(agent, port, path, cookie);
        if (reply.status === 200) {
          done += 1;
        } else {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  if (failed > 0) {
    throw new Error(`${failed} requests to ${path} on port ${port} did not answer 200`);
  }
  return done / elapsed;
}

/** Latencies (ms) of `count` requests one after another over one keep-alive connection. */
async function latencies(port: number, path: string, cookie: string, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = process.hrtime.bigint();
    await request(agent, port, path, cookie);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  agent.destroy();
  return times;
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
};

/** A process's resident memory now and at its peak (MB), from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/**
 * Follows a process's peak resident memory over a stretch of work: its peak (VmHWM) reset at the start where Linux
 * allows it (/proc/PID/clear_refs), and VmRSS sampled every 50 ms in any case; the larger of the two at the end.
 */
function followMemory(pid: number): { stop: () => number } {
  let reset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    reset = true;
  } catch {
    // Not allowed here: the samples alone.
  }
  let sampled = memoryOf(pid).rss;
  const timer = setInterval(() => {
    try {
      sampled = Math.max(sampled, memoryOf(pid).rss);
    } catch {
      // The process ended; the caller reports it.
    }
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      const now = memoryOf(pid);
      return Math.max(sampled, now.rss, reset ? now.peak : 0);
    },
  };
}

/**
 * Where two bodies first differ (null when they are the same): line and column, both lines around that point, and
 * both bodies saved to files, so `diff` can show the rest.
 */
function firstDifference(name: string, a: Buffer, b: Buffer, labels: [string, string]): string | null {
  if (a.equals(b)) {
    return null;
  }
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) {
    index += 1;
  }
  const before = a.subarray(0, index).toString();
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = index - Buffer.byteLength(before.slice(0, lineStart)) + 1;
  // The line on each side, cut to 100 bytes either side of the difference.
  const around = (body: Buffer) => {
    const end = body.indexOf('\n', index);
    const from = Math.max(Buffer.byteLength(before.slice(0, lineStart)), index - 100);
    const to = Math.min(end === -1 ? body.length : end, index + 100);
    return JSON.stringify(body.subarray(from, to).toString());
  };
  const folder = join(tmpdir(), 'bench-pages-diff');
  mkdirSync(folder, { recursive: true });
  const slug = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const files = labels.map((label) => join(folder, `${slug}.${label}.html`));
  writeFileSync(files[0], a);
  writeFileSync(files[1], b);
  return (
    `bodies differ at line ${line}, column ${column} (byte ${index}; ${labels[0]} ${a.length} bytes, ` +
    `${labels[1]} ${b.length}):\n    ${labels[0]}: ${around(a)}\n    ${labels[1]}: ${around(b)}\n` +
    `    diff ${files[0]} ${files[1]}`
  );
}

/** A page as the PostgreSQL app is compared with the SQLite app: the session's CSRF token set aside. */
const withoutCsrf = (body: Buffer) => Buffer.from(body.toString().replace(/name="_csrf" value="[^"]*"/g, ''));

function parseOptions(): Options {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  return {
    dataDir: resolve(argument('data-dir') ?? process.env.DATA_DIR ?? './data'),
    databaseUrl: argument('database-url') ?? process.env.DATABASE_URL ?? null,
    seconds: Number(argument('seconds') ?? 5),
    rounds: Number(argument('rounds') ?? 2),
    single: Number(argument('single') ?? 200),
    connections: Number(argument('connections') ?? 20),
    user: argument('user') ?? 'bench-inspector',
    build: !process.argv.includes('--no-build'),
    appPort: Number(argument('app-port') ?? 3101),
    rawPort: Number(argument('raw-port') ?? 3102),
    postgresPort: Number(argument('postgres-port') ?? 3103),
  };
}

/** Runs one query on either database (SQLite file, or PostgreSQL with $1… parameters). */
type Query = <T>(sqlite: string, postgres: string, parameters: unknown[]) => Promise<T | undefined>;

function sqliteQuery(dataDir: string): { query: Query; close: () => void } {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME), { readonly: true });
  return {
    query: <T>(sql: string, _postgres: string, parameters: unknown[]) =>
      Promise.resolve(db.prepare(sql).get(...parameters) as T | undefined),
    close: () => db.close(),
  };
}

async function postgresQuery(url: string): Promise<{ query: Query; close: () => Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    query: async <T>(_sqlite: string, sql: string, parameters: unknown[]) =>
      (await client.query(sql, parameters)).rows[0] as T | undefined,
    close: () => client.end(),
  };
}

/** The user's force (null: all forces) and the finding with the longest history they may open. */
async function longestHistory(query: Query, username: string): Promise<{ reference: string; entries: number }> {
  const user = await query<{ forceId: number | null }>(
    'SELECT force_id AS forceId FROM users WHERE username = ?',
    'SELECT force_id AS "forceId" FROM users WHERE username = $1',
    [username],
  );
  if (!user) {
    throw new Error(`No user ${username}: run bench:seed on this database`);
  }
  const forceId = user.forceId === null ? null : Number(user.forceId);
  const longest = await query<{ reference: string; entries: number }>(
    `SELECT f.reference, COUNT(*) AS entries FROM finding_updates u JOIN findings f ON f.id = u.finding_id
      WHERE f.force_id = COALESCE(?, f.force_id) GROUP BY f.id, f.reference ORDER BY entries DESC, f.id LIMIT 1`,
    `SELECT f.reference, COUNT(*) AS entries FROM finding_updates u JOIN findings f ON f.id = u.finding_id
      WHERE f.force_id = COALESCE($1::integer, f.force_id) GROUP BY f.id, f.reference ORDER BY entries DESC, f.id
      LIMIT 1`,
    [forceId],
  );
  if (!longest) {
    throw new Error('No finding has any history: run bench:seed on this database');
  }
  return { reference: longest.reference, entries: Number(longest.entries) };
}

interface Page {
  name: string;
  path: string;
  /** The same page on PostgreSQL (the finding with the longest history there). */
  postgresPath: string;
}

/** The pages timed: each on the app and the raw server, and on the app on PostgreSQL when there is one. */
function pagesFor(longest: { reference: string; entries: number }, postgresLongest: { reference: string } | null) {
  const findingPath = (reference: string) => `/findings/${encodeURIComponent(reference)}`;
  const same = (name: string, path: string): Page => ({ name, path, postgresPath: path });
  return [
    same('findings list', '/findings'),
    same('status filter', '/findings?status=in_progress'),
    same('search q=backlog', '/findings?q=backlog'),
    same('/api/findings', '/api/findings'),
    {
      name: `finding, ${longest.entries} history entries`,
      path: findingPath(longest.reference),
      postgresPath: findingPath(postgresLongest?.reference ?? longest.reference),
    },
    same('dashboard', '/'),
  ];
}

/**
 * Pages checked equal on the app and the raw server but not timed, for one user: a national recommendation (an
 * all-forces reader's statement page; a force's reader gets their record), a force's record of one, the most linked
 * finding, the most assessed, a cause of concern and one of its recommendations, a verified finding (those the data
 * holds), the dashboard of one force, the re-raised and unimplemented lists and a second page of a search.
 */
function checkedPages(dataDir: string, username: string): Array<{ name: string; path: string }> {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    const user = db.prepare('SELECT force_id AS forceId FROM users WHERE username = ?').get(username) as
      { forceId: number | null } | undefined;
    const forceId = user?.forceId ?? null;
    const reference = (sql: string) =>
      (db.prepare(sql).get({ forceId }) as { reference: string } | undefined)?.reference;
    const inScope = 'f.force_id = COALESCE(@forceId, f.force_id)';
    const finding = (name: string, found: string | undefined) =>
      found ? [{ name: `${name} ${found}`, path: `/findings/${encodeURIComponent(found)}` }] : [];
    const forceCode = (
      db
        .prepare(
          `SELECT fo.code FROM forces fo WHERE fo.id = COALESCE(@forceId,
            (SELECT f.force_id FROM findings f WHERE f.force_id IS NOT NULL GROUP BY f.force_id ORDER BY COUNT(*) DESC,
              f.force_id LIMIT 1))`,
        )
        .get({ forceId }) as { code: string } | undefined
    )?.code;
    const otherForceCode = (
      db.prepare('SELECT code FROM forces WHERE id <> COALESCE(@forceId, 0) ORDER BY id LIMIT 1').get({ forceId }) as
        { code: string } | undefined
    )?.code;
    return [
      ...finding(
        'national recommendation',
        reference(
          `SELECT reference FROM findings WHERE force_id IS NULL AND kind = 'national_recommendation' ORDER BY id LIMIT 1`,
        ),
      ),
      ...finding(
        "a force's record",
        reference(`SELECT f.reference FROM findings f WHERE f.national_finding_id IS NOT NULL AND ${inScope}
          ORDER BY f.id DESC LIMIT 1`),
      ),
      ...finding(
        'most linked finding',
        reference(`SELECT f.reference FROM findings f JOIN finding_links l ON f.id IN (l.from_finding_id, l.to_finding_id)
          WHERE ${inScope} GROUP BY f.id ORDER BY COUNT(*) DESC, f.id LIMIT 1`),
      ),
      ...finding(
        'most assessed finding',
        reference(`SELECT f.reference FROM findings f JOIN assessments a ON a.finding_id = f.id WHERE ${inScope}
          GROUP BY f.id ORDER BY COUNT(*) DESC, f.id LIMIT 1`),
      ),
      ...finding(
        'cause of concern',
        reference(`SELECT f.reference FROM findings f WHERE ${inScope}
          AND EXISTS (SELECT 1 FROM findings c WHERE c.parent_id = f.id) ORDER BY f.id LIMIT 1`),
      ),
      ...finding(
        'recommendation of a cause of concern',
        reference(
          `SELECT f.reference FROM findings f WHERE ${inScope} AND f.parent_id IS NOT NULL ORDER BY f.id LIMIT 1`,
        ),
      ),
      ...finding(
        'verified finding',
        reference(`SELECT f.reference FROM findings f WHERE ${inScope}
          AND EXISTS (SELECT 1 FROM verifications v WHERE v.finding_id = f.id) ORDER BY f.id LIMIT 1`),
      ),
      ...(forceId === null && forceCode ? [{ name: `dashboard of ${forceCode}`, path: `/?force=${forceCode}` }] : []),
      // Refusals: the same status on both.
      { name: 'unknown reference', path: '/findings/NO-SUCH-REFERENCE' },
      { name: 'dashboard of a force code not valid', path: '/?force=1' },
      { name: 'dashboard with an unknown parameter', path: '/?colour=red' },
      ...(forceId !== null && otherForceCode
        ? [{ name: "dashboard of another force's", path: `/?force=${otherForceCode}` }]
        : []),
      { name: 're-raised list', path: '/findings?raised=again' },
      { name: 'unimplemented, by target date', path: '/findings?status=unimplemented&sort=target&dir=desc' },
      { name: 'search, page 2', path: '/findings?q=vetting%20decisions&page=2' },
      { name: 're-raised API', path: '/api/findings?raised=again' },
    ];
  } finally {
    db.close();
  }
}

/** Another kind of reader for the untimed checks: a force's reader for an all-forces one, and the other way round. */
function otherUser(dataDir: string, username: string): string {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME), { readonly: true });
  const user = db.prepare('SELECT force_id AS forceId FROM users WHERE username = ?').get(username) as
    { forceId: number | null } | undefined;
  db.close();
  return user?.forceId === null ? 'bench-lead' : 'bench-inspector';
}

interface Measured {
  rate: number;
  p50: number;
  p95: number;
  peakMb: number | null;
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!existsSync(join(options.dataDir, SQLITE_FILE_NAME))) {
    throw new Error(`No database in ${options.dataDir}: run npm run bench:seed -- --data-dir ${options.dataDir} first`);
  }
  if (options.build) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) {
      throw new Error('npm run build failed');
    }
  }
  // The app and the raw server on SQLite in DATA_DIR, whatever DATABASE_URL this shell has.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: options.dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  process.on('exit', stopAll);
  const nodeFlags = startScriptNodeFlags();
  const startApp = (port: number, appEnv: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [...nodeFlags, join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...appEnv, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  try {
    const app = startApp(options.appPort, env);
    // The app on PostgreSQL, with a folder of its own for what the app keeps beside its database (audit heads).
    let postgres: ChildProcess | null = null;
    if (options.databaseUrl) {
      const postgresDataDir = join(tmpdir(), 'bench-pages-postgres');
      mkdirSync(postgresDataDir, { recursive: true });
      postgres = startApp(options.postgresPort, {
        ...env,
        DATA_DIR: postgresDataDir,
        DATABASE_URL: options.databaseUrl,
      });
    }
    console.log('Starting the servers (the first start on a new database records the audit baseline)…');
    const postgresReady = postgres ? waitForServer(options.postgresPort, postgres, 'The app on PostgreSQL') : null;
    postgresReady?.catch(() => undefined); // awaited below; until then its failure is not unhandled
    // The raw server opens the file once the app has started: the app migrates and gathers the planner's statistics
    // at start, and a SQLite connection reads the statistics when it opens (one opened before would plan without
    // them for the rest of the run).
    await waitForServer(options.appPort, app, 'The app');
    const raw = spawn(
      process.execPath,
      [
        ...nodeFlags,
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'raw-server.ts'),
        '--port',
        String(options.rawPort),
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.push(raw);
    await Promise.all([waitForServer(options.rawPort, raw, 'The raw server'), postgresReady]);
    const cookie = await signIn(options.appPort, options.user);
    const postgresCookie = postgres ? await signIn(options.postgresPort, options.user) : '';
    const sqlite = sqliteQuery(options.dataDir);
    const longest = await longestHistory(sqlite.query, options.user);
    // A reader of the other kind, for the untimed checks, with the finding of the longest history they may open.
    const other = otherUser(options.dataDir, options.user);
    const otherPages = pagesFor(await longestHistory(sqlite.query, other), null);
    const findings = Number(
      (await sqlite.query<{ count: number }>('SELECT COUNT(*) AS count FROM findings', '', []))?.count ?? 0,
    );
    sqlite.close();
    let postgresLongest: { reference: string; entries: number } | null = null;
    let postgresFindings = 0;
    if (options.databaseUrl) {
      const database = await postgresQuery(options.databaseUrl);
      postgresLongest = await longestHistory(database.query, options.user);
      postgresFindings = Number(
        (await database.query<{ count: string }>('', 'SELECT COUNT(*) AS count FROM findings', []))?.count ?? 0,
      );
      await database.close();
      if (postgresFindings !== findings) {
        console.log(
          `Note: PostgreSQL holds ${postgresFindings} findings, SQLite ${findings}: seed both with the same --findings ` +
            'to compare them.',
        );
      }
    }
    const pages = pagesFor(longest, postgresLongest);
    // A new connection for each check: a kept-alive one would sit idle through the timing and be closed under it.
    const check = new http.Agent();
    const startupMb = {
      app: memoryOf(app.pid!).peak,
      postgres: postgres ? memoryOf(postgres.pid!).peak : null,
    };

    // Untimed: more pages, for this user and a reader of the other kind, the same on the app and the raw server.
    const otherCookie = await signIn(options.appPort, other);
    const differing: string[] = [];
    let checked = 0;
    for (const [username, userCookie, list] of [
      [options.user, cookie, checkedPages(options.dataDir, options.user)],
      [other, otherCookie, [...otherPages, ...checkedPages(options.dataDir, other)]],
    ] as const) {
      for (const page of list) {
        const [appReply, rawReply] = [
          await request(check, options.appPort, page.path, userCookie),
          await request(check, options.rawPort, page.path, userCookie),
        ];
        checked += 1;
        // A refusal (404, 403) is the same when its status is: the raw server's error pages are plain text.
        const difference =
          appReply.status !== rawReply.status
            ? `app HTTP ${appReply.status}, raw HTTP ${rawReply.status}`
            : appReply.status !== 200
              ? null
              : firstDifference(`${username} ${page.name}`, appReply.body, rawReply.body, ['app', 'raw']);
        if (difference) {
          differing.push(`${page.name} (${page.path}) for ${username}: ${difference}`);
        }
      }
    }
    console.log(
      differing.length === 0
        ? `Checked ${checked} more pages (untimed) for ${options.user} and ${other}: the same on the app and the raw server.`
        : `Checked ${checked} more pages (untimed) for ${options.user} and ${other}; ${differing.length} NOT the same:\n  ` +
            differing.join('\n  '),
    );

    const results: Array<{
      page: Page;
      failure?: string;
      app?: Measured;
      raw?: Measured | null;
      rawNote?: string;
      postgres?: Measured | null;
      postgresNote?: string;
      html?: number;
    }> = [];
    for (const page of pages) {
      try {
        results.push({ page, ...(await measurePage(page)) });
      } catch (error) {
        // A page that fails under load (a reset connection, a crash) is reported, and the others still measured.
        const message = error instanceof Error ? error.message : String(error);
        console.log(`${page.name}: failed: ${message}`);
        results.push({ page, failure: `failed: ${message}` });
      }
      if (app.exitCode !== null) {
        throw new Error(`The app exited (code ${app.exitCode}, signal ${app.signalCode})`);
      }
      if (postgres && postgres.exitCode !== null) {
        throw new Error(`The app on PostgreSQL exited (code ${postgres.exitCode}, signal ${postgres.signalCode})`);
      }
    }
    check.destroy();
    printTables();

    async function measurePage(page: Page) {
      const appReply = await request(check, options.appPort, page.path, cookie);
      if (appReply.status !== 200) {
        return { failure: `HTTP ${appReply.status}`, html: appReply.body.length };
      }
      let withRaw = true;
      let rawNote: string | undefined;
      const rawReply = await request(check, options.rawPort, page.path, cookie);
      const difference =
        rawReply.status === 200
          ? firstDifference(page.name, appReply.body, rawReply.body, ['app', 'raw'])
          : `raw HTTP ${rawReply.status}`;
      if (difference) {
        console.log(`${page.name}: NOT the same as the app's, so measured for the app alone: ${difference}`);
        withRaw = false;
        rawNote = 'HTML differs';
      }
      let withPostgres = postgres !== null;
      let postgresNote: string | undefined;
      if (postgres) {
        const postgresReply = await request(check, options.postgresPort, page.postgresPath, postgresCookie);
        if (postgresReply.status !== 200) {
          console.log(`${page.name}: the app on PostgreSQL answered HTTP ${postgresReply.status}; not measured there`);
          withPostgres = false;
          postgresNote = `HTTP ${postgresReply.status}`;
        } else {
          const postgresDifference = firstDifference(
            `${page.name} postgres`,
            withoutCsrf(appReply.body),
            withoutCsrf(postgresReply.body),
            ['sqlite', 'postgres'],
          );
          postgresNote = postgresDifference ? 'differs' : 'same';
          if (postgresDifference) {
            console.log(`${page.name}: on PostgreSQL the HTML is not the app's on SQLite: ${postgresDifference}`);
          }
        }
      }

      const appMemory = followMemory(app.pid!);
      const postgresMemory = withPostgres ? followMemory(postgres!.pid!) : null;
      const rates = { app: [] as number[], raw: [] as number[], postgres: [] as number[] };
      const times = { app: [] as number[], raw: [] as number[], postgres: [] as number[] };
      const single = Math.ceil(options.single / options.rounds);
      const targets = [
        { key: 'app' as const, port: options.appPort, path: page.path, cookie, on: true },
        { key: 'raw' as const, port: options.rawPort, path: page.path, cookie, on: withRaw },
        {
          key: 'postgres' as const,
          port: options.postgresPort,
          path: page.postgresPath,
          cookie: postgresCookie,
          on: withPostgres,
        },
      ].filter((target) => target.on);
      for (let round = 0; round < options.rounds; round += 1) {
        for (const target of targets) {
          rates[target.key].push(
            await throughput(target.port, target.path, target.cookie, options.connections, options.seconds),
          );
        }
        for (const target of targets) {
          times[target.key].push(...(await latencies(target.port, target.path, target.cookie, single)));
        }
      }
      const appPeak = appMemory.stop();
      const postgresPeak = postgresMemory ? postgresMemory.stop() : null;
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const measured = (key: keyof typeof rates, peakMb: number | null): Measured => ({
        rate: mean(rates[key]),
        p50: percentile(times[key], 0.5),
        p95: percentile(times[key], 0.95),
        peakMb,
      });
      const result = {
        app: measured('app', appPeak),
        raw: withRaw ? measured('raw', null) : null,
        rawNote,
        postgres: withPostgres ? measured('postgres', postgresPeak) : null,
        postgresNote,
        html: appReply.body.length,
      };
      const fixed = (value: number) => value.toFixed(value < 10 ? 1 : 0);
      console.log(
        `${page.name}: app ${fixed(result.app.rate)} req/s, ${fixed(result.app.p50)} / ${fixed(result.app.p95)} ms` +
          (result.raw
            ? `; raw ${fixed(result.raw.rate)} req/s, ${fixed(result.raw.p50)} / ${fixed(result.raw.p95)} ms`
            : '') +
          (result.postgres
            ? `; PostgreSQL ${fixed(result.postgres.rate)} req/s, ${fixed(result.postgres.p50)} / ` +
              `${fixed(result.postgres.p95)} ms`
            : '') +
          `; app peak RSS ${appPeak.toFixed(0)} MB`,
      );
      return result;
    }

    function printTables(): void {
      const fixed = (value: number) => value.toFixed(value < 10 ? 1 : 0);
      const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
      const table = (header: string[], rows: string[][]) =>
        [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
      console.log(
        `\n${findings} findings; ${options.connections} connections × ${options.seconds} s × ${options.rounds} rounds, ` +
          `${options.single} single-connection requests; user ${options.user}; ${cpus().length} CPUs ` +
          `(${cpus()[0]?.model}), Node ${process.version}\n`,
      );
      console.log(
        table(
          ['page', 'app req/s', 'raw req/s', 'app/raw', 'app p50/p95 ms', 'raw p50/p95 ms', 'HTML', 'app peak RSS MB'],
          results.map(({ page, failure, app: measured, raw: rawMeasured, rawNote, html }) =>
            !measured
              ? [
                  page.name,
                  failure ?? '',
                  '',
                  '',
                  '',
                  '',
                  html === undefined ? '' : `${(html / 1024).toFixed(0)} KB`,
                  '',
                ]
              : [
                  page.name + (rawNote ? ` (${rawNote})` : ''),
                  fixed(measured.rate),
                  rawMeasured ? fixed(rawMeasured.rate) : '–',
                  rawMeasured ? percent(measured.rate, rawMeasured.rate) : '–',
                  `${fixed(measured.p50)} / ${fixed(measured.p95)}`,
                  rawMeasured ? `${fixed(rawMeasured.p50)} / ${fixed(rawMeasured.p95)}` : '–',
                  `${((html ?? 0) / 1024).toFixed(0)} KB`,
                  measured.peakMb!.toFixed(0),
                ],
          ),
        ),
      );
      const peakLine = (label: string, key: 'app' | 'postgres', startup: number | null) => {
        const peaks = results.flatMap((result) =>
          result[key]?.peakMb ? [{ name: result.page.name, mb: result[key].peakMb }] : [],
        );
        if (peaks.length === 0) {
          return;
        }
        const top = peaks.reduce((a, b) => (b.mb > a.mb ? b : a));
        console.log(
          `${label} resident memory: peak under load ${top.mb.toFixed(0)} MB (${top.name})` +
            (startup === null ? '' : `, ${startup.toFixed(0)} MB at the peak of start-up and sign-in`) +
            ' (target: under 250 MB at 100,000 findings)',
        );
      };
      console.log('');
      peakLine('App', 'app', startupMb.app);
      if (!postgres) {
        return;
      }
      console.log(
        `\nThe app on PostgreSQL (${postgresFindings} findings) against the app on SQLite, in the same rounds ` +
          '(target: within 80%, that is req/s at least 80% of SQLite’s and p50/p95 at most 125% of its):\n',
      );
      console.log(
        table(
          [
            'page',
            'PostgreSQL req/s',
            'of SQLite’s',
            'PostgreSQL p50/p95 ms',
            'of SQLite’s p50/p95',
            'HTML as on SQLite',
            'PostgreSQL app peak RSS MB',
          ],
          results.map(({ page, app: measured, postgres: onPostgres, postgresNote, failure }) =>
            !measured || !onPostgres
              ? [page.name, failure ?? postgresNote ?? 'not measured', '', '', '', '', '']
              : [
                  page.name,
                  fixed(onPostgres.rate),
                  percent(onPostgres.rate, measured.rate),
                  `${fixed(onPostgres.p50)} / ${fixed(onPostgres.p95)}`,
                  `${percent(onPostgres.p50, measured.p50)} / ${percent(onPostgres.p95, measured.p95)}`,
                  postgresNote ?? '',
                  onPostgres.peakMb!.toFixed(0),
                ],
          ),
        ),
      );
      console.log('');
      peakLine('App on PostgreSQL', 'postgres', startupMb.postgres);
    }
  } finally {
    stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
