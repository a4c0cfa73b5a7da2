import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { ACTION_STATUSES } from '../findings/action-status';
import type { Action } from '../findings/action.entity';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { todayIso } from '../common/dates';
import type { FindingStatus } from '../findings/finding-status';
import type { Finding } from '../findings/finding.entity';
import {
  claimedOnSql,
  FindingQueries,
  overdueActionCondition,
  overdueFindingCondition,
  type VisibleFindings,
} from '../findings/finding-queries';
import { describeValue, FindingsService } from '../findings/findings.service';
import { isActionOverdue } from '../findings/rag';
import { TRANSITIONS } from '../findings/status-workflow';
import { UPDATE_TYPES } from '../findings/update-type';
import { forceCounts, missingAssignment, noTeamNotice } from './force-overview';

/** What a lead may claim: the statuses the workflow's claim starts from, and whether it needs evidence. */
const CLAIM = TRANSITIONS.find((transition) => transition.name === 'claim')!;

/** A finding with evidence not withdrawn and not yet reviewed. */
const EVIDENCE_TO_REVIEW = `EXISTS (SELECT 1 FROM evidence e WHERE e.finding_id = finding.id
  AND e.withdrawn_at IS NULL AND e.review_state = 'submitted')`;
/** A finding with evidence a claim can rest on: not withdrawn, not rejected. */
const ACTIVE_EVIDENCE = `EXISTS (SELECT 1 FROM evidence e WHERE e.finding_id = finding.id
  AND e.withdrawn_at IS NULL AND e.review_state IN ('submitted', 'accepted'))`;
/** A finding none of whose actions is still to do. */
const ACTIONS_DONE = `NOT EXISTS (SELECT 1 FROM actions a WHERE a.finding_id = finding.id AND a.status <> 'done')`;

/**
 * A person's own page: what they own (findings and actions whose owner is their team), what of
 * it is overdue, what waits for them (claims to verify, for inspectors), and what changed on the
 * findings they can see since they last signed in. A force lead also sees their whole force: its
 * open findings by owner and by status, what is overdue and what awaits the lead.
 */
/** How many claims an inspector's queue shows, the oldest first; the findings list has them all. */
export const CLAIMS_SHOWN = 50;

