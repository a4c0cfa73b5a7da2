import { DataSource } from 'typeorm';
import { runSql } from '../src/database/run-sql';
import { createTestApp, type TestApp } from './utils/create-test-app';

/**
 * runSql(), the hand-written reads on every request, on the database in use (SQLite, or PostgreSQL in the PostgreSQL
 * suite, where `prepared` keeps the statement prepared on each pooled connection): the same rows as asked, never a
 * stale answer, and inside a transaction the transaction's own view.
 */
describe('runSql', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  const forcesByCode = `SELECT code AS "code", name AS "name" FROM forces WHERE code IN (:...codes) ORDER BY code`;

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers named parameters and lists, prepared or not, with the same rows', async () => {
    const codes = ['DER', 'CHE'];
    const expected = [
      { code: 'CHE', name: 'Cheshire Constabulary' },
      { code: 'DER', name: 'Derbyshire Constabulary' },
    ];
    expect(await runSql(dataSource.manager, forcesByCode, { codes })).toEqual(expected);
    for (let run = 0; run < 12; run += 1) {
      // More runs than the pool has connections, and past the point where PostgreSQL may switch to a generic plan.
      expect(await runSql(dataSource.manager, forcesByCode, { codes }, { prepared: true })).toEqual(expected);
    }
    expect(await runSql(dataSource.manager, forcesByCode, { codes: ['LEI'] }, { prepared: true })).toEqual([
      { code: 'LEI', name: 'Leicestershire Police' },
    ]);
  });

  it('sees a change made since the statement was prepared, and a transaction sees its own', async () => {
    const renamed = `SELECT COUNT(*) AS "count" FROM forces WHERE name = :name`;
    const count = async (manager = dataSource.manager) =>
      Number(
        (
          await runSql<{ count: number | string }>(manager, renamed, { name: 'Renamed for a test' }, { prepared: true })
        )[0].count,
      );
    // Writes through runSql too (not prepared: inside the transaction it takes the transaction's connection).
    const rename = (code: string, name: string, manager = dataSource.manager) =>
      runSql(manager, 'UPDATE forces SET name = :name WHERE code = :code', { code, name });
    expect(await count()).toBe(0);
    await rename('LEI', 'Renamed for a test');
    expect(await count()).toBe(1);
    await dataSource
      .transaction(async (manager) => {
        await rename('CHE', 'Renamed for a test', manager);
        expect(await count(manager)).toBe(2);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await count()).toBe(1);
    await rename('LEI', 'Leicestershire Police');
  });
});
