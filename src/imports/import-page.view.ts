/**
 * View models of the import pages: the list with the upload form, and the review of one import
 * with each proposed item beside its source passage.
 */
import type { FieldError } from '../common/form-error';
import { errorsForView } from '../common/form-error';
import { DEFAULT_DATA_AUTHOR } from './source-text-imports';
import { FINDING_KIND_VALUES, kindLabel } from '../findings/finding-kind';
import { ASSESSMENT_VERDICTS, LINK_TYPES } from '../findings/finding-status';
import type { Force } from '../reports/force.entity';
import { isEmptyProposal } from './extraction/extract-report';
import { formatSize, MAX_IMPORT_BYTES } from './extraction/read-document';
import { GRADES, INSPECTORATES, REPORT_TYPES } from '../reports/report-types';
import { reviewedTitle, sectionsOf } from './import-review';
import { IMPORT_STATUSES, type ReportImport } from './report-import.entity';

const PASSAGE_CONTEXT = 220;
/** A passage longer than this (in characters) is shown collapsed (govuk-details): a long report stays scannable. */
export const LONG_PASSAGE = 700;
/** How far past the item's start its lead-in and sub-points may be found (running heads, bullets, a page break). */
const SUB_POINT_GAP = 400;

/** What the review page says of a document in which the tracker found nothing to import. */
export function nothingToImportMessage(fileName: string): string {
  return `${fileName} holds no findings to import: the tracker found no findings, judgments or verdicts on earlier recommendations in it.`;
}

/** A document with each run of white space made one space, as sourcePassage searches it. */
export function flattenDocument(document: string): string {
  return document.replace(/\s+/g, ' ');
}

/** The passage an item was read from, split so the item's own words can be marked. */
export interface SourcePassage {
  before: string;
  match: string;
  after: string;
  /** Whether the marked words run on to the item's last sub-point, so the page need not list them again. */
  coversSubPoints: boolean;
  /** Longer than LONG_PASSAGE: shown collapsed. */
  long: boolean;
  words: number;
}

/**
 * The passage of the document an item came from, split so the item's own words can be marked:
 * the item's text (or, for an item joined from a heading and its lead-in, from the heading's
 * start to the lead-in's end) and its sub-points, with some context either side. The review page
 * flattens the document once for all its items (a long report has hundreds). Null when the words
 * are not in the document as read (the page then shows the item as read).
 */
export function sourcePassage(
  document: string,
  text: string,
  flat: string = flattenDocument(document),
  subPoints: readonly string[] = [],
): SourcePassage | null {
  const wanted = text.replace(/\s+/g, ' ').trim();
  if (!wanted) {
    return null;
  }
  let at = flat.indexOf(wanted);
  let end = at + wanted.length;
  // Structured items join a heading and its lead-in: find the start at least, then the lead-in after it.
  const rest = subPoints.map((point) => point.replace(/\s+/g, ' ').trim()).filter((point) => point !== '');
  if (at < 0) {
    const start = wanted.slice(0, 60);
    at = flat.indexOf(start);
    end = at + start.length;
    const lastLine = text.split('\n').pop()?.replace(/\s+/g, ' ').trim() ?? '';
    if (lastLine && lastLine !== wanted) {
      rest.unshift(lastLine);
    }
  }
  if (at < 0) {
    return null;
  }
  let covered = 0;
  for (const piece of rest) {
    const found = flat.indexOf(piece, end);
    if (found < 0 || found - end > SUB_POINT_GAP) {
      break;
    }
    end = found + piece.length;
    covered += 1;
  }
  const from = Math.max(0, at - PASSAGE_CONTEXT);
  const to = Math.min(flat.length, end + PASSAGE_CONTEXT);
  const before = `${from > 0 ? '…' : ''}${flat.slice(from, at)}`;
  const match = flat.slice(at, end);
  const after = `${flat.slice(end, to)}${to < flat.length ? '…' : ''}`;
  const whole = `${before}${match}${after}`;
  return {
    before,
    match,
    after,
    coversSubPoints: subPoints.length > 0 && covered === rest.length,
    long: whole.length > LONG_PASSAGE,
    words: whole.split(' ').filter((word) => word !== '' && word !== '…').length,
  };
}

