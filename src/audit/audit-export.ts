/** The audit log as a download: every entry matching the page's filters, newest first, as the page lists them. */
import type { CurrentUser } from '../access/current-user';
import {
  describeExport,
  exportTable,
  type ExportColumn,
  type ExportDocument,
  type ExportFilter,
} from '../exports/export-document';
import type { AuditEntryView } from './audit.service';
import type { ListAuditQuery } from './dto/list-audit.query';

/** The filters' labels, as the page's form gives them. */
const AUDIT_FILTER_LABELS = {
  actor: 'Who (username)',
  action: 'What (action)',
  entityType: 'Item type',
  entityId: 'Item',
  from: 'From (UTC day)',
  to: 'To (UTC day, included)',
} as const;

export const AUDIT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<AuditEntryView>> = [
  { heading: 'Entry', type: 'number', width: 8, value: (entry) => entry.id },
  { heading: 'When (UTC)', type: 'timestamp', width: 20, value: (entry) => entry.occurredAt },
  { heading: 'Who', width: 20, value: (entry) => entry.actor },
  { heading: 'Address', width: 16, value: (entry) => entry.ip },
  { heading: 'Action', width: 24, value: (entry) => entry.action },
  { heading: 'Item type', width: 14, value: (entry) => entry.entityType },
  { heading: 'Item', width: 22, value: (entry) => entry.entityId },
  { heading: 'Summary', width: 50, value: (entry) => entry.summary },
  {
    heading: 'Changes',
    width: 60,
    value: (entry) => entry.changes.map((change) => `${change.field}: ${change.before} → ${change.after}`).join('\n'),
  },
  { heading: 'Hash', width: 66, value: (entry) => entry.hash },
];

export function auditFilterLabels(filters: ListAuditQuery): ExportFilter[] {
  return (Object.keys(AUDIT_FILTER_LABELS) as Array<keyof typeof AUDIT_FILTER_LABELS>)
    .filter((key) => filters[key] !== undefined && filters[key] !== '')
    .map((key) => ({ label: AUDIT_FILTER_LABELS[key], value: String(filters[key]) }));
}

/** The download of the audit log for these filters, read 500 entries at a time. */
export function auditExport(
  filters: ListAuditQuery,
  reader: CurrentUser,
  chunks: AsyncIterable<AuditEntryView[]>,
): ExportDocument {
  return {
    about: describeExport('Audit log', reader, auditFilterLabels(filters), [{ label: 'Order', value: 'Newest first' }]),
    fileName: 'audit-log',
    tables: [exportTable('Audit log', AUDIT_EXPORT_COLUMNS, chunks)],
  };
}
