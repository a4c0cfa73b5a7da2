/**
 * My work as a download: each list of the page as a table (an Excel sheet each; one after another
 * in the CSV, each under its name), with the same rows, and the reader's team written in
 * "About this export".
 */
import type { CurrentUser } from '../access/current-user';
import { formatUkDateTime } from '../common/dates';
import {
  describeExport,
  exportTable,
  type ExportColumn,
  type ExportDocument,
  type ExportTable,
} from '../exports/export-document';
import { FINDING_EXPORT_COLUMNS } from '../findings/findings-export';
import type { MyWorkService } from './my-work.service';

type Work = Awaited<ReturnType<MyWorkService['overview']>>;
type ActionLine = Work['actions'][number];
type ChangeLine = Work['changes'][number];
type OwnerLine = NonNullable<Work['force']>['owners'][number];
type StatusLine = NonNullable<Work['force']>['byStatus'][number];
type AssignLine = NonNullable<Work['force']>['awaiting']['toAssign'][number];

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

const ACTION_COLUMNS: ReadonlyArray<ExportColumn<ActionLine>> = [
  { heading: 'Finding', width: 22, value: (action) => action.finding.reference },
  { heading: 'Action', width: 60, value: (action) => action.description },
  { heading: 'Owner', width: 30, value: (action) => action.owner },
  { heading: 'Status', width: 16, value: (action) => action.statusLabel },
  { heading: 'Due date', type: 'date', width: 13, value: (action) => action.dueDate },
  { heading: 'Overdue', width: 10, value: (action) => yesNo(action.overdue) },
];

const CHANGE_COLUMNS: ReadonlyArray<ExportColumn<ChangeLine>> = [
  { heading: 'Finding', width: 22, value: (change) => change.finding.reference },
  { heading: 'Title', width: 50, value: (change) => change.finding.title },
  { heading: 'Change', width: 24, value: (change) => change.label },
  { heading: 'New value', width: 24, value: (change) => change.toValue },
  { heading: 'Comment', width: 60, value: (change) => change.commentary },
  { heading: 'By', width: 20, value: (change) => change.author },
  { heading: 'When (UTC)', type: 'timestamp', width: 20, value: (change) => change.createdAt },
];

const ASSIGN_COLUMNS: ReadonlyArray<ExportColumn<AssignLine>> = [
  ...FINDING_EXPORT_COLUMNS,
  { heading: 'Missing', width: 28, value: (finding) => finding.missing },
];

function ownerColumns(owners: readonly OwnerLine[]): ReadonlyArray<ExportColumn<OwnerLine>> {
  const statuses = owners[0]?.byStatus ?? [];
  return [
    { heading: 'Owner', width: 34, value: (line) => line.label },
    ...statuses.map((status, index): ExportColumn<OwnerLine> => ({
      heading: status.label,
      type: 'number',
      width: 14,
      value: (line) => line.byStatus[index].count,
    })),
    { heading: 'Overdue findings', type: 'number', width: 14, value: (line) => line.overdueFindings },
    { heading: 'Overdue actions', type: 'number', width: 14, value: (line) => line.overdueActions },
  ];
}

const STATUS_COLUMNS: ReadonlyArray<ExportColumn<StatusLine>> = [
  { heading: 'Status', width: 34, value: (line) => line.label },
  { heading: 'Findings', type: 'number', width: 12, value: (line) => line.count },
];

/** The page's lists, in the page's order, each with the rows the page shows. */
export function myWorkTables(work: Work): ExportTable[] {
  const tables: ExportTable[] = [];
  const force = work.force;
  if (force) {
    tables.push(
      exportTable('Open findings by owner', ownerColumns(force.owners), [force.owners]),
      exportTable('Findings by status', STATUS_COLUMNS, [force.byStatus]),
      exportTable('Overdue findings in your force', FINDING_EXPORT_COLUMNS, [force.overdue.findings]),
      exportTable('Overdue actions in your force', ACTION_COLUMNS, [force.overdue.actions]),
      exportTable('Evidence to review', FINDING_EXPORT_COLUMNS, [force.awaiting.evidenceToReview]),
      exportTable('Ready to claim implemented', FINDING_EXPORT_COLUMNS, [force.awaiting.claimsToMake]),
      exportTable('Owner or target date to set', ASSIGN_COLUMNS, [force.awaiting.toAssign]),
    );
  }
  if (work.awaitingVerification.items.length > 0) {
    tables.push(exportTable('Claims awaiting verification', FINDING_EXPORT_COLUMNS, [work.awaitingVerification.items]));
  }
  tables.push(
    exportTable('Your overdue findings', FINDING_EXPORT_COLUMNS, [work.overdueFindings]),
    exportTable('Your overdue actions', ACTION_COLUMNS, [work.overdueActions]),
    exportTable('Changed since last sign-in', CHANGE_COLUMNS, [work.changes]),
    exportTable('Findings you own', FINDING_EXPORT_COLUMNS, [work.findings]),
    exportTable('Actions you own', ACTION_COLUMNS, [work.actions]),
  );
  return tables;
}

/** The download of a reader's My work. */
export function myWorkExport(work: Work, reader: CurrentUser): ExportDocument {
  return {
    about: describeExport('My work', reader, work.team ? [{ label: 'Owner (your team)', value: work.team }] : [], [
      {
        label: 'Changes since',
        value: work.since ? `${formatUkDateTime(work.since)} UK time (${work.since})` : 'This is your first sign-in',
      },
    ]),
    fileName: 'my-work',
    tables: myWorkTables(work),
  };
}
