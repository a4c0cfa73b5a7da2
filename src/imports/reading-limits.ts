/**
 * The limits on reading uploaded reports, and what the person importing is told when one is reached.
 * The text limit itself (MAX_IMPORT_TEXT_CHARACTERS) lives with the document reader, which the
 * command line shares.
 */

/** Reports that may wait for a place before more are refused as "busy". */
export const MAX_WAITING_READS = 10;

/** How much memory (old generation, MB) the worker reading one report may use before it is stopped. */
export const READING_WORKER_MEMORY_MB = 512;

/** "2 minutes", "90 seconds", "1 second", "250 milliseconds". */
export function describeDuration(ms: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (ms >= 60_000 && ms % 60_000 === 0) {
    return plural(ms / 60_000, 'minute');
  }
  if (ms >= 1000) {
    return plural(Math.round(ms / 1000), 'second');
  }
  return plural(Math.max(1, Math.round(ms)), 'millisecond');
}

export function timeLimitMessage(name: string, limitMs: number): string {
  return `Reading ${name} took longer than ${describeDuration(limitMs)}, so the tracker stopped. Check that the file is one inspection report, then try again.`;
}

export function memoryLimitMessage(name: string): string {
  return `Reading ${name} needed more memory than the tracker allows, so it stopped. Check that the file is one inspection report.`;
}

export const BUSY_MESSAGE = 'The tracker is reading other reports just now. Wait a few minutes, then try again.';

export const WAITING_MESSAGE = 'Waiting for the tracker to finish reading another report';
