import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EnvironmentVariables } from '../config/env.validation';

/** SHA-256 of the bytes as 64 lower-case hex characters, recorded so a stored file can be shown unaltered. */
export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface StoredFile {
  /** Relative to the uploads folder, with forward slashes, e.g. "ab/ab12…-<uuid>"; what the database keeps. */
  storedPath: string;
  sha256: string;
  sizeBytes: number;
}

/** A stored path that is not a plain relative path inside the uploads folder. */
export class UnsafeStoredPathError extends Error {
  constructor(storedPath: string) {
    super(`Refusing stored path outside the uploads folder: ${JSON.stringify(storedPath)}`);
    this.name = 'UnsafeStoredPathError';
  }
}

/**
 * Keeps evidence files in <DATA_DIR>/uploads, outside the web root (public/), so a file can only be
 * reached through the download route and its permission check, never served directly. Files are named
 * by SHA-256 plus a random UUID, never by the uploader's name, so no upload can choose or overwrite a path.
 */
@Injectable()
export class EvidenceStorage {
  /** Absolute path of the uploads folder. */
  readonly root: string;

  constructor(env: EnvironmentVariables) {
    this.root = resolve(env.DATA_DIR, 'uploads');
  }

  /**
   * Writes the bytes to a temporary file in the destination folder, flushes it to disk and renames it
   * into place, so a crash never leaves a half-written file under its final name. Owner-only (0600).
   */
  async save(content: Buffer): Promise<StoredFile> {
    const sha256 = sha256Hex(content);
    const folder = sha256.slice(0, 2);
    const fileName = `${sha256}-${randomUUID()}`;
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
    return { storedPath: `${folder}/${fileName}`, sha256, sizeBytes: content.length };
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

  /** Deletes a stored file, e.g. when the database transaction recording it failed. Already gone is fine. */
  async remove(storedPath: string): Promise<void> {
    try {
      await unlink(this.resolve(storedPath));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }
}
