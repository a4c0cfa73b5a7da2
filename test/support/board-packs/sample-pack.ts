/**
 * Realistic board packs for the renderers' tests and the benchmark, built the way the service
 * builds a pack (the same labels, RAG rules, open statuses and chart shapes) from synthetic
 * findings, so every figure in a sample pack adds up.
 */
import { createHash } from 'node:crypto';
import { addDays, formatUkDate } from '../../../src/common/dates';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES } from '../../../src/evidence/evidence.entity';
import { FINDING_KINDS, type FindingKind } from '../../../src/findings/finding-kind';
import {
  FINDING_STATUSES,
  FINDING_STATUS_VALUES,
  RAG_RATINGS,
  RAG_VALUES,
  type FindingStatus,
} from '../../../src/findings/finding-status';
import { isOverdue, ragRating } from '../../../src/findings/rag';
import {
  ageBand,
  AGE_BANDS,
  OPEN_STATUSES,
  quarterEnds,
  quarterLabel,
} from '../../../src/board-packs/board-pack-maths';
import type { BoardPack, BoardPackEvidenceLine, BoardPackRow } from '../../../src/board-packs/board-pack.types';

/** One finding as the sample needs it: what the service reads from the database, flattened. */
export interface SyntheticFinding {
  reference: string;
  title: string;
  kind: FindingKind;
  report: string;
  reportPublishedOn: string;
  owner: string | null;
  status: FindingStatus;
  targetDate: string | null;
  lastUpdateAt: string | null;
  latestUpdate: string | null;
  evidence: BoardPackEvidenceLine[];
  verifiedAt?: string;
  verifiedBy?: string;
  boardDecision?: string | null;
}

export interface PackExtras {
  today: string;
  meta: BoardPack['meta'];
  changes: string[];
  overdueActions: BoardPack['overdueActions'];
  nationalUnimplemented: BoardPack['nationalUnimplemented'];
  slippage: BoardPack['slippage'];
  pccResponses: BoardPack['pccResponses'];
}

function rowOf(finding: SyntheticFinding, today: string): BoardPackRow {
  const rag = ragRating(
    { status: finding.status, targetDate: finding.targetDate, lastUpdateAt: finding.lastUpdateAt },
    today,
  );
  return {
    reference: finding.reference,
    title: finding.title,
    kindLabel: FINDING_KINDS[finding.kind].label,
    report: finding.report,
    owner: finding.owner,
    statusLabel: FINDING_STATUSES[finding.status].label,
    targetDate: finding.targetDate,
    ragLabel: rag.rating ? RAG_RATINGS[rag.rating].label : null,
    overdue: isOverdue(finding.status, finding.targetDate, today),
    latestUpdate: finding.latestUpdate,
  };
}

