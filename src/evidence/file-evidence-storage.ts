import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { EnvironmentVariables } from '../config/env.validation';
import {
  EvidenceStorage,
  newStoredPath,
  sha256Hex,
  StoredContentMissingError,
  type StoredFile,
  UnsafeStoredPathError,
  verifyAsSent,
} from './evidence-storage';
import type { UploadEntry } from './uploads-clean-up';

/** The folders files go in: the first two hex digits of their SHA-256. */
const SHARD = /^[0-9a-f]{2}$/;
/** A stored file: its SHA-256, then a random UUID. */
const STORED_NAME = /^[0-9a-f]{64}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A file being written (or left by a process killed while writing): ".<stored name>.tmp". */
const TEMPORARY_NAME = /^\.[0-9a-f]{64}-[0-9a-f-]{36}\.tmp$/;
/** Where each process that may write uploads leaves a note saying so (see otherWritersAlive()). */
const WRITERS_FOLDER = '.writers';
const WRITER_HEARTBEAT_MS = 60_000;
/** A note not touched for this long belongs to a process that has ended. */
const WRITER_STALE_MS = 3 * 60_000;

/**
 * Keeps evidence files in <DATA_DIR>/uploads, outside the web root (public/), so a file can only be
 * reached through the download route and its permission check, never served directly. Files are named
 * by SHA-256 plus a random UUID, never by the uploader's name, so no upload can choose or overwrite a path.
 * Used with SQLite; with PostgreSQL the folder only holds files from before the move (see the maintenance).
 */
@Injectable()
export class FileEvidenceStorage extends EvidenceStorage {
  /** Absolute path of the uploads folder. */
  readonly root: string;
  readonly description: string;
  private writerNote: string | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(env: EnvironmentVariables) {
    super();
    this.root = resolve(env.DATA_DIR, 'uploads');
    this.description = `files in ${this.root}`;
  }

  /**
   * Writes the bytes to a temporary file in the destination folder, flushes it to disk and renames it
   * into place, so a crash never leaves a half-written file under its final name. Owner-only (0600).
   */
  async save(content: Buffer): Promise<StoredFile> {
    const sha256 = sha256Hex(content);
    const storedPath = newStoredPath(sha256);
    const [folder, fileName] = storedPath.split('/');
    const directory = join(this.root, folder);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const finalPath = join(directory, fileName);
    const temporaryPath = join(directory, `.${fileName}.tmp`);
    try {
      const handle = await open(temporaryPath, 'wx', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporaryPath, finalPath);
    } catch (error) {
      await unlink(temporaryPath).catch(() => undefined);
      throw error;
    }
    return { storedPath, sha256, sizeBytes: content.length };
  }

  async open(file: StoredFile): Promise<Readable> {
    let handle;
    try {
      handle = await open(this.resolve(file.storedPath), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoredContentMissingError(file.storedPath);
      }
      throw error;
    }
    const verified = verifyAsSent(file);
    // Either stream failing (or the reader going away) ends both and closes the file.
    pipeline(handle.createReadStream(), verified, () => undefined);
    return verified;
  }

  /** The whole of a stored file (for moving it into the database); StoredContentMissingError when gone. */
  async read(storedPath: string): Promise<Buffer> {
    try {
      return await readFile(this.resolve(storedPath));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoredContentMissingError(storedPath);
      }
      throw error;
    }
  }

  /**
   * The absolute path of a stored file. Throws UnsafeStoredPathError for anything but a plain relative
   * path inside the uploads folder ("..", ".", absolute or drive paths, backslashes, NUL, empty parts),
   * so even a tampered database value cannot read other files.
   */
  resolve(storedPath: string): string {
    const parts = storedPath.split('/');
    const plain =
      storedPath !== '' &&
      !storedPath.includes('\0') &&
      !storedPath.includes('\\') &&
      !isAbsolute(storedPath) &&
      !/^[a-zA-Z]:/.test(storedPath) &&
      parts.every((part) => part !== '' && part !== '.' && part !== '..');
    if (!plain) {
      throw new UnsafeStoredPathError(storedPath);
    }
    const absolute = resolve(this.root, ...parts);
    const inside = relative(this.root, absolute);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      throw new UnsafeStoredPathError(storedPath);
    }
    return absolute;
  }

  async remove(storedPath: string): Promise<void> {
    try {
      await unlink(this.resolve(storedPath));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }

  /**
   * Every stored and temporary file in the uploads folder, with when it was last written. Only names this
   * class writes are listed, so nothing else someone put in the folder is ever cleaned up by mistake.
   */
  async list(): Promise<UploadEntry[]> {
    const entries: UploadEntry[] = [];
    for (const folder of await readdirIfPresent(this.root)) {
      if (!SHARD.test(folder)) {
        continue;
      }
      for (const name of await readdirIfPresent(join(this.root, folder))) {
        const temporary = TEMPORARY_NAME.test(name);
        if (!temporary && !STORED_NAME.test(name)) {
          continue;
        }
        try {
          const info = await stat(join(this.root, folder, name));
          if (info.isFile()) {
            entries.push({ storedPath: `${folder}/${name}`, temporary, modifiedMs: info.mtimeMs });
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw error;
          }
        }
      }
    }
    return entries;
  }

  /**
   * Leaves a note in uploads/.writers that this process may write files, touched every minute until
   * unregisterWriter(). A process killed with SIGKILL leaves its note behind; otherWritersAlive() sees
   * that it has gone.
   */
  async registerWriter(): Promise<void> {
    if (this.writerNote) {
      return;
    }
    const folder = join(this.root, WRITERS_FOLDER);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const note = join(folder, `${process.pid}-${randomUUID()}.json`);
    await writeFile(note, JSON.stringify({ pid: process.pid, host: hostname() }), { mode: 0o600 });
    this.writerNote = note;
    this.heartbeat = setInterval(() => {
      const now = new Date();
      utimes(note, now, now).catch(() => undefined);
    }, WRITER_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async unregisterWriter(): Promise<void> {
    const note = this.writerNote;
    this.writerNote = null;
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
    if (note) {
      await unlink(note).catch(() => undefined);
    }
  }

  /**
   * Whether another process that may be writing files right now uses this folder. A note counts when it
   * was touched in the last few minutes and its process still runs (on this machine; a note from another
   * machine, e.g. an earlier container on the same volume, cannot be checked and counts until it goes
   * stale). Notes of writers that have ended are removed. In doubt, the answer is yes.
   */
  async otherWritersAlive(): Promise<boolean> {
    const folder = join(this.root, WRITERS_FOLDER);
    let alive = false;
    for (const name of await readdirIfPresent(folder)) {
      const note = join(folder, name);
      if (note === this.writerNote) {
        continue;
      }
      let writer: { pid?: unknown; host?: unknown };
      let touchedMs: number;
      try {
        touchedMs = (await stat(note)).mtimeMs;
        writer = JSON.parse(await readFile(note, 'utf8')) as { pid?: unknown; host?: unknown };
      } catch {
        alive = true; // Being written now, or unreadable: assume a live writer.
        continue;
      }
      const fresh = Date.now() - touchedMs < WRITER_STALE_MS;
      const running =
        writer.host !== hostname() ||
        // The same process id as this one on a note that is not this process's: an earlier process given
        // the same id (the first process of a restarted container), so no longer running.
        (typeof writer.pid === 'number' && writer.pid !== process.pid && processRunning(writer.pid));
      if (fresh && running) {
        alive = true;
      } else {
        await unlink(note).catch(() => undefined);
      }
    }
    return alive;
  }
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readdirIfPresent(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}
