/**
 * The findings list as a download: the same rows as the page (every page of them) in the same
 * order, the filters written in "About this export", in the columns below.
 */
import type { CurrentUser } from '../access/current-user';
import { describeExport, exportTable, type ExportColumn, type ExportDocument } from '../exports/export-document';
import type { ListFindingsQuery } from './dto/list-findings.query';
import { findingFilterLabels, findingOrderWords } from './findings-list.view';
import type { FindingsService, FindingSummary } from './findings.service';

type FilterOptions = Awaited<ReturnType<FindingsService['filterOptions']>>;

export const FINDING_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<FindingSummary>> = [
  { heading: 'Reference', width: 22, value: (finding) => finding.reference },
  { heading: 'Title', width: 60, value: (finding) => finding.title },
  { heading: 'Kind', width: 24, value: (finding) => finding.kindLabel },
  { heading: 'Organisation', width: 30, value: (finding) => finding.force?.name ?? 'National' },
  {
    heading: 'Report',
    width: 50,
    value: (finding) => (finding.report ? `${finding.report.title} (${finding.report.period})` : null),
  },
  { heading: 'Year', type: 'number', width: 8, value: (finding) => finding.year },
  { heading: 'Theme', width: 20, value: (finding) => finding.theme },
  { heading: 'Owner', width: 30, value: (finding) => finding.owner },
  { heading: 'Status', width: 28, value: (finding) => finding.statusLabel },
  { heading: 'Target date', type: 'date', width: 13, value: (finding) => finding.targetDate },
  { heading: 'Overdue', width: 10, value: (finding) => (finding.overdue ? 'Yes' : 'No') },
  { heading: 'RAG', width: 8, value: (finding) => finding.ragLabel },
  { heading: 'Implementation', width: 28, value: (finding) => finding.implementationLabel },
];

/** The download of the findings list for these filters, read 500 findings at a time. */
export function findingsExport(
  query: ListFindingsQuery,
  reader: CurrentUser,
  options: FilterOptions,
  chunks: AsyncIterable<FindingSummary[]>,
): ExportDocument {
  return {
    about: describeExport('Findings', reader, findingFilterLabels(query, options), [
      { label: 'Order', value: findingOrderWords(query) },
    ]),
    fileName: 'findings',
    tables: [exportTable('Findings', FINDING_EXPORT_COLUMNS, chunks)],
  };
}