/** Builds a consistent pack from synthetic findings, as BoardPackService does from the database. */
export function assemblePack(findings: readonly SyntheticFinding[], extras: PackExtras): BoardPack {
  const { today, meta } = extras;
  const rows = findings.map((finding) => ({ finding, row: rowOf(finding, today) }));
  const open = findings.filter((finding) => OPEN_STATUSES.includes(finding.status));
  const yearOf = (finding: SyntheticFinding) => finding.reportPublishedOn.slice(0, 4);
  const years = [...new Set(findings.map(yearOf))].sort();
  const owners = new Map<string, number>();
  for (const finding of open) {
    owners.set(finding.owner ?? 'No owner', (owners.get(finding.owner ?? 'No owner') ?? 0) + 1);
  }
  const closedBy = (finding: SyntheticFinding) =>
    finding.status === 'verified_closed' || finding.status === 'superseded'
      ? (finding.verifiedAt ?? finding.lastUpdateAt ?? finding.reportPublishedOn)
      : null;
  const since = meta.since;

  return {
    meta,
    summary: {
      total: findings.length,
      open: open.length,
      byStatus: FINDING_STATUS_VALUES.map((status) => ({
        key: status,
        label: FINDING_STATUSES[status].label,
        count: findings.filter((f) => f.status === status).length,
      })),
      byRag: [
        ...RAG_VALUES.map((rag) => ({
          key: rag,
          label: RAG_RATINGS[rag].label,
          count: rows.filter(({ row }) => row.ragLabel === RAG_RATINGS[rag].label).length,
        })),
        { key: 'none', label: 'Not rated', count: rows.filter(({ row }) => row.ragLabel === null).length },
      ],
      changes: extras.changes,
    },
    charts: {
      statusByYear: {
        categories: years,
        series: FINDING_STATUS_VALUES.map((status) => ({
          key: status,
          label: FINDING_STATUSES[status].label,
          values: years.map((year) => findings.filter((f) => yearOf(f) === year && f.status === status).length),
        })),
      },
      openByAgeBand: AGE_BANDS.map((band) => ({
        label: band.label,
        count: open.filter((f) => ageBand(f.reportPublishedOn, today) === band.label).length,
      })),
      openByOwner: [...owners.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([label, count]) => ({ label, count })),
      openTrend: quarterEnds(today, 7).map((day) => ({
        label: quarterLabel(day, today),
        count: findings.filter((f) => {
          const closed = closedBy(f);
          return f.reportPublishedOn <= day && (closed === null || closed.slice(0, 10) > day);
        }).length,
      })),
    },
    overdueFindings: rows.filter(({ row }) => row.overdue).map(({ row }) => row),
    overdueActions: extras.overdueActions,
    staleFindings: rows
      .filter(({ finding }) => OPEN_STATUSES.includes(finding.status))
      .filter(
        ({ finding }) =>
          finding.lastUpdateAt === null || finding.lastUpdateAt.slice(0, 10) <= addDays(today, -meta.staleDays),
      )
      .map(({ finding, row }) => ({ ...row, lastUpdateAt: finding.lastUpdateAt })),
    awaitingVerification: rows
      .filter(({ finding }) => finding.status === 'implemented')
      .map(({ finding, row }) => ({ ...row, evidence: finding.evidence })),
    verifiedSince: rows
      .filter(
        ({ finding }) =>
          finding.status === 'verified_closed' &&
          finding.verifiedAt &&
          (!since || finding.verifiedAt.slice(0, 10) >= since),
      )
      .map(({ finding, row }) => ({
        ...row,
        verifiedAt: finding.verifiedAt!,
        verifiedBy: finding.verifiedBy ?? 'HMICFRS',
        evidence: finding.evidence,
      })),
    nationalUnimplemented: extras.nationalUnimplemented,
    slippage: extras.slippage,
    signOffQueue: rows
      .filter(({ finding }) => finding.status === 'implemented')
      .map(({ finding, row }) => ({ ...row, boardDecision: finding.boardDecision ?? null })),
    pccResponses: extras.pccResponses,
    appendix: rows.map(({ row }) => row),
  };
}

export const SAMPLE_TODAY = '2026-11-23';

const REPORTS = [
  { title: 'PEEL 2018/19: an inspection of Dyfed-Powys Police (2019)', published: '2019-09-27', code: 'AFI' },
  { title: 'Vetting, misconduct and misogyny in the police service (2022)', published: '2022-11-02', code: 'REC' },
  {
    title: 'PEEL 2021–22: police effectiveness, efficiency and legitimacy (2022)',
    published: '2022-07-15',
    code: 'AFI',
  },
  {
    title: 'An inspection of custody services in Dyfed-Powys, “Ŵyddgrug” annex (2024)',
    published: '2024-03-12',
    code: 'COC',
  },
  { title: 'PEEL 2023–25: an inspection of Dyfed-Powys Police (2025)', published: '2025-06-20', code: 'AFI' },
  { title: 'Activism and impartiality in policing, follow-up (2026)', published: '2026-02-10', code: 'REC' },
] as const;

const OWNERS = [
  'ACC Local Policing',
  'Head of Professional Standards',
  'Ch Supt Siân Ŵatkins',
  'Head of Custody',
  'Director of People',
  null,
] as const;

