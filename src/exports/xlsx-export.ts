/**
 * An ExportDocument as an Excel workbook, streamed with exceljs's WorkbookWriter (each row is
 * written out as it is added, so a long list never sits in memory): a first sheet "About this
 * export", then a sheet per table with a bold frozen heading row, an auto-filter, real Excel dates,
 * and text always written as text, never as a formula (as the board pack's workbook does).
 */
import type { Writable } from 'node:stream';
import {
  ABOUT_HEADING,
  aboutLines,
  type ExportColumnType,
  type ExportDocument,
  type ExportValue,
} from './export-document';
import { excelDate, excelText } from './spreadsheet-values';

const HEADER_FILL = 'FFDEE0E2';
const NUMBER_FORMATS: Partial<Record<ExportColumnType, string>> = {
  date: 'dd/mm/yyyy',
  timestamp: 'dd/mm/yyyy hh:mm:ss',
};

/** A value as exceljs takes it: text (never a formula), a number, or a Date for a date or timestamp column. */
export function excelValue(value: ExportValue, type: ExportColumnType): string | number | Date | null {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  if (typeof value === 'number') {
    return value;
  }
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    return excelDate(value);
  }
  if (type === 'timestamp' && !Number.isNaN(Date.parse(value))) {
    return new Date(value);
  }
  return excelText(value);
}

/** A sheet name Excel accepts (at most 31 characters, none of : \ / ? * [ ]), unique in the workbook. */
export function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let number = 2; used.has(candidate.toLowerCase()); number += 1) {
    const suffix = ` (${number})`;
    candidate = `${base.slice(0, 31 - suffix.length)}${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Waits while the output holds more than its buffer, so a slow reader slows the export rather than memory growing;
 * false when the reader has gone (the output closed), so the export stops reading rows.
 */
export async function drained(output: Writable): Promise<boolean> {
  if (output.writableNeedDrain && !output.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        output.off('drain', done);
        output.off('close', done);
        resolve();
      };
      output.on('drain', done);
      output.on('close', done);
    });
  }
  return !output.destroyed;
}

/** Writes the document to `output` as .xlsx and ends it. */
export async function writeXlsx(document: ExportDocument, output: Writable): Promise<void> {
  // exceljs is loaded when a workbook is first asked for, not at start.
  const { stream } = await import('exceljs');
  const workbook = new stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = document.about.exportedBy;
  workbook.title = document.about.title;
  workbook.created = new Date(document.about.exportedAt);
  const used = new Set<string>();

  const about = workbook.addWorksheet(sheetName(ABOUT_HEADING, used));
  about.columns = [{ width: 30 }, { width: 90 }];
  const title = about.addRow([ABOUT_HEADING]);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value] of aboutLines(document.about)) {
    const row = about.addRow([excelText(label), excelText(value)]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  about.commit();

  for (const table of document.tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name, used), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    });
    sheet.columns = table.headings.map((_, column) => {
      const numFmt = NUMBER_FORMATS[table.types[column]];
      return {
        width: table.widths[column],
        style: numFmt ? { numFmt, alignment: { vertical: 'top' } } : { alignment: { vertical: 'top' } },
      };
    });
    const header = sheet.addRow(table.headings.map(excelText));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    });
    header.commit();
    let count = 0;
    for await (const rows of table.rows) {
      for (const values of rows) {
        sheet.addRow(values.map((value, column) => excelValue(value, table.types[column]))).commit();
      }
      count += rows.length;
      if (!(await drained(output))) {
        return;
      }
    }
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(1, count + 1), column: Math.max(1, table.headings.length) },
    };
    sheet.commit();
  }
  await workbook.commit();
}
