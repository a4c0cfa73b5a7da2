import type ExcelJS from 'exceljs';
import { type Cell, type Sheet } from './tracker-columns';
import { readCsv, SEPARATOR_NAMES, type CsvReading } from './tracker-csv';
import { expandedZipSize } from './zip-size';

/** The largest spreadsheet taken (the upload is kept in the database between the steps). */
export const MAX_TRACKER_BYTES = 5 * 1024 * 1024;
/** The most rows read from a sheet: a force's tracker holds hundreds, not tens of thousands. */
export const MAX_TRACKER_ROWS = 5000;
/** The most columns read from a row. */
const MAX_COLUMNS = 60;

/** A spreadsheet that cannot be read, with the reason a person can act on. */
export class TrackerFileError extends Error {}

export interface Workbook {
  format: 'xlsx' | 'csv';
  /** For a CSV file: how it was read ("UTF-8, separated by semicolons"). */
  reading: string | null;
  sheets: Sheet[];
}

/** One cell of exceljs as a plain value: rich text and hyperlinks as their text, formulas as their result. */
function plainValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value.trim() === '' ? null : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if ('richText' in value) {
    return plainValue(value.richText.map((part) => part.text).join(''));
  }
  if ('hyperlink' in value) {
    return plainValue(value.text);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    return plainValue((value as ExcelJS.CellFormulaValue).result);
  }
  return null;
}

/** How many empty rows a sheet may have between its rows of data, beyond the most rows read. */
const MAX_GAP_ROWS = 1000;

function tooManyRows(fileName: string, sheet: string): string {
  return `The sheet ${sheet} of ${fileName} has more than ${MAX_TRACKER_ROWS.toLocaleString('en-GB')} rows: import it in parts.`;
}

function describeCsv(reading: CsvReading): string {
  const encodings = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1252': 'Windows-1252' };
  return `${encodings[reading.encoding]}, separated by ${SEPARATOR_NAMES[reading.separator]}`;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * What a workbook may hold once expanded: more than 5,000 rows of a tracker, and far less than the server's heap.
 * exceljs holds a workbook in memory at about 14 bytes per byte expanded, so 25 MB takes about 350 MB of the 1 GB
 * `npm start` gives the app (a 52 MB workbook took 765 MB).
 */
export const MAX_EXPANDED_WORKBOOK_BYTES = 25_000_000;

function isOldExcel(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/**
 * Reads a spreadsheet: an Excel workbook (.xlsx, every sheet) or a CSV file (one sheet; its encoding and separator
 * detected). Merged cells read as the merged value in each cell they cover.
 */
export async function readWorkbook(fileName: string, bytes: Buffer): Promise<Workbook> {
  if (bytes.length === 0) {
    throw new TrackerFileError(`${fileName} is empty.`);
  }
  if (isOldExcel(bytes)) {
    throw new TrackerFileError(
      `${fileName} is an Excel 97–2003 workbook (.xls): open it in Excel and save it as an Excel workbook (.xlsx) or CSV.`,
    );
  }
  if (isZip(bytes)) {
    const expanded = expandedZipSize(bytes);
    if (expanded === null || expanded > MAX_EXPANDED_WORKBOOK_BYTES) {
      throw new TrackerFileError(
        expanded === null
          ? `${fileName} is not an Excel workbook (.xlsx) that can be read.`
          : `${fileName} holds ${Math.round(expanded / 1_000_000)} MB once opened: a tracker’s workbook holds at most ${MAX_EXPANDED_WORKBOOK_BYTES / 1_000_000} MB. Save only its tracker sheet, or save it as CSV.`,
      );
    }
    // exceljs is loaded when a workbook is first read, not at start.
    const workbook = new (await import('exceljs')).Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    } catch {
      throw new TrackerFileError(`${fileName} is not an Excel workbook (.xlsx) that can be read.`);
    }
    const sheets = workbook.worksheets.map((worksheet) => {
      if (worksheet.actualRowCount > MAX_TRACKER_ROWS) {
        throw new TrackerFileError(tooManyRows(fileName, worksheet.name));
      }
      const rows: Cell[][] = [];
      // Only rows holding something are visited: formatting applied down a whole sheet adds nothing.
      worksheet.eachRow((row, number) => {
        if (number > MAX_TRACKER_ROWS + MAX_GAP_ROWS) {
          throw new TrackerFileError(tooManyRows(fileName, worksheet.name));
        }
        const cells: Cell[] = [];
        const width = Math.min(Math.max(row.cellCount, worksheet.columnCount), MAX_COLUMNS);
        for (let column = 1; column <= width; column += 1) {
          cells.push(plainValue(row.getCell(column).value));
        }
        while (cells.length > 0 && cells[cells.length - 1] === null) {
          cells.pop();
        }
        while (rows.length < number - 1) {
          rows.push([]);
        }
        rows.push(cells);
      });
      return { name: worksheet.name, rows };
    });
    if (sheets.length === 0) {
      throw new TrackerFileError(`${fileName} has no sheets.`);
    }
    return { format: 'xlsx', reading: null, sheets };
  }
  if (bytes.subarray(0, 4096).includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) {
    throw new TrackerFileError(`${fileName} is not an Excel workbook (.xlsx) or a CSV file.`);
  }
  const reading = readCsv(bytes);
  const name = fileName.replace(/\.[^.]+$/, '') || 'CSV';
  if (reading.rows.filter((row) => row.length > 0).length > MAX_TRACKER_ROWS) {
    throw new TrackerFileError(tooManyRows(fileName, name));
  }
  const rows = reading.rows.map((row) => row.slice(0, MAX_COLUMNS));
  return { format: 'csv', reading: describeCsv(reading), sheets: [{ name, rows }] };
}
