/**
 * Backs up the database and the evidence files into one archive:
 *   npm run backup                        # DATA_DIR/backups/tracker-backup-<UTC time>.tar.gz
 *   npm run backup -- --out FILE          # that file (it must not exist)
 * SQLite (DATA_DIR) is copied with SQLite's online backup API while the app runs; PostgreSQL
 * (DATABASE_URL) with pg_dump. Prints the archive's path, size and SHA-256 (note them: restore
 * checks the archive against its own manifest, and the SHA-256 shows the archive is the one made).
 * Exits 0 when written, 1 when it failed or the database in it will not restore, 2 for a usage error.
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { BACKUP_USAGE, describeSize, parseBackupArguments } from '../src/backup/arguments';
import { BackupError, createBackup } from '../src/backup/backup';
import { describeAudit } from '../src/backup/database-facts';
import { PostgresToolError } from '../src/backup/postgres-tools';
import { InvalidEnvironmentError, validateEnvironment } from '../src/config/env.validation';

async function main(): Promise<number> {
  const parsed = parseBackupArguments(process.argv.slice(2));
  if (!parsed.ok || parsed.value.help) {
    console.error(`${parsed.ok ? '' : `${parsed.message}\n\n`}${BACKUP_USAGE}`);
    return parsed.ok ? 0 : 2;
  }
  try {
    const env = validateEnvironment(process.env);
    const result = await createBackup(env, { out: parsed.value.out });
    const database = result.manifest.database;
    console.log(`Backup written to ${result.path}`);
    console.log(`  Size: ${describeSize(result.sizeBytes)}`);
    console.log(`  SHA-256: ${result.sha256}`);
    console.log(
      `  Database: ${database.engine === 'sqlite' ? 'SQLite' : `PostgreSQL ${database.serverVersion ?? ''}`.trim()}, ` +
        `last migration ${database.lastMigration ?? 'none'}, ${describeAudit(database.audit)}`,
    );
    console.log(`  Files from ${join(resolve(env.DATA_DIR), 'uploads')}: ${result.evidenceFiles}`);
    if (result.warnings.length > 0) {
      console.error(
        `\nThis backup will not restore until the database is repaired:\n- ${result.warnings.join('\n- ')}`,
      );
      return 1;
    }
    console.log(`Keep a copy away from this machine. To restore it: npm run restore -- ${result.path}`);
    return 0;
  } catch (error) {
    if (
      error instanceof BackupError ||
      error instanceof PostgresToolError ||
      error instanceof InvalidEnvironmentError
    ) {
      console.error(`No backup was made: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('No backup was made:', error);
      process.exit(1);
    },
  );
}
