import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  id: number;
  occurredAt: string;
  actor: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string;
  summary: string | null;
  changes: string;
  prevHash: string;
  hash: string;
}

/**
 * The exact text hashed for an entry: every field but the hash itself, in a fixed order. The id
 * is included, so an entry cannot be moved to another position without breaking its hash.
 */
export function canonicalAuditPayload(entry: Omit<ChainedEntry, 'hash' | 'prevHash'>): string {
  return JSON.stringify([entry.id, entry.occurredAt, entry.actor, entry.ip, entry.action, entry.entityType, entry.entityId, entry.summary, entry.changes]);
}

export function computeAuditHash(prevHash: string, entry: Omit<ChainedEntry, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalAuditPayload(entry)}`).digest('hex');
}

export type ChainVerification =
  | { ok: true; checked: number; head: { id: number; hash: string } | null }
  | { ok: false; checked: number; firstBroken: { id: number; reason: string } };

/**
 * Checks a chain (entries in id order, from the first): each entry's hash must match its content,
 * and its prev_hash the hash of the entry before. With expectedHead (published outside the
 * database) it also detects a chain rewritten or cut short as a whole.
 */
export function verifyAuditChain(entries: Iterable<ChainedEntry>, options: { expectedHead?: string; previous?: { id: number; hash: string } } = {}): ChainVerification {
  let previousHash = options.previous?.hash ?? GENESIS_HASH;
  let previousId = options.previous?.id ?? 0;
  let checked = 0;
  let head: { id: number; hash: string } | null = options.previous ?? null;
  let expectedSeen = options.expectedHead === undefined;
  for (const entry of entries) {
    if (entry.id !== previousId + 1) {
      return { ok: false, checked, firstBroken: { id: entry.id, reason: `entry #${previousId + 1} is missing (the next entry is #${entry.id}): entries were removed` } };
    }
    if (entry.prevHash !== previousHash) {
      return { ok: false, checked, firstBroken: { id: entry.id, reason: 'its previous-hash does not match the entry before it: entries were removed, inserted or reordered' } };
    }
    if (computeAuditHash(entry.prevHash, entry) !== entry.hash) {
      return { ok: false, checked, firstBroken: { id: entry.id, reason: 'its hash does not match its content: the entry was edited' } };
    }
    if (entry.hash === options.expectedHead) {
      expectedSeen = true;
    }
    previousHash = entry.hash;
    previousId = entry.id;
    head = { id: entry.id, hash: entry.hash };
    checked += 1;
  }
  if (!expectedSeen) {
    return {
      ok: false,
      checked,
      firstBroken: { id: head?.id ?? 0, reason: `the published hash ${options.expectedHead} is not in the chain: the chain was rewritten or cut short` },
    };
  }
  return { ok: true, checked, head };
}
