import { computeAuditHash, GENESIS_HASH, verifyAuditChain, type ChainedEntry } from './audit-chain';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= count; id += 1) {
    const entry = { id, occurredAt: `2026-01-0${id}T10:00:00.000Z`, actor: 'amy', ip: '127.0.0.1', action: 'finding.progress_note', entityType: 'finding', entityId: 'DER-2025-AFI-01', summary: `note ${id}`, changes: '{}' };
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
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, firstBroken: { id: 3, reason: expect.stringContaining('was edited') } });
  });

  it('names the gap where an entry was deleted', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, firstBroken: { id: 3, reason: expect.stringContaining('#2 is missing') } });
  });

  it('detects a chain cut short against the published head', () => {
    const entries = chain(4);
    const published = entries[3].hash;
    expect(verifyAuditChain(entries.slice(0, 3), { expectedHead: published })).toMatchObject({
      ok: false,
      firstBroken: { reason: expect.stringContaining('rewritten or cut short') },
    });
    expect(verifyAuditChain(entries, { expectedHead: published })).toMatchObject({ ok: true });
  });
});
