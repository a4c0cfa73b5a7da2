import { FINDING_STATUSES, type FindingStatus } from '../findings/finding-status';
import type { FindingKind } from '../findings/finding-kind';

/**
 * The statuses a tracker's word may stand for. A force's spreadsheet moves a finding as the force may on the
 * finding's page: starting work, and claiming it done (which an inspector then verifies). Verifying, closing
 * and superseding are inspectors' decisions, never read from a spreadsheet.
 */
export const TRACKER_STATUS_TARGETS = [
  'not_started',
  'in_progress',
  'implemented',
] as const satisfies readonly FindingStatus[];
export type TrackerStatusTarget = (typeof TRACKER_STATUS_TARGETS)[number];

/** A status word → the tracker's status. Words are kept normalised (statusWord()). */
export type StatusWords = Record<string, TrackerStatusTarget>;

/**
 * The words forces use, as a new organisation's table starts. RAG colours say how work is going, not whether
 * it is done: red, amber and green are all work in progress; blue (in BRAG trackers) is complete. "Closed"
 * and "Complete" are the force's claim: an inspector verifies it.
 */
export const DEFAULT_STATUS_WORDS: StatusWords = {
  'not started': 'not_started',
  'not yet started': 'not_started',
  open: 'not_started',
  new: 'not_started',
  'in progress': 'in_progress',
  ongoing: 'in_progress',
  'on track': 'in_progress',
  'off track': 'in_progress',
  'at risk': 'in_progress',
  started: 'in_progress',
  green: 'in_progress',
  amber: 'in_progress',
  red: 'in_progress',
  complete: 'implemented',
  completed: 'implemented',
  closed: 'implemented',
  done: 'implemented',
  implemented: 'implemented',
  'implemented awaiting verification': 'implemented',
  'pending sign off': 'implemented',
  blue: 'implemented',
};

/** A status as written, normalised for the table: lower case, words only ("On-Track " → "on track"). */
export function statusWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The status a word stands for in the organisation's table; null when the word is not in it (the row is
 * refused until the word is added). An empty cell changes nothing (undefined).
 */
export function statusOf(written: string, table: StatusWords): TrackerStatusTarget | null | undefined {
  const word = statusWord(written);
  if (word === '') {
    return undefined;
  }
  return Object.hasOwn(table, word) ? table[word] : null;
}

/** The organisation's table as it last saved it (words added, changed or removed), or the defaults. */
export function statusTable(saved: StatusWords | null | undefined): StatusWords {
  return { ...(saved ?? DEFAULT_STATUS_WORDS) };
}

/** The order statuses come in: a spreadsheet moves a finding forward only, never back. */
const PROGRESS: Record<FindingStatus, number> = {
  not_started: 0,
  in_progress: 1,
  implemented: 2,
  verified_closed: 3,
  superseded: 3,
};

/**
 * Where a spreadsheet's status takes a finding now at `current`: forward only (a finding an inspector has
 * verified stays verified when the tracker still says "Complete"), and to implemented only when the finding has
 * evidence, as the claim on the finding's page needs; otherwise as far as in progress, with the reason.
 */
export function statusMove(
  current: FindingStatus,
  wanted: TrackerStatusTarget,
  activeEvidence: number,
): { to: FindingStatus; note: string | null } {
  let target: FindingStatus = wanted;
  let note: string | null = null;
  if (wanted === 'implemented' && activeEvidence === 0) {
    target = 'in_progress';
    note = `Claiming it ${FINDING_STATUSES.implemented.label.toLowerCase()} needs evidence on the finding: add it, then claim on the finding’s page.`;
  }
  if (PROGRESS[target] <= PROGRESS[current]) {
    // "Complete" for a finding an inspector has since verified (or superseded) is no step back.
    if (PROGRESS[wanted] < PROGRESS[current] && !(wanted === 'implemented' && PROGRESS[current] === 3)) {
      note = `The finding is ${FINDING_STATUSES[current].label.toLowerCase()}: a spreadsheet does not move it back.`;
    }
    return { to: current, note };
  }
  return { to: target, note };
}

/** Kind words in a tracker's "type" column. */
const KIND_WORDS: Array<[RegExp, FindingKind]> = [
  [/\bnational\b/, 'national_recommendation'],
  [/\b(afi|area for improvement|areas for improvement)\b/, 'area_for_improvement'],
  [/\b(coc|cause of concern|causes of concern|concern)\b/, 'cause_of_concern'],
  [/\b(rec|recs|recommendation|recommendations)\b/, 'recommendation'],
  [/\b(obs|observation|observations)\b/, 'observation'],
];

/** The kind of finding a cell (or a reference like "AFI 3", "DER-2025-REC-02") names; null when none. */
export function kindOf(text: string): FindingKind | null {
  const words = text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (/\bnat\b/.test(words) && /\brec\b/.test(words)) {
    return 'national_recommendation';
  }
  for (const [pattern, kind] of KIND_WORDS) {
    if (pattern.test(words)) {
      return kind;
    }
  }
  return null;
}
