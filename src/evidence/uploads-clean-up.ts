/**
 * Which files in the uploads folder a start-up clean-up removes. Pure: the caller lists the folder,
 * reads which files evidence rows reference, and removes what this returns.
 */

/** A file in the uploads folder. */
export interface UploadEntry {
  /** Relative to the uploads folder, e.g. "ab/ab12…-<uuid>" or, while being written, "ab/.ab12…-<uuid>.tmp". */
  storedPath: string;
  /** A half-written file: named ".….tmp" until it is complete and renamed into place. */
  temporary: boolean;
  /** When it was last written (milliseconds since 1970). */
  modifiedMs: number;
}

/**
 * How old an unreferenced file must be before it is removed while another process may be writing: an
 * upload is saved a moment before the evidence row naming it is committed, so a file written just now
 * by a request in flight is unreferenced for that moment. Ten minutes is far longer than any such moment.
 */
export const UNREFERENCED_FILE_MIN_AGE_MS = 10 * 60_000;

export interface UploadsCleanUpInput {
  entries: readonly UploadEntry[];
  /** Every stored path an evidence row names (read after the folder was listed). */
  referenced: ReadonlySet<string>;
  nowMs: number;
  /** Whether another process may be writing files into the folder now (see FileEvidenceStorage). */
  otherWriters: boolean;
  minAgeMs?: number;
}

/**
 * The files to remove: half-written (.tmp) files and files no evidence row references, left by a process
 * killed while saving or by a change rolled back whose file could not be removed. A referenced file is
 * never removed. While another process may be writing, only files older than the minimum age go; with no
 * other writer, nothing can be in flight, so every leftover goes at once.
 */
export function planUploadsCleanUp(input: UploadsCleanUpInput): UploadEntry[] {
  const minAgeMs = input.minAgeMs ?? UNREFERENCED_FILE_MIN_AGE_MS;
  return input.entries.filter((entry) => {
    if (!entry.temporary && input.referenced.has(entry.storedPath)) {
      return false;
    }
    return !input.otherWriters || input.nowMs - entry.modifiedMs >= minAgeMs;
  });
}
