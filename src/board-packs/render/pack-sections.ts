/**
 * The board pack laid out as sections of paragraphs, lists, tables and charts, with every value
 * already worded and formatted. The PDF and Word renderers draw this same outline, so they show
 * the same sections, columns and figures in the same order.
 */
import { APPENDIX_COLUMNS, type BoardPack, type BoardPackMeeting, type BoardPackRow } from '../board-pack.types';
import { packChartSpecs, type ChartSpec } from './charts';
import { auditHeadWords, describeEvidenceList, formatCount, formatWhen, scopeWords, sinceWords } from './format';

export interface PackTableColumn {
  heading: string;
  /** Share of the table's width, relative to the other columns. */
  weight: number;
  align?: 'left' | 'right';
  /** Never wrapped (a finding's reference): the PDF widens the column to its longest value. */
  noWrap?: boolean;
}

export interface PackTable {
  /** A stable id, e.g. "summary-status" or "appendix". */
  id: string;
  caption: string;
  columns: PackTableColumn[];
  /** Cells as text; a cell may hold several lines separated by "\n". */
  rows: string[][];
  /** Shown instead of the table when there are no rows. */
  empty: string;
}

export type PackBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; table: PackTable }
  | { kind: 'chart'; chart: ChartSpec };

export interface PackSection {
  id: string;
  title: string;
  blocks: PackBlock[];
  /** Wide tables (the appendix) read better on a landscape page. */
  landscape?: boolean;
}

/** The appendix's cells for one finding, as shown in PDF and Word (dates in words, blanks in words). */
export function appendixCells(row: BoardPackRow): string[] {
  return APPENDIX_COLUMNS.map(({ key }) => {
    switch (key) {
      case 'targetDate':
        return row.targetDate ? formatWhen(row.targetDate) : 'None set';
      case 'owner':
        return row.owner ?? 'No owner';
      case 'ragLabel':
        return row.ragLabel ?? 'Not rated';
      case 'latestUpdate':
        return row.latestUpdate ?? 'No updates';
    }
    const value = row[key];
    return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : (value ?? '');
  });
}

const APPENDIX_WEIGHTS: Record<string, number> = {
  reference: 1.45,
  title: 2.6,
  report: 2,
  owner: 1.4,
  statusLabel: 1.3,
  targetDate: 1.1,
  ragLabel: 0.8,
  latestUpdate: 2.8,
};

const owner = (value: string | null) => value ?? 'No owner';
const target = (value: string | null) => (value ? formatWhen(value) : 'None set');
const rag = (value: string | null) => value ?? 'Not rated';

/** The columns that hold a finding's reference, which must not break across lines. */
const REFERENCE_HEADINGS = new Set(['Reference', 'Finding']);

function table(
  id: string,
  caption: string,
  columns: Array<[string, number] | [string, number, 'right']>,
  rows: string[][],
  empty: string,
): PackBlock {
  return {
    kind: 'table',
    table: {
      id,
      caption,
      columns: columns.map(([heading, weight, align]) => ({
        heading,
        weight,
        align: align ?? 'left',
        ...(REFERENCE_HEADINGS.has(heading) ? { noWrap: true } : {}),
      })),
      rows,
      empty,
    },
  };
}

/** "Force improvement board, 27 November 2026" */
export function meetingWords(meeting: BoardPackMeeting): string {
  return `${meeting.name}, ${formatWhen(meeting.date)}`;
}

/** The lead's commentary on the pack and on findings, for a pack saved for a meeting. */
function commentarySection(meeting: BoardPackMeeting): PackSection {
  return {
    id: 'commentary',
    title: 'Lead’s commentary',
    blocks: [
      { kind: 'paragraph', text: `For the meeting: ${meetingWords(meeting)}.` },
      { kind: 'paragraph', text: meeting.commentary ?? 'No commentary on the pack as a whole.' },
      table(
        'commentary-findings',
        'Commentary on findings',
        [
          ['Reference', 1.2],
          ['Title', 2.4],
          ['Commentary', 4.4],
        ],
        meeting.findings.map((f) => [f.reference, f.title, f.commentary]),
        'No commentary on individual findings.',
      ),
    ],
  };
}

