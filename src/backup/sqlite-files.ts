import { loadSqliteDriver } from '../database/sqlite-driver';

/** The part of better-sqlite3's API (12 and 13 alike) that backup and restore use. */
interface SqliteDatabase {
  backup(
    destination: string,
    options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number },
  ): Promise<unknown>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): void;
  close(): void;
}
type SqliteConstructor = new (path: string, options?: { fileMustExist?: boolean; timeout?: number }) => SqliteDatabase;

/** Opens an existing SQLite file with the better-sqlite3 build for this Node (src/database/sqlite-driver.ts). */
function openExisting(path: string, timeoutMs = 5000): SqliteDatabase {
  const Database = loadSqliteDriver() as SqliteConstructor;
  return new Database(path, { fileMustExist: true, timeout: timeoutMs });
}

/**
 * A consistent copy of a live database through SQLite's online backup API, taken while the app
 * goes on writing. Unlike copying the file, it reads through the write-ahead log, so every
 * committed transaction is in the copy, and all of it as of one moment. The first step reads the
 * page count; the rest is copied in one step, under one read transaction (in WAL mode readers never
 * block the app's writers), so that a write between steps cannot restart it again and again.
 */
export async function snapshotSqlite(source: string, destination: string): Promise<void> {
  const database = openExisting(source);
  try {
    await database.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    database.close();
  }
}

/** PRAGMA integrity_check: "ok", or the problems it found, one a line. */
export function sqliteIntegrity(path: string): string {
  const database = openExisting(path);
  try {
    const rows = database.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).join('\n');
  } finally {
    database.close();
  }
}

/**
 * Whether another connection (a running app, the CLI) has the database open. In WAL mode every
 * open connection holds a shared lock on the file, so an exclusive lock is refused at once.
 */
export function sqliteInUse(path: string): boolean {
  const database = openExisting(path, 0);
  try {
    database.pragma('locking_mode = EXCLUSIVE');
    database.exec('BEGIN EXCLUSIVE');
    database.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      return true;
    }
    throw error;
  } finally {
    database.close();
  }
}

/** Moves everything in the write-ahead log into the database file; closing the last connection removes the log. */
export function checkpointSqlite(path: string): void {
  const database = openExisting(path);
  try {
    database.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    database.close();
  }
}
