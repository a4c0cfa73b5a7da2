import { describeSize, parseBackupArguments, parseRestoreArguments } from './arguments';

describe('backup and restore arguments', () => {
  it('reads backup’s --out', () => {
    expect(parseBackupArguments([])).toEqual({ ok: true, value: { out: undefined, help: false } });
    expect(parseBackupArguments(['--out', 'a.tar.gz'])).toEqual({ ok: true, value: { out: 'a.tar.gz', help: false } });
    expect(parseBackupArguments(['--out=b.tar.gz'])).toEqual({ ok: true, value: { out: 'b.tar.gz', help: false } });
    expect(parseBackupArguments(['--out'])).toEqual({
      ok: false,
      message: 'Give the file to write after --out, for example --out /backups/tracker.tar.gz',
    });
    expect(parseBackupArguments(['--output', 'x'])).toEqual({ ok: false, message: 'Unknown argument --output' });
  });

  it('reads restore’s file and --yes', () => {
    expect(parseRestoreArguments(['a.tar.gz'])).toEqual({
      ok: true,
      value: { archive: 'a.tar.gz', yes: false, help: false },
    });
    expect(parseRestoreArguments(['--yes', 'a.tar.gz'])).toEqual({
      ok: true,
      value: { archive: 'a.tar.gz', yes: true, help: false },
    });
    expect(parseRestoreArguments([])).toEqual({ ok: false, message: 'Give the backup file to restore' });
    expect(parseRestoreArguments(['a', 'b'])).toEqual({
      ok: false,
      message: 'Give one backup file to restore, not a and b',
    });
    expect(parseRestoreArguments(['a', '--force'])).toEqual({ ok: false, message: 'Unknown option --force' });
  });

  it('describes a size for people', () => {
    expect(describeSize(512)).toBe('512 bytes');
    expect(describeSize(1_234_567)).toBe('1.2 MB (1,234,567 bytes)');
  });
});
