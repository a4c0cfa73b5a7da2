import { ACTION_STATUSES, type ActionStatus } from '../findings/action-status';
import { addDays, formatUkDate } from '../common/dates';
import {
  EVIDENCE_KINDS,
  EVIDENCE_REVIEW_STATES,
  type EvidenceKind,
  type EvidenceReviewState,
} from '../evidence/evidence.entity';
import { FINDING_KINDS, type FindingKind } from '../findings/finding-kind';
import {
  ASSESSMENT_VERDICTS,
  FINDING_STATUSES,
  FINDING_STATUS_VALUES,
  RAG_RATINGS,
  RAG_VALUES,
  type AssessmentVerdict,
  type FindingStatus,
} from '../findings/finding-status';
import { implementationState, latestAssessment } from '../findings/implementation-state';
import { isActionOverdue, isOverdue, ragRating } from '../findings/rag';
import { UPDATE_TYPES, type UpdateType } from '../findings/update-type';
import type { VerificationDecision } from '../findings/verification.entity';
import { pccResponse } from '../reports/pcc-response';
import { ageBand, AGE_BANDS, OPEN_STATUSES, quarterEnds, quarterLabel, statusAt } from './board-pack-maths';
import type { BoardPack, BoardPackEvidenceLine, BoardPackParameters, BoardPackRow } from './board-pack.types';

/*
 * What a board pack is made from, as plain data: the service loads it from the database (its
 * entities fit these shapes), tests and benchmarks make it by hand. Each list is in the order the
 * service's queries return it, which is the order the pack shows.
 */

/** The report a finding was first published in. */
export interface PackFindingReport {
  title: string;
  period: string;
  publishedOn: string | null;
}

/** A finding in scope, with its origin report. */
export interface PackFinding {
  id: number;
  reference: string;
  title: string;
  kind: FindingKind;
  /** The origin report's year: the pack's chart of findings by year counts by it. */
  year: number;
  owner: string | null;
  status: FindingStatus;
  targetDate: string | null;
  report: PackFindingReport;
}

/** One entry of a finding's history. */
export interface PackUpdate {
  findingId: number;
  type: UpdateType;
  fromValue: string | null;
  toValue: string | null;
  commentary: string | null;
  author: string;
  createdAt: string;
}

export interface PackAction {
  findingId: number;
  description: string;
  owner: string | null;
  dueDate: string | null;
  status: ActionStatus;
}

export interface PackEvidence {
  findingId: number;
  title: string;
  kind: EvidenceKind;
  reviewState: EvidenceReviewState;
  fileName: string | null;
  sha256: string | null;
  withdrawnAt: string | null;
}

/** An inspector's decision on a claim that a finding is implemented. */
export interface PackVerification {
  findingId: number;
  decision: VerificationDecision;
  decidedBy: string;
  decidedAt: string;
}

/** One of the force's own reports, for its PCC's section 55 response. */
export interface PackReport {
  title: string;
  period: string;
  forceId: number | null;
  type: string;
  publishedOn: string | null;
  pccResponsePublishedOn: string | null;
  pccResponseUrl: string | null;
}

/** A national recommendation (made to every force). */
export interface PackNationalRecommendation {
  id: number;
  reference: string;
  title: string;
  status: FindingStatus;
}

/** What a later report (or an inspector) says this force did about a national recommendation. */
export interface PackNationalAssessment {
  findingId: number;
  verdict: AssessmentVerdict;
  quote: string | null;
  assessedOn: string | null;
  createdAt: string;
  recordedBy: string;
  report: { title: string; period: string } | null;
}

