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

/** The columns a pack saved for a meeting adds: the meeting, its date, and the lead's commentary on the finding. */
export const MEETING_CSV_HEADINGS = ['Meeting', 'Meeting date', 'Lead’s commentary'];

/**
 * The appendix as a CSV document: a BOM, the heading row, then one row per finding; CRLF after every record. A pack
 * saved for a meeting has the meeting, its date and the lead's commentary on each finding as three more columns.
 */
export function renderAppendixCsv(pack: BoardPack): string {
  const { meeting } = pack;
  const comments = new Map(meeting?.findings.map((f) => [f.reference, f.commentary]));
  const lines = [
    csvRecord([...APPENDIX_COLUMNS.map((c) => c.heading), ...(meeting ? MEETING_CSV_HEADINGS : [])]),
    ...pack.appendix.map((row) =>
      csvRecord([
        ...appendixCsvValues(row),
        ...(meeting ? [meeting.name, meeting.date, comments.get(row.reference) ?? ''] : []),
      ]),
    ),
  ];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
