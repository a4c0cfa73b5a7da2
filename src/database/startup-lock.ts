import type { DataSource } from 'typeorm';

/**
 * The key of PostgreSQL's session-level advisory lock that start-up work holds (migrations, the
 * default data, the first administrator). Any fixed 64-bit number would do; this one is used for
 * nothing else. Advisory locks belong to one database, so apps on other databases of the same
 * server never wait for each other.
 */
export const STARTUP_LOCK_KEY = '7253190431780016641';

/** What withStartupLock needs of a DataSource: its type and a connection of its own. */
export type LockableDataSource = Pick<DataSource, 'options' | 'createQueryRunner'>;

/**
 * Runs the start-up work while holding the start-up lock, so that instances starting at the same
 * moment on one PostgreSQL database take turns: the second waits, then finds the work done.
 *
 * The lock is taken on a connection of its own, held while the work runs on any other connection,
 * and released afterwards, whether the work succeeded or not. If the process dies meanwhile,
 * PostgreSQL ends its session and the lock goes with it. `onWait` is called when another instance
 * holds the lock, before waiting for it.
 *
 * On SQLite the work just runs: one process at a time holds the database file.
 */
export async function withStartupLock<T>(
  dataSource: LockableDataSource,
  work: () => Promise<T>,
  onWait: () => void = () => undefined,
): Promise<T> {
  if (dataSource.options.type !== 'postgres') {
    return work();
  }
  const lockConnection = dataSource.createQueryRunner();
  try {
    await lockConnection.connect();
    const [tried] = (await lockConnection.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      STARTUP_LOCK_KEY,
    ])) as Array<{ locked: boolean }>;
    if (!tried?.locked) {
      onWait();
      await lockConnection.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
    }
    try {
      return await work();
    } finally {
      await lockConnection.query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await lockConnection.release();
  }
}
