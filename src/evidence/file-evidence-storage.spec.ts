import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { EnvironmentVariables } from '../config/env.validation';
import {
  sha256Hex,
  StoredContentMismatchError,
  StoredContentMissingError,
  UnsafeStoredPathError,
} from './evidence-storage';
import { FileEvidenceStorage } from './file-evidence-storage';

const STORED_PATH = /^[0-9a-f]{2}\/[0-9a-f]{64}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('FileEvidenceStorage', () => {
  let dataDir: string;
  let storage: FileEvidenceStorage;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-evidence-'));
    storage = new FileEvidenceStorage({ DATA_DIR: dataDir } as EnvironmentVariables);
  });

  afterEach(async () => {
    await storage.unregisterWriter();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps files in the uploads folder under DATA_DIR', () => {
    expect(storage.root).toBe(join(dataDir, 'uploads'));
  });

  it('saves and reads back the same bytes, with their SHA-256 and size', async () => {
    const content = Buffer.from('%PDF-1.4\nevidence\n');
    const stored = await storage.save(content);
    expect(stored.sha256).toBe(sha256Hex(content));
    expect(stored.sizeBytes).toBe(content.length);
    expect(stored.storedPath).toMatch(STORED_PATH);
    expect(stored.storedPath.startsWith(`${stored.sha256.slice(0, 2)}/${stored.sha256}-`)).toBe(true);
    const absolute = storage.resolve(stored.storedPath);
    expect(absolute.startsWith(join(dataDir, 'uploads') + sep)).toBe(true);
    expect(readFileSync(absolute).equals(content)).toBe(true);
    expect((await readAll(await storage.open(stored))).equals(content)).toBe(true);
  });

  it('makes files readable by the owner only and leaves no temporary file', async () => {
    const stored = await storage.save(Buffer.from('private'));
    if (process.platform !== 'win32') {
      expect(statSync(storage.resolve(stored.storedPath)).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(join(storage.root, stored.storedPath.split('/')[0]))).toEqual([stored.storedPath.split('/')[1]]);
  });

  it('gives two saves of the same content different paths', async () => {
    const content = Buffer.from('same bytes');
    const first = await storage.save(content);
    const second = await storage.save(content);
    expect(first.sha256).toBe(second.sha256);
    expect(first.storedPath).not.toBe(second.storedPath);
    expect(readFileSync(storage.resolve(second.storedPath)).equals(content)).toBe(true);
  });

  it('refuses to open a file that is gone, before reading anything', async () => {
    const stored = await storage.save(Buffer.from('soon gone'));
    await storage.remove(stored.storedPath);
    await expect(storage.open(stored)).rejects.toBeInstanceOf(StoredContentMissingError);
  });

  it('fails the read of a file whose bytes changed on disk', async () => {
    const stored = await storage.save(Buffer.from('%PDF-1.4 the original'));
    writeFileSync(storage.resolve(stored.storedPath), '%PDF-1.4 the forgery!');
    await expect(readAll(await storage.open(stored))).rejects.toBeInstanceOf(StoredContentMismatchError);
  });

  it.each([
    '',
    '.',
    '..',
    '../secret',
    '../../etc/passwd',
    'ab/../../outside',
    'ab/./file',
    'ab//file',
    '/etc/passwd',
    'C:/Windows/win.ini',
    'ab\\..\\..\\outside',
    'ab/file\0.pdf',
  ])('resolve refuses %j', (storedPath) => {
    expect(() => storage.resolve(storedPath)).toThrow(UnsafeStoredPathError);
  });

  it('removes a stored file, and accepts one already gone', async () => {
    const stored = await storage.save(Buffer.from('to roll back'));
    await storage.remove(stored.storedPath);
    expect(() => statSync(storage.resolve(stored.storedPath))).toThrow(/ENOENT/);
    await expect(storage.remove(stored.storedPath)).resolves.toBeUndefined();
  });

  it('never removes a file outside the uploads folder', async () => {
    const outside = join(dataDir, 'tracker.sqlite');
    writeFileSync(outside, 'database');
    await expect(storage.remove('../tracker.sqlite')).rejects.toThrow(UnsafeStoredPathError);
    expect(readFileSync(outside, 'utf8')).toBe('database');
  });

  it('lists stored and half-written files, and nothing else in the folder', async () => {
    expect(await storage.list()).toEqual([]);
    const stored = await storage.save(Buffer.from('kept'));
    const [folder, name] = stored.storedPath.split('/');
    writeFileSync(join(storage.root, folder, `.${name}.tmp`), 'half');
    writeFileSync(join(storage.root, folder, 'notes.txt'), 'someone else’s');
    writeFileSync(join(storage.root, 'README'), 'someone else’s');
    mkdirSync(join(storage.root, 'backup'));
    writeFileSync(join(storage.root, 'backup', name), 'someone else’s');
    const listed = await storage.list();
    expect(
      listed
        .map(({ storedPath, temporary }) => ({ storedPath, temporary }))
        .sort((a, b) => (a.storedPath < b.storedPath ? -1 : 1)),
    ).toEqual([
      { storedPath: `${folder}/.${name}.tmp`, temporary: true },
      { storedPath: stored.storedPath, temporary: false },
    ]);
    expect(listed.every((entry) => Math.abs(entry.modifiedMs - Date.now()) < 60_000)).toBe(true);
  });

  describe('writers', () => {
    const writersFolder = () => join(storage.root, '.writers');
    const plantNote = (name: string, note: unknown, ageMs = 0) => {
      mkdirSync(writersFolder(), { recursive: true });
      writeFileSync(join(writersFolder(), name), JSON.stringify(note));
      const at = new Date(Date.now() - ageMs);
      utimesSync(join(writersFolder(), name), at, at);
    };
    const { hostname } = jest.requireActual<typeof import('node:os')>('node:os');

    it('sees no other writer when none has left a note, and not itself', async () => {
      expect(await storage.otherWritersAlive()).toBe(false);
      await storage.registerWriter();
      expect(readdirSync(writersFolder())).toHaveLength(1);
      expect(await storage.otherWritersAlive()).toBe(false);
      await storage.unregisterWriter();
      expect(readdirSync(writersFolder())).toEqual([]);
    });

    it('sees another running process that left a note', async () => {
      // The test's parent process stands in for another app on the same folder.
      plantNote('parent.json', { pid: process.ppid, host: hostname() });
      expect(await storage.otherWritersAlive()).toBe(true);
      expect(readdirSync(writersFolder())).toEqual(['parent.json']);
    });

    it('takes a note with its own process id, not its own, for an earlier process (a restarted container)', async () => {
      plantNote('earlier.json', { pid: process.pid, host: hostname() });
      await storage.registerWriter();
      expect(await storage.otherWritersAlive()).toBe(false);
      expect(readdirSync(writersFolder())).toHaveLength(1);
    });

    it('forgets the note of a process that has ended, and of one not heard from for minutes', async () => {
      plantNote('ended.json', { pid: 2 ** 22 + 12345, host: hostname() });
      plantNote('stale.json', { pid: process.ppid, host: hostname() }, 10 * 60_000);
      plantNote('elsewhere-stale.json', { pid: process.ppid, host: 'another-machine' }, 10 * 60_000);
      expect(await storage.otherWritersAlive()).toBe(false);
      expect(readdirSync(writersFolder())).toEqual([]);
    });

    it('counts a recent note from another machine, which it cannot check, as alive', async () => {
      plantNote('elsewhere.json', { pid: 1, host: 'another-machine' });
      expect(await storage.otherWritersAlive()).toBe(true);
    });
  });
});
