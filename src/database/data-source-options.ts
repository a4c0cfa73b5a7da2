import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation';
import { ENTITIES } from './entities';
import { loadSqliteDriver } from './sqlite-driver';

export const SQLITE_FILE_NAME = 'tracker.sqlite';

/** Migrations are compiled beside the app (dist/migrations) or run from source under ts-node/jest. */
const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/**
 * The one place that says how to reach the database: PostgreSQL when DATABASE_URL is set,
 * otherwise SQLite (better-sqlite3) in DATA_DIR, in WAL mode with a busy timeout and foreign keys on.
 * Schema changes only ever come from migrations: synchronize stays off.
 */
export function buildDataSourceOptions(
  env: Pick<EnvironmentVariables, 'DATA_DIR' | 'DATABASE_URL'>,
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: ['error' as const],
  };
  if (env.DATABASE_URL) {
    return { ...common, type: 'postgres', url: env.DATABASE_URL, migrationsTransactionMode: 'each' };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    driver: loadSqliteDriver(),
    database: resolve(env.DATA_DIR, SQLITE_FILE_NAME),
    enableWAL: true,
    timeout: 5000,
    migrationsTransactionMode: 'each',
  };
}