@Injectable()
export class MyWorkService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly queries: FindingQueries,
  ) {}

  async overview(user: CurrentUser) {
    const scope = scopeOf(user);
    const visible = this.queries.visibleTo(scope);
    const today = todayIso();

    const ownedFindings = user.team
      ? await visible
          .findings()
          .leftJoinAndSelect('finding.report', 'report')
          .leftJoinAndSelect('finding.force', 'force')
          .andWhere(
            new Brackets((where) =>
              where
                .where('finding.owner = :team', { team: user.team })
                .orWhere('EXISTS (SELECT 1 FROM actions a WHERE a.finding_id = finding.id AND a.owner = :team)', {
                  team: user.team,
                }),
            ),
          )
          .orderBy('report.displayOrder', 'ASC')
          .addOrderBy('finding.position', 'ASC')
          .getMany()
      : [];
    const ownedActions = user.team
      ? await visible
          .actions()
          .andWhere('action.owner = :team', { team: user.team })
          .orderBy('action.dueDate', 'ASC')
          .getMany()
      : [];

    const since = user.previousSignInAt;
    const changes = since
      ? await visible
          .updates()
          .andWhere('update.createdAt > :since', { since })
          .andWhere('update.author <> :me', { me: user.username })
          .orderBy('update.createdAt', 'DESC')
          .limit(100)
          .getMany()
      : [];

    const findingSummaries = await this.findingsService.summarise(ownedFindings, scope);
    const actionViews = ownedActions.map((action) => this.describeAction(action, today));
    return {
      team: user.team,
      noTeamNotice: noTeamNotice(user.role),
      force: user.role === 'force_lead' && user.forceId !== null ? await this.forceWork(user, visible, today) : null,
      since,
      findings: findingSummaries,
      actions: actionViews,
      overdueFindings: findingSummaries.filter((finding) => finding.overdue),
      overdueActions: actionViews.filter((action) => action.overdue),
      awaitingVerification:
        user.role === 'inspector' ? await this.claimsQueue(visible) : { total: 0, more: false, items: [] },
      changes: changes.map((update) => ({
        label: UPDATE_TYPES[update.type],
        toValue: describeValue(update.type, update.toValue),
        commentary: update.commentary,
        author: update.author,
        createdAt: update.createdAt,
        finding: {
          reference: update.finding.reference,
          title: update.finding.title,
          href: `/findings/${encodeURIComponent(update.finding.reference)}`,
        },
      })),
    };
  }

  /**
   * An inspector's queue of claims: the oldest `CLAIMS_SHOWN` claimed findings with their force and the day each was
   * claimed (its latest change of status to implemented; for a finding recorded as implemented, by the default data
   * or an import, the day it was last changed), and how many there are in all: read in SQL, whatever their number.
   */
  private async claimsQueue(visible: VisibleFindings) {
    const claimedOn = claimedOnSql('finding');
    const claimed = () => visible.findings().andWhere("finding.status = 'implemented'");
    const [total, oldest] = await Promise.all([
      claimed().getCount(),
      claimed()
        .select('finding.id', 'id')
        .addSelect(claimedOn, 'claimedOn')
        .orderBy('"claimedOn"', 'ASC')
        .addOrderBy('finding.reference', 'ASC')
        .limit(CLAIMS_SHOWN)
        .getRawMany<{ id: number; claimedOn: string }>(),
    ]);
    if (oldest.length === 0) {
      return { total, more: false, items: [] };
    }
    const findings = await visible
      .findings()
      .leftJoinAndSelect('finding.report', 'report')
      .leftJoinAndSelect('finding.force', 'force')
      .andWhere('finding.id IN (:...ids)', { ids: oldest.map((row) => Number(row.id)) })
      .getMany();
    const byId = new Map(findings.map((finding) => [finding.id, finding]));
    const inOrder = oldest.map((row) => byId.get(Number(row.id))!);
    const summaries = await this.findingsService.summarise(inOrder, visible.scope);
    return {
      total,
      more: total > oldest.length,
      items: summaries.map((summary, index) => ({
        ...summary,
        forceName: inOrder[index].force?.name ?? null,
        claimedOn: String(oldest[index].claimedOn).slice(0, 10),
      })),
    };
  }

  private describeAction(action: Action, today: string) {
    return {
      description: action.description,
      dueDate: action.dueDate,
      statusLabel: ACTION_STATUSES[action.status].label,
      status: action.status,
      owner: action.owner,
      overdue: isActionOverdue(action, today),
      finding: {
        reference: action.finding.reference,
        href: `/findings/${encodeURIComponent(action.finding.reference)}`,
      },
    };
  }

  /**
   * A lead's force: its findings counted by owner and status in grouped queries, the overdue findings and actions,
   * and what the workflow leaves to a lead (evidence to review, claims to make, owners and target dates to set).
   * The force's records of national recommendations are its work like any other finding.
   */
  private async forceWork(user: CurrentUser, visible: VisibleFindings, today: string) {
    const scope = visible.scope;
    const own = () => visible.findings();
    const listed = () =>
      own().leftJoinAndSelect('finding.report', 'report').leftJoinAndSelect('finding.force', 'force');
    const ownActions = () => visible.actions();
    const overdueFinding = overdueFindingCondition(today);
    const overdueAction = overdueActionCondition(today);

    const [statusRows, actionRows, overdueFindings, overdueActions, evidenceToReview, claimsToMake, toAssign] =
      await Promise.all([
        own()
          .select('finding.owner', 'owner')
          .addSelect('finding.status', 'status')
          .addSelect('COUNT(*)', 'count')
          .addSelect(`SUM(CASE WHEN ${overdueFinding.sql} THEN 1 ELSE 0 END)`, 'overdue')
          .setParameters(overdueFinding.parameters)
          .groupBy('finding.owner')
          .addGroupBy('finding.status')
          .getRawMany<{
            owner: string | null;
            status: FindingStatus;
            count: string | number;
            overdue: string | number;
          }>(),
        ownActions()
          .andWhere(overdueAction.sql, overdueAction.parameters)
          .select('action.owner', 'owner')
          .addSelect('COUNT(*)', 'overdue')
          .groupBy('action.owner')
          .getRawMany<{ owner: string | null; overdue: string | number }>(),
        listed()
          .andWhere(overdueFinding.sql, overdueFinding.parameters)
          .orderBy('finding.targetDate', 'ASC')
          .addOrderBy('finding.reference', 'ASC')
          .getMany(),
        ownActions()
          .andWhere(overdueAction.sql, overdueAction.parameters)
          .orderBy('action.dueDate', 'ASC')
          .addOrderBy('finding.reference', 'ASC')
          .getMany(),
        listed().andWhere(EVIDENCE_TO_REVIEW).orderBy('finding.reference', 'ASC').getMany(),
        this.claimsToMake(listed()),
        listed()
          // An observation asks for no target date; a formal finding not yet claimed needs an owner and a date.
          .andWhere("finding.kind <> 'observation'")
          .andWhere('finding.status IN (:...unclaimed)', { unclaimed: [...CLAIM.from] })
          .andWhere('(finding.owner IS NULL OR finding.targetDate IS NULL)')
          .orderBy('finding.reference', 'ASC')
          .getMany(),
      ]);

    const counts = forceCounts(
      statusRows.map((row) => ({
        owner: row.owner,
        status: row.status,
        count: Number(row.count),
        overdue: Number(row.overdue ?? 0),
      })),
      actionRows.map((row) => ({ owner: row.owner, overdue: Number(row.overdue) })),
    );
    const summarise = (rows: Finding[]) => this.findingsService.summarise(rows, scope);
    return {
      name: user.forceName,
      ...counts,
      overdue: {
        findings: await summarise(overdueFindings),
        actions: overdueActions.map((action) => this.describeAction(action, today)),
      },
      awaiting: {
        evidenceToReview: await summarise(evidenceToReview),
        claimsToMake: await summarise(claimsToMake),
        toAssign: (await summarise(toAssign)).map((finding) => ({ ...finding, missing: missingAssignment(finding) })),
      },
    };
  }

  /**
   * Findings the force can now claim implemented: in a status the claim starts from, with the evidence the claim
   * needs, and every action done.
   */
  private claimsToMake(builder: ReturnType<VisibleFindings['findings']>): Promise<Finding[]> {
    builder.andWhere('finding.status IN (:...claimable)', { claimable: [...CLAIM.from] }).andWhere(ACTIONS_DONE);
    if (CLAIM.needsEvidence) {
      builder.andWhere(ACTIVE_EVIDENCE);
    }
    return builder.orderBy('finding.reference', 'ASC').getMany();
  }
}