export interface BoardPackData {
  force: { code: string; name: string };
  parameters: BoardPackParameters;
  /** The findings in scope, by report and then by their position in it. */
  findings: readonly PackFinding[];
  /** Their history, oldest first. */
  updates: readonly PackUpdate[];
  /** Their actions, by due date. */
  actions: readonly PackAction[];
  /** Their evidence, in the order it was added. */
  evidence: readonly PackEvidence[];
  /** Inspectors' decisions on them, oldest first. */
  verifications: readonly PackVerification[];
  /** The force's own reports, oldest first. */
  forceReports: readonly PackReport[];
  /** Every national recommendation, by reference. */
  nationalRecommendations: readonly PackNationalRecommendation[];
  /** This force's assessments of the national recommendations. */
  nationalAssessments: readonly PackNationalAssessment[];
  /** The audit chain's head when the data was read. */
  auditHead: { id: number; hash: string } | null;
  generatedAt: string;
  generatedBy: string;
}

/** Update types reported as changes since the last pack. */
const CHANGE_TYPES: readonly UpdateType[] = ['status_change', 'target_date_change', 'board_decision'];

/**
 * The board pack from its data: every section, figure and line, as on the parameters' `until` day.
 * Pure and deterministic: the same data makes the same pack.
 */
export function assembleBoardPack(data: BoardPackData): BoardPack {
  const { parameters, findings } = data;
  const today = parameters.until;
  const since = parameters.since;
  const byId = new Map(findings.map((finding) => [finding.id, finding]));
  const updatesOf = groupByFinding(data.updates);
  const evidenceOf = groupByFinding(data.evidence);
  const lastUpdate = (id: number) => updatesOf.get(id)?.at(-1) ?? null;
  const rows = new Map(findings.map((finding) => [finding.id, findingRow(finding, lastUpdate(finding.id), today)]));
  const rowOf = (id: number) => rows.get(id)!;
  const referenceOf = (id: number) => byId.get(id)!.reference;
  const evidenceLines = (id: number) => packEvidenceLines(evidenceOf.get(id) ?? []);
  const open = findings.filter((finding) => OPEN_STATUSES.includes(finding.status));
  // ISO strings compare in time order, and a bare date (YYYY-MM-DD) sorts before every moment of its day.
  const recent = since ? data.updates.filter((update) => update.createdAt >= since) : data.updates;
  const claimed = findings.filter((finding) => finding.status === 'implemented');

  return {
    meta: {
      title: `Progress on inspection findings: ${data.force.name}`,
      classification: 'OFFICIAL',
      force: { code: data.force.code, name: data.force.name },
      scope: scopeLines(parameters),
      since,
      staleDays: parameters.staleDays,
      generatedAt: data.generatedAt,
      generatedBy: data.generatedBy,
      auditHead: data.auditHead,
    },
    summary: {
      total: findings.length,
      open: open.length,
      byStatus: FINDING_STATUS_VALUES.map((status) => ({
        key: status,
        label: FINDING_STATUSES[status].label,
        count: findings.filter((finding) => finding.status === status).length,
      })),
      byRag: [
        ...RAG_VALUES.map((rag) => ({
          key: rag,
          label: RAG_RATINGS[rag].label,
          count: findings.filter((finding) => rowOf(finding.id).ragLabel === RAG_RATINGS[rag].label).length,
        })),
        {
          key: 'none',
          label: 'Not rated',
          count: findings.filter((finding) => rowOf(finding.id).ragLabel === null).length,
        },
      ],
      changes: recent
        .filter((update) => CHANGE_TYPES.includes(update.type))
        .map((update) => changeLine(update, referenceOf(update.findingId))),
    },
    charts: {
      statusByYear: statusByYear(findings),
      openByAgeBand: AGE_BANDS.map((band) => ({
        label: band.label,
        count: open.filter((finding) => ageBand(publishedOf(finding), today) === band.label).length,
      })),
      openByOwner: openByOwner(open),
      openTrend: openTrend(findings, updatesOf, today),
    },
    overdueFindings: findings
      .filter((finding) => isOverdue(finding.status, finding.targetDate, today))
      .map((finding) => rowOf(finding.id)),
    overdueActions: data.actions
      .filter((action) => isActionOverdue(action, today))
      .map((action) => ({
        reference: referenceOf(action.findingId),
        description: action.description,
        owner: action.owner,
        dueDate: action.dueDate!,
        statusLabel: ACTION_STATUSES[action.status].label,
      })),
    staleFindings: open
      .filter((finding) => {
        const last = lastUpdate(finding.id)?.createdAt ?? null;
        return last === null || last.slice(0, 10) <= addDays(today, -parameters.staleDays);
      })
      .map((finding) => ({ ...rowOf(finding.id), lastUpdateAt: lastUpdate(finding.id)?.createdAt ?? null })),
    awaitingVerification: claimed.map((finding) => ({ ...rowOf(finding.id), evidence: evidenceLines(finding.id) })),
    verifiedSince: data.verifications
      .filter((verification) => verification.decision === 'verified' && (!since || verification.decidedAt >= since))
      .map((verification) => ({
        ...rowOf(verification.findingId),
        verifiedAt: verification.decidedAt,
        verifiedBy: verification.decidedBy,
        evidence: evidenceLines(verification.findingId),
      })),
    nationalUnimplemented: nationalUnimplemented(data.nationalRecommendations, data.nationalAssessments),
    slippage: recent
      .filter((update) => update.type === 'target_date_change')
      .map((update) => ({
        reference: referenceOf(update.findingId),
        title: byId.get(update.findingId)!.title,
        from: update.fromValue,
        to: update.toValue,
        reason: update.commentary,
        changedAt: update.createdAt,
        changedBy: update.author,
      })),
    signOffQueue: claimed.map((finding) => {
      const decision = (updatesOf.get(finding.id) ?? []).filter((update) => update.type === 'board_decision').at(-1);
      return {
        ...rowOf(finding.id),
        boardDecision: decision
          ? `${decision.toValue}${decision.commentary ? `: ${decision.commentary}` : ''} (${formatUkDate(decision.createdAt)})`
          : null,
      };
    }),
    pccResponses: data.forceReports
      .map((report) => ({ report, response: pccResponse(report, today) }))
      .filter(({ response }) => response.state === 'due' || response.state === 'overdue')
      .map(({ report, response }) => ({
        report: `${report.title} (${report.period})`,
        publishedOn: report.publishedOn,
        dueOn: response.dueOn,
        stateLabel: response.label,
      })),
    appendix: findings.map((finding) => rowOf(finding.id)),
  };
}

