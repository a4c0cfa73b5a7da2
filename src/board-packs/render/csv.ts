/**
 * The appendix table as CSV (RFC 4180): CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled, and a UTF-8 byte order mark so Excel reads it as UTF-8.
 * Cells that a spreadsheet would run as a formula (starting = + - @ TAB or CR) get a leading
 * single quote. Dates are YYYY-MM-DD.
 */
import { APPENDIX_COLUMNS, type BoardPack, type BoardPackRow } from '../board-pack.types';
import { isoDay } from './format';

export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: guarded against formula injection, then quoted if it must be. */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, without its line end. */
export function csvRecord(values: ReadonlyArray<string | null | undefined>): string {
  return values.map(csvField).join(',');
}

/** An appendix row's values for CSV, in APPENDIX_COLUMNS order. */
export function appendixCsvValues(row: BoardPackRow): string[] {
  return APPENDIX_COLUMNS.map(({ key }) => {
    const value = row[key];
    if (key === 'targetDate') {
      return isoDay(row.targetDate);
    }
    if (typeof value === 'boolean') {
      return value ? 'Yes' : 'No';
    }
    return value ?? '';
  });
}

/** The appendix as a CSV document: a BOM, the heading row, then one row per finding; CRLF after every record. */
export function renderAppendixCsv(pack: BoardPack): string {
  const lines = [
    csvRecord(APPENDIX_COLUMNS.map((c) => c.heading)),
    ...pack.appendix.map((row) => csvRecord(appendixCsvValues(row))),
  ];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
