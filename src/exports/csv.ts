/**
 * CSV (RFC 4180) fields and records, shared by every download: fields quoted when they hold a
 * comma, quote or line break, quotes doubled. Cells that a spreadsheet would run as a formula
 * (starting = + - @ TAB or CR) get a leading single quote, so Excel shows them as text.
 */

/** A UTF-8 byte order mark, so Excel reads the file as UTF-8. */
export const CSV_BOM = '\uFEFF';
/** The line end after every record. */
export const CSV_LINE_END = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text a spreadsheet would run as a formula, with a leading single quote; anything else unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: guarded against formula injection, then quoted if it must be. */
export function csvField(value: string | null | undefined): string {
  const text = neutraliseFormula(value ?? '');
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, without its line end. */
export function csvRecord(values: ReadonlyArray<string | null | undefined>): string {
  return values.map(csvField).join(',');
}
