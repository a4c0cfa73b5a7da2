import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation';
import { ENTITIES } from './entities';
import { loadSqliteDriver } from './sqlite-driver';

export const SQLITE_FILE_NAME = 'tracker.sqlite';

/** Migrations are compiled beside the app (dist/migrations) or run from source under ts-node/jest. */
const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/**
 * Settings of each PostgreSQL session the app opens. `random_page_cost`: the planner's default (4, four times a
 * sequential read) is meant for spinning disks; on SSDs, or a database in memory, PostgreSQL's documentation suggests
 * a value near 1. With 4 the planner prefers reading every finding to a few thousand index lookups: the dashboard's
 * oldest re-raised findings took 68 ms at 100,000 findings by a sequential scan, and 11 ms by index with 1.1.
 */
export const POSTGRES_SESSION_OPTIONS = '-c random_page_cost=1.1';

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
    return {
      ...common,
      type: 'postgres',
      url: env.DATABASE_URL,
      migrationsTransactionMode: 'each',
      extra: { options: POSTGRES_SESSION_OPTIONS },
    };
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
