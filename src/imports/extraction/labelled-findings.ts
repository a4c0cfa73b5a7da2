/**
 * Findings quoted under their label, as board papers, committee minutes and action-plan trackers quote
 * them: "AFI 1 - The service should …", "Action for Further Improvement (AFI) 7 – the Force should …",
 * "Cause of concern 2: …", "Recommendation 4 – …". The label names the kind (papers expand AFI in more
 * than one way); the finding is the text after it.
 *
 * Papers quote them in tables with a status or RAG column. A Word table's row keeps its cells apart
 * (a tab between them, CELL_BREAK): the finding is its own cell (after the label, or the cell after a
 * label standing alone, "AFI 1 | The force should … | Green | …"), and its status is the first other
 * cell that reads as one ("Green", "Complete", "On track", "Open - Actions on going off track"); an
 * update's sentences are not a status. A tracker's table flattened to one line a row (PDF text) runs the
 * other columns on after the finding ("… most at risk 4 30 Sep 2023 Open - Actions on going off track
 * 68"); when a header row before it names a status or RAG column, the finding ends at the row's date and
 * what follows the date is the status the paper gives. Pure functions.
 */
import type { ListKind } from './list-lead-ins';
import { CELL_BREAK } from './normalise-text';

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

/** Each kind's label, numbered ("AFI 3", "Action for Further Improvement (AFI) 12", "Recommendation 4"). */
const LABEL_PATTERNS: ReadonlyArray<[string, ListKind]> = [
  [
    String.raw`(?:(?:areas?|actions?) for (?:further )?improvement(?:\s*\(AFIs?\))?|AFI)${NUMBER}`,
    'area_for_improvement',
  ],
  [String.raw`(?:causes? of concern|CoC)${NUMBER}`, 'cause_of_concern'],
  [String.raw`(?:recommendation|rec\.?)${NUMBER}`, 'recommendation'],
];

/** A label and the separator after it, starting a block or a cell: "AFI 3 - ". */
const LABELS: ReadonlyArray<[RegExp, ListKind]> = LABEL_PATTERNS.map(([label, kind]) => [
  new RegExp(`^${label}${SEPARATOR}`, 'iu'),
  kind,
]);

/** A label that is a whole table cell ("AFI 3", "Recommendation 4."), the finding in the next cell. */
const LABEL_CELLS: ReadonlyArray<[RegExp, ListKind]> = LABEL_PATTERNS.map(([label, kind]) => [
  new RegExp(`^${label}[.:]?$`, 'iu'),
  kind,
]);

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
 * The words a status cell starts with: RAG colours, and the states trackers and papers give ("Complete",
 * "Closed", "On track", "In progress", "Not started", "Partially met" …).
 */
const STATUS_WORDS = String.raw`red|amber|green|blue|grey|gray|black|complete(?:d)?|closed|open|on-?\s?going|on track|off track|not (?:yet )?started|in progress|started|delayed|overdue|achieved|partially (?:complete(?:d)?|achieved|met)|met|not met|discharged|superseded|no longer applicable`;
const STATUS_CELL = new RegExp(String.raw`^(?:${STATUS_WORDS})\b`, 'iu');
/** A RAG given as its letters ("G", "A/G"), read as a status only under a header naming a status column. */
const RAG_LETTERS = /^[RAGB](?:\s*\/\s*[RAGB])?$/u;
/** The most words a status cell has: "Open - Actions on going off track"; more is an update. */
const STATUS_CELL_WORDS = 8;

/**
 * True when a table cell reads as a status: it starts with a status word, is short, and is at most one
 * sentence ("Closed. The board agreed in May to …" is an update that happens to start with a status).
 */
export function isStatusCell(cell: string, inStatusTable = false): boolean {
  const text = cell.trim();
  if (inStatusTable && RAG_LETTERS.test(text)) {
    return true;
  }
  return STATUS_CELL.test(text) && text.split(/\s+/u).length <= STATUS_CELL_WORDS && !/[.!?;]\s+\S/u.test(text);
}

/** True when the words after a label read as a finding: four words at least, starting with a letter or quote. */
function readsAsFinding(text: string): boolean {
  return text.split(/\s+/u).length >= 4 && /^[\p{L}‘“"']/u.test(text);
}

/**
 * The finding a table row (cells apart, CELL_BREAK) quotes under its label, or null: the label starts one
 * of its first two cells (a reference or number may come first), with the finding after it in that cell or,
 * when the label is the whole cell, in the next. The status is the first of the row's other cells that
 * reads as one (isStatusCell); a count, a date, an owner or an update is not.
 */
export function readLabelledRow(cells: readonly string[], inStatusTable = false): LabelledFinding | null {
  for (let at = 0; at < Math.min(2, cells.length); at++) {
    for (const [[label, kind], [alone]] of LABELS.map((entry, index) => [entry, LABEL_CELLS[index]] as const)) {
      const match = label.exec(cells[at]);
      const findingAt = match ? at : alone.test(cells[at]) ? at + 1 : -1;
      if (findingAt < 0 || findingAt >= cells.length) {
        continue;
      }
      const text = match ? cells[at].slice(match[0].length).trim() : cells[findingAt];
      if (!readsAsFinding(text)) {
        return null;
      }
      const others = cells.filter((_, index) => index !== at && index !== findingAt);
      return { kind, text, statedStatus: others.find((cell) => isStatusCell(cell, inStatusTable)) ?? null };
    }
  }
  return null;
}

/**
 * The finding a block quotes under its label, or null. A table row with its cells apart is read cell by
 * cell (readLabelledRow). `inStatusTable` says a header row naming a status column came just before, so a
 * flattened row's other columns are split off (splitStatusColumns).
 */
export function readLabelledFinding(text: string, inStatusTable = false): LabelledFinding | null {
  const cells = text
    .split(CELL_BREAK)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
  if (cells.length > 1) {
    return readLabelledRow(cells, inStatusTable);
  }
  for (const [label, kind] of LABELS) {
    const match = label.exec(text);
    if (!match) {
      continue;
    }
    const rest = text.slice(match[0].length).trim();
    if (!readsAsFinding(rest)) {
      return null;
    }
    const { text: finding, statedStatus } = inStatusTable
      ? splitStatusColumns(rest)
      : { text: rest, statedStatus: null };
    return { kind, text: finding, statedStatus };
  }
  return null;
}
