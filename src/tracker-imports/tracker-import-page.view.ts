/**
 * View models of the tracker import pages: the upload form with the uploads, and one upload's choices (sheet,
 * header row, columns, status words) with the preview of every row.
 */
import { formatUkDate } from '../common/dates';
import { errorsForView, type FieldError } from '../common/form-error';
import { FINDING_STATUSES } from '../findings/finding-status';
import type { Force } from '../reports/force.entity';
import { cellText, columnLetter, TRACKER_FIELDS, TRACKER_FIELD_VALUES } from './tracker-columns';
import { ROW_OUTCOMES, type PlannedChange, type PlannedRow, type RowOutcome } from './tracker-plan';
import { formatSizeMb, type TrackerCommitSummary, type TrackerPreview } from './tracker-imports.service';
import { statusOf, TRACKER_STATUS_TARGETS } from './tracker-status';
import { TRACKER_UPLOAD_STATUSES, type TrackerUpload } from './tracker-upload.entity';
import { MAX_TRACKER_BYTES } from './tracker-workbook';

const OUTCOME_TAGS: Record<RowOutcome, string> = {
  update: 'govuk-tag--blue',
  unchanged: 'govuk-tag--grey',
  create: 'govuk-tag--green',
  possible_match: 'govuk-tag--yellow',
  action_row: 'govuk-tag--turquoise',
  refused: 'govuk-tag--red',
};

/** How many characters of a row's text the preview shows. */
const TEXT_SHOWN = 220;

export function trackerListPage(
  uploads: TrackerUpload[],
  organisations: Force[],
  chooseOrganisation: boolean,
  errors: FieldError[] = [],
  typed: Record<string, unknown> = {},
) {
  return {
    title: 'Import a tracker spreadsheet',
    nav: 'tracker-imports',
    errors: errorsForView(errors),
    maxSize: formatSizeMb(MAX_TRACKER_BYTES),
    chooseOrganisation,
    organisation: chooseOrganisation ? null : (organisations[0] ?? null),
    organisations: organisations.map((force) => ({
      value: force.code,
      text: force.name,
      selected: typed.organisation === force.code,
    })),
    uploads: uploads.map((upload) => ({
      href: `/tracker-imports/${upload.id}`,
      fileName: upload.fileName,
      organisation: upload.force?.name ?? '',
      status: TRACKER_UPLOAD_STATUSES[upload.status],
      committed: upload.status === 'committed',
      outcome: upload.outcome,
      createdAt: upload.createdAt,
      createdBy: upload.createdBy,
    })),
  };
}

function describeChange(change: PlannedChange): string {
  switch (change.field) {
    case 'status':
      return change.from ? `Status: ${change.from} → ${change.to}` : `Status: ${change.to}`;
    case 'owner':
      return change.from ? `Owner: ${change.from} → ${change.to}` : `Owner: ${change.to}`;
    case 'targetDate':
      return change.from
        ? `Target date: ${formatUkDate(change.from)} → ${formatUkDate(change.to)}`
        : `Target date: ${formatUkDate(change.to)}`;
    case 'update':
      return `Progress note: ${change.to}`;
    case 'action':
      return `Action added: ${change.to}`;
  }
}

