import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import { ACTION_STATUSES } from '../findings/action-status';
import { Action } from '../findings/action.entity';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/current-user';
import { FORCE_ROLES } from '../auth/roles';
import { formatUkDate, nowIso, todayIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES, Evidence } from '../evidence/evidence.entity';
import { Assessment } from '../findings/assessment.entity';
import { FINDING_KINDS } from '../findings/finding-kind';
import {
  ASSESSMENT_VERDICTS,
  FINDING_STATUSES,
  FINDING_STATUS_VALUES,
  RAG_RATINGS,
  RAG_VALUES,
  type FindingStatus,
} from '../findings/finding-status';
import { Finding } from '../findings/finding.entity';
import { implementationState, latestAssessment } from '../findings/implementation-state';
import { isOverdue, ragRating } from '../findings/rag';
import { Verification } from '../findings/verification.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { UPDATE_TYPES } from '../findings/update-type';
import { pccResponse } from '../reports/pcc-response';
import { Report } from '../reports/report.entity';
import { ageBand, AGE_BANDS, OPEN_STATUSES, quarterEnds, quarterLabel, statusAt } from './board-pack-maths';
import type { BoardPack, BoardPackEvidenceLine, BoardPackRow } from './board-pack.types';
import { BoardPackSnapshot } from './board-pack-snapshot.entity';
import type { BoardPackQuery } from './dto/board-pack.query';

export const DEFAULT_STALE_DAYS = 90;

/** The parameters a pack was made with, as saved with a snapshot. */
export interface BoardPackParameters {
  force: string;
  report?: string;
  theme?: string;
  kind?: string;
  owner?: string;
  since: string | null;
  until: string;
  staleDays: number;
}

/**
 * Builds the board pack for a force from the tracker's data: the findings in scope, their
 * history, actions, evidence, verifications and assessments, in a handful of queries.
 */
@Injectable()
export class BoardPackService {
  constructor(
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    @InjectRepository(Finding) private readonly findings: Repository<Finding>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(Verification) private readonly verifications: Repository<Verification>,
    @InjectRepository(Assessment) private readonly assessments: Repository<Assessment>,
    @InjectRepository(Report) private readonly reports: Repository<Report>,
    @InjectRepository(BoardPackSnapshot) private readonly snapshots: Repository<BoardPackSnapshot>,
    private readonly audit: AuditService,
  ) {}

  /** The force a user may make packs for: their own, or (inspectors, administrators) the one asked for. */
  async forceFor(user: CurrentUser, code: string | undefined): Promise<Force> {
    const wanted = FORCE_ROLES.includes(user.role) ? (code ?? user.forceCode ?? '') : (code ?? 'DER');
    const force = await this.forces.findOne({ where: { code: wanted.toUpperCase() } });
    if (!force || (FORCE_ROLES.includes(user.role) && force.id !== user.forceId)) {
      throw new NotFoundException(`No force has the code ${wanted}`);
    }
    return force;
  }

  /**
   * Checks the query and fills in defaults: until today, and since the moment the last pack was
   * saved (not its day, so what that pack already showed is not reported again as a change).
   */
  async parameters(query: BoardPackQuery, force: Force): Promise<BoardPackParameters> {
    const until = query.until ?? todayIso();
    let since = query.since ?? null;
    if (!since) {
      const [last] = await this.snapshots.find({ where: { forceId: force.id }, order: { createdAt: 'DESC' }, take: 1 });
      since = last ? last.createdAt : null;
    }
    if (since && since.slice(0, 10) > until) {
      throw new FormError([{ field: 'since', message: 'The start date must be on or before the end date' }]);
    }
    return {
      force: force.code,
      report: query.report,
      theme: query.theme,
      kind: query.kind,
      owner: query.owner,
      since,
      until,
      staleDays: query.staleDays ?? DEFAULT_STALE_DAYS,
    };
  }

