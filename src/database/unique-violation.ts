/**
 * True when a database error is a unique constraint refusing a duplicate row, on SQLite
 * (better-sqlite3: SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY) or PostgreSQL (23505).
 * TypeORM wraps the driver's error (QueryFailedError, driverError); both places are looked at.
 */
export function isUniqueViolation(error: unknown): boolean {
  const codes = (value: unknown): unknown[] =>
    value && typeof value === 'object' ? [(value as { code?: unknown }).code] : [];
  const driverError = error && typeof error === 'object' ? (error as { driverError?: unknown }).driverError : undefined;
  return [...codes(error), ...codes(driverError)].some(
    (code) => code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  );
}
