/**
 * What a download holds, whatever its format: "About this export" (who, when, which organisation,
 * each filter with its label) and one or more tables of rows. Each page builds an ExportDocument
 * from the same read model it shows; `send-export.ts` writes it as CSV or Excel.
 */
import type { CurrentUser } from '../access/current-user';
import { ROLES } from '../access/roles';
import { formatUkDateTime, nowIso } from '../common/dates';

/** How a column's values are written: dates as dates (YYYY-MM-DD in CSV, real dates in Excel). */
export type ExportColumnType = 'text' | 'number' | 'date' | 'timestamp';
export type ExportValue = string | number | null | undefined;

export interface ExportColumn<Row> {
  heading: string;
  type?: ExportColumnType;
  /** Width in Excel (characters). */
  width?: number;
  value: (row: Row) => ExportValue;
}

/** A table of the download: its name (the Excel sheet's), headings and rows, read chunk by chunk. */
export interface ExportTable {
  name: string;
  headings: string[];
  types: ExportColumnType[];
  widths: number[];
  rows: AsyncIterable<ExportValue[][]>;
}

/** A filter the reader chose, by the label the page gives it, with the chosen value in words. */
export interface ExportFilter {
  label: string;
  value: string;
}

export interface ExportAbout {
  /** What the list is, e.g. "Findings". */
  title: string;
  /** "Test Staff (force-staff-1), Force staff". */
  exportedBy: string;
  /** ISO 8601 UTC. */
  exportedAt: string;
  /** The organisation whose data the reader may see: their force, or every organisation. */
  organisation: string;
  filters: ExportFilter[];
  /** Anything else that decides the rows, e.g. the order. */
  notes: ExportFilter[];
}

export interface ExportDocument {
  about: ExportAbout;
  /** The file's name without its extension, e.g. "findings". */
  fileName: string;
  tables: ExportTable[];
}

type Reader = Pick<CurrentUser, 'username' | 'displayName' | 'role' | 'forceCode' | 'forceName'>;

/** The organisation a reader's rows come from, in words. */
export function organisationOf(reader: Reader): string {
  if (reader.forceCode) {
    return `${reader.forceName ?? reader.forceCode} (${reader.forceCode})`;
  }
  return `All organisations (${ROLES[reader.role].label.toLowerCase()})`;
}

/** "About this export" for a reader now (or at `at`), with the filters and notes given. */
export function describeExport(
  title: string,
  reader: Reader,
  filters: ExportFilter[],
  notes: ExportFilter[] = [],
  at: string = nowIso(),
): ExportAbout {
  return {
    title,
    exportedBy: `${reader.displayName} (${reader.username}), ${ROLES[reader.role].label}`,
    exportedAt: at,
    organisation: organisationOf(reader),
    filters,
    notes,
  };
}

export const ABOUT_HEADING = 'About this export';
export const NO_FILTERS = 'None: every row you may see';

/** The lines of "About this export", label and value, as the CSV header block and the Excel sheet show them. */
export function aboutLines(about: ExportAbout): Array<[string, string]> {
  return [
    ['Export', about.title],
    ['Exported by', about.exportedBy],
    ['Exported at', `${formatUkDateTime(about.exportedAt)} UK time (${about.exportedAt})`],
    ['Organisation', about.organisation],
    ...(about.filters.length === 0
      ? [['Filters', NO_FILTERS] as [string, string]]
      : about.filters.map((filter): [string, string] => [`Filter: ${filter.label}`, filter.value])),
    ...about.notes.map((note): [string, string] => [note.label, note.value]),
  ];
}

/** A table whose rows come in chunks (a list read 500 at a time, or one array), each row put through the columns. */
export function exportTable<Row>(
  name: string,
  columns: ReadonlyArray<ExportColumn<Row>>,
  chunks: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
): ExportTable {
  return {
    name,
    headings: columns.map((column) => column.heading),
    types: columns.map((column) => column.type ?? 'text'),
    widths: columns.map((column) => column.width ?? 18),
    rows: (async function* () {
      for await (const chunk of chunks) {
        yield chunk.map((row) => columns.map((column) => column.value(row)));
      }
    })(),
  };
}

/** "findings-2026-11-28.csv": the name, the day of the export, the format. */
export function exportFileName(document: Pick<ExportDocument, 'about' | 'fileName'>, extension: 'csv' | 'xlsx') {
  return `${document.fileName}-${document.about.exportedAt.slice(0, 10)}.${extension}`;
}
