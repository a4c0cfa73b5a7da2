import { spawn } from 'node:child_process';

/**
 * pg_dump and pg_restore, the PostgreSQL client tools backup and restore run: found on PATH,
 * their version checked against the server's (a tool older than the server cannot be trusted with
 * its dumps), and given the connection without the password on their command line.
 */

export type PostgresTool = 'pg_dump' | 'pg_restore';

/** A tool that is missing, too old or failed, with a message saying what to do. */
export class PostgresToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresToolError';
  }
}

export interface ToolVersion {
  /** e.g. "15.20" */
  version: string;
  major: number;
}

/** The version in `pg_dump --version`'s answer, e.g. "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
export function parseToolVersion(output: string): ToolVersion | null {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) {
    return null;
  }
  return { version: match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

/** The major version from the server's server_version_num (150020 → 15). */
export function serverMajorVersion(serverVersionNum: string | number): number {
  return Math.floor(Number(serverVersionNum) / 10000);
}

/** Why a tool of this version must not be used with a server of that major version; null when it may. */
export function toolVersionProblem(tool: PostgresTool, client: ToolVersion, serverMajor: number): string | null {
  if (client.major >= serverMajor) {
    return null;
  }
  return (
    `${tool} is PostgreSQL ${client.version}, older than the server (PostgreSQL ${serverMajor}), so it cannot be ` +
    `relied on to ${tool === 'pg_dump' ? 'dump' : 'restore into'} it. Install the PostgreSQL ${serverMajor} client ` +
    `tools (for example apt-get install postgresql-client-${serverMajor}) and put them first on PATH.`
  );
}

/**
 * The connection for a tool: the URL without its password (which would show in the process list)
 * as --dbname, and the password in PGPASSWORD.
 */
export function toolConnection(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURED = 256 * 1024;

/** Runs a client tool and collects what it says; a tool that is not installed is a PostgresToolError. */
export function runTool(tool: PostgresTool, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-MAX_CAPTURED)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-MAX_CAPTURED)));
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new PostgresToolError(
              `${tool} was not found. Backing up and restoring a PostgreSQL database needs the PostgreSQL client ` +
                'tools (pg_dump and pg_restore) of the server’s version or later on PATH: for example ' +
                'apt-get install postgresql-client.',
            )
          : error,
      );
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Runs a tool and throws its own words when it fails. */
export async function runToolOrFail(tool: PostgresTool, args: string[], env: Record<string, string>): Promise<string> {
  const result = await runTool(tool, args, env);
  if (result.code !== 0) {
    throw new PostgresToolError(`${tool} failed (exit code ${result.code}):\n${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** A tool's version, checked against the server's major version. */
export async function checkedTool(tool: PostgresTool, serverMajor: number): Promise<ToolVersion> {
  const result = await runTool(tool, ['--version']);
  const version = result.code === 0 ? parseToolVersion(result.stdout) : null;
  if (!version) {
    throw new PostgresToolError(`${tool} --version did not say its version: ${result.stdout}${result.stderr}`.trim());
  }
  const problem = toolVersionProblem(tool, version, serverMajor);
  if (problem) {
    throw new PostgresToolError(problem);
  }
  return version;
}