/** Titles that test every format's escaping: commas, quotes, newlines, formulas, markup, non-ASCII. */
export const AWKWARD_TITLES = [
  'The force should improve vetting, "aftercare" and re-vetting, with clear timescales',
  'Supervisors should review cases\nwithin 28 days\r\nand record the review',
  "=cmd|' /C calc'!A1",
  '<script>alert("pwned")</script> should be shown as text',
  'The force’s Welsh-language custody service at Ŵyddgrug – “Gwasanaeth Cymraeg” – should be offered to every detainee',
  '+44 number for the non-emergency line should be published',
  '-1 officers short in the control room',
  '@ProfessionalStandards inbox should be triaged daily',
  '\tTabbed title from a spreadsheet',
  'Targets moved → again; unit ≥ 5 officers; résumé ✓',
] as const;

const LONG_TITLE =
  'The force should make sure that it has an effective process to identify, assess and manage the risks posed by officers and staff who are subject to ' +
  'criminal investigation or misconduct proceedings, including those who have been suspended or placed on restricted duties, and that the process is ' +
  'reviewed regularly by a senior leader with the authority to act on its findings across every basic command unit.';

/** A made-up but well-formed SHA-256 hex digest. */
export function fakeSha256(seed: string | number): string {
  return createHash('sha256').update(String(seed)).digest('hex');
}

function sampleFindings(): SyntheticFinding[] {
  const statuses: FindingStatus[] = [
    'in_progress',
    'not_started',
    'implemented',
    'in_progress',
    'verified_closed',
    'in_progress',
    'not_started',
    'implemented',
    'superseded',
    'in_progress',
  ];
  const findings: SyntheticFinding[] = [];
  for (let index = 0; index < 30; index += 1) {
    const report = REPORTS[index % REPORTS.length];
    const year = report.published.slice(0, 4);
    const number = String(Math.floor(index / REPORTS.length) + 1).padStart(2, '0');
    const status = statuses[index % statuses.length];
    const title =
      index < AWKWARD_TITLES.length
        ? AWKWARD_TITLES[index]
        : index === 12
          ? LONG_TITLE
          : `The force should improve how it records and reviews finding ${index + 1}, including its action plan`;
    // Target dates either side of today, some missing; last updates from recent to long ago.
    const targetDate = index % 7 === 3 ? null : addDays(SAMPLE_TODAY, ((index * 47) % 300) - 150);
    const lastUpdateDay = addDays(SAMPLE_TODAY, -((index * 37) % 200));
    const lastUpdateAt =
      index % 11 === 5 ? null : `${lastUpdateDay}T${String(8 + (index % 9)).padStart(2, '0')}:30:00.000Z`;
    const evidence: BoardPackEvidenceLine[] =
      status === 'implemented' || status === 'verified_closed'
        ? [
            {
              title: `Action plan, version ${(index % 4) + 1}`,
              kindLabel: EVIDENCE_KINDS.file,
              reviewLabel: EVIDENCE_REVIEW_STATES.accepted.label,
              fileName: `action-plan-v${(index % 4) + 1}.pdf`,
              sha256: fakeSha256(`evidence-${index}`),
            },
            {
              title: 'Minutes of the “Gold” group, 4 May',
              kindLabel: EVIDENCE_KINDS.note,
              reviewLabel: EVIDENCE_REVIEW_STATES.submitted.label,
              fileName: null,
              sha256: null,
            },
          ]
        : [];
    findings.push({
      reference: `DYP-${year}-${report.code}-${number}`,
      title,
      kind:
        report.code === 'COC' ? 'cause_of_concern' : report.code === 'REC' ? 'recommendation' : 'area_for_improvement',
      report: report.title,
      reportPublishedOn: report.published,
      owner: OWNERS[index % OWNERS.length],
      status,
      targetDate,
      lastUpdateAt,
      latestUpdate: lastUpdateAt
        ? `${formatUkDate(lastUpdateAt)}: Progress note: ${index % 4 === 0 ? 'Draft policy agreed, "subject to" legal advice, training booked for 3, 4 and 5 March' : index % 4 === 1 ? 'Owner changed – see the “Gold” minutes\nSecond line' : 'Awaiting data from the ICT project, £12,000 approved'}`
        : null,
      evidence,
      verifiedAt:
        status === 'verified_closed' ? `${addDays(SAMPLE_TODAY, -((index * 13) % 90))}T14:05:00.000Z` : undefined,
      verifiedBy: status === 'verified_closed' ? 'HM Inspector R. O’Brien' : undefined,
      boardDecision:
        status === 'implemented'
          ? index % 2 === 0
            ? 'Agreed to close, subject to audit (12 November 2026)'
            : null
          : undefined,
    });
  }
  return findings;
}

