import type { EntityManager } from 'typeorm';

/**
 * Runs hand-written SQL with :named parameters (and :...lists) on either database: the driver turns them into its
 * own placeholders (`?` on SQLite, `$1` on PostgreSQL). For the few reads on every request, and the bulk work, where
 * building the query through TypeORM would cost more than running it.
 */
export async function runSql<T>(
  manager: EntityManager,
  sql: string,
  parameters: Record<string, unknown>,
): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  return manager.query<T[]>(query, values);
}
