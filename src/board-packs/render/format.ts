/**
 * Small text helpers shared by the board pack's renderers, so that every format words and
 * formats the same figures and dates the same way.
 */
import { formatUkDate, formatUkDateTime } from '../../common/dates';
import type { BoardPack, BoardPackEvidenceLine } from '../board-pack.types';
import { xmlSafe } from '../../exports/spreadsheet-values';

// Removing what XML forbids is every spreadsheet's rule (src/exports/); kept importable from here.
export { xmlSafe } from '../../exports/spreadsheet-values';

const countFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "5,000" for a count; non-finite values count as 0. */
export function formatCount(value: number): string {
  return countFormat.format(Number.isFinite(value) ? value : 0);
}

/** A date (YYYY-MM-DD) as "22 January 2025", a timestamp as "23 November 2026 at 09:15"; "" for none. */
export function formatWhen(value: string | null | undefined): string {
  if (!value) {
    return '';
  }
  return value.length <= 10 ? formatUkDate(value) : formatUkDateTime(value);
}

/** The date part (YYYY-MM-DD) of a date or timestamp; "" for none. */
export function isoDay(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '';
}

/** Escapes text for an XML (or HTML) text node or a double- or single-quoted attribute. */
export function escapeXml(value: string | number): string {
  return xmlSafe(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One evidence line in words: "Vetting policy v3 (Document; Accepted), file policy.pdf, SHA-256 ab12…". */
export function describeEvidence(line: BoardPackEvidenceLine): string {
  const parts = [`${line.title} (${line.kindLabel}; ${line.reviewLabel})`];
  if (line.fileName) {
    parts.push(`file ${line.fileName}`);
  }
  if (line.sha256) {
    parts.push(`SHA-256 ${line.sha256}`);
  }
  return parts.join(', ');
}

/** The evidence list of a claim, one line each. */
export function describeEvidenceList(lines: readonly BoardPackEvidenceLine[]): string[] {
  return lines.length === 0 ? ['No evidence listed'] : lines.map(describeEvidence);
}

/** "1 April 2026", "the last saved pack (23 November 2026 at 13:45)" or "the beginning", after "Changes since". */
export function sinceWords(pack: BoardPack): string {
  const since = pack.meta.since;
  if (!since) {
    return 'the beginning';
  }
  return since.length > 10 ? `the last saved pack (${formatWhen(since)})` : formatUkDate(since);
}

/** The scope in words, e.g. "Theme: vetting; Kind: Cause of concern", or "All findings". */
export function scopeWords(pack: BoardPack): string {
  return pack.meta.scope.length === 0 ? 'All findings' : pack.meta.scope.join('; ');
}

/** The audit chain's head as "#1234, hash 3f…", or a note that there is none. */
export function auditHeadWords(pack: BoardPack): string {
  const head = pack.meta.auditHead;
  return head ? `Entry ${head.id}, hash ${head.hash}` : 'No audit entries yet';
}

/** "Board pack – Dyfed-Powys Police" style line used in page headers. */
export function headerTitle(pack: BoardPack): string {
  return `${pack.meta.title} – ${pack.meta.force.name}`;
}

/** A file name stem for downloads: "board-pack-DYP-2026-11-23". */
export function packFileStem(pack: BoardPack): string {
  const code = pack.meta.force.code.replace(/[^A-Za-z0-9]/g, '') || 'force';
  return `board-pack-${code}-${isoDay(pack.meta.generatedAt)}`;
}
