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
  /** The entry's commitment to the row digests recorded with it (absent or null: none). */
  rowCount?: number | null;
  rowsDigest?: string | null;
  prevHash: string;
  hash: string;
}

/**
 * The exact text hashed for an entry: every field but prev_hash (hashed alongside, see
 * computeAuditHash) and the hash itself, as a JSON array in a fixed order (JSON, so that no value
 * can forge a field boundary). The id is included: it binds each entry to its position, so a
 * deleted entry leaves a gap in the ids that cannot be closed by renumbering the entries after it
 * without recomputing every later hash, and a moved entry no longer matches its own hash. (The
 * application assigns ids as previous + 1 inside the serialised write, so the id is known before
 * the entry is hashed; see AuditService.record.) The commitment to the entry's row digests is
 * added at the end only when there is one, so entries written before row digests existed keep the
 * hashes they were written with.
 */
export function canonicalAuditPayload(entry: Omit<ChainedEntry, 'hash' | 'prevHash'>): string {
  const fields: unknown[] = [
    entry.id,
    entry.occurredAt,
    entry.actor,
    entry.ip,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.summary,
    entry.changes,
  ];
  if (entry.rowsDigest !== undefined && entry.rowsDigest !== null) {
    fields.push(entry.rowCount ?? null, entry.rowsDigest);
  } else if (entry.rowCount !== undefined && entry.rowCount !== null) {
    // A count without a digest is never written; hashing it keeps a count added later from passing.
    fields.push(entry.rowCount, null);
  }
  return JSON.stringify(fields);
}

/** SHA-256 (hex) of the previous entry's hash, a newline and this entry's canonical payload. */
export function computeAuditHash(prevHash: string, entry: Omit<ChainedEntry, 'hash' | 'prevHash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditPayload(entry)}`)
    .digest('hex');
}

export type ChainVerification =
  | { ok: true; checked: number; head: { id: number; hash: string } | null }
  | { ok: false; checked: number; firstBroken: { id: number; reason: string } };

/**
 * Checks a chain (entries in id order, from the first): ids must run 1, 2, 3… without gaps, each
 * entry's prev_hash must be the hash of the entry before, and its hash must match its content.
 * Stops at the first broken entry. With expectedHead (a head hash published outside the database:
 * application log, board pack) it also detects a chain rewritten or cut short as a whole, which
 * is otherwise undetectable because a rewritten chain is internally consistent. The published
 * hash may be an older head, so it must appear somewhere in the chain, not necessarily last.
 * `previous` continues a check begun on an earlier page of entries.
 */
export function verifyAuditChain(
  entries: Iterable<ChainedEntry>,
  options: { expectedHead?: string; previous?: { id: number; hash: string } } = {},
): ChainVerification {
  let previousHash = options.previous?.hash ?? GENESIS_HASH;
  let previousId = options.previous?.id ?? 0;
  let checked = 0;
  let head: { id: number; hash: string } | null = options.previous ?? null;
  let expectedSeen = options.expectedHead === undefined;
  for (const entry of entries) {
    if (entry.id !== previousId + 1) {
      return {
        ok: false,
        checked,
        firstBroken: {
          id: entry.id,
          reason: `entry #${previousId + 1} is missing (the next entry is #${entry.id}): entries were removed`,
        },
      };
    }
    if (entry.prevHash !== previousHash) {
      return {
        ok: false,
        checked,
        firstBroken: {
          id: entry.id,
          reason: 'its previous-hash does not match the entry before it: entries were removed, inserted or reordered',
        },
      };
    }
    if (computeAuditHash(entry.prevHash, entry) !== entry.hash) {
      return {
        ok: false,
        checked,
        firstBroken: { id: entry.id, reason: 'its hash does not match its content: the entry was edited' },
      };
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
      firstBroken: {
        id: head?.id ?? 0,
        reason: `the published hash ${options.expectedHead} is not in the chain: the chain was rewritten or cut short`,
      },
    };
  }
  return { ok: true, checked, head };
}
