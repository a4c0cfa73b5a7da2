import type { EntityManager } from 'typeorm';
import type { ChainVerification } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { RecordedHeads } from './audit-heads-file';
import { verifyAuditLog } from './audit.service';
import {
  digestsAfter,
  ID_BATCH,
  latestDigestsBetween,
  rowsAfter,
  rowsById,
  type LatestRowDigest,
  type RawRow,
} from './row-digest-store';
import { runSql } from '../database/run-sql';
import {
  AUDITED_TABLE_NAMES,
  AUDITED_TABLES,
  changedColumns,
  DELETED_ROW,
  rowDigest,
  columnHashes,
  isAuditedTable,
  RowsCommitmentBuilder,
  type AuditedTable,
  type RowsCommitment,
} from './row-digests';

/**
 * The whole check behind `npm run audit:verify`: the hash chain (and a published head, --expect),
 * the log against the heads the app recorded outside the database, the row digests against the
 * entries that committed to them, and every row of the audited tables against its latest digest.
 * Run it inside one transaction, so that it reads a single snapshot; read the heads file before
 * the transaction starts, so that every head in it is in the snapshot.
 */

export interface AuditTrailReport {
  chain: ChainVerification;
  heads: { path: string; recorded: number; last: { id: number; hash: string } | null } | null;
  data: { tables: number; rows: number };
  /** Every problem found, each a sentence naming what was changed; empty when all agrees. */
  problems: string[];
}

export interface AuditTrailOptions {
  expectedHead?: string;
  headsPath: string;
  /** The heads file's content, or null when there is no such file. */
  recordedHeads: RecordedHeads | null;
}

export async function verifyAuditTrail(manager: EntityManager, options: AuditTrailOptions): Promise<AuditTrailReport> {
  const chain = await verifyAuditLog(manager.getRepository(AuditEntry), options.expectedHead);
  const log = await readEntries(manager);
  const problems = checkRecordedHeads(log, options);
  const digests = await checkRecordedDigests(manager, log);
  problems.push(...digests.problems);
  const rows = await checkRows(manager);
  problems.push(...(await describeRowProblems(manager, [...rows.problems, ...digests.changedBefore])));
  const recorded = options.recordedHeads?.heads ?? [];
  const last = recorded.reduce<{ id: number; hash: string } | null>(
    (latest, head) => (latest === null || head.id > latest.id ? head : latest),
    null,
  );
  return {
    chain,
    heads: options.recordedHeads ? { path: options.headsPath, recorded: recorded.length, last } : null,
    data: { tables: AUDITED_TABLE_NAMES.length, rows: rows.checked },
    problems,
  };
}

interface LogSummary {
  hashes: Map<number, string>;
  commitments: Map<number, RowsCommitment>;
  lastId: number;
}

/** Each entry's id, hash and commitment to row digests (not its text), 5,000 at a time. */
async function readEntries(manager: EntityManager): Promise<LogSummary> {
  const summary: LogSummary = { hashes: new Map(), commitments: new Map(), lastId: 0 };
  for (;;) {
    const rows = await runSql<{
      id: number | string;
      hash: string;
      row_count: number | null;
      rows_digest: string | null;
    }>(manager, 'SELECT id, hash, row_count, rows_digest FROM audit_log WHERE id > :after ORDER BY id LIMIT 5000', {
      after: summary.lastId,
    });
    for (const row of rows) {
      const id = Number(row.id);
      summary.hashes.set(id, row.hash);
      if (row.rows_digest !== null) {
        summary.commitments.set(id, { rowCount: Number(row.row_count), rowsDigest: row.rows_digest });
      }
      summary.lastId = id;
    }
    if (rows.length < 5000) {
      return summary;
    }
  }
}

/**
 * The log must still hold every head the app recorded outside it: each recorded entry with the
 * hash recorded, none past the log's end. Without the file there is nothing to check against,
 * which is itself a problem once the log has entries from an app that records its heads.
 */
