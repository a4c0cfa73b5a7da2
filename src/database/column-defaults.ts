/**
 * The default of a boolean column that is false, written as the SQL literal `false`.
 *
 * The migrations create these columns with `DEFAULT false`: PostgreSQL refuses `0` for a boolean,
 * and SQLite (3.23+) reads `false` as 0. A plain `default: false` in an entity would make TypeORM
 * expect `0` on SQLite, so `migration:check` would propose rebuilding the table; the literal keeps
 * entities and migrations in agreement on both databases.
 */
export const FALSE_BY_DEFAULT = (): string => 'false';
