import {
  canonicalAuditPayload,
  computeAuditHash,
  GENESIS_HASH,
  verifyAuditChain,
  type ChainedEntry,
} from './audit-chain';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= count; id += 1) {
    const entry = {
      id,
      occurredAt: `2026-01-0${id}T10:00:00.000Z`,
      actor: 'amy',
      ip: '127.0.0.1',
      action: 'finding.progress_note',
      entityType: 'finding',
      entityId: 'DER-2025-AFI-01',
      summary: `note ${id}`,
      changes: '{}',
    };
    const hash = computeAuditHash(prevHash, entry);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and names its head', () => {
    const entries = chain(4);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, checked: 4, head: { id: 4, hash: entries[3].hash } });
  });

  it('accepts an empty chain', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, checked: 0, head: null });
  });

  it('names an edited entry', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2], actor: 'mallory' };
    expect(verifyAuditChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { id: 3, reason: expect.stringContaining('was edited') as unknown },
    });
  });

  it('names the gap where an entry was deleted', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verifyAuditChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { id: 3, reason: expect.stringContaining('#2 is missing') as unknown },
    });
  });

  it('detects a chain cut short against the published head', () => {
    const entries = chain(4);
    const published = entries[3].hash;
    expect(verifyAuditChain(entries.slice(0, 3), { expectedHead: published })).toMatchObject({
      ok: false,
      firstBroken: { reason: expect.stringContaining('rewritten or cut short') as unknown },
    });
    expect(verifyAuditChain(entries, { expectedHead: published })).toMatchObject({ ok: true });
  });
});

describe('verifyAuditChain, further tampering', () => {
  it('detects a whole chain rewritten consistently only against the published head', () => {
    const original = chain(3);
    const published = original[2].hash;
    // Whoever can write the database edits entry 2 and recomputes every hash after it.
    const rewritten: ChainedEntry[] = [];
    let prevHash = GENESIS_HASH;
    for (const entry of original) {
      const content = { ...entry, summary: entry.id === 2 ? 'nothing happened' : entry.summary };
      const hash = computeAuditHash(prevHash, content);
      rewritten.push({ ...content, prevHash, hash });
      prevHash = hash;
    }
    expect(verifyAuditChain(rewritten)).toMatchObject({ ok: true, checked: 3 });
    expect(verifyAuditChain(rewritten, { expectedHead: published })).toMatchObject({
      ok: false,
      firstBroken: {
        id: 3,
        reason: expect.stringContaining(`published hash ${published} is not in the chain`) as unknown,
      },
    });
  });

  it('accepts an older published head that later entries followed', () => {
    const entries = chain(4);
    expect(verifyAuditChain(entries, { expectedHead: entries[1].hash })).toMatchObject({ ok: true, checked: 4 });
  });

  it('names an entry whose previous-hash was changed', () => {
    const entries = chain(3);
    entries[1] = { ...entries[1], prevHash: 'f'.repeat(64) };
    expect(verifyAuditChain(entries)).toMatchObject({
      ok: false,
      checked: 1,
      firstBroken: { id: 2, reason: expect.stringContaining('previous-hash does not match') as unknown },
    });
  });

  it('names two entries swapped', () => {
    const entries = chain(3);
    const swapped = [entries[0], { ...entries[2], id: 2 }, { ...entries[1], id: 3 }];
    expect(verifyAuditChain(swapped)).toMatchObject({ ok: false, firstBroken: { id: 2 } });
  });

  it('continues from an earlier page', () => {
    const entries = chain(4);
    expect(verifyAuditChain(entries.slice(2), { previous: { id: 2, hash: entries[1].hash } })).toEqual({
      ok: true,
      checked: 2,
      head: { id: 4, hash: entries[3].hash },
    });
  });

  it('reports an empty chain against a published head as cut short', () => {
    expect(verifyAuditChain([], { expectedHead: 'a'.repeat(64) })).toMatchObject({
      ok: false,
      checked: 0,
      firstBroken: { id: 0 },
    });
  });
});

describe('computeAuditHash', () => {
  it('is a SHA-256 hex digest covering the id and the previous hash', () => {
    const [entry] = chain(1);
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash(GENESIS_HASH, { ...entry, id: 2 })).not.toBe(entry.hash);
    expect(computeAuditHash('1'.repeat(64), entry)).not.toBe(entry.hash);
    expect(computeAuditHash(GENESIS_HASH, entry)).toBe(entry.hash);
  });
});

describe('canonicalAuditPayload with row digests', () => {
  const [entry] = chain(1);

  it('hashes an entry without row digests exactly as entries were hashed before them', () => {
    expect(canonicalAuditPayload({ ...entry, rowCount: null, rowsDigest: null })).toBe(canonicalAuditPayload(entry));
    expect(JSON.parse(canonicalAuditPayload(entry))).toHaveLength(9);
  });

  it('covers the commitment to the row digests when there is one', () => {
    const committed = { ...entry, rowCount: 3, rowsDigest: 'd'.repeat(64) };
    expect(computeAuditHash(GENESIS_HASH, committed)).not.toBe(computeAuditHash(GENESIS_HASH, entry));
    expect(computeAuditHash(GENESIS_HASH, { ...committed, rowCount: 4 })).not.toBe(
      computeAuditHash(GENESIS_HASH, committed),
    );
  });
});
