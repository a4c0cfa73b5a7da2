import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendHeads, parseHeads, readHeadsFile } from './audit-heads-file';

const hash = (character: string) => character.repeat(64);

describe('the audit heads file', () => {
  it('reads each "#id hash" line and names the lines that are not', () => {
    expect(parseHeads(`#1 ${hash('a')}\n#2 ${hash('b')}\n\n#3 nothing\n#4 ${hash('c')}\n`)).toEqual({
      heads: [
        { id: 1, hash: hash('a') },
        { id: 2, hash: hash('b') },
        { id: 4, hash: hash('c') },
      ],
      unreadableLines: [4],
    });
    expect(parseHeads('')).toEqual({ heads: [], unreadableLines: [] });
  });

  it('appends to the file, making its folder, and reads back what it wrote', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tracker-heads-'));
    try {
      const path = join(folder, 'data', 'audit-heads.log');
      expect(readHeadsFile(path)).toBeNull();
      await appendHeads(path, [{ id: 1, hash: hash('a') }]);
      await appendHeads(path, [
        { id: 2, hash: hash('b') },
        { id: 3, hash: hash('c') },
      ]);
      expect(readFileSync(path, 'utf8')).toBe(`#1 ${hash('a')}\n#2 ${hash('b')}\n#3 ${hash('c')}\n`);
      expect(readHeadsFile(path)?.heads.map((head) => head.id)).toEqual([1, 2, 3]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
