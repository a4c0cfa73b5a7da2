import { isAbsolute } from 'node:path';
import type { MemberDigest } from './tar';

/**
 * The backup archive's table of contents, `manifest.json`, written as its last member: every
 * other member's path, size and SHA-256, and what the database held (engine, last migration,
 * audit chain head). Restore checks every member against it before it changes anything.
 */

export const BACKUP_FORMAT = 'inspection-findings-tracker-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_MEMBER = 'manifest.json';
export const DATABASE_MEMBERS = { sqlite: 'database/tracker.sqlite', postgres: 'database/tracker.pgdump' } as const;
export const UPLOADS_FOLDER = 'uploads';
/** DATA_DIR/audit-heads.log, the audit heads recorded outside the database (up to the database's head). */
export const AUDIT_HEADS_MEMBER = 'audit-heads.log';

export type DatabaseEngine = keyof typeof DATABASE_MEMBERS;

export interface AuditSummary {
  /** Whether the hash chain verified when the backup was made. */
  intact: boolean;
  entries: number;
  head: { id: number; hash: string } | null;
  /** Why it did not verify, naming the first broken entry. */
  problem?: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  database: {
    engine: DatabaseEngine;
    member: string;
    /** The name of the last migration the database had run, e.g. CreateReportImports1795424800000. */
    lastMigration: string | null;
    /** SQLite's PRAGMA integrity_check: "ok", or what it found. */
    integrityCheck?: string;
    /** The pg_dump that wrote the dump and the server it read, e.g. "15.20". */
    pgDumpVersion?: string;
    serverVersion?: string;
    audit: AuditSummary;
  };
  members: MemberDigest[];
}

/** A manifest that cannot be read, or that does not describe a tracker backup. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/**
 * Why a member path is not one a backup writes (so never a path that could escape the folder it
 * is extracted to): null when it is manifest.json, a database member, audit-heads.log or a plain
 * path under uploads/.
 */
export function memberPathProblem(path: string): string | null {
  if (
    path === MANIFEST_MEMBER ||
    path === AUDIT_HEADS_MEMBER ||
    Object.values(DATABASE_MEMBERS).includes(path as never)
  ) {
    return null;
  }
  const parts = path.split('/');
  const plain =
    !path.includes('\0') &&
    !path.includes('\\') &&
    !isAbsolute(path) &&
    !/^[a-zA-Z]:/.test(path) &&
    parts.every((part) => part !== '' && part !== '.' && part !== '..');
  if (!plain || parts[0] !== UPLOADS_FOLDER || parts.length < 2) {
    return `${JSON.stringify(path)} is not a file a tracker backup contains`;
  }
  return null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The manifest from its JSON text, checked for shape; throws ManifestError saying what is wrong. */
export function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ManifestError('manifest.json is not valid JSON');
  }
  const manifest = value as Partial<BackupManifest> | null;
  if (!manifest || typeof manifest !== 'object' || manifest.format !== BACKUP_FORMAT) {
    throw new ManifestError('manifest.json does not describe a backup of this tracker');
  }
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new ManifestError(
      `the archive is in backup format ${String(manifest.formatVersion)}, but this version of the tracker reads format ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const database = manifest.database;
  if (
    !database ||
    (database.engine !== 'sqlite' && database.engine !== 'postgres') ||
    database.member !== DATABASE_MEMBERS[database.engine] ||
    !database.audit ||
    typeof database.audit.intact !== 'boolean'
  ) {
    throw new ManifestError('manifest.json does not say which database the backup holds');
  }
  if (!Array.isArray(manifest.members)) {
    throw new ManifestError('manifest.json has no list of members');
  }
  for (const member of manifest.members as unknown[]) {
    const { path, size, sha256 } = (member ?? {}) as Partial<MemberDigest>;
    if (typeof path !== 'string' || !Number.isSafeInteger(size) || typeof sha256 !== 'string' || !SHA256.test(sha256)) {
      throw new ManifestError('manifest.json lists a member without a path, size and SHA-256');
    }
    const problem = memberPathProblem(path);
    if (problem || path === MANIFEST_MEMBER) {
      throw new ManifestError(`manifest.json lists ${problem ?? 'manifest.json itself'}`);
    }
  }
  return manifest as BackupManifest;
}

/**
 * What does not match between the manifest and the members found in the archive (each with the
 * size and SHA-256 of the bytes actually read): missing, extra, repeated or altered members.
 * Empty when every member is exactly as the backup wrote it. When the archive could not be read
 * to its end (`complete` false), members not reached are not reported missing.
 */
export function compareWithManifest(manifest: BackupManifest, found: MemberDigest[], complete = true): string[] {
  const problems: string[] = [];
  const listed = new Map(manifest.members.map((member) => [member.path, member]));
  const seen = new Set<string>();
  for (const member of found) {
    if (seen.has(member.path)) {
      problems.push(`${member.path} is in the archive more than once`);
      continue;
    }
    seen.add(member.path);
    const expected = listed.get(member.path);
    if (!expected) {
      problems.push(`${member.path} is in the archive but not in its manifest`);
    } else if (expected.size !== member.size || expected.sha256 !== member.sha256) {
      problems.push(
        `${member.path} is not as it was backed up: its SHA-256 is ${member.sha256} (${member.size} bytes), ` +
          `the manifest says ${expected.sha256} (${expected.size} bytes)`,
      );
    }
  }
  for (const member of manifest.members) {
    if (complete && !seen.has(member.path)) {
      problems.push(`${member.path} is in the manifest but missing from the archive`);
    }
  }
  if (!listed.has(manifest.database.member)) {
    problems.push(`the manifest does not list the database, ${manifest.database.member}`);
  }
  return problems;
}

/** The timestamp at the end of a migration's name (CreateReportImports1795424800000 → 1795424800000). */
export function migrationTimestamp(name: string): number | null {
  const match = /(\d{13})$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Why this version of the tracker cannot take a database whose last migration is `lastMigration`:
 * a migration it does not know, i.e. the backup was made by a newer version. Null when it can
 * (the app runs any migration the backup lacks when it starts).
 */
export function migrationProblem(lastMigration: string | null, known: string[]): string | null {
  if (lastMigration === null || known.includes(lastMigration)) {
    return null;
  }
  const newest = Math.max(0, ...known.map((name) => migrationTimestamp(name) ?? 0));
  const timestamp = migrationTimestamp(lastMigration);
  return timestamp !== null && timestamp > newest
    ? `the backup’s database has migration ${lastMigration}, which is newer than this version of the tracker: restore it with the version that made it`
    : `the backup’s database has migration ${lastMigration}, which this version of the tracker does not have`;
}
