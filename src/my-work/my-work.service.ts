import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { ACTION_STATUSES } from '../findings/action-status';
import type { Action } from '../findings/action.entity';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { todayIso } from '../common/dates';
import { FindingQueries } from '../findings/finding-queries';
import { FindingsService } from '../findings/findings.service';
import { isActionOverdue } from '../findings/rag';
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
    const awaitingVerification =
      user.role === 'inspector'
        ? await visible
            .findings()
            .leftJoinAndSelect('finding.report', 'report')
            .leftJoinAndSelect('finding.force', 'force')
            .andWhere("finding.status = 'implemented'")
            .orderBy('finding.updatedAt', 'ASC')
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
    const describeAction = (action: Action) => ({
      description: action.description,
      dueDate: action.dueDate,
      statusLabel: ACTION_STATUSES[action.status].label,
      status: action.status,
      overdue: isActionOverdue(action, today),
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
      awaitingVerification: await this.findingsService.summarise(awaitingVerification, scope),
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