function groupByFinding<T extends { findingId: number }>(items: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(item.findingId);
    if (group) {
      group.push(item);
    } else {
      groups.set(item.findingId, [item]);
    }
  }
  return groups;
}

/** When a finding was published: its report's date, or the first day of its year when that is unknown. */
function publishedOf(finding: PackFinding): string {
  return finding.report.publishedOn ?? `${finding.year}-01-01`;
}

/** A finding as every table of the pack shows it. */
function findingRow(finding: PackFinding, latest: PackUpdate | null, today: string): BoardPackRow {
  const rag = ragRating(
    { status: finding.status, targetDate: finding.targetDate, lastUpdateAt: latest?.createdAt ?? null },
    today,
  );
  return {
    reference: finding.reference,
    title: finding.title,
    kindLabel: FINDING_KINDS[finding.kind].label,
    report: `${finding.report.title} (${finding.report.period})`,
    owner: finding.owner,
    statusLabel: FINDING_STATUSES[finding.status].label,
    targetDate: finding.targetDate,
    ragLabel: rag.rating ? RAG_RATINGS[rag.rating].label : null,
    overdue: isOverdue(finding.status, finding.targetDate, today),
    latestUpdate: latest
      ? `${formatUkDate(latest.createdAt)}: ${UPDATE_TYPES[latest.type]}${latest.commentary ? `: ${latest.commentary.slice(0, 200)}` : ''}`
      : null,
  };
}

/** The evidence still offered (not withdrawn). */
function packEvidenceLines(evidence: readonly PackEvidence[]): BoardPackEvidenceLine[] {
  return evidence
    .filter((item) => item.withdrawnAt === null)
    .map((item) => ({
      title: item.title,
      kindLabel: EVIDENCE_KINDS[item.kind],
      reviewLabel: EVIDENCE_REVIEW_STATES[item.reviewState].label,
      fileName: item.fileName,
      sha256: item.sha256,
    }));
}

