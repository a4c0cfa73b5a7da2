import { checkRecordedHeads } from './audit-trail-verification';

const hash = (character: string) => character.repeat(64);
const path = '/srv/tracker/audit-heads.log';

/** A log of entries #1…#count, hashes a, b, c…; every entry has row digests. */
function log(count: number) {
  const hashes = new Map<number, string>();
  const commitments = new Map<number, { rowCount: number; rowsDigest: string }>();
  for (let id = 1; id <= count; id += 1) {
    hashes.set(id, hash(String.fromCharCode(96 + id)));
    commitments.set(id, { rowCount: 1, rowsDigest: hash('0') });
  }
  return { hashes, commitments, lastId: count };
}

const recorded = (...ids: number[]) => ({
  heads: ids.map((id) => ({ id, hash: hash(String.fromCharCode(96 + id)) })),
  unreadableLines: [],
});

describe('checkRecordedHeads', () => {
  it('accepts a log holding every recorded head, in any order (instances share the file)', () => {
    expect(checkRecordedHeads(log(4), { headsPath: path, recordedHeads: recorded(1, 3, 2, 4) })).toEqual([]);
    expect(checkRecordedHeads(log(4), { headsPath: path, recordedHeads: recorded(1, 2) })).toEqual([]);
  });

  it('refuses a log cut short or emptied', () => {
    expect(checkRecordedHeads(log(2), { headsPath: path, recordedHeads: recorded(1, 2, 3, 4) })).toEqual([
      `The audit log ends at entry #2, but ${path} records entries up to #4 (${hash('d')}): entries after #2 were deleted.`,
    ]);
    expect(checkRecordedHeads(log(0), { headsPath: path, recordedHeads: recorded(1, 2) })).toEqual([
      `The audit log is empty, but ${path} records entries up to #2 (${hash('b')}): the audit log was deleted.`,
    ]);
  });

  it('refuses a log rewritten, and a heads file edited', () => {
    const rewritten = log(3);
    rewritten.hashes.set(2, hash('x'));
    rewritten.hashes.set(3, hash('y'));
    expect(checkRecordedHeads(rewritten, { headsPath: path, recordedHeads: recorded(1, 2, 3) })).toEqual([
      `Entry #2 of the audit log does not have the hash ${path} records for it (${hash('b')}) ` +
        '(and 1 more recorded head differs): the log was rewritten or replaced.',
    ]);
    expect(
      checkRecordedHeads(log(1), { headsPath: path, recordedHeads: { ...recorded(1), unreadableLines: [2] } }),
    ).toEqual([`Line 2 of ${path} is not "#id hash": the heads file was edited.`]);
  });

  it('asks for the heads file only when the log has entries from an app that writes one', () => {
    expect(checkRecordedHeads(log(2), { headsPath: path, recordedHeads: null })).toEqual([
      expect.stringContaining(`There is no heads file at ${path}`) as unknown,
    ]);
    const older = { hashes: new Map([[1, hash('a')]]), commitments: new Map(), lastId: 1 };
    expect(checkRecordedHeads(older, { headsPath: path, recordedHeads: null })).toEqual([]);
  });
});
