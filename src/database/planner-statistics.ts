import type { DataSource } from 'typeorm';

/**
 * SQLite chooses how to run a query (which index to walk, which table to loop over first) from the statistics ANALYZE
 * gathers; without them it guesses, and at national scale a guess can sort every finding to show twenty. At start the
 * statistics are gathered in full when the database has none or a migration has just changed its tables or indexes
 * (about 1.5 s at 100,000 findings), and otherwise refreshed by `PRAGMA optimize`, which analyses again only the tables
 * that have grown a lot since. PostgreSQL keeps its own up to date (autovacuum's analyse).
 */
export async function refreshPlannerStatistics(
  dataSource: DataSource,
  options: { migrated: boolean },
): Promise<'analysed' | 'optimised' | 'skipped'> {
  if (dataSource.options.type === 'postgres') {
    return 'skipped';
  }
  const held = await dataSource.query<{ count: number }[]>(
    "SELECT COUNT(*) AS count FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
  );
  if (options.migrated || Number(held[0].count) === 0) {
    await dataSource.query('ANALYZE');
    return 'analysed';
  }
  await dataSource.query('PRAGMA optimize');
  return 'optimised';
}