  async build(force: Force, parameters: BoardPackParameters, generatedBy: string): Promise<BoardPack> {
    const today = parameters.until;
    const scoped = this.findings
      .createQueryBuilder('finding')
      .leftJoinAndSelect('finding.report', 'report')
      .where('finding.forceId = :forceId', { forceId: force.id });
    if (parameters.kind) {
      scoped.andWhere('finding.kind = :kind', { kind: parameters.kind });
    } else {
      // Observations are narrative, not formal findings: in a pack only when asked for.
      scoped.andWhere("finding.kind <> 'observation'");
    }
    if (parameters.report) {
      scoped.andWhere(
        new Brackets((where) =>
          where
            .where('report.key = :report', { report: parameters.report })
            .orWhere(
              'EXISTS (SELECT 1 FROM finding_sources s JOIN reports r ON r.id = s.report_id WHERE s.finding_id = finding.id AND r.key = :report)',
              { report: parameters.report },
            ),
        ),
      );
    }
    if (parameters.theme) {
      scoped.andWhere('finding.theme = :theme', { theme: parameters.theme });
    }
    if (parameters.owner) {
      scoped.andWhere('finding.owner = :owner', { owner: parameters.owner });
    }
    const rows = await scoped.orderBy('report.displayOrder', 'ASC').addOrderBy('finding.position', 'ASC').getMany();
    const ids = rows.map((row) => row.id);
    const byId = new Map(rows.map((row) => [row.id, row]));

    const [updates, actions, evidence, verifications, forceReports, nationals, head] = await Promise.all([
      ids.length
        ? this.updates.find({ where: { findingId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } })
        : Promise.resolve([]),
      ids.length
        ? this.actions.find({ where: { findingId: In(ids) }, order: { dueDate: 'ASC', id: 'ASC' } })
        : Promise.resolve([]),
      ids.length ? this.evidence.find({ where: { findingId: In(ids) }, order: { id: 'ASC' } }) : Promise.resolve([]),
      ids.length
        ? this.verifications.find({ where: { findingId: In(ids) }, order: { decidedAt: 'ASC' } })
        : Promise.resolve([]),
      this.reports.find({ where: { forceId: force.id }, order: { displayOrder: 'ASC' } }),
      this.findings.find({ where: { kind: 'national_recommendation' }, order: { reference: 'ASC' } }),
      this.audit.latestHead(),
    ]);
    const nationalAssessments = nationals.length
      ? await this.assessments.find({
          where: { findingId: In(nationals.map((row) => row.id)), forceId: force.id },
          relations: { report: true },
        })
      : [];

    const group = <T extends { findingId: number }>(items: T[]) => {
      const map = new Map<number, T[]>();
      for (const item of items) {
        map.set(item.findingId, [...(map.get(item.findingId) ?? []), item]);
      }
      return map;
    };
    const updatesOf = group(updates);
    const evidenceOf = group(evidence);
    const lastUpdate = (id: number) => updatesOf.get(id)?.at(-1) ?? null;
    const publishedOf = (finding: Finding) => finding.report.publishedOn ?? `${finding.year}-01-01`;

    const row = (finding: Finding): BoardPackRow => {
      const latest = lastUpdate(finding.id);
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
    };
    const rowCache = new Map<number, BoardPackRow>();
    const rowOf = (finding: Finding) => {
      if (!rowCache.has(finding.id)) {
        rowCache.set(finding.id, row(finding));
      }
      return rowCache.get(finding.id)!;
    };
    const evidenceLines = (id: number): BoardPackEvidenceLine[] =>
      (evidenceOf.get(id) ?? [])
        .filter((item) => item.withdrawnAt === null)
        .map((item) => ({
          title: item.title,
          kindLabel: EVIDENCE_KINDS[item.kind],
          reviewLabel: EVIDENCE_REVIEW_STATES[item.reviewState].label,
          fileName: item.fileName,
          sha256: item.sha256,
        }));
    const open = rows.filter((finding) => OPEN_STATUSES.includes(finding.status));
    const since = parameters.since;
    // ISO strings compare in time order, and a bare date (YYYY-MM-DD) sorts before every moment of its day.
    const recent = since ? updates.filter((update) => update.createdAt >= since) : updates;

    // What changed since the last pack.
    const changes = recent
      .filter(
        (update) =>
          update.type === 'status_change' || update.type === 'target_date_change' || update.type === 'board_decision',
      )
      .map((update) => {
        const finding = byId.get(update.findingId)!;
        const what =
          update.type === 'status_change'
            ? `${FINDING_STATUSES[update.fromValue as FindingStatus]?.label ?? update.fromValue} → ${FINDING_STATUSES[update.toValue as FindingStatus]?.label ?? update.toValue}`
            : update.type === 'target_date_change'
              ? `target date ${formatUkDate(update.fromValue) || 'none'} → ${formatUkDate(update.toValue) || 'none'}`
              : `board decision: ${update.toValue}`;
        return `${formatUkDate(update.createdAt)}: ${finding.reference} ${what}`;
      });

    // Charts.
    const years = [...new Set(rows.map((finding) => finding.year))].sort();
    const statusChanges = (id: number) =>
      (updatesOf.get(id) ?? [])
        .filter((update) => update.type === 'status_change')
        .map((update) => ({ at: update.createdAt, to: update.toValue as FindingStatus }));
    const trendDays = quarterEnds(today, 7);
    const owners = new Map<string, number>();
    for (const finding of open) {
      owners.set(finding.owner ?? 'No owner', (owners.get(finding.owner ?? 'No owner') ?? 0) + 1);
    }

    const latestBoardDecision = (id: number) =>
      (updatesOf.get(id) ?? []).filter((update) => update.type === 'board_decision').at(-1) ?? null;
    const assessmentsOf = group(nationalAssessments);

    return {
      meta: {
        title: `Progress on inspection findings: ${force.name}`,
        classification: 'OFFICIAL',
        force: { code: force.code, name: force.name },
        scope: [
          parameters.report ? `Report: ${parameters.report}` : null,
          parameters.theme ? `Theme: ${parameters.theme}` : null,
          parameters.kind
            ? `Kind: ${FINDING_KINDS[parameters.kind as keyof typeof FINDING_KINDS].label}`
            : 'Kind: formal findings (observations excluded)',
          parameters.owner ? `Owner: ${parameters.owner}` : null,
        ].filter((line): line is string => line !== null),
        since,
        staleDays: parameters.staleDays,
        generatedAt: nowIso(),
        generatedBy,
        auditHead: head,
      },
      summary: {
        total: rows.length,
        open: open.length,
        byStatus: FINDING_STATUS_VALUES.map((status) => ({
          key: status,
          label: FINDING_STATUSES[status].label,
          count: rows.filter((finding) => finding.status === status).length,
        })),
        byRag: [
          ...RAG_VALUES.map((rag) => ({
            key: rag,
            label: RAG_RATINGS[rag].label,
            count: rows.filter((finding) => rowOf(finding).ragLabel === RAG_RATINGS[rag].label).length,
          })),
          { key: 'none', label: 'Not rated', count: rows.filter((finding) => rowOf(finding).ragLabel === null).length },
        ],
        changes,
      },
      charts: {
        statusByYear: {
          categories: years.map(String),
          series: FINDING_STATUS_VALUES.map((status) => ({
            key: status,
            label: FINDING_STATUSES[status].label,
            values: years.map(
              (year) => rows.filter((finding) => finding.year === year && finding.status === status).length,
            ),
          })),
        },
        openByAgeBand: AGE_BANDS.map((band) => ({
          label: band.label,
          count: open.filter((finding) => ageBand(publishedOf(finding), today) === band.label).length,
        })),
        openByOwner: [...owners.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([label, count]) => ({ label, count })),
        openTrend: trendDays.map((day) => ({
          label: quarterLabel(day, today),
          count: rows.filter((finding) => {
            const status = statusAt(publishedOf(finding), 'not_started', statusChanges(finding.id), day);
            return status !== null && OPEN_STATUSES.includes(status);
          }).length,
        })),
      },
      overdueFindings: rows.filter((finding) => isOverdue(finding.status, finding.targetDate, today)).map(rowOf),
      overdueActions: actions
        .filter((action) => action.status !== 'done' && action.dueDate !== null && action.dueDate < today)
        .map((action) => ({
          reference: byId.get(action.findingId)!.reference,
          description: action.description,
          owner: action.owner,
          dueDate: action.dueDate!,
          statusLabel: ACTION_STATUSES[action.status].label,
        })),
      staleFindings: open
        .filter((finding) => {
          const last = lastUpdate(finding.id)?.createdAt ?? null;
          return last === null || last.slice(0, 10) <= isoDaysBefore(today, parameters.staleDays);
        })
        .map((finding) => ({ ...rowOf(finding), lastUpdateAt: lastUpdate(finding.id)?.createdAt ?? null })),
      awaitingVerification: rows
        .filter((finding) => finding.status === 'implemented')
        .map((finding) => ({ ...rowOf(finding), evidence: evidenceLines(finding.id) })),
      verifiedSince: verifications
        .filter((verification) => verification.decision === 'verified' && (!since || verification.decidedAt >= since))
        .map((verification) => ({
          ...rowOf(byId.get(verification.findingId)!),
          verifiedAt: verification.decidedAt,
          verifiedBy: verification.decidedBy,
          evidence: evidenceLines(verification.findingId),
        })),
      nationalUnimplemented: nationals
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
        })),
      slippage: recent
        .filter((update) => update.type === 'target_date_change')
        .map((update) => ({
          reference: byId.get(update.findingId)!.reference,
          title: byId.get(update.findingId)!.title,
          from: update.fromValue,
          to: update.toValue,
          reason: update.commentary,
          changedAt: update.createdAt,
          changedBy: update.author,
        })),
      signOffQueue: rows
        .filter((finding) => finding.status === 'implemented')
        .map((finding) => {
          const decision = latestBoardDecision(finding.id);
          return {
            ...rowOf(finding),
            boardDecision: decision
              ? `${decision.toValue}${decision.commentary ? `: ${decision.commentary}` : ''} (${formatUkDate(decision.createdAt)})`
              : null,
          };
        }),
      pccResponses: forceReports
        .map((report) => ({ report, response: pccResponse(report, today) }))
        .filter(({ response }) => response.state === 'due' || response.state === 'overdue')
        .map(({ report, response }) => ({
          report: `${report.title} (${report.period})`,
          publishedOn: report.publishedOn,
          dueOn: response.dueOn,
          stateLabel: response.label,
        })),
      appendix: rows.map(rowOf),
    };
  }
}

function isoDaysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