/** How a section's items stand, as its heading says: "12 items, 3 dismissed". */
export function sectionCountText(items: number, dismissed: number): string {
  return `${items} ${items === 1 ? 'item' : 'items'}, ${dismissed} dismissed`;
}

export function importsListPage(imports: ReportImport[], errors: FieldError[] = [], notice: string | null = null) {
  return {
    pageTitle: 'Import a report',
    nav: 'imports',
    notice,
    maxBytes: MAX_IMPORT_BYTES,
    errors: errorsForView(errors),
    imports: imports.map((row) => ({
      id: row.id,
      href: `/imports/${row.id}`,
      fileName: row.fileName,
      format: row.format.toUpperCase(),
      size: formatSize(row.sizeBytes),
      status: IMPORT_STATUSES[row.status],
      statusKey: row.status,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      report: row.report ? { title: row.report.title, href: `/reports/${encodeURIComponent(row.report.key)}` } : null,
    })),
  };
}

/**
 * The answer to an upload of a document already held (the same SHA-256): when and by whom it was uploaded, the
 * report it became (if committed) and its import review.
 */
export function alreadyHeldPage(row: ReportImport) {
  return {
    pageTitle: `Already held: ${row.fileName}`,
    nav: 'imports',
    breadcrumbs: [{ text: 'Import a report', href: '/imports' }],
    fileName: row.fileName,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    fromDefaultData: row.createdBy === DEFAULT_DATA_AUTHOR,
    status: IMPORT_STATUSES[row.status],
    ready: row.status === 'ready',
    discarded: row.status === 'discarded',
    report: row.report ? { title: row.report.title, href: `/reports/${encodeURIComponent(row.report.key)}` } : null,
    reviewHref: `/imports/${row.id}`,
  };
}

