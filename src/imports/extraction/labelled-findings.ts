/**
 * Findings quoted under their label, as board papers, committee minutes and action-plan trackers quote
 * them: "AFI 1 - The service should …", "Action for Further Improvement (AFI) 7 – the Force should …",
 * "Cause of concern 2: …", "Recommendation 4 – …". The label names the kind (papers expand AFI in more
 * than one way); the finding is the text after it. A tracker's table flattened to one line a row runs the
 * other columns on after the finding ("… most at risk 4 30 Sep 2023 Open - Actions on going off track
 * 68"); when a header row before it names a status or RAG column, the finding ends at the row's date and
 * what follows the date is the status the paper gives. Pure functions.
 */
import type { ListKind } from './list-lead-ins';

/** A finding read from its label. */
export interface LabelledFinding {
  kind: ListKind;
  /** The finding's own words, without the label and without the table's other columns. */
  text: string;
  /** The status the paper gives it (a status column or RAG), else null. */
  statedStatus: string | null;
}

const SEPARATOR = String.raw`\s*[-–—:]\s+`;
const NUMBER = String.raw`\s*(?:no\.?\s*)?\d{1,3}[a-z]?`;

const LABELS: ReadonlyArray<[RegExp, ListKind]> = [
  [
    new RegExp(
      String.raw`^(?:(?:areas?|actions?) for (?:further )?improvement(?:\s*\(AFIs?\))?|AFI)${NUMBER}${SEPARATOR}`,
      'iu',
    ),
    'area_for_improvement',
  ],
  [new RegExp(String.raw`^(?:causes? of concern|CoC)${NUMBER}${SEPARATOR}`, 'iu'), 'cause_of_concern'],
  [new RegExp(String.raw`^(?:recommendation|rec\.?)${NUMBER}${SEPARATOR}`, 'iu'), 'recommendation'],
];

/** A header row naming a status column: "… Deadline date Status Overall %", "RAG", "Progress". */
export const STATUS_HEADER = /\b(?:status|RAG|RAG rating|progress)\b/iu;

const DATE = String.raw`\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}`;
const ROW_DATE = new RegExp(String.raw`\s(?:${DATE})(?=\s|$)`, 'u');
const TRAILING_STATUS =
  /\s(?<status>red|amber|green|blue|complete(?:d)?|closed|open|ongoing|on track|off track|not started|in progress)\s*(?:\d{1,3}\s*%?)?$/iu;

/**
 * Splits a flattened table row into the finding and its status: the finding ends before the row's date
 * (and a count column just before it); the status is what follows the date, without a trailing
 * percentage. Without a date, a status word at the end of the row is its status.
 */
export function splitStatusColumns(row: string): { text: string; statedStatus: string | null } {
  const date = ROW_DATE.exec(row);
  if (date && row.slice(0, date.index).split(/\s+/u).length >= 5) {
    const text = row
      .slice(0, date.index)
      .replace(/\s+\d{1,3}$/u, '')
      .trim();
    const status = row
      .slice(date.index + date[0].length)
      .replace(/\s+\d{1,3}\s*%?$/u, '')
      .trim();
    return { text, statedStatus: status === '' ? null : status };
  }
  const trailing = TRAILING_STATUS.exec(row);
  if (trailing?.groups) {
    return { text: row.slice(0, trailing.index).trim(), statedStatus: trailing.groups.status };
  }
  return { text: row, statedStatus: null };
}

/**
 * The finding a block quotes under its label, or null. `inStatusTable` says a header row naming a
 * status column came just before, so the row's other columns are split off.
 */
export function readLabelledFinding(text: string, inStatusTable = false): LabelledFinding | null {
  for (const [label, kind] of LABELS) {
    const match = label.exec(text);
    if (!match) {
      continue;
    }
    const rest = text.slice(match[0].length).trim();
    if (rest.split(/\s+/u).length < 4 || !/^[\p{L}‘“"']/u.test(rest)) {
      return null;
    }
    const { text: finding, statedStatus } = inStatusTable
      ? splitStatusColumns(rest)
      : { text: rest, statedStatus: null };
    return { kind, text: finding, statedStatus };
  }
  return null;
}
