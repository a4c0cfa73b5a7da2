import type { DataSource } from 'typeorm';
import { type LockableDataSource, STARTUP_LOCK_KEY, withStartupLock } from './startup-lock';

/** A DataSource whose one lock connection records what it is asked, and which says whether the lock is free. */
function fakeDataSource(type: 'postgres' | 'better-sqlite3', lockFree = true) {
  const calls: string[] = [];
  const queryRunner = {
    connect: () => {
      calls.push('connect');
      return Promise.resolve();
    },
    query: (sql: string, parameters: unknown[]) => {
      expect(parameters).toEqual([STARTUP_LOCK_KEY]);
      const name = /pg_\w+/.exec(sql)![0];
      calls.push(name);
      return Promise.resolve(name === 'pg_try_advisory_lock' ? [{ locked: lockFree }] : [{}]);
    },
    release: () => {
      calls.push('release');
      return Promise.resolve();
    },
  };
  const dataSource = {
    options: { type } as DataSource['options'],
    createQueryRunner: () => queryRunner,
  } as unknown as LockableDataSource;
  return { dataSource, calls };
}

describe('withStartupLock', () => {
  it('on PostgreSQL, holds the advisory lock while the work runs and releases it after', async () => {
    const { dataSource, calls } = fakeDataSource('postgres');
    const result = await withStartupLock(dataSource, () => {
      calls.push('work');
      return Promise.resolve('done');
    });
    expect(result).toBe('done');
    expect(calls).toEqual(['connect', 'pg_try_advisory_lock', 'work', 'pg_advisory_unlock', 'release']);
  });

  it('says it is waiting when another instance holds the lock, then waits for it', async () => {
    const { dataSource, calls } = fakeDataSource('postgres', false);
    await withStartupLock(
      dataSource,
      () => {
        calls.push('work');
        return Promise.resolve();
      },
      () => calls.push('waiting'),
    );
    expect(calls).toEqual([
      'connect',
      'pg_try_advisory_lock',
      'waiting',
      'pg_advisory_lock',
      'work',
      'pg_advisory_unlock',
      'release',
    ]);
  });

  it('releases the lock when the work fails, and passes the failure on', async () => {
    const { dataSource, calls } = fakeDataSource('postgres');
    await expect(withStartupLock(dataSource, () => Promise.reject(new Error('migration failed')))).rejects.toThrow(
      'migration failed',
    );
    expect(calls).toEqual(['connect', 'pg_try_advisory_lock', 'pg_advisory_unlock', 'release']);
  });

  it('on SQLite, just runs the work (the database file admits one process)', async () => {
    const { dataSource, calls } = fakeDataSource('better-sqlite3');
    await expect(withStartupLock(dataSource, () => Promise.resolve(42))).resolves.toBe(42);
    expect(calls).toEqual([]);
  });
});
