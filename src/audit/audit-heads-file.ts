import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The audit chain's heads, kept outside the database: after each change commits, the app appends
 * its audit entry's `#id hash` to DATA_DIR/audit-heads.log (opened for appending only, and synced
 * to disk). `npm run audit:verify` checks the log against it, so a log emptied, cut short or
 * rewritten in the database is refused even though what is left of it is a valid chain.
 */
export const AUDIT_HEADS_FILE_NAME = 'audit-heads.log';

export function auditHeadsPath(dataDir: string): string {
  return resolve(dataDir, AUDIT_HEADS_FILE_NAME);
}

export interface RecordedHead {
  id: number;
  hash: string;
}

/** Appends heads to the file (one line each), creating the file and its folder when missing. */
export async function appendHeads(path: string, heads: RecordedHead[]): Promise<void> {
  if (heads.length === 0) {
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a');
  try {
    await file.appendFile(heads.map((head) => `#${head.id} ${head.hash}\n`).join(''));
    await file.sync();
  } finally {
    await file.close();
  }
}

export interface RecordedHeads {
  /** Every recorded head, in the order written (several app instances may share one file). */
  heads: RecordedHead[];
  /** Numbers of the lines that are not `#id hash`. */
  unreadableLines: number[];
}

/** Reads the lines `#12 3f…` of a heads file; blank lines are ignored, others are reported. */
export function parseHeads(text: string): RecordedHeads {
  const heads: RecordedHead[] = [];
  const unreadableLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const match = /^#(\d+) ([0-9a-f]{64})\s*$/.exec(line);
    if (match) {
      heads.push({ id: Number(match[1]), hash: match[2] });
    } else {
      unreadableLines.push(index + 1);
    }
  });
  return { heads, unreadableLines };
}

/** The heads recorded in a file, or null when there is no such file. */
export function readHeadsFile(path: string): RecordedHeads | null {
  return existsSync(path) ? parseHeads(readFileSync(path, 'utf8')) : null;
}
