import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The reliability suite's tools: the app as a real process (so it can be killed with SIGKILL, or
 * run twice on one database), a free port, a scratch folder and a scratch PostgreSQL database.
 * Every wait is for a condition (the app answering, the process exiting), bounded by a deadline.
 */

export const PROJECT_ROOT = join(__dirname, '..', '..');
// Must not contain the administrator's name ("admin"): the password rules refuse that at start.
export const ADMIN_PASSWORD = 'reliability chief passphrase';

export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL, then wait for the exit: nothing runs its shutdown hooks. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

/** A port nothing listens on now, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A new empty folder for DATA_DIR; remove() deletes it. */
export function scratchFolder(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `tracker-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The PostgreSQL the suite runs against: DATABASE_URL, required (the suite fails, never skips, without it). */
export function requiredPostgresUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'This reliability test needs PostgreSQL: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
  }
  return url;
}

/**
 * A new empty PostgreSQL database beside the one in DATABASE_URL, so that this test never touches
 * another suite's data; drop() removes it (ending any connection left to it).
 */
export async function scratchPostgresDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = requiredPostgresUrl();
  const name = `tracker_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}`;
  const admin = new Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Starts the app from source (ts-node, transpile only) as its own process on a free port of
 * 127.0.0.1 and resolves once it answers GET /sign-in, or rejects with its output if it exits
 * first or does not answer within the deadline.
 */
export async function startAppProcess(
  env: { DATA_DIR: string; DATABASE_URL?: string } & Record<string, string | undefined>,
  options: { deadlineMs?: number } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ADMIN_PASSWORD,
      SIGN_IN_SLOWDOWN_MS: '1',
      DATABASE_URL: '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.deadlineMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The app exited before it answered (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The app did not answer on ${url} in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) {
        break;
      }
    } catch {
      // Not listening yet: wait for the next event-loop turn of the child's start-up.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
