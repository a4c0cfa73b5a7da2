/**
 * Restores a backup made by `npm run backup` into the database and DATA_DIR/uploads:
 *   npm run restore -- FILE          # refused while an app may be serving the database
 *   npm run restore -- FILE --yes    # restore even so (stop the apps first, or restart them at once)
 * "May be serving": on SQLite, another program has the file open; on PostgreSQL, the database
 * already holds data or has connections (an idle app holds none, so it cannot be told apart).
 * Everything is checked first (each member's SHA-256 against the manifest, the database opens and
 * passes its integrity check, the audit chain verifies); nothing is replaced unless all of it
 * passes. The previous database and uploads are kept beside them (*.before-restore-<UTC time>;
 * on PostgreSQL a backup in DATA_DIR/backups). Exits 0 when restored, 1 when refused or failed
 * (nothing changed), 2 for a usage error.
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { parseRestoreArguments, RESTORE_USAGE } from '../src/backup/arguments';
import { describeAudit } from '../src/backup/database-facts';
import { PostgresToolError } from '../src/backup/postgres-tools';
import { restoreBackup, RestoreRefusedError } from '../src/backup/restore';
import { InvalidEnvironmentError, validateEnvironment } from '../src/config/env.validation';

async function main(): Promise<number> {
  const parsed = parseRestoreArguments(process.argv.slice(2));
  if (!parsed.ok || parsed.value.help || !parsed.value.archive) {
    console.error(`${parsed.ok ? '' : `${parsed.message}\n\n`}${RESTORE_USAGE}`);
    return parsed.ok ? 0 : 2;
  }
  try {
    const env = validateEnvironment(process.env);
    const result = await restoreBackup(env, { archive: parsed.value.archive, yes: parsed.value.yes });
    const target = env.DATABASE_URL ? 'the PostgreSQL database in DATABASE_URL' : resolve(env.DATA_DIR);
    console.log(`Restored the backup of ${result.manifest.createdAt} into ${target}.`);
    console.log(
      `  Database: last migration ${result.facts.lastMigration ?? 'none'}, ${describeAudit(result.facts.audit)}`,
    );
    console.log(`  Files restored to ${join(resolve(env.DATA_DIR), 'uploads')}: ${result.evidenceFiles}`);
    for (const kept of result.kept) {
      console.log(`  Kept what was there before as ${kept}`);
    }
    for (const warning of result.warnings) {
      console.error(`WARNING: ${warning}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefusedError || error instanceof PostgresToolError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof InvalidEnvironmentError) {
      console.error(`Nothing was restored: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('The restore failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
