import type { EntityManager } from 'typeorm';
import { runSql } from '../database/run-sql';
import type { AuditedTable, RecordedRowDigest } from './row-digests';

/**
 * The queries behind row digests, shared by AuditService.record (writing them) and the audit
 * verification (reading them), on SQLite and PostgreSQL alike. Rows are read with `SELECT *` so a
 * digest covers every column the table has, exactly as the driver returns it.
 */

/** Ids per query: well under SQLite's and PostgreSQL's limits on parameters. */
export const ID_BATCH = 500;

export type RawRow = Record<string, unknown>;

/** The rows with these ids (at most ID_BATCH), by id. */
export async function rowsById(
  manager: EntityManager,
  table: AuditedTable,
  ids: number[],
): Promise<Map<number, RawRow>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await manager.query<RawRow[]>(
    `SELECT * FROM "${table}" WHERE id IN (${placeholders(manager, ids.length).join(', ')})`,
    ids,
  );
  return new Map(rows.map((row) => [Number(row.id), row]));
}

/** Up to `limit` rows with ids above `after`, in id order. */
export async function rowsAfter(manager: EntityManager, table: AuditedTable, after: number, limit: number) {
  return runSql<RawRow>(manager, `SELECT * FROM "${table}" WHERE id > :after ORDER BY id LIMIT ${Number(limit)}`, {
    after,
  });
}

/** Every id of a table, ascending. */
export async function allIds(manager: EntityManager, table: AuditedTable): Promise<number[]> {
  const rows = await runSql<{ id: number | string }>(manager, `SELECT id FROM "${table}" ORDER BY id`, {});
  return rows.map((row) => Number(row.id));
}

export interface LatestRowDigest extends RecordedRowDigest {
  auditEntryId: number;
}

interface DigestRow {
  audit_entry_id: number | string;
  table_name: string;
  row_id: number | string;
  digest: string;
  columns: string;
  changed_outside: string | null;
}

function fromDigestRow(row: DigestRow): LatestRowDigest {
  return {
    auditEntryId: Number(row.audit_entry_id),
    tableName: row.table_name,
    rowId: Number(row.row_id),
    digest: row.digest,
    columns: row.columns,
    changedOutside: row.changed_outside,
  };
}

const LATEST = `SELECT d.audit_entry_id, d.table_name, d.row_id, d.digest, d.columns, d.changed_outside
  FROM audit_row_digests d
  JOIN (SELECT row_id, MAX(audit_entry_id) AS latest FROM audit_row_digests WHERE table_name = :table AND %WHERE%
        GROUP BY row_id) m ON m.row_id = d.row_id AND m.latest = d.audit_entry_id
 WHERE d.table_name = :table`;

/** Whether any row of this table has a recorded digest (from the index on table and row). */
export async function tableHasDigests(manager: EntityManager, table: AuditedTable): Promise<boolean> {
  const rows = await runSql(manager, 'SELECT 1 AS found FROM audit_row_digests WHERE table_name = :table LIMIT 1', {
    table,
  });
  return rows.length > 0;
}

/** The latest recorded digest of each of these rows (at most ID_BATCH ids), by row id. */
export async function latestDigestsById(
  manager: EntityManager,
  table: AuditedTable,
  ids: number[],
): Promise<Map<number, LatestRowDigest>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await runSql<DigestRow>(manager, LATEST.replace('%WHERE%', 'row_id IN (:...ids)'), { table, ids });
  return new Map(rows.map((row) => [Number(row.row_id), fromDigestRow(row)]));
}

/** The latest recorded digest of each row with an id in (after, upTo] (upTo null: no upper bound). */
export async function latestDigestsBetween(
  manager: EntityManager,
  table: AuditedTable,
  after: number,
  upTo: number | null,
): Promise<LatestRowDigest[]> {
  const where = upTo === null ? 'row_id > :after' : 'row_id > :after AND row_id <= :upTo';
  const rows = await runSql<DigestRow>(manager, `${LATEST.replace('%WHERE%', where)} ORDER BY d.row_id`, {
    table,
    after,
    upTo,
  });
  return rows.map(fromDigestRow);
}

/**
 * Every recorded digest after a position, in (entry, table, row) order: the order in which an
 * entry's digests are checked against its commitment. `limit` rows at a time.
 */
export async function digestsAfter(
  manager: EntityManager,
  position: { auditEntryId: number; tableName: string; rowId: number } | null,
  limit: number,
): Promise<LatestRowDigest[]> {
  // A row-value comparison, which both engines answer from the primary key's index.
  const where = position ? 'WHERE (audit_entry_id, table_name, row_id) > (:entry, :table, :row)' : '';
  const rows = await runSql<DigestRow>(
    manager,
    `SELECT audit_entry_id, table_name, row_id, digest, columns, changed_outside FROM audit_row_digests ${where}
      ORDER BY audit_entry_id, table_name, row_id LIMIT ${Number(limit)}`,
    position ? { entry: position.auditEntryId, table: position.tableName, row: position.rowId } : {},
  );
  return rows.map(fromDigestRow);
}

/** `?, ?, ?` or `$4, $5, $6`: placeholders for the database in use, numbered from `first` on PostgreSQL. */
function placeholders(manager: EntityManager, count: number, first = 1): string[] {
  const postgres = manager.connection.options.type === 'postgres';
  return Array.from({ length: count }, (_, index) => (postgres ? `$${first + index}` : '?'));
}

const DIGEST_COLUMNS = ['audit_entry_id', 'table_name', 'row_id', 'digest', 'columns', 'changed_outside'];

/** Writes the digests recorded with an audit entry, ID_BATCH rows to a statement. */
export async function insertDigests(
  manager: EntityManager,
  auditEntryId: number,
  digests: RecordedRowDigest[],
): Promise<void> {
  for (let start = 0; start < digests.length; start += ID_BATCH) {
    const batch = digests.slice(start, start + ID_BATCH);
    const marks = placeholders(manager, batch.length * DIGEST_COLUMNS.length);
    const rows = batch.map((_, index) => {
      const at = index * DIGEST_COLUMNS.length;
      return `(${marks.slice(at, at + DIGEST_COLUMNS.length).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO audit_row_digests (${DIGEST_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`,
      batch.flatMap((digest) => [
        auditEntryId,
        digest.tableName,
        digest.rowId,
        digest.digest,
        digest.columns,
        digest.changedOutside,
      ]),
    );
  }
}
