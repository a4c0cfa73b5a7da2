import { loadSqliteDriver } from '../database/sqlite-driver';
import { ACTION_STATUS_VALUES } from './action-status';
import { overdueActionCondition, overdueFindingCondition } from './finding-queries';
import { FINDING_STATUS_VALUES } from './finding-status';
import { isActionOverdue, isOverdue } from './rag';

interface Statement {
  all(...parameters: unknown[]): Array<Record<string, unknown>>;
  run(...parameters: unknown[]): unknown;
}
interface Database {
  prepare(sql: string): Statement;
  close(): void;
}
type DatabaseConstructor = new (path: string) => Database;

/** Runs a condition written for the query builder in plain SQL: `:...list` expanded, `:name` bound in order. */
function rowsMatching(
  database: Database,
  table: string,
  condition: { sql: string; parameters: Record<string, string | string[]> },
) {
  const values: unknown[] = [];
  const sql = condition.sql.replace(/:(\.\.\.)?(\w+)/g, (_match, spread: string | undefined, name: string) => {
    const value = condition.parameters[name];
    if (spread && Array.isArray(value)) {
      values.push(...value);
      return value.map(() => '?').join(', ');
    }
    values.push(value);
    return '?';
  });
  return database
    .prepare(`SELECT id FROM ${table} AS item WHERE ${sql.replaceAll(/\b(finding|action)\./g, 'item.')}`)
    .all(...values);
}

describe('the overdue rules in SQL', () => {
  const Sqlite = loadSqliteDriver() as DatabaseConstructor;
  const database = new Sqlite(':memory:');
  const today = '2026-05-10';
  const dates = [null, '2026-05-09', '2026-05-10', '2026-05-11'];

  afterAll(() => database.close());

  it('finds the same overdue findings as isOverdue()', () => {
    database.prepare('CREATE TABLE findings_t (id INTEGER PRIMARY KEY, status TEXT, targetDate TEXT)').run();
    const rows = FINDING_STATUS_VALUES.flatMap((status) => dates.map((targetDate) => ({ status, targetDate })));
    rows.forEach((row, id) =>
      database.prepare('INSERT INTO findings_t VALUES (?, ?, ?)').run(id, row.status, row.targetDate),
    );
    const found = rowsMatching(database, 'findings_t', overdueFindingCondition(today)).map((row) => row.id);
    const expected = rows.flatMap((row, id) => (isOverdue(row.status, row.targetDate, today) ? [id] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });

  it('finds the same overdue actions as isActionOverdue()', () => {
    database.prepare('CREATE TABLE actions_t (id INTEGER PRIMARY KEY, status TEXT, dueDate TEXT)').run();
    const rows = ACTION_STATUS_VALUES.flatMap((status) => dates.map((dueDate) => ({ status, dueDate })));
    rows.forEach((row, id) =>
      database.prepare('INSERT INTO actions_t VALUES (?, ?, ?)').run(id, row.status, row.dueDate),
    );
    const found = rowsMatching(database, 'actions_t', overdueActionCondition(today)).map((row) => row.id);
    const expected = rows.flatMap((row, id) => (isActionOverdue(row, today) ? [id] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });
});
