/**
 * The appendix table as CSV (RFC 4180): CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled, and a UTF-8 byte order mark so Excel reads it as UTF-8.
 * Cells that a spreadsheet would run as a formula (starting = + - @ TAB or CR) get a leading
 * single quote. Dates are YYYY-MM-DD.
 */
import { APPENDIX_COLUMNS, type BoardPack, type BoardPackRow } from '../board-pack.types';
import { CSV_BOM, csvRecord } from '../../exports/csv';
import { isoDay } from './format';

// The fields and the formula guard are every download's (src/exports/csv.ts); kept importable from here.
export { CSV_BOM, csvField, csvRecord } from '../../exports/csv';

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
