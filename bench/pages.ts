/**
 * Measures the app's pages against the raw baseline (bench/raw-server.ts) on one seeded SQLite database:
 *
 *   npm run bench:seed -- --findings 20000 --data-dir /tmp/bench-20k
 *   npm run bench:pages -- --data-dir /tmp/bench-20k [--seconds 5] [--rounds 2] [--single 200] [--user bench-inspector]
 *      [--no-build]
 *
 * It builds the app (npm run build, unless --no-build), starts the compiled app (node dist/src/main.js) and the raw
 * server, each in a process of its own, on the same DATA_DIR, signs in to both with the same session cookie (the
 * app's sign-in form; the raw server reads the same sessions table), and checks each page's body is the same byte
 * for byte on both before timing it. Then, page by page, the two are measured alternately (app, raw, app, raw…):
 * throughput with 20 concurrent keep-alive connections for a fixed time, and latency over one connection (p50/p95
 * of a fixed number of requests). Pages the raw server does not implement are measured for the app alone. Prints
 * one table: page, app req/s, raw req/s, ratio, app and raw p50/p95, body size, and the app's resident memory
 * (current and peak, from /proc).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { SQLITE_FILE_NAME } from '../src/database/data-source-options';
import { openSqlite } from './sqlite';
import { BENCH_PASSWORD } from './seed';

const ROOT = join(__dirname, '..');

interface Options {
  dataDir: string;
  seconds: number;
  rounds: number;
  single: number;
  connections: number;
  user: string;
  build: boolean;
  appPort: number;
  rawPort: number;
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

/** The app's resident memory now and at its peak (MB), from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** The app's memory for the table: resident now, and the peak. */
function memoryText(pid: number): string {
  const memory = memoryOf(pid);
  return `${memory.rss.toFixed(0)} (peak ${memory.peak.toFixed(0)})`;
}

/** Where two bodies first differ, for the report (or null when they are the same). */
function firstDifference(a: Buffer, b: Buffer): string | null {
  if (a.equals(b)) {
    return null;
  }
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) {
    index += 1;
  }
  const around = (body: Buffer) => JSON.stringify(body.subarray(Math.max(0, index - 80), index + 80).toString());
  return `bodies differ at byte ${index} (app ${a.length} bytes, raw ${b.length}):\n    app: ${around(a)}\n    raw: ${around(b)}`;
}

function parseOptions(): Options {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  return {
    dataDir: resolve(argument('data-dir') ?? process.env.DATA_DIR ?? './data'),
    seconds: Number(argument('seconds') ?? 5),
    rounds: Number(argument('rounds') ?? 2),
    single: Number(argument('single') ?? 200),
    connections: Number(argument('connections') ?? 20),
    user: argument('user') ?? 'bench-inspector',
    build: !process.argv.includes('--no-build'),
    appPort: Number(argument('app-port') ?? 3101),
    rawPort: Number(argument('raw-port') ?? 3102),
  };
}

