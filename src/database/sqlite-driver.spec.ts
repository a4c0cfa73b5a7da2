import { loadSqliteDriver, sqlitePackageFor } from './sqlite-driver';

describe('sqlitePackageFor', () => {
  it('keeps better-sqlite3 12 on Node 20, where 13 crashes', () => {
    expect(sqlitePackageFor('20.20.2')).toBe('better-sqlite3');
    expect(sqlitePackageFor('v20.19.0')).toBe('better-sqlite3');
  });

  it('takes better-sqlite3 13 (Node-API) from Node 22 on, where 12 aborts at exit', () => {
    expect(sqlitePackageFor('22.12.0')).toBe('better-sqlite3-napi');
    expect(sqlitePackageFor('24.21.0')).toBe('better-sqlite3-napi');
    expect(sqlitePackageFor('v26.1.0')).toBe('better-sqlite3-napi');
  });
});

describe('loadSqliteDriver', () => {
  it('opens a database with the build for the running Node', () => {
    const Database = loadSqliteDriver() as new (file: string) => {
      prepare(sql: string): { get(): unknown };
      close(): void;
    };
    const database = new Database(':memory:');
    try {
      expect(database.prepare('SELECT sqlite_version() AS version').get()).toEqual({
        version: expect.stringMatching(/^3\.\d+\.\d+$/) as unknown,
      });
    } finally {
      database.close();
    }
  });
});
