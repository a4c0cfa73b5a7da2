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
   * does). Writes are serialised (one queue on SQLite, an advisory lock on PostgreSQL), so each
   * entry follows the current head. The new head is also written to the application log, a copy
   * outside the database to check the chain against.
   */
  async record(manager: EntityManager, input: AuditInput): Promise<AuditEntry> {
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
    const entry = await manager.save(AuditEntry, manager.create(AuditEntry, { ...content, prevHash, hash: computeAuditHash(prevHash, content) }));
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

  async list(filters: ListAuditQuery) {
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

  async actions(): Promise<string[]> {
    const rows = await this.entries.createQueryBuilder('entry').select('DISTINCT entry.action', 'action').orderBy('action', 'ASC').getRawMany<{ action: string }>();
    return rows.map((row) => row.action);
  }
}

/** Verifies the chain held in a repository (used by the service and by `npm run audit:verify`). */
export async function verifyAuditLog(entries: Repository<AuditEntry>, expectedHead?: string): Promise<ChainVerification> {
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
    return { ok: false, checked, firstBroken: { id: previous?.id ?? 0, reason: `the published hash ${expectedHead} is not in the chain: the chain was rewritten or cut short` } };
  }
  return { ok: true, checked, head: previous ?? null };
}

function describeEntry(entry: AuditEntry) {
  const changes = JSON.parse(entry.changes) as Record<string, [unknown, unknown]>;
  const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    ip: entry.ip,
    action: entry.action,
    entity: `${entry.entityType} ${entry.entityId}`,
    summary: entry.summary,
    changes: Object.entries(changes).map(([field, [before, after]]) => ({ field, before: show(before), after: show(after) })),
    hash: entry.hash,
  };
}
