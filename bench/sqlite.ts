/**
 * The part of better-sqlite3 the benchmark scripts use, typed here (the project has no @types/better-sqlite3):
 * opens the database file with the build the app uses for this Node (src/database/sqlite-driver.ts).
 */
import { loadSqliteDriver } from '../src/database/sqlite-driver';

export interface SqliteStatement {
  run(...parameters: unknown[]): unknown;
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(pragma: string): unknown;
  transaction(work: () => void): () => void;
  close(): void;
}

type SqliteConstructor = new (file: string, options?: { readonly?: boolean }) => SqliteDatabase;

/** Opens a SQLite file (read-only if asked). */
export function openSqlite(file: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const Database = loadSqliteDriver() as SqliteConstructor;
  return new Database(file, options);
}