export function checkRecordedHeads(
  log: Pick<LogSummary, 'hashes' | 'commitments' | 'lastId'>,
  options: Pick<AuditTrailOptions, 'headsPath' | 'recordedHeads'>,
): string[] {
  const path = options.headsPath;
  if (!options.recordedHeads) {
    return log.commitments.size > 0
      ? [
          `There is no heads file at ${path}, but the audit log has entries from an app that records its heads ` +
            'there: the log cannot be checked for entries removed from its end. Give the file with --heads FILE.',
        ]
      : [];
  }
  const problems: string[] = [];
  const { heads, unreadableLines } = options.recordedHeads;
  if (unreadableLines.length > 0) {
    const lines = unreadableLines.length === 1 ? `Line ${unreadableLines[0]}` : `Lines ${unreadableLines.join(', ')}`;
    const are = unreadableLines.length === 1 ? 'is' : 'are';
    problems.push(`${lines} of ${path} ${are} not "#id hash": the heads file was edited.`);
  }
  const beyond = heads.filter((head) => head.id > log.lastId).sort((a, b) => b.id - a.id);
  if (beyond.length > 0) {
    const last = beyond[0];
    problems.push(
      log.lastId === 0
        ? `The audit log is empty, but ${path} records entries up to #${last.id} (${last.hash}): the audit log was deleted.`
        : `The audit log ends at entry #${log.lastId}, but ${path} records entries up to #${last.id} (${last.hash}): ` +
            `entries after #${log.lastId} were deleted.`,
    );
  }
  const differing = heads.filter((head) => head.id <= log.lastId && log.hashes.get(head.id) !== head.hash);
  if (differing.length > 0) {
    const first = differing.reduce((a, b) => (b.id < a.id ? b : a));
    const others = differing.length - 1;
    const more = others > 0 ? ` (and ${others} more recorded ${others === 1 ? 'head differs' : 'heads differ'})` : '';
    problems.push(
      `Entry #${first.id} of the audit log does not have the hash ${path} records for it (${first.hash})${more}: ` +
        'the log was rewritten or replaced.',
    );
  }
  return problems;
}

/**
 * Each entry's row digests must be exactly those it committed to, and none may name a missing
 * entry. Also returns the rows an entry found changed outside the app when it recorded them.
 */
async function checkRecordedDigests(
  manager: EntityManager,
  log: LogSummary,
): Promise<{ problems: string[]; changedBefore: RowProblem[] }> {
  const changedBefore: RowProblem[] = [];
  const altered: number[] = [];
  const unknown: number[] = [];
  const seen = new Set<number>();
  const finish = (entryId: number, rows: RowsCommitmentBuilder) => {
    seen.add(entryId);
    const expected = log.commitments.get(entryId);
    const found = rows.finish();
    if (!log.hashes.has(entryId)) {
      unknown.push(entryId);
    } else if (expected?.rowsDigest !== found?.rowsDigest || expected?.rowCount !== found?.rowCount) {
      altered.push(entryId);
    }
  };
  let entryId: number | null = null;
  let rows = new RowsCommitmentBuilder();
  let position: LatestRowDigest | null = null;
  for (;;) {
    const batch = await digestsAfter(manager, position, 2000);
    for (const digest of batch) {
      if (digest.auditEntryId !== entryId) {
        if (entryId !== null) {
          finish(entryId, rows);
        }
        entryId = digest.auditEntryId;
        rows = new RowsCommitmentBuilder();
      }
      rows.add(digest);
      if (digest.changedOutside && isAuditedTable(digest.tableName)) {
        changedBefore.push({
          table: digest.tableName,
          rowId: digest.rowId,
          kind: 'changed_before',
          columns: digest.changedOutside.split(', '),
          entryId: digest.auditEntryId,
        });
      }
    }
    if (batch.length < 2000) {
      break;
    }
    position = batch[batch.length - 1];
  }
  if (entryId !== null) {
    finish(entryId, rows);
  }
  for (const id of log.commitments.keys()) {
    if (!seen.has(id)) {
      altered.push(id);
    }
  }
  const problems = altered
    .sort((a, b) => a - b)
    .map(
      (id) =>
        `The row digests recorded with entry #${id} are not those its hash covers ` +
        `(${log.commitments.get(id)?.rowCount ?? 0} rows): they were edited, added or removed outside the app.`,
    );
  if (unknown.length > 0) {
    problems.push(
      `Row digests name ${entryNumbers(unknown)}, not in the audit log: the entries were deleted, ` +
        'or the digests added outside the app.',
    );
  }
  return { problems, changedBefore };
}

interface RowProblem {
  table: AuditedTable;
  rowId: number;
  kind: 'changed' | 'added' | 'deleted' | 'changed_before';
  columns: string[];
  entryId?: number;
  row?: RawRow;
}

