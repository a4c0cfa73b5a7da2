import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, mkdtemp, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { AUDIT_HEADS_FILE_NAME } from '../audit/audit-heads-file';
import type { EnvironmentVariables } from '../config/env.validation';
import { SQLITE_FILE_NAME } from '../database/data-source-options';
import { copyHeadsUpTo } from './audit-heads';
import { describeDatabase, withDataSource, type DatabaseFacts } from './database-facts';
import { fileStamp, filesUnder, isFile, syncPath, unusedPath } from './files';
import {
  AUDIT_HEADS_MEMBER,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  DATABASE_MEMBERS,
  MANIFEST_MEMBER,
  UPLOADS_FOLDER,
  type BackupManifest,
  type DatabaseEngine,
} from './manifest';
import { checkedTool, runToolOrFail, serverMajorVersion, toolConnection } from './postgres-tools';
import { checkpointSqlite, snapshotSqlite, sqliteIntegrity } from './sqlite-files';
import { TarWriter, type MemberDigest } from './tar';

/**
 * `npm run backup`: one archive (gzipped tar) holding a consistent copy of the database, every
 * evidence file under DATA_DIR/uploads and DATA_DIR/audit-heads.log (up to the database's head),
 * with manifest.json last, listing each member's size and SHA-256, the last migration and the
 * audit chain's head.
 *
 * SQLite is copied through the online backup API (through the write-ahead log, so every committed
 * write is in it, unlike a copy of the file); PostgreSQL through pg_dump, in the same snapshot as
 * the facts the manifest records. The database is copied first and the files after: the app saves
 * an evidence file before it commits the row naming it, so every file the copy refers to is there.
 */

const READ_CHUNK = 1024 * 1024;

export interface BackupOptions {
  /** The archive to write; by default DATA_DIR/backups/tracker-backup-<UTC time>.tar.gz. */
  out?: string;
  now?: Date;
}

export interface BackupResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  manifest: BackupManifest;
  evidenceFiles: number;
  /** Why the archive, although written, will not restore (an integrity or audit chain failure). */
  warnings: string[];
}

/** A backup that could not be made, with the reason in plain words. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Where a backup goes when no --out is given. */
export function defaultBackupPath(dataDir: string, now: Date): string {
  return resolve(dataDir, 'backups', `tracker-backup-${fileStamp(now)}.tar.gz`);
}

interface DatabaseCopy extends DatabaseFacts {
  engine: DatabaseEngine;
  file: string;
  integrityCheck?: string;
  pgDumpVersion?: string;
  serverVersion?: string;
}