/** The filters applied, in words. */
function scopeLines(parameters: BoardPackParameters): string[] {
  return [
    parameters.report ? `Report: ${parameters.report}` : null,
    parameters.theme ? `Theme: ${parameters.theme}` : null,
    parameters.kind
      ? `Kind: ${FINDING_KINDS[parameters.kind as FindingKind].label}`
      : 'Kind: formal findings (observations excluded)',
    parameters.owner ? `Owner: ${parameters.owner}` : null,
  ].filter((line): line is string => line !== null);
}

/** One line of "what changed": a status change, a new target date or a board decision. */
function changeLine(update: PackUpdate, reference: string): string {
  const statusLabel = (value: string | null) => FINDING_STATUSES[value as FindingStatus]?.label ?? value;
  const what =
    update.type === 'status_change'
      ? `${statusLabel(update.fromValue)} → ${statusLabel(update.toValue)}`
      : update.type === 'target_date_change'
        ? `target date ${formatUkDate(update.fromValue) || 'none'} → ${formatUkDate(update.toValue) || 'none'}`
        : `board decision: ${update.toValue}`;
  return `${formatUkDate(update.createdAt)}: ${reference} ${what}`;
}

/** Findings by status for each report year (the finding's year, that of its origin report). */
function statusByYear(findings: readonly PackFinding[]): BoardPack['charts']['statusByYear'] {
  const years = [...new Set(findings.map((finding) => finding.year))].sort();
  return {
    categories: years.map(String),
    series: FINDING_STATUS_VALUES.map((status) => ({
      key: status,
      label: FINDING_STATUSES[status].label,
      values: years.map(
        (year) => findings.filter((finding) => finding.year === year && finding.status === status).length,
      ),
    })),
  };
}

/** Open findings by owner, most first. */
function openByOwner(open: readonly PackFinding[]): BoardPack['charts']['openByOwner'] {
  const owners = new Map<string, number>();
  for (const finding of open) {
    owners.set(finding.owner ?? 'No owner', (owners.get(finding.owner ?? 'No owner') ?? 0) + 1);
  }
  return [...owners.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, count]) => ({ label, count }));
}

/** Open findings at the end of each of the last seven quarters and today, replaying each finding's status changes. */
function openTrend(
  findings: readonly PackFinding[],
  updatesOf: ReadonlyMap<number, readonly PackUpdate[]>,
  today: string,
): BoardPack['charts']['openTrend'] {
  const histories = findings.map((finding) => ({
    publishedOn: publishedOf(finding),
    changes: (updatesOf.get(finding.id) ?? [])
      .filter((update) => update.type === 'status_change')
      .map((update) => ({ at: update.createdAt, to: update.toValue as FindingStatus })),
  }));
  return quarterEnds(today, 7).map((day) => ({
    label: quarterLabel(day, today),
    count: histories.filter(({ publishedOn, changes }) => {
      const status = statusAt(publishedOn, 'not_started', changes, day);
      return status !== null && OPEN_STATUSES.includes(status);
    }).length,
  }));
}

/** National recommendations this force has not yet implemented, with what the latest assessment says. */
function nationalUnimplemented(
  nationals: readonly PackNationalRecommendation[],
  assessments: readonly PackNationalAssessment[],
): BoardPack['nationalUnimplemented'] {
  const assessmentsOf = groupByFinding(assessments);
  return nationals
    .map((national) => ({ national, latest: latestAssessment(assessmentsOf.get(national.id) ?? []) }))
    .filter(({ national, latest }) =>
      ['open', 'awaiting_verification'].includes(implementationState(national.status, latest)),
    )
    .map(({ national, latest }) => ({
      reference: national.reference,
      title: national.title,
      verdictLabel: latest ? ASSESSMENT_VERDICTS[latest.verdict].label : 'Not yet assessed',
      quote: latest?.quote ?? null,
      assessedBy: latest
        ? latest.report
          ? `${latest.report.title} (${latest.report.period})`
          : latest.recordedBy
        : null,
    }));
}