/** A pack of 30 findings for one force, with every section populated and awkward text throughout. */
export function sampleBoardPack(overrides: Partial<BoardPack['meta']> = {}): BoardPack {
  return assemblePack(sampleFindings(), {
    today: SAMPLE_TODAY,
    meta: {
      title: 'Progress on inspection findings: Dyfed-Powys Police',
      classification: 'OFFICIAL',
      force: { code: 'DYP', name: 'Dyfed-Powys Police' },
      scope: ['Theme: vetting & professional standards', 'Kind: formal findings (observations excluded)'],
      since: '2026-08-01',
      staleDays: 90,
      generatedAt: '2026-11-23T09:15:00.000Z',
      generatedBy: 'Carys O’Neill (Performance & Ŵelsh Language Unit)',
      auditHead: { id: 48213, hash: fakeSha256('audit-48213') },
      ...overrides,
    },
    changes: [
      '2 September 2026: DYP-2019-AFI-01 Not started → In progress',
      '14 October 2026: DYP-2022-REC-02 target date 31 March 2026 → 30 June 2027',
      '12 November 2026: DYP-2024-COC-01 board decision: Agreed to close, subject to audit',
    ],
    overdueActions: [
      {
        reference: 'DYP-2019-AFI-01',
        description: 'Publish the revised vetting policy, including "aftercare"',
        owner: 'Head of Professional Standards',
        dueDate: '2026-09-30',
        statusLabel: 'In progress',
      },
      {
        reference: 'DYP-2022-REC-02',
        description: '=HYPERLINK("http://example.invalid","Click")',
        owner: null,
        dueDate: '2026-10-15',
        statusLabel: 'Not started',
      },
      {
        reference: 'DYP-2024-COC-01',
        description: 'Train custody staff in the Welsh-language offer – all three suites',
        owner: 'Head of Custody',
        dueDate: '2026-11-01',
        statusLabel: 'In progress',
      },
    ],
    nationalUnimplemented: [
      {
        reference: 'NAT-2022-REC-01',
        title: 'Chief constables should review vetting decisions, including <appeals>',
        verdictLabel: 'Partially implemented',
        quote: 'The force has reviewed 80% of decisions but “aftercare” is not yet in place.',
        assessedBy: 'PEEL 2023–25 (2025)',
      },
      {
        reference: 'NAT-2017-REC-01',
        title: 'Forces should adopt the national stop and search data standard',
        verdictLabel: 'Not yet assessed',
        quote: null,
        assessedBy: null,
      },
    ],
    slippage: [
      {
        reference: 'DYP-2022-REC-02',
        title: 'Supervisors should review cases within 28 days',
        from: '2026-03-31',
        to: '2027-06-30',
        reason: 'Dependent on the new records system, "Niche" upgrade delayed',
        changedAt: '2026-10-14T10:00:00.000Z',
        changedBy: 'ACC Local Policing',
      },
      {
        reference: 'DYP-2025-AFI-03',
        title: 'Improve the triage of public contact',
        from: null,
        to: '2027-01-31',
        reason: null,
        changedAt: '2026-09-01T08:45:00.000Z',
        changedBy: 'Ch Supt Siân Ŵatkins',
      },
    ],
    pccResponses: [
      {
        report: 'Activism and impartiality in policing, follow-up (2026)',
        publishedOn: '2026-09-30',
        dueOn: '2026-11-25',
        stateLabel: 'Due',
      },
      {
        report: 'PEEL 2023–25: an inspection of Dyfed-Powys Police (2025)',
        publishedOn: '2025-06-20',
        dueOn: '2025-08-15',
        stateLabel: 'Overdue',
      },
    ],
  });
}
