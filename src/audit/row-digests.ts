import { createHash, hash, type Hash } from 'node:crypto';

/**
 * The tables whose rows the audit log vouches for: each audited change records, beside its audit
 * entry, a digest of every row of these tables it wrote, so that `npm run audit:verify` can tell a
 * row changed through the app from one changed in the database directly. `label` names a row to a
 * reader; `findingColumn` is the finding a row belongs to, to name it by the finding's reference.
 */
export const AUDITED_TABLES = {
  findings: { label: 'finding', findingColumn: null },
  finding_sources: { label: 'source', findingColumn: 'finding_id' },
  finding_links: { label: 'link', findingColumn: 'from_finding_id' },
  assessments: { label: 'assessment', findingColumn: 'finding_id' },
  actions: { label: 'action', findingColumn: 'finding_id' },
  finding_updates: { label: 'history entry', findingColumn: 'finding_id' },
  evidence: { label: 'evidence', findingColumn: 'finding_id' },
  verifications: { label: 'verification', findingColumn: 'finding_id' },
  users: { label: 'user', findingColumn: null },
} as const;

export type AuditedTable = keyof typeof AUDITED_TABLES;

export const AUDITED_TABLE_NAMES = Object.keys(AUDITED_TABLES) as AuditedTable[];

export function isAuditedTable(name: string): name is AuditedTable {
  return Object.prototype.hasOwnProperty.call(AUDITED_TABLES, name);
}

/** The digest recorded for a row the app deleted (the app deletes none of these today). */
export const DELETED_ROW = 'deleted';

/**
 * Bytes kept of each column's hash, to say which columns of a row changed: 64 bits, too many to
 * forge a value with the same hash. They are stored together, base64, after a tag of the row's
 * column names (the layout), so that a row of twenty columns costs about 120 characters.
 */
const COLUMN_HASH_BYTES = 8;

export interface RowDigest {
  /** SHA-256 (hex) of the table name and the row's canonical columns: what detects a change. */
  digest: string;
  /** `layout:hashes`, each column's shortened hash in the order of the sorted column names. */
  columns: string;
}

/**
 * A column's value as it takes part in a digest. Values are taken as the database driver returns
 * them (a boolean is 0/1 on SQLite, true/false on PostgreSQL): a digest is only ever compared with
 * one made on the same database.
 */
function canonicalValue(value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (Buffer.isBuffer(value)) {
    return { bytes: value.toString('hex') };
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return value;
}

const layouts = new Map<string, string>();

/** A short tag of a row's sorted column names: column hashes compare only between equal layouts. */
function layoutOf(names: string[]): string {
  const key = names.join('\n');
  let layout = layouts.get(key);
  if (layout === undefined) {
    layout = sha256(JSON.stringify(names)).slice(0, 8);
    layouts.set(key, layout);
  }
  return layout;
}

/**
 * The digest of one row (every column, as `SELECT *` returns it) of an audited table: SHA-256 of
 * the table name and the row's columns. Null columns are left out, so that a column added later as
 * nullable does not change the digest of the rows written before it.
 */
export function rowDigest(table: string, row: Record<string, unknown>): string {
  const present = Object.keys(row)
    .sort()
    .flatMap((name) => {
      const value = canonicalValue(row[name]);
      return value === null ? [] : [[name, value]];
    });
  return sha256(JSON.stringify([table, present]));
}

/** Each column's shortened hash, `layout:hashes`, to name the columns that changed. */
export function columnHashes(row: Record<string, unknown>): string {
  const names = Object.keys(row).sort();
  const hashes = Buffer.concat(
    names.map((name) =>
      hash('sha256', JSON.stringify(canonicalValue(row[name])), 'buffer').subarray(0, COLUMN_HASH_BYTES),
    ),
  );
  return `${layoutOf(names)}:${hashes.toString('base64')}`;
}

/** The row's digest and its column hashes, as recorded with an audit entry. */
export function digestRow(table: string, row: Record<string, unknown>): RowDigest {
  return { digest: rowDigest(table, row), columns: columnHashes(row) };
}

/**
 * The columns whose values differ between a recorded row and the row now (both `layout:hashes`),
 * named from the current row's column names; null when the two cannot be compared column by
 * column (the table's columns changed in between, or the recorded value is unreadable).
 */
export function changedColumns(recorded: string, current: string, names: string[]): string[] | null {
  const [beforeLayout, beforeHashes] = recorded.split(':');
  const [afterLayout, afterHashes] = current.split(':');
  if (beforeLayout !== afterLayout || beforeHashes === undefined || afterHashes === undefined) {
    return null;
  }
  const before = Buffer.from(beforeHashes, 'base64');
  const after = Buffer.from(afterHashes, 'base64');
  if (before.length !== after.length || before.length !== names.length * COLUMN_HASH_BYTES) {
    return null;
  }
  return [...names].sort().filter((_, index) => {
    const at = index * COLUMN_HASH_BYTES;
    return !before.subarray(at, at + COLUMN_HASH_BYTES).equals(after.subarray(at, at + COLUMN_HASH_BYTES));
  });
}

/** One row's digest as recorded with an audit entry (a row of audit_row_digests). */
export interface RecordedRowDigest {
  tableName: string;
  rowId: number;
  digest: string;
  /** The column hashes, `layout:hashes` (RowDigest.columns). */
  columns: string;
  /** Columns found changed outside the app when this entry was recorded, comma-separated; or null. */
  changedOutside: string | null;
}

export interface RowsCommitment {
  rowCount: number;
  rowsDigest: string;
}

/**
 * The commitment an audit entry makes to the row digests recorded with it: how many, and a SHA-256
 * over them. It is part of the entry's hashed content, so a recorded digest edited to match an
 * edited row breaks the entry. Rows are added table by table in any table order, each table's in
 * ascending row id (the order a database returns them in for any collation); the tables are then
 * combined in a fixed order.
 */
export class RowsCommitmentBuilder {
  private readonly tables = new Map<string, { hash: Hash; count: number; lastRowId: number }>();
  private count = 0;

  add(row: RecordedRowDigest): void {
    let table = this.tables.get(row.tableName);
    if (!table) {
      table = { hash: createHash('sha256'), count: 0, lastRowId: -Infinity };
      this.tables.set(row.tableName, table);
    }
    if (row.rowId <= table.lastRowId) {
      throw new Error(`Row digests of ${row.tableName} must be added in ascending row id (${row.rowId})`);
    }
    table.hash.update(JSON.stringify([row.rowId, row.digest, row.columns, row.changedOutside]) + '\n');
    table.lastRowId = row.rowId;
    table.count += 1;
    this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  /** The commitment, or null when no rows were added. */
  finish(): RowsCommitment | null {
    if (this.count === 0) {
      return null;
    }
    const lines = [...this.tables.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, table]) => `${name}\t${table.count}\t${table.hash.digest('hex')}\n`);
    return { rowCount: this.count, rowsDigest: sha256(lines.join('')) };
  }
}

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
