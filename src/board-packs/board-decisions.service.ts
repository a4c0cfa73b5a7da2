import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/current-user';
import { can } from '../access/roles';
import { scopeOf } from '../access/scope';
import { FormError } from '../common/form-error';
import { WriteTransactions } from '../database/write-transactions';
import { FindingChanges } from '../findings/finding-changes';
import { FindingsService } from '../findings/findings.service';
import type { BoardDecisionDto } from './dto/board-decision.dto';
import { Notifications } from '../notifications/notifications.service';

/** The board's decision on a finding awaiting sign-off, kept in the finding's history. */
@Injectable()
export class BoardDecisionsService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly changes: FindingChanges,
    private readonly writes: WriteTransactions,
    private readonly notifications: Notifications,
  ) {}

  async record(reference: string, dto: BoardDecisionDto, actor: Actor): Promise<void> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    if (!can(actor.user.role, 'boardDecision') || finding.forceId !== actor.user.forceId) {
      throw new FormError(
        [{ field: 'decision', message: 'Only the force’s board or lead records its decisions' }],
        403,
      );
    }
    if (finding.status !== 'implemented') {
      throw new FormError([{ field: 'decision', message: `${reference} is not awaiting sign-off` }]);
    }
    if (dto.decision === 'returned' && dto.reason === '') {
      throw new FormError([{ field: 'reason', message: 'Give the reason the finding is returned' }]);
    }
    await this.writes.run(async (manager) => {
      await this.changes.bump(manager, finding);
      const update = await this.changes.addUpdate(manager, finding, actor, {
        type: 'board_decision',
        toValue: dto.decision === 'approved' ? 'approved to close' : 'returned',
        commentary: dto.reason || null,
      });
      // The item's owners and its claimant hear of the decision, in this transaction.
      const decided = dto.decision === 'approved' ? 'approved it to close' : 'returned it';
      await this.notifications.queue(manager, {
        kind: 'board_decision',
        forceId: finding.forceId,
        recipients: { usernames: [await this.changes.claimant(manager, finding)], owners: [finding.owner] },
        actor: actor.user.username,
        eventKey: `board-decision:${update.id}`,
        title: `Board decision on ${finding.reference}: ${dto.decision === 'approved' ? 'approved to close' : 'returned'}`,
        body: [
          `The board ${decided}: ${finding.reference} “${finding.title}”.`,
          dto.reason ? `Reason: ${dto.reason}` : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
        link: `/findings/${encodeURIComponent(finding.reference)}`,
        referencesOnly: {
          title: `Board decision on ${finding.reference}: ${dto.decision === 'approved' ? 'approved to close' : 'returned'}`,
          body: `The board ${decided}: ${finding.reference}.`,
          link: `/findings/${encodeURIComponent(finding.reference)}`,
        },
      });
      await this.changes.audited(manager, actor, {
        action: 'finding.board_decision',
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference}: board ${dto.decision === 'approved' ? 'approved it to close' : 'returned it'}`,
        changes: { boardDecision: [null, dto.decision], reason: [null, dto.reason || null] },
      });
    });
  }
}
