import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { addDays, nowIso } from '../common/dates';
import { WriteTransactions } from '../database/write-transactions';
import { computeAuditHash, GENESIS_HASH, verifyAuditChain, type ChainVerification } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditedWrites, type TableWrites } from './audited-writes';
import type { ListAuditQuery } from './dto/list-audit.query';
import {
  allIds,
  ID_BATCH,
  insertDigests,
  latestDigestsById,
  rowsById,
  tableHasDigests,
  type LatestRowDigest,
} from './row-digest-store';
import { runSql } from '../database/run-sql';
import {
  AUDITED_TABLE_NAMES,
  changedColumns,
  DELETED_ROW,
  rowDigest,
  columnHashes,
  RowsCommitmentBuilder,
  type AuditedTable,
  type RecordedRowDigest,
  type RowsCommitment,
} from './row-digests';

export interface AuditInput {
  actor: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | number;
  summary?: string;
  changes?: Record<string, [unknown, unknown]>;
}

/** A fixed key for PostgreSQL's advisory lock that keeps two app instances from forking the chain. */
const AUDIT_CHAIN_LOCK = 7405731;
const PAGE_SIZE = 50;
const BASELINE_ACTION = 'audit.baseline';

/** The row of an audited table an entry names, by its entity type: covered by the entry. */
const NAMED_ROWS: Record<string, { table: AuditedTable; by: 'id' | 'reference' }> = {
  finding: { table: 'findings', by: 'reference' },
  action: { table: 'actions', by: 'id' },
  evidence: { table: 'evidence', by: 'id' },
  user: { table: 'users', by: 'id' },
};