/** Every row of every audited table against its latest digest, 1,000 rows at a time. */
async function checkRows(manager: EntityManager): Promise<{ checked: number; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  let checked = 0;
  for (const table of AUDITED_TABLE_NAMES) {
    let after = 0;
    for (;;) {
      const rows = await rowsAfter(manager, table, after, 1000);
      const upTo = rows.length < 1000 ? null : Number(rows[rows.length - 1].id);
      const digests = new Map(
        (await latestDigestsBetween(manager, table, after, upTo)).map((digest) => [digest.rowId, digest]),
      );
      for (const row of rows) {
        const rowId = Number(row.id);
        const recorded = digests.get(rowId);
        digests.delete(rowId);
        checked += 1;
        if (!recorded || recorded.digest === DELETED_ROW) {
          problems.push({ table, rowId, kind: 'added', columns: [], row });
          continue;
        }
        if (rowDigest(table, row) !== recorded.digest) {
          problems.push({
            table,
            rowId,
            kind: 'changed',
            columns: changedColumns(recorded.columns, columnHashes(row), Object.keys(row)) ?? [],
            row,
          });
        }
      }
      for (const missing of digests.values()) {
        if (missing.digest !== DELETED_ROW) {
          problems.push({ table, rowId: missing.rowId, kind: 'deleted', columns: [] });
        }
      }
      if (upTo === null) {
        break;
      }
      after = upTo;
    }
  }
  return { checked, problems };
}

/** Each row problem as a sentence naming the row as a reader knows it (a finding by its reference). */
async function describeRowProblems(manager: EntityManager, problems: RowProblem[]): Promise<string[]> {
  await loadRows(manager, problems);
  const findingIds = new Set<number>();
  for (const problem of problems) {
    const column = AUDITED_TABLES[problem.table].findingColumn;
    if (problem.table === 'findings') {
      findingIds.add(problem.rowId);
    } else if (column && problem.row && problem.row[column] !== null && problem.row[column] !== undefined) {
      findingIds.add(Number(problem.row[column]));
    }
  }
  const references = new Map<number, string>();
  const ids = [...findingIds];
  for (let start = 0; start < ids.length; start += ID_BATCH) {
    for (const [id, row] of await rowsById(manager, 'findings', ids.slice(start, start + ID_BATCH))) {
      references.set(id, String(row.reference));
    }
  }
  return problems.map((problem) => {
    const name = rowName(problem, references);
    const columns = problem.columns.join(', ');
    switch (problem.kind) {
      case 'added':
        return `${name} added outside the app`;
      case 'deleted':
        return `${name} deleted outside the app`;
      case 'changed':
        return columns
          ? `${name} changed outside the app: ${columns}`
          : `${name} does not match the digest recorded for it: it or its digest was changed outside the app`;
      case 'changed_before':
        return `${name} had been changed outside the app when entry #${problem.entryId} recorded a change to it: ${columns}`;
    }
  });
}

/** The current row of each problem that has none yet (a row noted by an earlier entry), where it still exists. */
async function loadRows(manager: EntityManager, problems: RowProblem[]): Promise<void> {
  for (const table of AUDITED_TABLE_NAMES) {
    const wanted = problems.filter((problem) => problem.table === table && !problem.row);
    const ids = [...new Set(wanted.map((problem) => problem.rowId))];
    for (let start = 0; start < ids.length; start += ID_BATCH) {
      const rows = await rowsById(manager, table, ids.slice(start, start + ID_BATCH));
      for (const problem of wanted) {
        problem.row ??= rows.get(problem.rowId);
      }
    }
  }
}

function rowName(problem: RowProblem, references: Map<number, string>): string {
  const { label, findingColumn } = AUDITED_TABLES[problem.table];
  if (problem.table === 'findings') {
    return problem.row ? `finding ${String(problem.row.reference)}` : `finding #${problem.rowId}`;
  }
  if (problem.table === 'users') {
    return problem.row ? `user ${String(problem.row.username)}` : `user #${problem.rowId}`;
  }
  const findingId = findingColumn && problem.row ? Number(problem.row[findingColumn]) : NaN;
  const reference = references.get(findingId);
  const of = problem.table === 'finding_links' ? 'from' : 'of';
  return `${label} #${problem.rowId}${reference ? ` ${of} finding ${reference}` : ''}`;
}

/** "entry #4", "entries #4–#6, #9". */
function entryNumbers(ids: number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let end = start;
  for (const id of [...sorted.slice(1), NaN]) {
    if (id === end + 1) {
      end = id;
      continue;
    }
    parts.push(start === end ? `#${start}` : `#${start}–#${end}`);
    start = id;
    end = id;
  }
  return `${ids.length === 1 ? 'entry' : 'entries'} ${parts.join(', ')}`;
}
