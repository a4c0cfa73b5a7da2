/** Values as a spreadsheet (SpreadsheetML, through exceljs or written directly) must hold them. */

// Characters that XML 1.0 does not allow at all (C0 controls other than TAB, LF and CR, and the
// two non-characters), plus lone surrogates.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- it finds the control characters that XML forbids, to remove them
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The most characters an Excel cell holds. */
export const EXCEL_CELL_LIMIT = 32767;
const CUT_NOTE = ' […cut: the full text is in the tracker]';

/** Removes characters that cannot appear in an XML document. */
export function xmlSafe(value: string): string {
  return value.replace(XML_INVALID, '');
}

/**
 * Text for an Excel cell: no characters XML forbids, line breaks as LF (as Excel writes them), and at most
 * EXCEL_CELL_LIMIT characters (longer text ends with a note saying it was cut).
 */
export function excelText(value: string): string {
  const text = xmlSafe(value).replace(/\r\n?/g, '\n');
  return text.length <= EXCEL_CELL_LIMIT ? text : `${text.slice(0, EXCEL_CELL_LIMIT - CUT_NOTE.length)}${CUT_NOTE}`;
}

/** A YYYY-MM-DD date as the Date exceljs writes as an Excel date serial (midnight UTC). */
export function excelDate(isoDate: string): Date {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}
