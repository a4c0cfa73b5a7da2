/**
 * A spreadsheet's columns: which row holds the headers, and which column holds which field of a finding,
 * guessed from the headers' words (or from the headers the organisation mapped last time).
 */

/** A cell as read: text, a number, a date (Excel's date cells), a boolean, or empty. */
export type Cell = string | number | boolean | Date | null;

/** One sheet of a workbook (a CSV file is one sheet): its rows in order, row 1 first. */
export interface Sheet {
  name: string;
  rows: Cell[][];
}

export const TRACKER_FIELDS = {
  reference: 'Reference',
  kind: 'Kind (AFI, recommendation…)',
  text: 'Finding text',
  title: 'Title',
  report: 'Report or year',
  owner: 'Owner',
  targetDate: 'Target date',
  status: 'Status or RAG',
  update: 'Latest update',
  action: 'Action',
  actionOwner: 'Action owner',
  actionDue: 'Action due date',
} as const;
export type TrackerField = keyof typeof TRACKER_FIELDS;
export const TRACKER_FIELD_VALUES = Object.keys(TRACKER_FIELDS) as TrackerField[];

/** Each field → the column (0-based) it is read from. */
export type ColumnMapping = Partial<Record<TrackerField, number>>;

/** The words of headers that name each field; a longer phrase wins over a shorter one ("action owner" over "owner"). */
const HEADER_WORDS: Record<TrackerField, string[]> = {
  reference: [
    'ref',
    'reference',
    'ref no',
    'id',
    'no',
    'number',
    'afi no',
    'afi ref',
    'rec no',
    'recommendation no',
    'item',
  ],
  kind: ['type', 'kind', 'category', 'finding type', 'type of finding'],
  text: [
    'recommendation',
    'area for improvement',
    'afi',
    'finding',
    'description',
    'text',
    'detail',
    'wording',
    'recommendation text',
    'afi text',
    'recommendation afi',
    'afi recommendation',
    'hmicfrs recommendation',
  ],
  title: ['title', 'summary', 'short title', 'subject', 'heading', 'theme'],
  report: ['report', 'inspection', 'source', 'year', 'report year', 'source report', 'report name'],
  owner: [
    'owner',
    'lead',
    'responsible',
    'accountable',
    'owned by',
    'lead officer',
    'chief officer lead',
    'owner lead',
  ],
  targetDate: [
    'target',
    'target date',
    'due',
    'due date',
    'deadline',
    'completion date',
    'target completion',
    'date due',
  ],
  status: ['status', 'rag', 'rag status', 'rag rating', 'rating', 'progress status', 'current status', 'brag'],
  update: [
    'update',
    'latest update',
    'progress',
    'progress update',
    'comments',
    'commentary',
    'notes',
    'latest position',
  ],
  action: ['action', 'actions', 'action plan', 'activity', 'task', 'planned action', 'action description'],
  actionOwner: ['action owner', 'action lead', 'task owner'],
  actionDue: ['action due', 'action due date', 'action target', 'action target date', 'action deadline', 'task due'],
};

/** A header's words: lower case, letters and digits only ("Target Date (dd/mm/yyyy)" → "target date dd mm yyyy"). */
export function headerWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The field a header names and how surely (the longest phrase it contains), or null. */
export function fieldOfHeader(header: string): { field: TrackerField; strength: number } | null {
  const words = ` ${headerWords(header)} `;
  let best: { field: TrackerField; strength: number } | null = null;
  for (const field of TRACKER_FIELD_VALUES) {
    for (const phrase of HEADER_WORDS[field]) {
      if (words.includes(` ${phrase} `)) {
        const strength = phrase.split(' ').length * 100 + phrase.length;
        if (!best || strength > best.strength) {
          best = { field, strength };
        }
      }
    }
  }
  return best;
}

/** A cell as text, as a person reads it (dates as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === null) {
    return '';
  }
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  }
  return String(cell).replace(/\s+/g, ' ').trim();
}

/** A cell that could be a header: short text, not a number or a date. */
function headerLike(cell: Cell): boolean {
  if (typeof cell !== 'string') {
    return false;
  }
  const text = cell.trim();
  return text.length > 0 && text.length <= 60 && !/^[\d\s./:-]+$/.test(text);
}

/** How many rows from the top are looked at for the header row. */
const HEADER_SEARCH_ROWS = 30;

/**
 * The header row (1-based): of the rows with several (three or more) different header-like cells, the one whose
 * cells name the most fields, the first of equals; row 1 when none has. A title above the table (one cell, or one
 * merged across the sheet, read as the same text in each column) and a group heading over merged ranges ("Finding",
 * "Progress") name fewer fields than the headers under them.
 */
export function guessHeaderRow(sheet: Sheet): number {
  let best = { row: 1, fields: -1 };
  const rows = sheet.rows.slice(0, HEADER_SEARCH_ROWS);
  for (let index = 0; index < rows.length; index += 1) {
    const distinct = [...new Set(rows[index].filter(headerLike).map((cell) => headerWords(cell as string)))];
    if (distinct.length < 3) {
      continue;
    }
    const fields = new Set(distinct.flatMap((text) => fieldOfHeader(text)?.field ?? [])).size;
    if (fields > best.fields) {
      best = { row: index + 1, fields };
    }
  }
  return best.row;
}

/**
 * The headers of a row, one a column. A header merged across several columns is read in each; the second and
 * later columns of it are labelled "(2)", "(3)", so each column keeps a name of its own.
 */
export function headersOf(sheet: Sheet, headerRow: number): string[] {
  const row = sheet.rows[headerRow - 1] ?? [];
  const width = Math.max(row.length, ...sheet.rows.slice(headerRow, headerRow + 200).map((cells) => cells.length));
  const headers: string[] = [];
  const seen = new Map<string, number>();
  for (let column = 0; column < width; column += 1) {
    const text = cellText(row[column] ?? null) || `Column ${columnLetter(column)}`;
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    headers.push(count === 1 ? text : `${text} (${count})`);
  }
  return headers;
}

/** A column's letter as Excel shows it (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The mapping of fields to columns: first the headers the organisation mapped before (by header text), then each
 * remaining field to the column whose header names it most surely. A column serves one field; repeated headers
 * (a merged header's later columns) are not guessed.
 */
export function guessMapping(
  headers: readonly string[],
  remembered: Partial<Record<TrackerField, string>> = {},
): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of TRACKER_FIELD_VALUES) {
    const header = remembered[field];
    const column = header === undefined ? -1 : headers.indexOf(header);
    if (column >= 0 && !used.has(column)) {
      mapping[field] = column;
      used.add(column);
    }
  }
  const candidates = headers
    .map((header, column) => ({ column, match: / \(\d+\)$/.test(header) ? null : fieldOfHeader(header) }))
    .filter((candidate) => candidate.match !== null)
    .sort((a, b) => b.match!.strength - a.match!.strength || a.column - b.column);
  for (const { column, match } of candidates) {
    if (mapping[match!.field] === undefined && !used.has(column)) {
      mapping[match!.field] = column;
      used.add(column);
    }
  }
  return mapping;
}

/** The mapping as header texts, to remember for the organisation's next spreadsheet. */
export function mappingByHeader(
  mapping: ColumnMapping,
  headers: readonly string[],
): Partial<Record<TrackerField, string>> {
  return Object.fromEntries(
    Object.entries(mapping)
      .filter(([, column]) => column !== undefined && headers[column] !== undefined)
      .map(([field, column]) => [field, headers[column]]),
  );
}
