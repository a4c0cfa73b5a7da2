import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileStamp, filesUnder, Renames, unusedPath } from './files';

describe('backup file helpers', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'backup-files-spec-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('stamps file names with the UTC time, without colons', () => {
    expect(fileStamp(new Date('2026-05-15T10:30:00.123Z'))).toBe('2026-05-15T10-30-00Z');
  });

  it('never picks a name that is taken', async () => {
    writeFileSync(join(folder, 'b.tar.gz'), '');
    writeFileSync(join(folder, 'b-2.tar.gz'), '');
    await expect(unusedPath(join(folder, 'a'), '.tar.gz')).resolves.toBe(join(folder, 'a.tar.gz'));
    await expect(unusedPath(join(folder, 'b'), '.tar.gz')).resolves.toBe(join(folder, 'b-3.tar.gz'));
  });

  it('lists the files under a folder, leaving out those being written', async () => {
    for (const [path, content] of [
      ['ab/ab12-x', '1'],
      ['ab/.ab34-y.tmp', '2'],
      ['cd/cd56-z', '3'],
    ]) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    const listed: string[] = [];
    for await (const path of filesUnder(folder)) {
      listed.push(path);
    }
    expect(listed).toEqual(['ab/ab12-x', 'cd/cd56-z']);
    const none: string[] = [];
    for await (const path of filesUnder(join(folder, 'missing'))) {
      none.push(path);
    }
    expect(none).toEqual([]);
  });

  it('undoes the renames done when a later step fails', async () => {
    writeFileSync(join(folder, 'tracker.sqlite'), 'old');
    writeFileSync(join(folder, 'restored.sqlite'), 'new');
    const renames = new Renames();
    await renames.move(join(folder, 'tracker.sqlite'), join(folder, 'tracker.sqlite.before-restore'));
    await renames.move(join(folder, 'restored.sqlite'), join(folder, 'tracker.sqlite'));
    await expect(renames.move(join(folder, 'missing'), join(folder, 'uploads'))).rejects.toThrow('ENOENT');
    await expect(renames.undo()).resolves.toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['restored.sqlite', 'tracker.sqlite']);
  });
});
