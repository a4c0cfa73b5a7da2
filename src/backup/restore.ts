import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { AUDIT_HEADS_FILE_NAME } from '../audit/audit-heads-file';
import type { EnvironmentVariables } from '../config/env.validation';
import { SQLITE_FILE_NAME } from '../database/data-source-options';
import { createBackup } from './backup';
import { describeDatabase, knownMigrations, withDataSource, type DatabaseFacts } from './database-facts';
import { GzipFormatError, gunzipFile } from './gzip-file';
import { fileStamp, isFile, pathExists, Renames, syncPath, unusedPath } from './files';
import {
  AUDIT_HEADS_MEMBER,
  compareWithManifest,
  DATABASE_MEMBERS,
  MANIFEST_MEMBER,
  ManifestError,
  memberPathProblem,
  migrationProblem,
  parseManifest,
  UPLOADS_FOLDER,
  type BackupManifest,
} from './manifest';
import {
  checkedTool,
  PostgresToolError,
  runTool,
  runToolOrFail,
  serverMajorVersion,
  toolConnection,
} from './postgres-tools';
import { checkpointSqlite, sqliteInUse, sqliteIntegrity } from './sqlite-files';
import { readTar, TarFormatError, type MemberDigest, type TarMember } from './tar';

/**
 * `npm run restore -- FILE`: everything in the archive is checked before anything is replaced
 * (each member against the manifest's SHA-256, the database opens and passes its integrity check,
 * its audit chain verifies with the app's own verifyAuditLog and ends at the head the manifest
 * names, and its migrations are ones this version knows). Only then, and only if no app may be
 * serving the database (unless told --yes), are the database, DATA_DIR/uploads and
 * DATA_DIR/audit-heads.log replaced: on SQLite by renames from a folder beside them (the previous
 * ones kept as *.before-restore-<time>); on PostgreSQL by pg_restore in one transaction, after a
 * backup of the database as it was (DATA_DIR/backups/before-restore-<time>.tar.gz).
 */

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface RestoreOptions {
  archive: string;
  /** Restore even though an app has the database open. */
  yes: boolean;
  now?: Date;
}

export interface RestoreResult {
  manifest: BackupManifest;
  facts: DatabaseFacts;
  evidenceFiles: number;
  /** Where the previous database and uploads were kept. */
  kept: string[];
  warnings: string[];
}

/** A restore refused before anything was changed (or undone), with the reason in plain words. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export async function restoreBackup(
  env: Pick<EnvironmentVariables, 'DATA_DIR' | 'DATABASE_URL'>,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const archive = resolve(options.archive);
  if (!(await isFile(archive))) {
    throw new RestoreRefusedError(`There is no backup file at ${archive}.`);
  }
  if (!options.yes) {
    // Said at once, before the archive is read; checked again just before anything is replaced.
    refuseWhileInUse(await inUseReason(env), false);
  }
  const dataDir = resolve(env.DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Beside the database, so that putting the restored files in place is a rename on one file system.
  const staging = await mkdtemp(join(dataDir, '.restore-'));
  try {
    const files = join(staging, 'files');
    const manifest = await extractVerified(archive, files);
    if (manifest.database.engine === 'sqlite' && env.DATABASE_URL) {
      throw new RestoreRefusedError(
        'This is a backup of a SQLite database, but DATABASE_URL is set. Unset DATABASE_URL to restore it into DATA_DIR.',
      );
    }
    if (manifest.database.engine === 'postgres' && !env.DATABASE_URL) {
      throw new RestoreRefusedError(
        'This is a backup of a PostgreSQL database. Set DATABASE_URL to the database to restore it into.',
      );
    }
    const evidenceFiles = manifest.members.filter((member) => member.path.startsWith(`${UPLOADS_FOLDER}/`)).length;
    const stamp = fileStamp(options.now ?? new Date());
    const restored = env.DATABASE_URL
      ? await restorePostgres(env.DATABASE_URL, dataDir, files, manifest, options, stamp)
      : await restoreSqlite(dataDir, files, manifest, options, stamp);
    return { manifest, evidenceFiles, ...restored };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Extracts every member into `into`, hashing it on the way, then checks them all against the
 * manifest. A damaged archive (gzip or tar) is refused, naming the member being read and any
 * member already known not to match.
 */