/** The review page; `typed` is what the reviewer sent when it was refused, shown again as typed. */
export function importReviewPage(
  row: ReportImport,
  forces: Force[],
  errors: FieldError[] = [],
  typed: Record<string, unknown> | null = null,
  notice: string | null = null,
) {
  const { proposal } = row;
  const review = typed ? mergeTyped(row, typed) : row.review;
  const flat = flattenDocument(row.text);
  const option = (value: string, label: string, selected: string | null | undefined) => ({
    value,
    label,
    selected: value === (selected ?? ''),
  });
  const page = {
    pageTitle: `Review import: ${row.fileName}`,
    nav: 'imports',
    notice,
    // Only the news of a commit is a success; any other notice is for information.
    noticeSuccess: notice !== null && row.status === 'committed',
    errors: errorsForView(errors),
    id: row.id,
    href: `/imports/${row.id}`,
    fileName: row.fileName,
    format: row.format.toUpperCase(),
    size: formatSize(row.sizeBytes),
    status: IMPORT_STATUSES[row.status],
    open: row.status === 'ready',
    committed: row.status === 'committed',
    reportHref: row.report ? `/reports/${encodeURIComponent(row.report.key)}` : null,
    reportTitle: row.report?.title ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    fromDefaultData: row.createdBy === DEFAULT_DATA_AUTHOR,
    // Said plainly in place of the review form: there is nothing to review or commit, only to discard.
    nothingToImport: isEmptyProposal(proposal) ? nothingToImportMessage(row.fileName) : null,
    counts: {
      findings: proposal.findings.length,
      judgments: proposal.judgments.length,
      assessments: proposal.assessments.length,
    },
    report: {
      ...review.report,
      forceOptions: [
        option('', 'None: a national report', review.report.forceCode),
        ...forces.map((force) => option(force.code, force.name, review.report.forceCode)),
      ],
      inspectorateOptions: INSPECTORATES.map((value) => option(value, value, review.report.inspectorate)),
      typeOptions: [
        option('', 'Choose the type', review.report.type),
        ...Object.entries(REPORT_TYPES).map(([value, label]) => option(value, label, review.report.type)),
      ],
      read: proposal.report,
    },
    judgments: proposal.judgments.map((judgment, index) => ({
      index,
      area: judgment.area,
      grade: GRADES[judgment.grade] ?? judgment.grade,
      lastInspected: judgment.lastInspected,
      accepted: review.judgments[index]?.decision !== 'reject',
    })),
    findings: proposal.findings.map((finding, index) => {
      const reviewed = review.findings[index];
      const passage = sourcePassage(row.text, finding.text, flat, finding.subPoints);
      const links = (review.links ?? []).flatMap((link, linkIndex) =>
        link.from === index
          ? [
              {
                linkIndex,
                typeLabel: LINK_TYPES[link.type].label.toLowerCase(),
                toNumber: link.to + 1,
                toKind: kindLabel(review.findings[link.to]?.kind ?? proposal.findings[link.to].kind).toLowerCase(),
                toTitle: reviewedTitle(
                  review.findings[link.to] ?? proposal.findings[link.to],
                  proposal.findings[link.to],
                ),
                reason: link.reason,
                accepted: link.decision !== 'reject',
                error: fieldError(errors, `links.${linkIndex}.decision`),
              },
            ]
          : [],
      );
      return {
        index,
        number: index + 1,
        kindLabel: kindLabel(reviewed.kind),
        kindOptions: FINDING_KIND_VALUES.map((value) => option(value, kindLabel(value), reviewed.kind)),
        // As the reviewer left it (even empty, when refused for that), else proposed from the text.
        title: reviewed.title ?? reviewedTitle(reviewed, finding),
        text: reviewed.text,
        section: reviewed.section ?? '',
        theme: reviewed.theme,
        /** The item as the extractor read it: shown as its source when its words are not in the document as read. */
        readText: finding.text,
        subPoints: finding.subPoints,
        /** The status the document gives the item (a board paper's RAG or status column), recorded on commit. */
        statedStatus: finding.statedStatus ?? null,
        accepted: reviewed.decision !== 'reject',
        passage,
        // Listed under the passage unless it shows them, open: a collapsed passage hides them.
        listSubPoints: finding.subPoints.length > 0 && (!passage?.coversSubPoints || passage.long),
        match: reviewed.match
          ? {
              ...reviewed.match,
              percent: Math.round(reviewed.match.score * 100),
              href: `/findings/${encodeURIComponent(reviewed.match.reference)}`,
            }
          : null,
        useMatch: reviewed.useMatch,
        links,
        relatedTo: (reviewed.relatedTo ?? []).join(', '),
        errors: {
          title: fieldError(errors, `findings.${index}.title`),
          text: fieldError(errors, `findings.${index}.text`),
          kind: fieldError(errors, `findings.${index}.kind`),
          section: fieldError(errors, `findings.${index}.section`),
          theme: fieldError(errors, `findings.${index}.theme`),
          relatedTo: fieldError(errors, `findings.${index}.relatedTo`),
        },
      };
    }),
    assessments: proposal.assessments.map((assessment, index) => {
      const reviewed = review.assessments[index];
      return {
        index,
        number: index + 1,
        verdict: ASSESSMENT_VERDICTS[assessment.verdict].label.toLowerCase(),
        quote: assessment.quote,
        refersTo: assessment.refersTo,
        target: reviewed.target ?? '',
        score: reviewed.score === null ? null : Math.round(reviewed.score * 100),
        reason: reviewed.reason,
        accepted: reviewed.decision !== 'reject',
        passage: sourcePassage(row.text, assessment.quote, flat),
        error: fieldError(errors, `assessments.${index}.target`),
      };
    }),
  };
  return { ...page, sections: reviewSections(proposal.findings, page.findings) };
}

