import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** The most parameters a statement may have to be kept prepared (an IN list of a page's ids; not a batch of 500). */
const PREPARED_PARAMETERS_AT_MOST = 64;

interface PostgresPool {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

/**
 * Runs hand-written SQL with :named parameters (and :...lists) on either database: the driver turns them into its
 * own placeholders (`?` on SQLite, `$1` on PostgreSQL). For the few reads on every request, and the bulk work, where
 * building the query through TypeORM would cost more than running it.
 *
 * With `{ prepared: true }` (the reads on every request), on PostgreSQL and outside a transaction, the statement is
 * prepared on each pooled connection the first time and then reused by name, so the server parses and plans it once
 * per connection rather than on every request (a finding's page makes about ten such reads). Only for statements of
 * named columns: a `SELECT *` kept prepared across a migration that adds a column would fail once. Better-sqlite3
 * keeps every statement prepared already.
 */
export async function runSql<T>(
  manager: EntityManager,
  sql: string,
  parameters: Record<string, unknown>,
  options: { prepared?: boolean } = {},
): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  if (
    options.prepared === true &&
    manager.connection.options.type === 'postgres' &&
    manager.queryRunner === undefined &&
    values.length <= PREPARED_PARAMETERS_AT_MOST
  ) {
    const pool = (manager.connection.driver as unknown as { master: PostgresPool }).master;
    const { rows } = await pool.query<T>({ name: statementName(query), text: query, values });
    return rows;
  }
  return manager.query<T[]>(query, values);
}

/** A prepared statement's name: the same for the same text, different for any other. */
function statementName(query: string): string {
  return `tracker_${createHash('sha256').update(query).digest('hex').slice(0, 32)}`;
}