@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditChain');

  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly writes: AuditedWrites,
    private readonly transactions: WriteTransactions,
  ) {}

  /** Rows written before the audit covered the data are recorded once, in a baseline entry. */
  async onApplicationBootstrap(): Promise<void> {
    await this.ensureBaseline();
  }

  /**
   * Appends an entry inside the caller's transaction (so the entry exists exactly when the change
   * does). Writes are serialised (WriteTransactions' queue on SQLite, a transaction-scoped advisory
   * lock on PostgreSQL), so each entry follows the current head. The id is assigned here as the
   * last id + 1 rather than by the database: it is part of the hashed content, so it must be known
   * before hashing, and a sequence would leave gaps on rolled-back inserts that verification would
   * read as deleted entries.
   *
   * With the entry go the digests of the rows of audited tables the transaction wrote (AuditedWrites)
   * and of the row the entry names, as they now stand (audit_row_digests), and the entry's hash
   * covers them (row_count, rows_digest): `npm run audit:verify` compares the data with them. A row
   * whose earlier digest shows columns changed since, other than those this transaction set, was
   * changed outside the app; the digest records which columns, so that stays reported.
   *
   * The new head is written to the application log, and, once the transaction commits, appended
   * to DATA_DIR/audit-heads.log: copies outside the database to check the chain against.
   */
  async record(manager: EntityManager, input: AuditInput): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction two writers could read the same head and fork the chain.
      throw new Error('AuditService.record must be called inside the transaction of the change it records');
    }
    await lockChain(manager);
    const [last] = await manager.find(AuditEntry, { order: { id: 'DESC' }, take: 1 });
    const id = (last?.id ?? 0) + 1;
    const written = this.writes.take(manager);
    await addNamedRow(manager, written, input);
    const commitment = await recordRowDigests(manager, id, written);
    const content = {
      id,
      occurredAt: nowIso(),
      actor: input.actor,
      ip: input.ip,
      action: input.action,
      entityType: input.entityType,
      entityId: String(input.entityId),
      summary: input.summary ?? null,
      changes: JSON.stringify(input.changes ?? {}),
      rowCount: commitment?.rowCount ?? null,
      rowsDigest: commitment?.rowsDigest ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = await manager.save(
      AuditEntry,
      manager.create(AuditEntry, { ...content, prevHash, hash: computeAuditHash(prevHash, content) }),
    );
    this.writes.headRecorded(manager, { id: entry.id, hash: entry.hash });
    this.logger.log(`Audit chain head #${entry.id} ${entry.hash}`);
    return entry;
  }

  /**
   * Names rows of an audited table written in this transaction by a query-builder update, which
   * TypeORM does not report row by row, so that the audit entry recorded next covers them.
   */
  wrote(manager: EntityManager, table: AuditedTable, ids: Iterable<number>): void {
    this.writes.wrote(manager, table, ids);
  }

  /**
   * Once in a database's life, at start: records the digest of every row of the audited tables
   * that none has yet, in an 'audit.baseline' entry. In a database from before row digests that is
   * every row; in a new one, none (each row came with an entry of its own), and the entry only
   * marks that the baseline is done. Never again after that: a row without a digest is from then
   * on a row added outside the app. Rows already covered keep their digests (a row that differs
   * from its digest is noted as changed outside the app, as record() notes any).
   */
  async ensureBaseline(): Promise<AuditEntry | null> {
    return this.transactions.run(async (manager) => {
      await lockChain(manager);
      if (await manager.exists(AuditEntry, { where: { action: BASELINE_ACTION } })) {
        return null;
      }
      let rows = 0;
      for (const table of AUDITED_TABLE_NAMES) {
        const ids = await allIds(manager, table);
        this.writes.wrote(manager, table, ids);
        rows += ids.length;
      }
      const entry = await this.record(manager, {
        actor: 'system',
        ip: null,
        action: BASELINE_ACTION,
        entityType: 'audit',
        entityId: 'baseline',
        summary: 'Baseline: every row of the audited tables has a digest from here on',
      });
      this.logger.log(
        `Audit baseline (entry #${entry.id}): ${entry.rowCount ?? 0} of the ${rows} rows of the audited tables had no digest yet`,
      );
      return entry;
    });
  }

  async latestHead(): Promise<{ id: number; hash: string } | null> {
    const [last] = await this.entries.find({ order: { id: 'DESC' }, take: 1 });
    return last ? { id: last.id, hash: last.hash } : null;
  }

  /** Checks the whole chain, 1,000 entries at a time. */
  async verify(expectedHead?: string): Promise<ChainVerification> {
    return verifyAuditLog(this.entries, expectedHead);
  }

  /** Every entry about one thing (e.g. 'finding', 'DER-2025-AFI-01'), newest first. */
  async forEntity(entityType: string, entityId: string | number): Promise<AuditEntryView[]> {
    const rows = await this.entries.find({ where: { entityType, entityId: String(entityId) }, order: { id: 'DESC' } });
    return rows.map(describeEntry);
  }

  /**
   * One page (50, newest first) of the entries matching the filters; dates are whole UTC days. A
   * page number past the last gives the last page.
   */
  async list(filters: ListAuditQuery): Promise<AuditPage> {
    const query = this.filteredEntries(filters);
    // A page past the last (an old link, or a number typed in) shows the last page.
    const total = await query.clone().getCount();
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(filters.page ?? 1, pageCount);
    const rows = await query
      .orderBy('entry.id', 'DESC')
      .skip((page - 1) * PAGE_SIZE)
      .take(PAGE_SIZE)
      .getMany();
    return { items: rows.map(describeEntry), total, page, pageCount };
  }

  /**
   * Every entry matching the filters (all the pages of the list), newest first as the page shows them, in chunks of
   * `chunkSize` read by id (each chunk starts below the last one's id), for an export of any size.
   */
  async *matchingChunks(filters: ListAuditQuery, chunkSize = 500): AsyncGenerator<AuditEntryView[]> {
    let below: number | null = null;
    for (;;) {
      const query = this.filteredEntries(filters);
      if (below !== null) {
        query.andWhere('entry.id < :below', { below });
      }
      const rows = await query.orderBy('entry.id', 'DESC').take(chunkSize).getMany();
      if (rows.length > 0) {
        yield rows.map(describeEntry);
        below = rows[rows.length - 1].id;
      }
      if (rows.length < chunkSize) {
        return;
      }
    }
  }

  /** The entries matching the filters; dates are whole UTC days. */
  private filteredEntries(filters: ListAuditQuery) {
    const query = this.entries.createQueryBuilder('entry');
    if (filters.actor) {
      query.andWhere('entry.actor = :actor', { actor: filters.actor.toLowerCase() });
    }
    if (filters.action) {
      query.andWhere('entry.action = :action', { action: filters.action });
    }
    if (filters.entityType) {
      query.andWhere('entry.entityType = :entityType', { entityType: filters.entityType });
    }
    if (filters.entityId) {
      query.andWhere('entry.entityId = :entityId', { entityId: filters.entityId });
    }
    if (filters.from) {
      query.andWhere('entry.occurredAt >= :from', { from: filters.from });
    }
    if (filters.to) {
      query.andWhere('entry.occurredAt < :to', { to: addDays(filters.to, 1) });
    }
    return query;
  }

  /** The actions and entity types present in the log, for the filter form's selects. */
  async filterOptions(): Promise<{ actions: string[]; entityTypes: string[] }> {
    const distinct = async (column: 'action' | 'entityType') => {
      const rows = await this.entries
        .createQueryBuilder('entry')
        .select(`DISTINCT entry.${column}`, 'value')
        .orderBy('value', 'ASC')
        .getRawMany<{ value: string }>();
      return rows.map((row) => row.value);
    };
    const [actions, entityTypes] = await Promise.all([distinct('action'), distinct('entityType')]);
    return { actions, entityTypes };
  }
}

