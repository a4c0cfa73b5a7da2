import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { ACTION_STATUSES } from '../findings/action-status';
import { Action } from '../findings/action.entity';
import type { CurrentUser } from '../auth/current-user';
import { scopeOf } from '../auth/scope';
import { todayIso } from '../common/dates';
import { Finding } from '../findings/finding.entity';
import { FindingsService } from '../findings/findings.service';
import { FindingUpdate } from '../findings/finding-update.entity';
import { UPDATE_TYPES } from '../findings/update-type';

/**
 * A person's own page: what they own (findings and actions whose owner is their team), what of
 * it is overdue, what waits for them (claims to verify, for inspectors), and what changed on the
 * findings they can see since they last signed in.
 */
@Injectable()
export class MyWorkService {
  constructor(
    private readonly findingsService: FindingsService,
    @InjectRepository(Finding) private readonly findings: Repository<Finding>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
  ) {}

  async overview(user: CurrentUser) {
    const scope = scopeOf(user);
    const today = todayIso();
    const inScope = (alias: string) =>
      scope.forceId === null ? '1 = 1' : `(${alias}.forceId = :scopeForceId OR ${alias}.forceId IS NULL)`;

    const ownedFindings = user.team
      ? await this.findings
          .createQueryBuilder('finding')
          .leftJoinAndSelect('finding.report', 'report')
          .leftJoinAndSelect('finding.force', 'force')
          .where(inScope('finding'), { scopeForceId: scope.forceId })
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
      ? await this.actions
          .createQueryBuilder('action')
          .innerJoinAndSelect('action.finding', 'finding')
          .where(inScope('finding'), { scopeForceId: scope.forceId })
          .andWhere('action.owner = :team', { team: user.team })
          .orderBy('action.dueDate', 'ASC')
          .getMany()
      : [];
    const awaitingVerification =
      user.role === 'inspector'
        ? await this.findings.find({
            where: { status: 'implemented' },
            relations: { report: true, force: true },
            order: { updatedAt: 'ASC' },
          })
        : [];

    const since = user.previousSignInAt;
    const changes = since
      ? await this.updates
          .createQueryBuilder('update')
          .innerJoinAndSelect('update.finding', 'finding')
          .where(inScope('finding'), { scopeForceId: scope.forceId })
          .andWhere('update.createdAt > :since', { since })
          .andWhere('update.author <> :me', { me: user.username })
          .orderBy('update.createdAt', 'DESC')
          .limit(100)
          .getMany()
      : [];

    const findingSummaries = await this.findingsService.summarise(ownedFindings);
    const describeAction = (action: Action) => ({
      description: action.description,
      dueDate: action.dueDate,
      statusLabel: ACTION_STATUSES[action.status].label,
      statusTag: ACTION_STATUSES[action.status].tag,
      overdue: action.status !== 'done' && action.dueDate !== null && action.dueDate < today,
      finding: {
        reference: action.finding.reference,
        href: `/findings/${encodeURIComponent(action.finding.reference)}`,
      },
    });
    const actionViews = ownedActions.map(describeAction);
    return {
      team: user.team,
      since,
      findings: findingSummaries,
      actions: actionViews,
      overdueFindings: findingSummaries.filter((finding) => finding.overdue),
      overdueActions: actionViews.filter((action) => action.overdue),
      awaitingVerification: await this.findingsService.summarise(awaitingVerification),
      changes: changes.map((update) => ({
        label: UPDATE_TYPES[update.type],
        toValue: update.toValue,
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
}
