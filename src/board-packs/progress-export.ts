/**
 * The cross-force progress table (a national recommendation's recipients, or a theme's forces) as
 * a download: the page's rows, with what was asked for written in "About this export".
 */
import type { CurrentUser } from '../access/current-user';
import { describeExport, exportTable, type ExportColumn, type ExportDocument } from '../exports/export-document';
import type { ProgressRow } from './cross-force-progress.service';
import type { ProgressQuery } from './dto/progress.query';

export const PROGRESS_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProgressRow>> = [
  { heading: 'Force', width: 34, value: (row) => row.force },
  { heading: 'Code', width: 8, value: (row) => row.code },
  { heading: 'Reference', width: 24, value: (row) => row.reference },
  { heading: 'Status', width: 30, value: (row) => row.status },
  { heading: 'Latest assessment', width: 24, value: (row) => row.latestAssessment },
  { heading: 'Assessed on', type: 'date', width: 13, value: (row) => row.assessedOn },
  { heading: 'Quote', width: 60, value: (row) => row.quote },
  { heading: 'Findings', type: 'number', width: 10, value: (row) => row.findings },
  { heading: 'Open', type: 'number', width: 8, value: (row) => row.open },
  { heading: 'Evidence', type: 'number', width: 10, value: (row) => row.evidence },
];

/** The download of one progress table, e.g. "NAT-2022-REC-01: …" for every recipient. */
export function progressExport(
  query: ProgressQuery,
  result: { title: string; rows: ProgressRow[] },
  reader: CurrentUser,
): ExportDocument {
  const filters = query.reference
    ? [{ label: 'National recommendation', value: result.title }]
    : [{ label: 'Theme', value: query.theme ?? '' }];
  return {
    about: describeExport('Progress across forces', reader, filters),
    fileName: `progress-${(query.reference ?? query.theme ?? 'all').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    tables: [exportTable('Progress', PROGRESS_EXPORT_COLUMNS, [result.rows])],
  };
}