/** Verifies the chain held in a repository (used by the service and by `npm run audit:verify`). */
export async function verifyAuditLog(
  entries: Repository<AuditEntry>,
  expectedHead?: string,
): Promise<ChainVerification> {
  let previous: { id: number; hash: string } | undefined;
  let checked = 0;
  let expectedSeen = expectedHead === undefined;
  for (;;) {
    const batch = await entries.find({ where: { id: MoreThan(previous?.id ?? 0) }, order: { id: 'ASC' }, take: 1000 });
    if (batch.length === 0) {
      break;
    }
    const result = verifyAuditChain(batch, { previous });
    if (!result.ok) {
      return { ok: false, checked: checked + result.checked, firstBroken: result.firstBroken };
    }
    expectedSeen ||= batch.some((entry) => entry.hash === expectedHead);
    checked += result.checked;
    previous = result.head ?? previous;
  }
  if (!expectedSeen) {
    return {
      ok: false,
      checked,
      firstBroken: {
        id: previous?.id ?? 0,
        reason: `the published hash ${expectedHead} is not in the chain: the chain was rewritten or cut short`,
      },
    };
  }
  return { ok: true, checked, head: previous ?? null };
}

export interface AuditEntryView {
  id: number;
  occurredAt: string;
  actor: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string;
  entity: string;
  summary: string | null;
  changes: Array<{ field: string; before: string; after: string }>;
  hash: string;
}

export interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageCount: number;
}

function describeEntry(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    ip: entry.ip,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    entity: `${entry.entityType} ${entry.entityId}`,
    summary: entry.summary,
    changes: describeChanges(entry.changes),
    hash: entry.hash,
  };
}

/**
 * field: old → new, one line each. Tolerates a changes column that is not the expected JSON (a
 * tampered row must still be shown, beside the verification naming it, not break the page).
 */
function describeChanges(json: string): Array<{ field: string; before: string; after: string }> {
  const show = (value: unknown) =>
    value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [{ field: '(unreadable)', before: '—', after: json }];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return [{ field: '(unreadable)', before: '—', after: json }];
  }
  return Object.entries(parsed as Record<string, unknown>).map(([field, pair]) =>
    Array.isArray(pair) && pair.length === 2
      ? { field, before: show(pair[0]), after: show(pair[1]) }
      : { field, before: '—', after: show(pair) },
  );
}

