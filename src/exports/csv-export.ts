/** An ExportDocument as CSV, produced piece by piece: the "About this export" block, then each table. */
import { CSV_BOM, CSV_LINE_END, csvRecord } from './csv';
import {
  ABOUT_HEADING,
  aboutLines,
  type ExportColumnType,
  type ExportDocument,
  type ExportValue,
} from './export-document';

/** A value as CSV text: dates as YYYY-MM-DD, timestamps as ISO 8601 UTC, numbers in full, nothing as empty. */
export function csvValue(value: ExportValue, type: ExportColumnType): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (type === 'date' && typeof value === 'string') {
    return value.slice(0, 10);
  }
  return String(value);
}

/** The header block: "About this export", one line per fact and filter, then a blank line. */
export function csvAboutBlock(document: Pick<ExportDocument, 'about'>): string {
  const lines = [csvRecord([ABOUT_HEADING]), ...aboutLines(document.about).map((line) => csvRecord(line))];
  return lines.join(CSV_LINE_END) + CSV_LINE_END + CSV_LINE_END;
}

/**
 * The whole document as CSV, in pieces (one per chunk of rows): a BOM, the header block, and each table's heading
 * row and rows; when there are several tables, each is preceded by its name and followed by a blank line.
 */
export async function* csvPieces(document: ExportDocument): AsyncGenerator<string> {
  yield CSV_BOM + csvAboutBlock(document);
  const named = document.tables.length > 1;
  for (const [index, table] of document.tables.entries()) {
    yield (named ? csvRecord([table.name]) + CSV_LINE_END : '') + csvRecord(table.headings) + CSV_LINE_END;
    for await (const rows of table.rows) {
      if (rows.length > 0) {
        yield rows
          .map((row) => csvRecord(row.map((value, column) => csvValue(value, table.types[column]))) + CSV_LINE_END)
          .join('');
      }
    }
    if (named && index < document.tables.length - 1) {
      yield CSV_LINE_END;
    }
  }
}
