/**
 * Reads the headline figures back out of each rendered format: the number of findings, the open
 * count, the counts by status and the appendix's references. The tests use these to show that
 * every format carries the same figures as the pack; e2e tests can use them on downloads too.
 */
import { Workbook, type Worksheet } from 'exceljs';
import JSZip from 'jszip';
import { APPENDIX_COLUMNS } from '../../../src/board-packs/board-pack.types';
import { APPENDIX_SHEET, SUMMARY_LABELS, SUMMARY_SHEET } from '../../../src/board-packs/render/xlsx';

export interface PackFigures {
  total: number;
  open: number;
  byStatus: Record<string, number>;
  references: string[];
}

/** "5,000" → 5000; NaN when the text is not a count. */
export function parseCount(text: string): number {
  const cleaned = text.trim().replace(/,/g, '');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** Parses RFC 4180 CSV (an optional BOM, quoted fields with doubled quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let at = 0;
  while (at < source.length) {
    const char = source[at];
    if (quoted) {
      if (char === '"' && source[at + 1] === '"') {
        field += '"';
        at += 2;
        continue;
      }
      if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
      at += 1;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && source[at + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      at += 1;
    } else {
      field += char;
    }
    at += 1;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Undoes the CSV formula guard: a leading "'" before = + - @ TAB or CR. */
export function unguardCsvField(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/**
 * The figures in the appendix CSV. It has no summary, so the open count and the counts by status
 * are counted from its Status column; `openStatusLabels` says which statuses count as open.
 */
export function readCsvFigures(csv: string, openStatusLabels: readonly string[]): PackFigures {
  const [heading, ...rows] = parseCsv(csv);
  const referenceAt = heading.indexOf(APPENDIX_COLUMNS.find((c) => c.key === 'reference')!.heading);
  const statusAt = heading.indexOf(APPENDIX_COLUMNS.find((c) => c.key === 'statusLabel')!.heading);
  const statuses = rows.map((row) => row[statusAt]);
  return {
    total: rows.length,
    open: statuses.filter((status) => openStatusLabels.includes(status)).length,
    byStatus: countBy(statuses),
    references: rows.map((row) => unguardCsvField(row[referenceAt])),
  };
}

function cellText(sheet: Worksheet, row: number, column: number): string {
  const value = sheet.getRow(row).getCell(column).value;
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The figures in the workbook: the Summary sheet's counts and the Appendix sheet's references. */
export async function readXlsxFigures(buffer: Buffer): Promise<PackFigures> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const summary = workbook.getWorksheet(SUMMARY_SHEET);
  const appendix = workbook.getWorksheet(APPENDIX_SHEET);
  if (!summary || !appendix) {
    throw new Error('The workbook has no Summary or Appendix sheet');
  }
  const findRow = (label: string) => {
    for (let row = 1; row <= summary.rowCount; row += 1) {
      if (cellText(summary, row, 1) === label) {
        return row;
      }
    }
    throw new Error(`No "${label}" row on the Summary sheet`);
  };
  const byStatus: Record<string, number> = {};
  for (let row = findRow(SUMMARY_LABELS.statusHeading) + 1; cellText(summary, row, 1) !== ''; row += 1) {
    byStatus[cellText(summary, row, 1)] = Number(summary.getRow(row).getCell(2).value);
  }
  const references: string[] = [];
  for (let row = 2; row <= appendix.rowCount; row += 1) {
    references.push(cellText(appendix, row, 1));
  }
  return {
    total: Number(summary.getRow(findRow(SUMMARY_LABELS.total)).getCell(2).value),
    open: Number(summary.getRow(findRow(SUMMARY_LABELS.open)).getCell(2).value),
    byStatus,
    references,
  };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/** The text of a run of WordprocessingML: its <w:t> text, with <w:br/> as a line break. */
function wordText(xml: string): string {
  const parts: string[] = [];
  const pattern = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:br\s[^>]*\/>/g;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    parts.push(match[1] === undefined ? '\n' : unescapeXml(match[1]));
  }
  return parts.join('');
}

/** A .docx file's main document part (word/document.xml). */
export async function readDocxXml(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const part = zip.file('word/document.xml');
  if (!part) {
    throw new Error('No word/document.xml in the document');
  }
  return part.async('string');
}

/** Every paragraph's text in a WordprocessingML part, in order. */
export function docxParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((match) => wordText(match[1]));
}

/** Every table in a WordprocessingML part, as rows of cell texts (a cell's paragraphs joined by "\n"). */
export function docxTables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) =>
    [...table[1].matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
      [...row[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => docxParagraphs(cell[1]).join('\n')),
    ),
  );
}

function tableWithHeadings(tables: string[][][], headings: readonly string[]): string[][] {
  const table = tables.find((t) => t.length > 0 && headings.every((heading, at) => t[0][at] === heading));
  if (!table) {
    throw new Error(`No table headed ${headings.join(', ')}`);
  }
  return table.slice(1);
}

/** The figures in the Word document's summary tables and appendix table. */
export async function readDocxFigures(buffer: Buffer): Promise<PackFigures> {
  const tables = docxTables(await readDocxXml(buffer));
  const headline = new Map(
    tableWithHeadings(tables, ['Measure', 'Findings']).map(([label, value]) => [label, parseCount(value)]),
  );
  const byStatus = Object.fromEntries(
    tableWithHeadings(tables, ['Status', 'Findings']).map(([label, value]) => [label, parseCount(value)]),
  );
  const appendix = tableWithHeadings(
    tables,
    APPENDIX_COLUMNS.map((c) => c.heading),
  );
  return {
    total: headline.get('Findings in scope') ?? Number.NaN,
    open: headline.get('Open findings') ?? Number.NaN,
    byStatus,
    references: appendix.map((row) => row[0]),
  };
}

// WinAnsi codes 0x80-0x9F and the characters they stand for.
const WIN_ANSI_HIGH: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x2c6,
  0x89: 0x2030,
  0x8a: 0x160,
  0x8b: 0x2039,
  0x8c: 0x152,
  0x8e: 0x17d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x2dc,
  0x99: 0x2122,
  0x9a: 0x161,
  0x9b: 0x203a,
  0x9c: 0x153,
  0x9e: 0x17e,
  0x9f: 0x178,
};

/**
 * The lines of text in an uncompressed PDF made by pdfkit with the standard fonts (renderPdf with
 * `compress: false`), in drawing order: one entry per text-showing (TJ) operation, which pdfkit
 * emits once per laid-out line.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g)) {
    let text = '';
    for (const hex of match[1].matchAll(/<([0-9a-fA-F]*)>/g)) {
      for (let at = 0; at + 1 < hex[1].length; at += 2) {
        const code = parseInt(hex[1].slice(at, at + 2), 16);
        text += String.fromCodePoint(WIN_ANSI_HIGH[code] ?? code);
      }
    }
    lines.push(text);
  }
  return lines;
}

/** Label-and-count pairs that follow `heading`'s column headings in the PDF's lines. */
function pdfPairsAfter(
  lines: readonly string[],
  from: number,
  columnHeadings: readonly string[],
): Array<[string, number]> {
  let at = from;
  while (at < lines.length && !(lines[at] === columnHeadings[0] && lines[at + 1] === columnHeadings[1])) {
    at += 1;
  }
  at += 2;
  const pairs: Array<[string, number]> = [];
  while (at + 1 < lines.length && !Number.isNaN(parseCount(lines[at + 1])) && Number.isNaN(parseCount(lines[at]))) {
    pairs.push([lines[at], parseCount(lines[at + 1])]);
    at += 2;
  }
  return pairs;
}

/**
 * The figures in an uncompressed PDF: the headline and status tables of the summary, and the
 * references in the appendix (lines matching `referencePattern`, after the appendix heading).
 */
export function readPdfFigures(pdf: Buffer, referencePattern = /^[A-Z]{2,6}-\d{4}-[A-Z]{2,4}-\d+$/): PackFigures {
  const lines = pdfTextLines(pdf);
  const indexOf = (line: string, from = 0) => {
    const at = lines.indexOf(line, from);
    if (at < 0) {
      throw new Error(`No "${line}" in the PDF`);
    }
    return at;
  };
  const headline = new Map(pdfPairsAfter(lines, indexOf('Headline figures'), ['Measure', 'Findings']));
  const byStatus = Object.fromEntries(pdfPairsAfter(lines, indexOf('Findings by status'), ['Status', 'Findings']));
  const appendixAt = indexOf('Appendix: every finding in scope');
  return {
    total: headline.get('Findings in scope') ?? Number.NaN,
    open: headline.get('Open findings') ?? Number.NaN,
    byStatus,
    references: lines.slice(appendixAt).filter((line) => referencePattern.test(line)),
  };
}
