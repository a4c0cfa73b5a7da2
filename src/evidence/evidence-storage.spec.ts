import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { EnvironmentVariables } from '../config/env.validation';
import { EvidenceStorage, sha256Hex, UnsafeStoredPathError } from './evidence-storage';

const STORED_PATH = /^[0-9a-f]{2}\/[0-9a-f]{64}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sha256Hex', () => {
  it('matches the standard test vector', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('EvidenceStorage', () => {
  let dataDir: string;
  let storage: EvidenceStorage;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-evidence-'));
    storage = new EvidenceStorage({ DATA_DIR: dataDir } as EnvironmentVariables);
  });

  afterEach(() => {
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
});
