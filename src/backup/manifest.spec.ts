import {
  BACKUP_FORMAT,
  compareWithManifest,
  memberPathProblem,
  migrationProblem,
  parseManifest,
  type BackupManifest,
} from './manifest';

const hash = (character: string) => character.repeat(64);

function manifest(overrides: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    createdAt: '2026-05-15T10:30:00.000Z',
    database: {
      engine: 'sqlite',
      member: 'database/tracker.sqlite',
      lastMigration: 'CreateReportImports1795424800000',
      integrityCheck: 'ok',
      audit: { intact: true, entries: 3, head: { id: 3, hash: hash('c') } },
    },
    members: [
      { path: 'database/tracker.sqlite', size: 4096, sha256: hash('a') },
      { path: 'uploads/ab/ab12-file', size: 10, sha256: hash('b') },
    ],
    ...overrides,
  };
}

describe('memberPathProblem', () => {
  it('accepts the members a backup writes', () => {
    for (const path of ['manifest.json', 'audit-heads.log', 'database/tracker.sqlite', 'database/tracker.pgdump']) {
      expect(memberPathProblem(path)).toBeNull();
    }
    expect(memberPathProblem('uploads/ab/ab12-3f')).toBeNull();
  });

  it('refuses any path that could land outside the folder restored into, or is not a backup’s', () => {
    for (const path of [
      '../tracker.sqlite',
      'uploads/../../etc/passwd',
      '/etc/passwd',
      'uploads//x',
      'uploads/./x',
      'uploads',
      'uploads\\x',
      'C:/x',
      'database/other.sqlite',
      'notes.txt',
      'uploads/x\0',
    ]) {
      expect(memberPathProblem(path)).toBe(`${JSON.stringify(path)} is not a file a tracker backup contains`);
    }
  });
});

describe('parseManifest', () => {
  it('reads a manifest a backup wrote', () => {
    expect(parseManifest(JSON.stringify(manifest()))).toEqual(manifest());
  });

  it('says what is wrong with one that is not', () => {
    expect(() => parseManifest('{')).toThrow('manifest.json is not valid JSON');
    expect(() => parseManifest('{"format":"zip"}')).toThrow('manifest.json does not describe a backup of this tracker');
    expect(() => parseManifest(JSON.stringify({ ...manifest(), formatVersion: 2 }))).toThrow(
      'the archive is in backup format 2, but this version of the tracker reads format 1',
    );
    expect(() =>
      parseManifest(JSON.stringify(manifest({ members: [{ path: 'uploads/x', size: 1, sha256: 'nope' }] }))),
    ).toThrow('manifest.json lists a member without a path, size and SHA-256');
    expect(() =>
      parseManifest(JSON.stringify(manifest({ members: [{ path: '../x', size: 1, sha256: hash('a') }] }))),
    ).toThrow('manifest.json lists "../x" is not a file a tracker backup contains');
  });
});

describe('compareWithManifest', () => {
  it('finds nothing when every member is as listed', () => {
    expect(compareWithManifest(manifest(), manifest().members)).toEqual([]);
  });

  it('names a member whose bytes changed', () => {
    const found = [manifest().members[0], { path: 'uploads/ab/ab12-file', size: 10, sha256: hash('d') }];
    expect(compareWithManifest(manifest(), found)).toEqual([
      `uploads/ab/ab12-file is not as it was backed up: its SHA-256 is ${hash('d')} (10 bytes), the manifest says ${hash('b')} (10 bytes)`,
    ]);
  });

  it('names members missing, added or repeated', () => {
    const [database, upload] = manifest().members;
    const extra = { path: 'uploads/cd/extra', size: 1, sha256: hash('e') };
    expect(compareWithManifest(manifest(), [database, database, extra])).toEqual([
      'database/tracker.sqlite is in the archive more than once',
      'uploads/cd/extra is in the archive but not in its manifest',
      `${upload.path} is in the manifest but missing from the archive`,
    ]);
  });

  it('does not call members missing when the archive could not be read to its end', () => {
    expect(compareWithManifest(manifest(), [manifest().members[0]], false)).toEqual([]);
  });

  it('requires the database among the members', () => {
    const members = [manifest().members[1]];
    expect(compareWithManifest(manifest({ members }), members)).toEqual([
      'the manifest does not list the database, database/tracker.sqlite',
    ]);
  });
});

describe('migrationProblem', () => {
  const known = ['CreateTrackerSchema1795424400000', 'CreateReportImports1795424800000'];

  it('accepts a database at or behind this version (the app runs the migrations it lacks)', () => {
    expect(migrationProblem('CreateReportImports1795424800000', known)).toBeNull();
    expect(migrationProblem('CreateTrackerSchema1795424400000', known)).toBeNull();
    expect(migrationProblem(null, known)).toBeNull();
  });

  it('refuses a database made by a newer version, or with a migration this version never had', () => {
    expect(migrationProblem('AddThings1795999999999', known)).toBe(
      'the backup’s database has migration AddThings1795999999999, which is newer than this version of the tracker: restore it with the version that made it',
    );
    expect(migrationProblem('SomethingElse1795424500001', known)).toBe(
      'the backup’s database has migration SomethingElse1795424500001, which this version of the tracker does not have',
    );
  });
});
