import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { verifyAuditLog } from '../audit/audit.service';
import type { EnvironmentVariables } from '../config/env.validation';
import { buildDataSourceOptions } from '../database/data-source-options';
import type { AuditSummary } from './manifest';

/** What backup records and restore checks about a database: its last migration and its audit chain. */
export interface DatabaseFacts {
  lastMigration: string | null;
  audit: AuditSummary;
}

/**
 * The database's last migration, and its audit chain checked by the app's own verifyAuditLog
 * (through the manager given, so inside a snapshot transaction when there is one).
 */
export async function describeDatabase(manager: EntityManager): Promise<DatabaseFacts> {
  let migrations: Array<{ name: string }>;
  try {
    migrations = await manager.query<Array<{ name: string }>>(
      'SELECT name FROM migrations ORDER BY "timestamp" DESC LIMIT 1',
    );
  } catch {
    throw new Error('the database has no migrations table: it is not a tracker database');
  }
  const entries = manager.getRepository(AuditEntry);
  const verification = await verifyAuditLog(entries);
  const [last] = await entries.find({ order: { id: 'DESC' }, take: 1 });
  const head = last ? { id: last.id, hash: last.hash } : null;
  return {
    lastMigration: migrations[0]?.name ?? null,
    audit: verification.ok
      ? { intact: true, entries: verification.checked, head }
      : {
          intact: false,
          entries: verification.checked,
          head,
          problem: `broken at entry #${verification.firstBroken.id}: ${verification.firstBroken.reason}`,
        },
  };
}

/** A DataSource on the database these variables name (no migrations run), for the duration of `use`. */
export async function withDataSource<T>(
  env: Pick<EnvironmentVariables, 'DATA_DIR' | 'DATABASE_URL'>,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(buildDataSourceOptions(env));
  await dataSource.initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The names of the migrations this version of the tracker has. */
export function knownMigrations(dataSource: DataSource): string[] {
  return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
}

/** One line about an audit chain, for the scripts' output. */
export function describeAudit(audit: AuditSummary): string {
  const head = audit.head ? `, head #${audit.head.id} ${audit.head.hash}` : '';
  return audit.intact
    ? `audit chain intact (${audit.entries} entries${head})`
    : `audit chain BROKEN ${audit.problem ?? ''}`.trim();
}
