import { buildDataSourceOptions, POSTGRES_SESSION_OPTIONS } from './data-source-options';

describe('buildDataSourceOptions', () => {
  it('opens each PostgreSQL session with the planner told that random reads are cheap', () => {
    const options = buildDataSourceOptions({
      DATA_DIR: './data',
      DATABASE_URL: 'postgres://tracker@db.example/tracker',
    });
    expect(options).toMatchObject({
      type: 'postgres',
      url: 'postgres://tracker@db.example/tracker',
      synchronize: false,
      extra: { options: '-c random_page_cost=1.1' },
    });
    expect(POSTGRES_SESSION_OPTIONS).toBe('-c random_page_cost=1.1');
  });

  it('uses SQLite in DATA_DIR without DATABASE_URL, with no session options', () => {
    const options = buildDataSourceOptions({ DATA_DIR: '/srv/tracker', DATABASE_URL: undefined });
    expect(options).toMatchObject({
      type: 'better-sqlite3',
      database: '/srv/tracker/tracker.sqlite',
      synchronize: false,
    });
    expect(options).not.toHaveProperty('extra');
  });
});