/**
 * The proposed items grouped by the section of the document they were read under (sectionsOf),
 * each section with its count ("12 items, 3 dismissed") and the buttons it needs: "Dismiss this
 * section" while any of its items is accepted, "Restore this section" once any is dismissed. A
 * section wholly dismissed shows its items collapsed (still in the form), unless one has an error.
 */
export function reviewSections<
  Item extends {
    accepted: boolean;
    errors: Record<string, string | null>;
    links: ReadonlyArray<{ error: string | null }>;
  },
>(proposed: ReadonlyArray<{ section: string | null }>, items: readonly Item[]) {
  return sectionsOf(proposed).map((section) => {
    const shown = section.items.map((index) => items[index]);
    const dismissed = shown.filter((item) => !item.accepted).length;
    return {
      number: section.number,
      id: `section-${section.number}`,
      name: section.name,
      key: section.key,
      withoutSection: section.section === null,
      items: shown,
      countText: sectionCountText(shown.length, dismissed),
      canDismiss: dismissed < shown.length,
      canRestore: dismissed > 0,
      collapsed:
        dismissed === shown.length &&
        !shown.some((item) => Object.values(item.errors).some(Boolean) || item.links.some((link) => link.error)),
    };
  });
}

function fieldError(errors: FieldError[], field: string): string | null {
  return errors.find((error) => error.field === field)?.message ?? null;
}

/** The stored review with what the reviewer typed laid over it, for showing a refused form again. */
function mergeTyped(row: ReportImport, typed: Record<string, unknown>): ReportImport['review'] {
  const list = (value: unknown): Array<Record<string, string>> =>
    (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []) as Array<
      Record<string, string>
    >;
  // The report's fields as sent: all of them from the form, none from a post without them (shown empty, as sent).
  const sentReport = typed.report && typeof typed.report === 'object';
  const report = (sentReport ? typed.report : { title: '', period: '', publishedOn: '' }) as Record<string, string>;
  const findings = list(typed.findings);
  const judgments = list(typed.judgments);
  const assessments = list(typed.assessments);
  const links = list(typed.links);
  const review = row.review;
  return {
    report: {
      title: report.title ?? review.report.title,
      forceCode: report.forceCode ?? review.report.forceCode,
      inspectorate: (report.inspectorate as never) ?? review.report.inspectorate,
      type: (report.type as never) ?? review.report.type,
      period: report.period ?? review.report.period,
      publishedOn: report.publishedOn ?? review.report.publishedOn,
    },
    judgments: review.judgments.map((judgment, index) => ({
      decision: (judgments[index]?.decision as never) ?? judgment.decision,
    })),
    findings: review.findings.map((finding, index) => {
      const edit = findings[index];
      return edit
        ? {
            ...finding,
            decision: (edit.decision as never) ?? finding.decision,
            kind: (edit.kind as never) ?? finding.kind,
            title: edit.title ?? finding.title,
            text: edit.text ?? finding.text,
            section: edit.section ?? finding.section,
            theme: edit.theme ?? finding.theme,
            useMatch: edit.useMatch === 'yes',
            // Shown again exactly as typed, even when it does not parse.
            relatedTo: typeof edit.relatedTo === 'string' ? [edit.relatedTo] : finding.relatedTo,
          }
        : finding;
    }),
    assessments: review.assessments.map((assessment, index) => {
      const edit = assessments[index];
      return edit
        ? {
            ...assessment,
            decision: (edit.decision as never) ?? assessment.decision,
            target: edit.target ?? assessment.target,
          }
        : assessment;
    }),
    links: (review.links ?? []).map((link, index) => ({
      ...link,
      decision: (links[index]?.decision as never) ?? link.decision,
    })),
  };
}