function rowView(row: PlannedRow) {
  const text = row.text.length > TEXT_SHOWN ? `${row.text.slice(0, TEXT_SHOWN - 1)}…` : row.text;
  return {
    row: row.row,
    id: `row-${row.row}`,
    reference: row.reference,
    text,
    outcome: ROW_OUTCOMES[row.outcome],
    tag: OUTCOME_TAGS[row.outcome],
    refused: row.outcome === 'refused',
    finding: row.finding ? { reference: row.finding, href: `/findings/${encodeURIComponent(row.finding)}` } : null,
    matchedBy:
      row.matchedBy === 'reference'
        ? 'by reference'
        : row.matchedBy === 'text'
          ? 'by its text (the same words)'
          : row.matchedBy === 'confirmed'
            ? 'as you confirmed'
            : null,
    score: row.score === null ? null : `${Math.round(row.score * 100)}%`,
    actionOf: row.actionOf,
    changes: row.changes.map(describeChange),
    refusals: row.refusals,
    notes: row.notes,
    decision:
      row.score !== null && row.score < 1 && row.actionOf === null
        ? {
            name: 'decision',
            options: [
              { value: `${row.row}:`, text: 'Not decided (left out)', selected: row.matchedBy === null && !row.create },
              {
                value: `${row.row}:same`,
                text: `The same finding as ${row.finding ?? ''}`,
                selected: row.matchedBy === 'confirmed',
              },
              { value: `${row.row}:new`, text: 'A different finding: create it', selected: row.create !== null },
            ],
          }
        : null,
  };
}

export function trackerPreviewPage(
  preview: TrackerPreview,
  errors: FieldError[] = [],
  notice: string | null = null,
  committed: TrackerCommitSummary | null = null,
) {
  const { upload, workbook, sheet, headers, statusWords, plan } = preview;
  const columns = headers.map((header, index) => ({ value: String(index), text: `${columnLetter(index)}: ${header}` }));
  const statusColumn = upload.mapping.status;
  const unknownWords = new Set<string>();
  if (statusColumn !== undefined) {
    for (const cells of sheet.rows.slice(upload.headerRow)) {
      const written = cellText(cells[statusColumn] ?? null);
      if (statusOf(written, statusWords) === null) {
        unknownWords.add(written);
      }
    }
  }
  const targetOptions = (selected: string) => [
    { value: '', text: 'Not in the table (rows refused)', selected: selected === '' },
    ...TRACKER_STATUS_TARGETS.map((status) => ({
      value: status,
      text: FINDING_STATUSES[status].label,
      selected: selected === status,
    })),
  ];
  const counts = plan.counts;
  return {
    title: `Import ${upload.fileName}`,
    nav: 'tracker-imports',
    errors: errorsForView(errors),
    notice,
    committed: upload.status === 'committed',
    outcome: upload.outcome,
    summary: committed,
    upload: {
      id: upload.id,
      action: `/tracker-imports/${upload.id}`,
      fileName: upload.fileName,
      organisation: preview.force.name,
      createdBy: upload.createdBy,
      createdAt: upload.createdAt,
    },
    reading: workbook.reading,
    sheets:
      workbook.sheets.length > 1
        ? workbook.sheets.map((candidate) => ({
            value: candidate.name,
            text: candidate.name,
            selected: candidate.name === sheet.name,
          }))
        : null,
    sheetName: sheet.name,
    headerRow: upload.headerRow,
    rowCount: sheet.rows.length,
    fields: TRACKER_FIELD_VALUES.map((field) => ({
      field,
      id: `mapping.${field}`,
      name: `mapping[${field}]`,
      label: TRACKER_FIELDS[field],
      options: [
        { value: '', text: 'Not in this sheet', selected: upload.mapping[field] === undefined },
        ...columns.map((column) => ({ ...column, selected: upload.mapping[field] === Number(column.value) })),
      ],
    })),
    statusRows: [
      ...[...unknownWords].map((word) => ({ word, unknown: true, options: targetOptions('') })),
      ...Object.entries(statusWords).map(([word, target]) => ({
        word,
        unknown: false,
        options: targetOptions(target),
      })),
      { word: '', unknown: false, options: targetOptions('') },
      { word: '', unknown: false, options: targetOptions('') },
    ],
    counts: [
      { label: 'Create a finding', count: counts.create },
      { label: 'Update a finding', count: counts.update + counts.action_row },
      { label: 'No change', count: counts.unchanged },
      { label: 'Match to confirm', count: counts.possible_match },
      { label: 'Refused', count: counts.refused },
    ],
    blankRows: plan.blankRows,
    changing: counts.create + counts.update + counts.action_row,
    rows: plan.rows.map(rowView),
    planHash: preview.planHash,
  };
}
