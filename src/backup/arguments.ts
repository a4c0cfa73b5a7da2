/**
 * The command lines of `npm run backup -- [--out FILE]` and `npm run restore -- FILE [--yes]`:
 * what was asked, or the usage error to print.
 */

export const BACKUP_USAGE = `Usage: npm run backup -- [--out FILE]
  Writes one archive (.tar.gz) of the database and DATA_DIR/uploads, by default
  DATA_DIR/backups/tracker-backup-<UTC time>.tar.gz, and prints its path, size and SHA-256.`;

export const RESTORE_USAGE = `Usage: npm run restore -- FILE [--yes]
  Checks the archive, then replaces the database and DATA_DIR/uploads with its contents
  (the previous ones are kept). Stop the app first. --yes restores even though an app may be
  serving the database: on SQLite one that has it open, on PostgreSQL any database that holds data.`;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseBackupArguments(argv: string[]): Parsed<{ out?: string; help: boolean }> {
  let out: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') {
      return { ok: true, value: { help: true } };
    }
    if (argument === '--out' || argument.startsWith('--out=')) {
      const value = argument.includes('=') ? argument.slice('--out='.length) : argv[++index];
      if (!value || value.startsWith('--')) {
        return { ok: false, message: 'Give the file to write after --out, for example --out /backups/tracker.tar.gz' };
      }
      out = value;
    } else {
      return { ok: false, message: `Unknown argument ${argument}` };
    }
  }
  return { ok: true, value: { out, help: false } };
}

export function parseRestoreArguments(argv: string[]): Parsed<{ archive?: string; yes: boolean; help: boolean }> {
  let archive: string | undefined;
  let yes = false;
  for (const argument of argv) {
    if (argument === '--help' || argument === '-h') {
      return { ok: true, value: { yes, help: true } };
    }
    if (argument === '--yes' || argument === '-y') {
      yes = true;
    } else if (argument.startsWith('-')) {
      return { ok: false, message: `Unknown option ${argument}` };
    } else if (archive === undefined) {
      archive = argument;
    } else {
      return { ok: false, message: `Give one backup file to restore, not ${archive} and ${argument}` };
    }
  }
  if (archive === undefined) {
    return { ok: false, message: 'Give the backup file to restore' };
  }
  return { ok: true, value: { archive, yes, help: false } };
}

/** 1234567 → "1.2 MB (1,234,567 bytes)". */
export function describeSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const exact = `${bytes.toLocaleString('en-GB')} bytes`;
  return unit === 0 ? exact : `${value.toFixed(1)} ${units[unit]} (${exact})`;
}
