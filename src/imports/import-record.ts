/**
 * A reviewed import as a ReportRecord: what the reviewer accepted, as ReportRecorder writes it.
 * Pure: the service records the result inside the commit's transaction.
 */
import type { FindingRef, ItemToRecord, LinkToRecord, ReportRecord } from '../reports/report-record';
import { pillarOf, reviewedTitle } from './import-review';
import type { ReportImport } from './report-import.entity';

/** The theme of a finding imported without one. */
export const NO_THEME = 'Not yet assigned';

/**
 * The record of a reviewed import: the report (in the inspection held for its force and period,
 * if there is one); the accepted judgments; each accepted finding as a new finding, or as another
 * source of the finding it was matched to; each accepted verdict whose finding is known; the
 * proposed links kept and the links the reviewer added, where both ends were accepted. A new
 * finding takes the title the reviewer left (reviewedTitle). The status a
 * board paper or tracker gives a finding it quotes (`statedStatus`) goes with the item, to be recorded
 * in the history of the finding it is about (the new one, or the held one it was matched to), with
 * this document as its source.
 */
export function recordOfImport(
  row: Pick<ReportImport, 'fileName' | 'proposal' | 'review'>,
  author: string,
  at: string,
): ReportRecord {
  const { proposal, review, fileName } = row;
  const type = review.report.type;
  if (!type) {
    throw new Error('The type of report is chosen before an import is recorded');
  }
  const report = 0;
  // Each accepted proposal item's index among the record's items.
  const itemOf = new Map<number, number>();
  const items: ItemToRecord[] = [];
  for (const [index, finding] of proposal.findings.entries()) {
    const reviewed = review.findings[index];
    if (reviewed?.decision !== 'accept') {
      continue;
    }
    const statedStatus = finding.statedStatus?.trim() || null;
    if (reviewed.match && reviewed.useMatch) {
      items.push({
        sourceOf: reviewed.match.reference,
        source: {
          report,
          section: reviewed.section,
          // A paper stating the finding's status (a board paper, a tracker) cites it: it is no new publication of it.
          role:
            reviewed.match.relation === 'another_source' && statedStatus === null ? 'also_published_in' : 'cited_by',
          position: index,
        },
        ...(statedStatus === null ? {} : { statedStatus }),
      });
    } else {
      const national = reviewed.kind === 'national_recommendation';
      const parent = finding.parentIndex === null ? undefined : itemOf.get(finding.parentIndex);
      items.push({
        finding: {
          kind: reviewed.kind,
          title: reviewedTitle(reviewed, finding),
          text: reviewed.text,
          subPoints: finding.subPoints,
          parent: parent === undefined ? null : { item: parent },
          theme: reviewed.theme.trim() || NO_THEME,
          // A national recommendation is cited by this report, not first published in it.
          sources: [{ report, section: reviewed.section, role: national ? 'cited_by' : 'origin', position: index }],
          ...(statedStatus === null ? {} : { statedStatus: { status: statedStatus, report } }),
        },
      });
    }
    itemOf.set(index, items.length - 1);
  }
  /** An item of this import ("#4": its 4th proposed finding, if accepted) or a reference. */
  const target = (value: string): FindingRef | null => {
    if (!value.startsWith('#')) {
      return { reference: value };
    }
    const item = itemOf.get(Number(value.slice(1)) - 1);
    return item === undefined ? null : { item };
  };

  const links: LinkToRecord[] = [];
  for (const link of review.links ?? []) {
    const from = itemOf.get(link.from);
    const to = itemOf.get(link.to);
    if (link.decision === 'accept' && from !== undefined && to !== undefined) {
      links.push({
        from: { item: from },
        to: { item: to },
        type: link.type,
        reason: `${link.reason} Proposed on import from ${fileName}.`,
      });
    }
  }
  for (const [index, reviewed] of review.findings.entries()) {
    const from = itemOf.get(index);
    for (const to of (reviewed.relatedTo ?? []).map(target)) {
      if (from !== undefined && to) {
        links.push({
          from: { item: from },
          to,
          type: 'relates_to',
          reason: `Related at review by ${author} on import from ${fileName}.`,
        });
      }
    }
  }

  return {
    author,
    at,
    importedFrom: fileName,
    reports: [
      {
        title: review.report.title,
        inspectorate: review.report.inspectorate,
        type,
        forceCode: review.report.forceCode,
        period: review.report.period,
        publishedOn: review.report.publishedOn,
        sourceFile: fileName,
        sourceUrl: null,
      },
    ],
    judgments: proposal.judgments
      .filter((_, index) => review.judgments[index]?.decision === 'accept')
      .map((judgment, position) => ({
        report,
        pillar: pillarOf(judgment.area),
        area: judgment.area,
        grade: judgment.grade,
        lastInspected: judgment.lastInspected,
        position,
      })),
    items,
    assessments: proposal.assessments.flatMap((assessment, index) => {
      const reviewed = review.assessments[index];
      const finding = reviewed?.decision === 'accept' && reviewed.target ? target(reviewed.target) : null;
      return finding
        ? [{ finding, report, verdict: assessment.verdict, quote: assessment.quote, assessedOn: null }]
        : [];
    }),
    links,
  };
}