/** The pages measured: the raw server implements those marked `raw`. */
function pagesFor(dataDir: string, username: string): Array<{ name: string; path: string; raw: boolean }> {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME), { readonly: true });
  // The finding with the longest history the user may open (a force user's own force's).
  const user = db.prepare('SELECT force_id AS forceId FROM users WHERE username = ?').get(username) as
    { forceId: number | null } | undefined;
  const longest = db
    .prepare(
      `SELECT f.reference, COUNT(*) AS entries FROM finding_updates u JOIN findings f ON f.id = u.finding_id
        WHERE f.force_id = COALESCE(@forceId, f.force_id) GROUP BY u.finding_id ORDER BY entries DESC, f.id LIMIT 1`,
    )
    .get({ forceId: user?.forceId ?? null }) as { reference: string; entries: number };
  db.close();
  return [
    { name: 'findings list', path: '/findings', raw: true },
    { name: 'status filter', path: '/findings?status=in_progress', raw: true },
    { name: 'search q=backlog', path: '/findings?q=backlog', raw: true },
    { name: '/api/findings', path: '/api/findings', raw: true },
    {
      name: `finding, ${longest.entries} history entries`,
      path: `/findings/${encodeURIComponent(longest.reference)}`,
      raw: false,
    },
    { name: 'dashboard', path: '/', raw: false },
  ];
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
  // Both on SQLite in DATA_DIR, whatever DATABASE_URL this shell has.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: options.dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  process.on('exit', stopAll);
  try {
    const app = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...env, PORT: String(options.appPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(app);
    const raw = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'raw-server.ts'), '--port', String(options.rawPort)],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.push(raw);
    console.log('Starting the app and the raw server (the first start on a new database records the audit baseline)…');
    await Promise.all([
      waitForServer(options.appPort, app, 'The app'),
      waitForServer(options.rawPort, raw, 'The raw server'),
    ]);
    const cookie = await signIn(options.appPort, options.user);
    const pages = pagesFor(options.dataDir, options.user);
    // A new connection for each check: a kept-alive one would sit idle through the timing and be closed under it.
    const check = new http.Agent();

    const rows: string[][] = [];
    for (const page of pages) {
      try {
        rows.push(await measurePage(page));
      } catch (error) {
        // A page that fails under load (a reset connection, a crash) is reported, and the others still measured.
        const message = error instanceof Error ? error.message : String(error);
        console.log(`${page.name}: failed: ${message}`);
        rows.push([
          page.name,
          `failed: ${message}`,
          '',
          '',
          '',
          '',
          '',
          app.exitCode === null ? memoryText(app.pid!) : 'app exited',
        ]);
      }
      if (app.exitCode !== null) {
        throw new Error(`The app exited (code ${app.exitCode}, signal ${app.signalCode})`);
      }
    }
    check.destroy();
    printTable(rows);

    async function measurePage(page: { name: string; path: string; raw: boolean }): Promise<string[]> {
      const appReply = await request(check, options.appPort, page.path, cookie);
      if (appReply.status !== 200) {
        console.log(`${page.name}: the app answered HTTP ${appReply.status}; not measured`);
        return [page.name, `HTTP ${appReply.status}`, '', '', '', '', String(appReply.body.length), ''];
      }
      let withRaw = page.raw;
      if (withRaw) {
        const rawReply = await request(check, options.rawPort, page.path, cookie);
        const difference =
          rawReply.status === 200 ? firstDifference(appReply.body, rawReply.body) : `raw HTTP ${rawReply.status}`;
        if (difference) {
          console.log(`${page.name}: NOT the same as the app's, so measured for the app alone: ${difference}`);
          withRaw = false;
        }
      }
      const appRates: number[] = [];
      const rawRates: number[] = [];
      const appTimes: number[] = [];
      const rawTimes: number[] = [];
      for (let round = 0; round < options.rounds; round += 1) {
        appRates.push(await throughput(options.appPort, page.path, cookie, options.connections, options.seconds));
        if (withRaw) {
          rawRates.push(await throughput(options.rawPort, page.path, cookie, options.connections, options.seconds));
        }
        appTimes.push(
          ...(await latencies(options.appPort, page.path, cookie, Math.ceil(options.single / options.rounds))),
        );
        if (withRaw) {
          rawTimes.push(
            ...(await latencies(options.rawPort, page.path, cookie, Math.ceil(options.single / options.rounds))),
          );
        }
      }
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const appRate = mean(appRates);
      const rawRate = withRaw ? mean(rawRates) : null;
      const fixed = (value: number) => value.toFixed(value < 10 ? 1 : 0);
      const row = [
        page.name + (page.raw ? (withRaw ? '' : ' (HTML differs)') : ' (app only)'),
        fixed(appRate),
        rawRate === null ? '–' : fixed(rawRate),
        rawRate === null ? '–' : `${Math.round((100 * appRate) / rawRate)}%`,
        `${fixed(percentile(appTimes, 0.5))} / ${fixed(percentile(appTimes, 0.95))}`,
        withRaw ? `${fixed(percentile(rawTimes, 0.5))} / ${fixed(percentile(rawTimes, 0.95))}` : '–',
        `${(appReply.body.length / 1024).toFixed(0)} KB`,
        memoryText(app.pid!),
      ];
      console.log(`| ${row.join(' | ')} |`);
      return row;
    }

    function printTable(table: string[][]): void {
      const findings = countFindings(options.dataDir);
      console.log(
        `\n${findings} findings; ${options.connections} connections × ${options.seconds} s × ${options.rounds} rounds, ` +
          `${options.single} single-connection requests; user ${options.user}; ${cpus().length} CPUs ` +
          `(${cpus()[0]?.model}), Node ${process.version}\n`,
      );
      const header = [
        'page',
        'app req/s',
        'raw req/s',
        'app/raw',
        'app p50/p95 ms',
        'raw p50/p95 ms',
        'HTML',
        'app RSS MB',
      ];
      console.log([header, header.map(() => '---'), ...table].map((row) => `| ${row.join(' | ')} |`).join('\n'));
    }
  } finally {
    stopAll();
  }
}

function countFindings(dataDir: string): number {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME), { readonly: true });
  const { count } = db.prepare('SELECT COUNT(*) AS count FROM findings').get() as { count: number };
  db.close();
  return count;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