/** The pack's sections, in reading order. */
export function packSections(pack: BoardPack): PackSection[] {
  const { meta, summary } = pack;
  const since = sinceWords(pack);
  return [
    {
      id: 'summary',
      title: 'Executive summary',
      blocks: [
        table(
          'summary-about',
          'About this pack',
          [
            ['Item', 1],
            ['Detail', 3],
          ],
          [
            ...(pack.meeting ? [['Meeting', meetingWords(pack.meeting)]] : []),
            ['Force', `${meta.force.name} (${meta.force.code})`],
            ['Classification', meta.classification],
            ['Scope', scopeWords(pack)],
            ['Changes reported since', since],
            ['No update for', `${formatCount(meta.staleDays)} days or more counts as no update`],
            ['Generated', `${formatWhen(meta.generatedAt)} by ${meta.generatedBy}`],
            ['Audit chain head', auditHeadWords(pack)],
          ],
          '',
        ),
        table(
          'summary-headline',
          'Headline figures',
          [
            ['Measure', 3],
            ['Findings', 1, 'right'],
          ],
          [
            ['Findings in scope', formatCount(summary.total)],
            ['Open findings', formatCount(summary.open)],
            ['Overdue findings', formatCount(pack.overdueFindings.length)],
            ['Overdue actions', formatCount(pack.overdueActions.length)],
            ['Awaiting verification', formatCount(pack.awaitingVerification.length)],
          ],
          '',
        ),
        table(
          'summary-status',
          'Findings by status',
          [
            ['Status', 3],
            ['Findings', 1, 'right'],
          ],
          summary.byStatus.map((s) => [s.label, formatCount(s.count)]),
          'No findings in scope.',
        ),
        table(
          'summary-rag',
          'Findings by RAG rating',
          [
            ['RAG rating', 3],
            ['Findings', 1, 'right'],
          ],
          summary.byRag.map((r) => [r.label, formatCount(r.count)]),
          'No findings in scope.',
        ),
        { kind: 'paragraph', text: `What changed since ${since}` },
        summary.changes.length
          ? { kind: 'bullets', items: summary.changes }
          : { kind: 'paragraph', text: 'Nothing has changed in this period.' },
      ],
    },
    ...(pack.meeting ? [commentarySection(pack.meeting)] : []),
    {
      id: 'charts',
      title: 'Charts',
      blocks: packChartSpecs(pack).map((chart): PackBlock => ({ kind: 'chart', chart })),
    },
    {
      id: 'overdue-findings',
      title: 'Overdue findings',
      blocks: [
        table(
          'overdue-findings',
          'Findings past their target date',
          [
            ['Reference', 1.2],
            ['Title', 3],
            ['Owner', 1.4],
            ['Status', 1.2],
            ['Target date', 1.1],
            ['Latest update', 2.4],
          ],
          pack.overdueFindings.map((r) => [
            r.reference,
            r.title,
            owner(r.owner),
            r.statusLabel,
            target(r.targetDate),
            r.latestUpdate ?? 'No updates',
          ]),
          'No findings are past their target date.',
        ),
      ],
    },
    {
      id: 'overdue-actions',
      title: 'Overdue actions',
      blocks: [
        table(
          'overdue-actions',
          'Actions past their due date',
          [
            ['Finding', 1.2],
            ['Action', 3.4],
            ['Owner', 1.6],
            ['Due', 1.2],
            ['Status', 1],
          ],
          pack.overdueActions.map((a) => [
            a.reference,
            a.description,
            owner(a.owner),
            formatWhen(a.dueDate),
            a.statusLabel,
          ]),
          'No actions are past their due date.',
        ),
      ],
    },
    {
      id: 'stale',
      title: `Findings with no update for ${formatCount(meta.staleDays)} days`,
      blocks: [
        table(
          'stale',
          `Open findings with no update for ${formatCount(meta.staleDays)} days or more`,
          [
            ['Reference', 1.2],
            ['Title', 3.2],
            ['Owner', 1.5],
            ['Status', 1.3],
            ['Last update', 1.6],
            ['RAG', 0.8],
          ],
          pack.staleFindings.map((r) => [
            r.reference,
            r.title,
            owner(r.owner),
            r.statusLabel,
            r.lastUpdateAt ? formatWhen(r.lastUpdateAt) : 'Never updated',
            rag(r.ragLabel),
          ]),
          'Every open finding has been updated recently.',
        ),
      ],
    },
    {
      id: 'awaiting-verification',
      title: 'Claims awaiting verification',
      blocks: [
        table(
          'awaiting-verification',
          'Findings the force says are implemented, with their evidence',
          [
            ['Reference', 1.2],
            ['Title', 2.6],
            ['Owner', 1.4],
            ['Evidence', 4],
          ],
          pack.awaitingVerification.map((r) => [
            r.reference,
            r.title,
            owner(r.owner),
            describeEvidenceList(r.evidence).join('\n'),
          ]),
          'No claims are awaiting verification.',
        ),
      ],
    },
    {
      id: 'verified-since',
      title: `Verified since ${since}`,
      blocks: [
        table(
          'verified-since',
          'Findings verified and closed in this period, with their evidence',
          [
            ['Reference', 1.2],
            ['Title', 2.4],
            ['Verified', 1.8],
            ['Evidence', 3.8],
          ],
          pack.verifiedSince.map((r) => [
            r.reference,
            r.title,
            `${formatWhen(r.verifiedAt)} by ${r.verifiedBy}`,
            describeEvidenceList(r.evidence).join('\n'),
          ]),
          'No findings were verified in this period.',
        ),
      ],
    },
    {
      id: 'national',
      title: 'National recommendations not yet implemented',
      blocks: [
        table(
          'national',
          'National recommendations and the latest assessment of this force',
          [
            ['Reference', 1.2],
            ['Recommendation', 2.8],
            ['Latest assessment', 1.4],
            ['What the assessment said', 3],
            ['Assessed in', 1.6],
          ],
          pack.nationalUnimplemented.map((n) => [
            n.reference,
            n.title,
            n.verdictLabel,
            n.quote ? `“${n.quote}”` : 'No quote recorded',
            n.assessedBy ?? 'Not assessed',
          ]),
          'Every national recommendation has been implemented.',
        ),
      ],
    },
    {
      id: 'slippage',
      title: 'Slippage',
      blocks: [
        table(
          'slippage',
          'Target dates moved in this period, with the reasons given',
          [
            ['Reference', 1.2],
            ['Title', 2.4],
            ['Was', 1.2],
            ['Now', 1.2],
            ['Reason', 2.6],
            ['Changed', 1.8],
          ],
          pack.slippage.map((s) => [
            s.reference,
            s.title,
            target(s.from),
            target(s.to),
            s.reason ?? 'No reason given',
            `${formatWhen(s.changedAt)} by ${s.changedBy}`,
          ]),
          'No target dates were moved in this period.',
        ),
      ],
    },
    {
      id: 'sign-off',
      title: 'Awaiting sign-off',
      blocks: [
        table(
          'sign-off',
          'Findings awaiting the board’s sign-off, with its decision',
          [
            ['Reference', 1.2],
            ['Title', 2.8],
            ['Owner', 1.4],
            ['Target date', 1.2],
            ['Board decision', 2.8],
          ],
          pack.signOffQueue.map((r) => [
            r.reference,
            r.title,
            owner(r.owner),
            target(r.targetDate),
            r.boardDecision ?? 'Awaiting decision',
          ]),
          'Nothing is awaiting sign-off.',
        ),
      ],
    },
    {
      id: 'pcc',
      title: 'Section 55 PCC responses',
      blocks: [
        table(
          'pcc',
          'Police and crime commissioner responses (section 55) due or overdue',
          [
            ['Report', 4],
            ['Published', 1.4],
            ['Response due', 1.4],
            ['State', 1],
          ],
          pack.pccResponses.map((p) => [
            p.report,
            formatWhen(p.publishedOn) || 'Not published',
            formatWhen(p.dueOn) || 'Not set',
            p.stateLabel,
          ]),
          'No PCC responses are due or overdue.',
        ),
      ],
    },
    {
      id: 'appendix',
      title: 'Appendix: every finding in scope',
      landscape: true,
      blocks: [
        {
          kind: 'table',
          table: {
            id: 'appendix',
            caption: `${formatCount(pack.appendix.length)} ${pack.appendix.length === 1 ? 'finding' : 'findings'} in scope`,
            columns: APPENDIX_COLUMNS.map((c) => ({
              heading: c.heading,
              weight: APPENDIX_WEIGHTS[c.key] ?? 1,
              align: 'left' as const,
              ...(c.key === 'reference' ? { noWrap: true } : {}),
            })),
            rows: pack.appendix.map(appendixCells),
            empty: 'No findings are in scope.',
          },
        },
        { kind: 'paragraph', text: `Audit chain head when this pack was made: ${auditHeadWords(pack)}.` },
      ],
    },
  ];
}