export async function extractVerified(archive: string, into: string): Promise<BackupManifest> {
  const found: MemberDigest[] = [];
  const seen = new Set<string>();
  let manifestText: string | null = null;
  let current: string | null = null;
  let previous: string | null = null;
  let damage: string | null = null;
  try {
    for await (const member of readTar(gunzipFile(archive))) {
      current = member.path;
      const problem = memberPathProblem(member.path);
      if (problem) {
        throw new RestoreRefusedError(`The archive is not a backup made by npm run backup: ${problem}.`);
      }
      if (seen.has(member.path)) {
        found.push({ path: member.path, size: member.size, sha256: '' });
      } else if (member.path === MANIFEST_MEMBER) {
        manifestText = await readManifest(member);
      } else {
        found.push(await extractMember(member, join(into, ...member.path.split('/'))));
      }
      seen.add(member.path);
      previous = member.path;
      current = null;
    }
  } catch (error) {
    if (error instanceof RestoreRefusedError) {
      throw error;
    }
    const reason = (error as Error).message;
    if (error instanceof GzipFormatError) {
      damage = previous === null && current === null ? `it is not a backup made by npm run backup: ${reason}` : reason;
    } else if (error instanceof TarFormatError) {
      damage = `it is damaged: ${reason}`;
    } else if ((error as { code?: string }).code?.startsWith('Z_')) {
      damage =
        `its compressed data is damaged (${reason})` +
        (current ? `; the damage was found while reading ${current}` : previous ? ` after ${previous}` : '');
    } else {
      throw error;
    }
  }
  const problems: string[] = [];
  if (manifestText !== null) {
    try {
      const manifest = parseManifest(manifestText);
      problems.push(...compareWithManifest(manifest, found, damage === null));
      if (damage === null && problems.length === 0) {
        return manifest;
      }
    } catch (error) {
      if (!(error instanceof ManifestError)) {
        throw error;
      }
      problems.push(error.message);
    }
  } else if (damage === null) {
    problems.push('it has no manifest.json: it was not made by npm run backup, or it is incomplete');
  }
  if (damage !== null) {
    problems.push(damage);
  }
  throw new RestoreRefusedError(
    `The backup ${archive} cannot be restored, so nothing was changed:\n${problems.map((line) => `- ${line}`).join('\n')}`,
  );
}