export async function createBackup(
  env: Pick<EnvironmentVariables, 'DATA_DIR' | 'DATABASE_URL'>,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const dataDir = resolve(env.DATA_DIR);
  if (!env.DATABASE_URL && !(await isFile(join(dataDir, SQLITE_FILE_NAME)))) {
    throw new BackupError(
      `There is no database at ${join(dataDir, SQLITE_FILE_NAME)}. Check DATA_DIR (or set DATABASE_URL to back up a PostgreSQL database).`,
    );
  }
  const out = options.out
    ? resolve(options.out)
    : await unusedPath(defaultBackupPath(dataDir, now).replace(/\.tar\.gz$/, ''), '.tar.gz');
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  if (await isFile(out)) {
    throw new BackupError(`${out} already exists: choose another file with --out`);
  }
  const staging = await mkdtemp(join(dirname(out), '.tracker-backup-'));
  const partial = join(staging, 'archive.tar.gz');
  try {
    const database = env.DATABASE_URL
      ? await dumpPostgres(env.DATABASE_URL, staging)
      : await snapshotSqliteDatabase(dataDir, staging);
    let evidenceFiles = 0;
    const {
      result: manifest,
      sizeBytes,
      sha256,
    } = await writeArchive(partial, now, async (tar) => {
      const members = [await addFile(tar, DATABASE_MEMBERS[database.engine], database.file)];
      const uploads = join(dataDir, UPLOADS_FOLDER);
      for await (const relative of filesUnder(uploads)) {
        const member = await addFile(tar, `${UPLOADS_FOLDER}/${relative}`, join(uploads, ...relative.split('/')));
        if (member) {
          members.push(member);
          evidenceFiles += 1;
        }
      }
      const heads = join(staging, AUDIT_HEADS_MEMBER);
      if (await copyHeadsUpTo(join(dataDir, AUDIT_HEADS_FILE_NAME), heads, database.audit.head?.id ?? 0)) {
        members.push(await addFile(tar, AUDIT_HEADS_MEMBER, heads));
      }
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: now.toISOString(),
        database: {
          engine: database.engine,
          member: DATABASE_MEMBERS[database.engine],
          lastMigration: database.lastMigration,
          ...(database.integrityCheck !== undefined ? { integrityCheck: database.integrityCheck } : {}),
          ...(database.pgDumpVersion ? { pgDumpVersion: database.pgDumpVersion } : {}),
          ...(database.serverVersion ? { serverVersion: database.serverVersion } : {}),
          audit: database.audit,
        },
        members: members.filter((member): member is MemberDigest => member !== null),
      };
      await tar.addBuffer(MANIFEST_MEMBER, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      return manifest;
    });
    await publish(partial, out);
    await syncPath(dirname(out));
    const warnings: string[] = [];
    if (database.integrityCheck !== undefined && database.integrityCheck !== 'ok') {
      warnings.push(`The database failed SQLite’s integrity check:\n${database.integrityCheck}`);
    }
    if (!database.audit.intact) {
      warnings.push(`The audit chain does not verify: ${database.audit.problem ?? 'unknown reason'}`);
    }
    return { path: out, sizeBytes, sha256, manifest, evidenceFiles, warnings };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Puts the finished archive under its name: a hard link, then the temporary name removed, so it
 * appears complete and never over another file (a rename, checked first, where links are not
 * supported).
 */
async function publish(partial: string, out: string): Promise<void> {
  try {
    await link(partial, out);
    await unlink(partial);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code !== 'EEXIST' &&
      ['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(code ?? '') &&
      !(await isFile(out))
    ) {
      await rename(partial, out);
      return;
    }
    throw code === 'EEXIST' ? new BackupError(`${out} already exists: choose another file with --out`) : error;
  }
}

/** Streams the archive through gzip into the file, measuring and hashing what is written; flushed to disk. */
async function writeArchive<T>(
  path: string,
  now: Date,
  write: (tar: TarWriter) => Promise<T>,
): Promise<{ result: T; sizeBytes: number; sha256: string }> {
  const gzip = createGzip();
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  const finished = pipeline(gzip, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  // Should the file fail (disk full), stop waiting on the writer at once.
  const failed = new Promise<never>((_resolve, reject) => {
    void finished.catch(reject);
  });
  failed.catch(() => undefined);
  let result: T;
  try {
    result = await Promise.race([
      (async () => {
        const tar = new TarWriter(gzip, now);
        const value = await write(tar);
        await tar.finish();
        return value;
      })(),
      failed,
    ]);
    gzip.end();
    await finished;
  } catch (error) {
    gzip.destroy(error as Error);
    await finished.catch(() => undefined);
    throw error;
  }
  await syncPath(path);
  return { result, sizeBytes, sha256: hash.digest('hex') };
}

/** One file as a member, streamed; null when it vanished before it was opened (an upload rolled back). */
async function addFile(tar: TarWriter, member: string, path: string): Promise<MemberDigest | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return tar.addFile(member, size, handle.createReadStream({ highWaterMark: READ_CHUNK, autoClose: true }));
}

async function snapshotSqliteDatabase(dataDir: string, staging: string): Promise<DatabaseCopy> {
  const live = join(dataDir, SQLITE_FILE_NAME);
  const folder = join(staging, 'database');
  await mkdir(folder, { mode: 0o700 });
  const file = join(folder, SQLITE_FILE_NAME);
  await snapshotSqlite(live, file);
  const integrityCheck = sqliteIntegrity(file);
  let facts: DatabaseFacts;
  try {
    facts = await withDataSource({ DATA_DIR: folder }, (dataSource) => describeDatabase(dataSource.manager));
  } catch (error) {
    facts = {
      lastMigration: null,
      audit: { intact: false, entries: 0, head: null, problem: `it could not be read: ${(error as Error).message}` },
    };
  }
  // Every page in the file itself, nothing left in a write-ahead log beside it.
  checkpointSqlite(file);
  return { engine: 'sqlite', file, integrityCheck, ...facts };
}

/**
 * pg_dump, in the snapshot of a transaction that also reads the last migration and verifies the
 * audit chain, so the manifest describes exactly the data dumped.
 */
async function dumpPostgres(databaseUrl: string, staging: string): Promise<DatabaseCopy> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  let serverVersion: string;
  let serverMajor: number;
  try {
    const { rows } = await client.query<{ server_version: string; server_version_num: string }>(
      `SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS server_version_num`,
    );
    serverVersion = rows[0].server_version.split(' ')[0];
    serverMajor = serverMajorVersion(rows[0].server_version_num);
  } finally {
    await client.end();
  }
  const tool = await checkedTool('pg_dump', serverMajor);
  const file = join(staging, 'tracker.pgdump');
  const connection = toolConnection(databaseUrl);
  return withDataSource({ DATA_DIR: staging, DATABASE_URL: databaseUrl }, async (dataSource) => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [{ snapshot }] = (await runner.query('SELECT pg_export_snapshot() AS snapshot')) as Array<{
        snapshot: string;
      }>;
      const [dumped, described] = await Promise.allSettled([
        runToolOrFail(
          'pg_dump',
          [
            '--format=custom',
            '--compress=0',
            `--snapshot=${snapshot}`,
            `--file=${file}`,
            `--dbname=${connection.dbname}`,
          ],
          connection.env,
        ),
        describeDatabase(runner.manager),
      ]);
      if (dumped.status === 'rejected') {
        throw dumped.reason;
      }
      if (described.status === 'rejected') {
        throw described.reason;
      }
      return {
        engine: 'postgres' as const,
        file,
        pgDumpVersion: tool.version,
        serverVersion,
        ...described.value,
      };
    } finally {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      await runner.release();
    }
  });
}