async function lockChain(manager: EntityManager): Promise<void> {
  if (manager.connection.options.type === 'postgres') {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  }
}

/** Adds the row an entry names (e.g. the action of 'action.updated') to the rows it covers. */
async function addNamedRow(manager: EntityManager, written: Map<AuditedTable, TableWrites>, input: AuditInput) {
  const named = Object.prototype.hasOwnProperty.call(NAMED_ROWS, input.entityType)
    ? NAMED_ROWS[input.entityType]
    : undefined;
  if (!named) {
    return;
  }
  let id: number | undefined;
  if (named.by === 'reference') {
    const [row] = await runSql<{ id: number | string }>(
      manager,
      `SELECT id FROM "${named.table}" WHERE reference = :reference`,
      { reference: String(input.entityId) },
    );
    id = row ? Number(row.id) : undefined;
  } else if (/^\d{1,15}$/.test(String(input.entityId))) {
    id = Number(input.entityId);
  }
  if (id === undefined) {
    return;
  }
  const writes = written.get(named.table) ?? { rowIds: new Set<number>(), updatedColumns: new Set<string>() };
  writes.rowIds.add(id);
  written.set(named.table, writes);
}

/**
 * Records the digests of the rows written, as they now stand, with entry `entryId`, a batch at a
 * time (a baseline may cover hundreds of thousands of rows), and returns the commitment the entry
 * makes to them. A row unchanged since its latest digest needs no new one.
 */
async function recordRowDigests(
  manager: EntityManager,
  entryId: number,
  written: Map<AuditedTable, TableWrites>,
): Promise<RowsCommitment | null> {
  const commitment = new RowsCommitmentBuilder();
  for (const [table, writes] of written) {
    const ids = [...writes.rowIds].sort((a, b) => a - b);
    // A table with no digest yet (every table, at the baseline of a database filled before the audit
    // covered it) has no earlier digest to look up: each batch below writes digests of its own rows
    // only. Skipping the lookup matters there: on PostgreSQL the digests written so far in this one
    // transaction have no planner statistics, and looking them up batch by batch grew with their number.
    const anyDigest = await tableHasDigests(manager, table);
    for (let start = 0; start < ids.length; start += ID_BATCH) {
      const batch = ids.slice(start, start + ID_BATCH);
      const [current, previous] = await Promise.all([
        rowsById(manager, table, batch),
        anyDigest ? latestDigestsById(manager, table, batch) : new Map<number, LatestRowDigest>(),
      ]);
      const recorded: RecordedRowDigest[] = [];
      for (const rowId of batch) {
        const row = current.get(rowId);
        const before = previous.get(rowId);
        if (!row) {
          if (before && before.digest !== DELETED_ROW) {
            recorded.push({ tableName: table, rowId, digest: DELETED_ROW, columns: '{}', changedOutside: null });
          }
          continue;
        }
        const digest = rowDigest(table, row);
        if (before?.digest === digest) {
          continue;
        }
        const columns = columnHashes(row);
        // Columns changed since the row's last digest that this transaction did not set were changed
        // outside the app; the new digest must not adopt them silently. (Columns that cannot be
        // compared, after a change to the table's columns, are given the benefit of the doubt.)
        const outside =
          before && before.digest !== DELETED_ROW
            ? (changedColumns(before.columns, columns, Object.keys(row)) ?? []).filter(
                (column) => !writes.updatedColumns.has(column),
              )
            : [];
        recorded.push({
          tableName: table,
          rowId,
          digest,
          columns,
          changedOutside: outside.length > 0 ? outside.join(', ') : null,
        });
      }
      recorded.forEach((digest) => commitment.add(digest));
      await insertDigests(manager, entryId, recorded);
    }
  }
  return commitment.finish();
}
