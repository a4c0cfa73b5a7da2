import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { addDays, nowIso } from '../common/dates';
import { computeAuditHash, GENESIS_HASH, verifyAuditChain, type ChainVerification } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { ListAuditQuery } from './dto/list-audit.query';

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

@Injectable()
export class AuditService {
  private readonly logger = new Logger('AuditChain');

  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * Appends an entry inside the caller's transaction (so the entry exists exactly when the change
   * does). Writes are serialised (WriteTransactions' queue on SQLite, a transaction-scoped advisory
   * lock on PostgreSQL), so each entry follows the current head. The id is assigned here as the
   * last id + 1 rather than by the database: it is part of the hashed content, so it must be known
   * before hashing, and a sequence would leave gaps on rolled-back inserts that verification would
   * read as deleted entries. The new head is also written to the application log, a copy outside
   * the database to check the chain against (`npm run audit:verify -- --expect <hash>`).
   */
  async record(manager: EntityManager, input: AuditInput): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction two writers could read the same head and fork the chain.
      throw new Error('AuditService.record must be called inside the transaction of the change it records');
    }
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    }
    const [last] = await manager.find(AuditEntry, { order: { id: 'DESC' }, take: 1 });
    const content = {
      id: (last?.id ?? 0) + 1,
      occurredAt: nowIso(),
      actor: input.actor,
      ip: input.ip,
      action: input.action,
      entityType: input.entityType,
      entityId: String(input.entityId),
      summary: input.summary ?? null,
      changes: JSON.stringify(input.changes ?? {}),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = await manager.save(
      AuditEntry,
      manager.create(AuditEntry, { ...content, prevHash, hash: computeAuditHash(prevHash, content) }),
    );
    this.logger.log(`Audit chain head #${entry.id} ${entry.hash}`);
    return entry;
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

  /** One page (50, newest first) of the entries matching the filters; dates are whole UTC days. */
  async list(filters: ListAuditQuery): Promise<AuditPage> {
    const page = filters.page ?? 1;
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
    const [rows, total] = await query
      .orderBy('entry.id', 'DESC')
      .skip((page - 1) * PAGE_SIZE)
      .take(PAGE_SIZE)
      .getManyAndCount();
    return { items: rows.map(describeEntry), total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
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