async function readManifest(member: TarMember): Promise<string> {
  if (member.size > MAX_MANIFEST_BYTES) {
    throw new RestoreRefusedError(`The archive’s manifest.json is too large (${member.size} bytes) to be a manifest.`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of member.body) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes one member to its file (new, owner-only), returning the size and SHA-256 of what was read. */
async function extractMember(member: TarMember, target: string): Promise<MemberDigest> {
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    member.body,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(target, { flags: 'wx', mode: 0o600 }),
  );
  await syncPath(target);
  return { path: member.path, size, sha256: hash.digest('hex') };
}

/** Refuses a database whose audit chain is broken, whose head is not the manifest's, or that is too new. */
function checkRestoredFacts(facts: DatabaseFacts, known: string[], manifest: BackupManifest): void {
  const problems: string[] = [];
  if (!facts.audit.intact) {
    problems.push(`its audit chain does not verify: ${facts.audit.problem ?? 'unknown reason'}`);
  }
  const expected = manifest.database.audit.head;
  const head = facts.audit.head;
  if ((expected?.hash ?? null) !== (head?.hash ?? null) || (expected?.id ?? null) !== (head?.id ?? null)) {
    problems.push(
      `its audit chain ends at ${head ? `#${head.id} ${head.hash}` : 'no entry'}, but the manifest says ${
        expected ? `#${expected.id} ${expected.hash}` : 'no entry'
      }`,
    );
  }
  const migration = migrationProblem(facts.lastMigration, known);
  if (migration) {
    problems.push(migration);
  }
  if (problems.length > 0) {
    throw new RestoreRefusedError(
      `The database in the backup cannot be restored, so nothing was changed:\n${problems.map((line) => `- ${line}`).join('\n')}`,
    );
  }
}

async function restoreSqlite(
  dataDir: string,
  files: string,
  manifest: BackupManifest,
  options: RestoreOptions,
  stamp: string,
): Promise<Omit<RestoreResult, 'manifest' | 'evidenceFiles'>> {
  const stagedFolder = join(files, dirname(DATABASE_MEMBERS.sqlite));
  const staged = join(stagedFolder, SQLITE_FILE_NAME);
  let integrity: string;
  try {
    integrity = sqliteIntegrity(staged);
  } catch (error) {
    throw new RestoreRefusedError(
      `The database in the backup does not open as SQLite (${(error as Error).message}), so nothing was changed.`,
    );
  }
  if (integrity !== 'ok') {
    throw new RestoreRefusedError(
      `The database in the backup fails SQLite’s integrity check, so nothing was changed:\n${integrity}`,
    );
  }
  const { facts, known } = await withDataSource({ DATA_DIR: stagedFolder }, async (dataSource) => ({
    facts: await describeDatabase(dataSource.manager),
    known: knownMigrations(dataSource),
  }));
  checkRestoredFacts(facts, known, manifest);
  checkpointSqlite(staged);

  const live = join(dataDir, SQLITE_FILE_NAME);
  const liveExists = await isFile(live);
  const inUse = refuseWhileInUse(await inUseReason({ DATA_DIR: dataDir }), options.yes);
  const warnings: string[] = [];
  if (inUse) {
    warnings.push(
      'An app had the database open. Restart it now: until it restarts it goes on using the previous database, ' +
        'and anything it writes there is not in the restored one.',
    );
  } else if (liveExists) {
    checkpointSqlite(live);
  }

  const renames = new Renames();
  const kept: string[] = [];
  try {
    if (liveExists) {
      const previous = await unusedPath(`${live}.before-restore-${stamp}`);
      for (const suffix of ['', '-wal', '-shm']) {
        if (await pathExists(`${live}${suffix}`)) {
          await renames.move(`${live}${suffix}`, `${previous}${suffix}`);
        }
      }
      kept.push(previous);
    }
    kept.push(...(await swapFiles(renames, dataDir, files, stamp)));
    await renames.move(staged, live);
    await syncPath(dataDir);
  } catch (error) {
    const failures = await renames.undo();
    throw new Error(
      `The restore failed part-way and was undone: ${(error as Error).message}${failures.length ? `\n${failures.join('\n')}` : ''}`,
      { cause: error },
    );
  }
  return { facts, kept, warnings };
}

/**
 * Moves DATA_DIR/uploads and DATA_DIR/audit-heads.log aside (kept) and the restored ones into their
 * place. The heads file goes with the database: the one kept records heads the restored chain
 * no longer reaches, which `npm run audit:verify` would rightly report as a chain cut short.
 */
async function swapFiles(renames: Renames, dataDir: string, files: string, stamp: string): Promise<string[]> {
  const kept: string[] = [];
  for (const [live, restored] of [
    [join(dataDir, UPLOADS_FOLDER), join(files, UPLOADS_FOLDER)],
    [join(dataDir, AUDIT_HEADS_FILE_NAME), join(files, AUDIT_HEADS_MEMBER)],
  ]) {
    if (await pathExists(live)) {
      const previous = await unusedPath(`${live}.before-restore-${stamp}`);
      await renames.move(live, previous);
      kept.push(previous);
    }
    if (await pathExists(restored)) {
      await renames.move(restored, live);
    }
  }
  return kept;
}

async function restorePostgres(
  databaseUrl: string,
  dataDir: string,
  files: string,
  manifest: BackupManifest,
  options: RestoreOptions,
  stamp: string,
): Promise<Omit<RestoreResult, 'manifest' | 'evidenceFiles'>> {
  const dump = join(files, DATABASE_MEMBERS.postgres);
  const target = await targetDatabase(databaseUrl);
  const tool = await checkedTool('pg_restore', target.serverMajor);
  const dumpMajor = Number.parseInt(manifest.database.pgDumpVersion ?? '0', 10);
  if (tool.major < dumpMajor) {
    throw new PostgresToolError(
      `pg_restore is PostgreSQL ${tool.version}, older than the pg_dump ${manifest.database.pgDumpVersion} that made ` +
        `the backup. Install the PostgreSQL ${dumpMajor} client tools (or later) and put them first on PATH.`,
    );
  }
  const listed = await runTool('pg_restore', ['--list', dump]);
  if (listed.code !== 0) {
    throw new RestoreRefusedError(
      `The database dump in the backup cannot be read by pg_restore, so nothing was changed:\n${listed.stderr.trim()}`,
    );
  }
  const { facts, known } = await inScratchDatabase(databaseUrl, async (scratchUrl) => {
    const connection = toolConnection(scratchUrl);
    const loaded = await runTool('pg_restore', pgRestoreArguments(connection.dbname, dump), connection.env);
    if (loaded.code !== 0) {
      throw new RestoreRefusedError(
        `The database dump in the backup does not load into PostgreSQL, so nothing was changed:\n${loaded.stderr.trim()}`,
      );
    }
    return withDataSource({ DATA_DIR: dataDir, DATABASE_URL: scratchUrl }, async (dataSource) => ({
      facts: await describeDatabase(dataSource.manager),
      known: knownMigrations(dataSource),
    }));
  });
  checkRestoredFacts(facts, known, manifest);

  const warnings: string[] = [];
  if (refuseWhileInUse(await inUseReason({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }), options.yes)) {
    warnings.push('Other connections were open to the database: restart the app so it reads the restored data.');
  }
  const kept: string[] = [];
  if (target.hasTables) {
    const before = await createBackup(
      { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
      { out: await unusedPath(join(dataDir, 'backups', `before-restore-${stamp}`), '.tar.gz') },
    );
    kept.push(before.path);
  }
  const renames = new Renames();
  try {
    kept.push(...(await swapFiles(renames, dataDir, files, stamp)));
    const connection = toolConnection(databaseUrl);
    await runToolOrFail(
      'pg_restore',
      ['--clean', '--if-exists', ...pgRestoreArguments(connection.dbname, dump)],
      connection.env,
    );
    await syncPath(dataDir);
  } catch (error) {
    const failures = await renames.undo();
    throw new Error(
      `The restore failed and was undone (pg_restore runs in one transaction): ${(error as Error).message}` +
        `${failures.length ? `\n${failures.join('\n')}` : ''}`,
      { cause: error },
    );
  }
  const after = await withDataSource({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, (dataSource) =>
    describeDatabase(dataSource.manager),
  );
  if (!after.audit.intact) {
    warnings.push(`After the restore the audit chain does not verify: ${after.audit.problem ?? 'unknown reason'}`);
  }
  return { facts: after, kept, warnings };
}

/**
 * Why the database may be in use, in words (null when it cannot be): on SQLite, another program
 * has the file open (an app holds it open as long as it runs). On PostgreSQL an app's idle
 * connections close after a few seconds, so no connection proves no app serves the database:
 * any database that already holds the tracker's data, or that anyone is connected to, counts.
 */
async function inUseReason(env: Pick<EnvironmentVariables, 'DATA_DIR' | 'DATABASE_URL'>): Promise<InUse | null> {
  if (env.DATABASE_URL) {
    const { name, hasTables, otherConnections } = await targetDatabase(env.DATABASE_URL);
    const connected =
      otherConnections === 0
        ? ''
        : `${otherConnections} other connection${otherConnections === 1 ? ' is' : 's are'} open to it`;
    if (!hasTables && !connected) {
      return null;
    }
    return {
      connected: otherConnections > 0,
      refusal:
        `${hasTables ? `The database ${name} already holds the tracker’s data` : `The database ${name}`}` +
        `${connected ? `${hasTables ? ' and ' : ': '}${connected} (most likely an app serving it)` : ''}, so nothing ` +
        'was changed. An app serving a PostgreSQL database is not always connected to it, so the restore cannot ' +
        'tell whether one is: stop every app that uses this database, then run the restore again with --yes.',
    };
  }
  const live = join(resolve(env.DATA_DIR), SQLITE_FILE_NAME);
  if (!(await isFile(live)) || !sqliteInUse(live)) {
    return null;
  }
  return {
    connected: true,
    refusal:
      `${live} is open in another program, most likely the app serving it, so nothing was changed. Stop the app ` +
      'and run the restore again (or add --yes to restore anyway, then restart the app at once).',
  };
}

interface InUse {
  /** Whether something has the database open now (not only may serve it). */
  connected: boolean;
  refusal: string;
}

/** Refuses a restore into a database that may be in use, unless told (--yes); whether something has it open. */
function refuseWhileInUse(inUse: InUse | null, yes: boolean): boolean {
  if (inUse && !yes) {
    throw new RestoreRefusedError(inUse.refusal);
  }
  return inUse?.connected ?? false;
}

/** The target database's name, server version, whether it has the tracker's tables and who else is connected. */
async function targetDatabase(
  databaseUrl: string,
): Promise<{ name: string; serverMajor: number; hasTables: boolean; otherConnections: number }> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{
      name: string;
      version: string;
      has_tables: boolean;
      others: number;
    }>(
      `SELECT current_database() AS name, current_setting('server_version_num') AS version,
              to_regclass('migrations') IS NOT NULL AS has_tables,
              (SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()) AS others`,
    );
    return {
      name: rows[0].name,
      serverMajor: serverMajorVersion(rows[0].version),
      hasTables: rows[0].has_tables,
      otherConnections: rows[0].others,
    };
  } finally {
    await client.end();
  }
}

/** A new database beside the target, to load and check the dump in, dropped afterwards. */
async function inScratchDatabase<T>(databaseUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `tracker_restore_check_${process.pid}`;
  const admin = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new RestoreRefusedError(
      `A scratch database to check the backup in before restoring it could not be made (${(error as Error).message}), ` +
        'so nothing was changed. The database user needs permission to create databases (CREATEDB).',
    );
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    const cleanup = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    await cleanup.connect();
    try {
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await cleanup.end();
    }
  }
}

/** pg_restore, all or nothing, into `dbname`, owned by whoever restores (as in the scratch check, so on the target). */
function pgRestoreArguments(dbname: string, dump: string): string[] {
  return ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${dbname}`, dump];
}
