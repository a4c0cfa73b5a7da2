import type { Dirent } from 'node:fs';
import { open, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A UTC timestamp fit for a file name: 2026-05-15T10-30-00Z. */
export function fileStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/** `base`, or `base` with -2, -3… before `extension` when that is taken: never an existing path. */
export async function unusedPath(base: string, extension = ''): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const candidate = `${base}${attempt === 1 ? '' : `-${attempt}`}${extension}`;
    if (!(await pathExists(candidate))) {
      return candidate;
    }
  }
}

/** Flushes a file, or a folder's entries (after a rename), to disk. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The regular files under a folder, as paths relative to it with forward slashes, sorted. Names
 * beginning with a dot are left out: they are files being written (an upload's temporary file).
 * A folder that does not exist has none.
 */
export async function* filesUnder(root: string, relative = ''): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) {
      continue;
    }
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      yield* filesUnder(root, path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/**
 * Renames done one after another and undone, last first, when a later step fails: how restore
 * puts the restored files in place without leaving half of them there.
 */
export class Renames {
  private readonly done: Array<{ from: string; to: string }> = [];

  async move(from: string, to: string): Promise<void> {
    await rename(from, to);
    this.done.push({ from, to });
  }

  /** Puts everything back; returns what could not be put back (none, normally). */
  async undo(): Promise<string[]> {
    const failures: string[] = [];
    for (const { from, to } of this.done.reverse()) {
      try {
        await rename(to, from);
      } catch (error) {
        failures.push(`could not move ${to} back to ${from}: ${(error as Error).message}`);
      }
    }
    this.done.length = 0;
    return failures;
  }
}
