import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { ACTION_STATUSES } from './action-status';
import { Action } from './action.entity';
import type { Actor } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { formatUkDate, nowIso, todayIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { WriteTransactions } from '../database/write-transactions';
import { Evidence } from '../evidence/evidence.entity';
import { Force } from '../reports/force.entity';
import { Assessment } from './assessment.entity';
import type {
  ActionDto,
  AssessmentDto,
  AddRecipientDto,
  AssignDto,
  ChangeStatusDto,
  EditActionDto,
  LinkDto,
  ProgressNoteDto,
} from './dto/work.dto';
import { assertMayChange, FindingChanges } from './finding-changes';
import { FindingLink } from './finding-link.entity';
import { FINDING_STATUSES, LINK_TYPES } from './finding-status';
import { Finding } from './finding.entity';
import { FindingsService } from './findings.service';
import { checkTransition } from './status-workflow';
import { Verification } from './verification.entity';
import { isStatement, recordOf } from './recipient-records';
import { Notifications } from '../notifications/notifications.service';
import { assessmentDateProblem, isNewPastDate, reasonProblem, repeatProblem, unfinishedActions } from './work-rules';

/**
 * Whether to ask the user to confirm what is unusual (a date in the past, a claim with actions not done, a
 * verification with no evidence): the web forms ask, with a checkbox; an API caller's request is taken as meant.
 */
export interface WorkOptions {
  askToConfirm?: boolean;
}

/** The refusal asking to confirm that a new date in the past is meant. */
const pastDateRefusal = (what: string, date: string) =>
  new FormError([
    {
      field: 'confirmPastDate',
      message: `${what}, ${formatUkDate(date)}, is in the past: check it, or confirm it is right`,
    },
  ]);

/** The address of a finding's page, for what people are told. */
const findingLink = (reference: string) => `/findings/${encodeURIComponent(reference)}`;

/**
 * The changes people make to a finding: status (by the workflow's rules), progress notes,
 * actions, owners and target dates, assessments and links. Each is one transaction holding the
 * version check, the change, the history entry and the audit entry, so nothing is half saved.
 */
@Injectable()
export class FindingWorkService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly changes: FindingChanges,
    private readonly writes: WriteTransactions,
    @InjectRepository(Finding) private readonly findings: Repository<Finding>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    private readonly notifications: Notifications,
  ) {}

  async changeStatus(
    reference: string,
    dto: ChangeStatusDto,
    actor: Actor,
    options: WorkOptions = { askToConfirm: true },
  ): Promise<Finding> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    const activeEvidence = await this.evidence.count({
      where: { findingId: finding.id, withdrawnAt: IsNull(), reviewState: In(['submitted', 'accepted']) },
    });
    const check = checkTransition(finding.status, actor.user.role, {
      name: dto.transition,
      commentary: dto.commentary,
      supersededBy: dto.supersededBy ?? '',
      activeEvidence,
    });
    if (!check.ok) {
      throw new FormError(check.errors);
    }
    const { transition } = check;
    // A statement has no status of its own: each recipient's record does (superseding and re-opening included).
    assertMayChange(actor.user, finding, transition.permission, { status: true });
    const superseding = transition.needsSupersededBy
      ? await this.otherFinding(dto.supersededBy, actor, 'supersededBy')
      : null;
    const confirmation = options.askToConfirm
      ? await this.confirmedUnusualStep(finding, transition.name, activeEvidence, dto)
      : null;
    const commentary = [dto.commentary, confirmation].filter(Boolean).join('\n\n');

    return this.writes.run(async (manager) => {
      await this.changes.updateIfUnchanged(manager, finding, dto, { status: transition.to });
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'status_change',
        fromValue: finding.status,
        toValue: transition.to,
        commentary: commentary || null,
      });
      if (superseding) {
        await manager.save(
          FindingLink,
          manager.create(FindingLink, {
            fromFindingId: superseding.id,
            toFindingId: finding.id,
            type: 'supersedes',
            reason: dto.commentary,
            createdAt: nowIso(),
          }),
        );
      }
      if (transition.name === 'verify' || transition.name === 'reject') {
        const verification = await manager.save(
          Verification,
          manager.create(Verification, {
            findingId: finding.id,
            decision: transition.name === 'verify' ? 'verified' : 'rejected',
            reason: commentary,
            decidedBy: actor.user.username,
            decidedAt: nowIso(),
            snapshot: JSON.stringify(await this.snapshot(manager, finding)),
          }),
        );
        // The claimant and the item's owners hear of the decision, in this transaction.
        const verdict = transition.name === 'verify' ? 'verified' : 'rejected';
        const outcome =
          transition.name === 'verify'
            ? 'It is now verified and closed.'
            : 'It is back in progress: the work continues.';
        await this.notifications.queue(manager, {
          kind: 'claim_decided',
          forceId: finding.forceId,
          recipients: { usernames: [await this.changes.claimant(manager, finding)], owners: [finding.owner] },
          actor: actor.user.username,
          eventKey: `verification:${verification.id}`,
          title: `Claim ${verdict}: ${finding.reference}`,
          body: [
            `${actor.user.displayName} ${verdict} the claim that ${finding.reference} “${finding.title}” is implemented.`,
            outcome,
            dto.commentary ? `Reason: ${dto.commentary}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
          link: findingLink(finding.reference),
          referencesOnly: {
            title: `Claim ${verdict}: ${finding.reference}`,
            body: `${actor.user.displayName} ${verdict} the claim that ${finding.reference} is implemented.\n\n${outcome}`,
            link: findingLink(finding.reference),
          },
        });
      }
      await this.changes.audited(manager, actor, {
        action: `finding.${transition.name}`,
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference}: ${FINDING_STATUSES[finding.status].label} → ${FINDING_STATUSES[transition.to].label}`,
        changes: {
          status: [finding.status, transition.to],
          ...(superseding ? { supersededBy: [null, superseding.reference] } : {}),
        },
      });
      return finding;
    });
  }

  async addNote(reference: string, dto: ProgressNoteDto, actor: Actor): Promise<Finding> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    assertMayChange(actor.user, finding, 'work');
    return this.writes.run(async (manager) => {
      await this.changes.bump(manager, finding);
      const update = await this.changes.addUpdate(manager, finding, actor, {
        type: 'progress_note',
        commentary: dto.commentary,
      });
      await this.changes.audited(manager, actor, {
        action: 'finding.progress_note',
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference}: progress note added`,
        changes: { progressNote: [null, `#${update.id}`] },
      });
      return finding;
    });
  }

  async addAction(
    reference: string,
    dto: ActionDto,
    actor: Actor,
    options: WorkOptions = { askToConfirm: true },
  ): Promise<Action> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    assertMayChange(actor.user, finding, 'work');
    if (options.askToConfirm && dto.confirmPastDate !== 'yes' && isNewPastDate(dto.dueDate, null, todayIso())) {
      throw pastDateRefusal('The due date', dto.dueDate!);
    }
    return this.writes.run(async (manager) => {
      await this.changes.bump(manager, finding);
      const now = nowIso();
      const action = await manager.save(
        Action,
        manager.create(Action, {
          findingId: finding.id,
          description: dto.description,
          owner: dto.owner || null,
          dueDate: dto.dueDate ?? null,
          status: dto.status,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'action_added',
        actionId: action.id,
        toValue: ACTION_STATUSES[action.status].label,
        commentary: [dto.description, dto.note].filter(Boolean).join('\n\n'),
      });
      await this.changes.audited(manager, actor, {
        action: 'action.created',
        entityType: 'action',
        entityId: action.id,
        summary: `${finding.reference}: action added`,
        changes: {
          description: [null, action.description],
          owner: [null, action.owner],
          dueDate: [null, action.dueDate],
          status: [null, action.status],
        },
      });
      return action;
    });
  }

  async getAction(reference: string, actionId: number, actor: Actor): Promise<{ finding: Finding; action: Action }> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    const action = await this.actions.findOne({ where: { id: actionId, findingId: finding.id } });
    if (!action) {
      throw new NotFoundException(`${reference} has no action ${actionId}`);
    }
    return { finding, action };
  }

  async editAction(
    reference: string,
    actionId: number,
    dto: EditActionDto,
    actor: Actor,
    options: WorkOptions = { askToConfirm: true },
  ): Promise<Action> {
    const { finding, action: current } = await this.getAction(reference, actionId, actor);
    assertMayChange(actor.user, finding, 'work');
    // A due date left as it was (an overdue action) does not ask again.
    if (
      options.askToConfirm &&
      dto.confirmPastDate !== 'yes' &&
      isNewPastDate(dto.dueDate, current.dueDate, todayIso())
    ) {
      throw pastDateRefusal('The due date', dto.dueDate!);
    }
    return this.writes.run(async (manager) => {
      // The finding's row is updated first, so edits of its actions wait for each other here.
      await this.changes.bump(manager, finding);
      // Read inside the transaction, after that wait: the history and audit say what this edit changed.
      const action = await manager.findOneOrFail(Action, { where: { id: actionId, findingId: finding.id } });
      const after = {
        description: dto.description,
        owner: dto.owner || null,
        dueDate: dto.dueDate ?? null,
        status: dto.status,
      };
      const changed = Object.fromEntries(
        (Object.keys(after) as Array<keyof typeof after>)
          .filter((key) => action[key] !== after[key])
          .map((key) => [key, [action[key], after[key]] as [unknown, unknown]]),
      );
      // Saved only over the version the user saw: of several edits from the same page, one wins.
      const result = await manager.update(
        Action,
        { id: action.id, version: dto.actionVersion },
        { ...after, version: dto.actionVersion + 1, updatedAt: nowIso() },
      );
      if (result.affected !== 1) {
        throw new FormError(
          [
            {
              field: 'version',
              message:
                'Someone else changed this action after you opened it, so your change was not saved. Check the current details and make your change again.',
            },
          ],
          409,
        );
      }
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'action_update',
        actionId: action.id,
        fromValue: action.status !== after.status ? ACTION_STATUSES[action.status].label : null,
        toValue: action.status !== after.status ? ACTION_STATUSES[after.status].label : null,
        commentary: [`Action: ${after.description}`, dto.note].filter(Boolean).join('\n\n'),
      });
      await this.changes.audited(manager, actor, {
        action: 'action.updated',
        entityType: 'action',
        entityId: action.id,
        summary: `${finding.reference}: action updated`,
        changes: changed,
      });
      return { ...action, ...after, version: dto.actionVersion + 1 };
    });
  }

  async assign(reference: string, dto: AssignDto, actor: Actor): Promise<Finding> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    assertMayChange(actor.user, finding, 'lead');
    const targetDate = dto.targetDate ?? null;
    const dateChanged = targetDate !== finding.targetDate;
    // A target date moved says why, in words (it stays visible as slippage).
    const reasonRefused =
      dateChanged && finding.targetDate !== null ? reasonProblem(dto.reason, 'the target date is changing') : null;
    const pastRefused = dto.confirmPastDate !== 'yes' && isNewPastDate(targetDate, finding.targetDate, todayIso());
    if (reasonRefused || pastRefused) {
      throw new FormError([
        ...(pastRefused ? pastDateRefusal('The target date', targetDate!).errors : []),
        ...(reasonRefused ? [{ field: 'reason', message: reasonRefused }] : []),
      ]);
    }
    const actionOwners = dto.actionOwners
      .split(/\n|;/)
      .map((owner) => owner.trim())
      .filter(Boolean);
    return this.writes.run(async (manager) => {
      await this.changes.updateIfUnchanged(manager, finding, dto, {
        owner: dto.owner,
        actionOwners,
        targetDate,
      });
      if (finding.owner !== dto.owner) {
        const update = await this.changes.addUpdate(manager, finding, actor, {
          type: 'owner_change',
          fromValue: finding.owner,
          toValue: dto.owner,
          commentary: dto.reason || null,
        });
        // The new owner (a person, or each member of the team) hears of it, in this transaction.
        const targetLine = targetDate ? `Target date: ${formatUkDate(targetDate)}.` : 'It has no target date yet.';
        await this.notifications.queue(manager, {
          kind: 'assigned',
          forceId: finding.forceId,
          recipients: { owners: [dto.owner] },
          actor: actor.user.username,
          eventKey: `owner-change:${update.id}`,
          title: `Assigned to you: ${finding.reference}`,
          body: [
            `${actor.user.displayName} made ${dto.owner} the owner of ${finding.reference} “${finding.title}”.`,
            targetLine,
            dto.reason ? `Reason: ${dto.reason}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
          link: findingLink(finding.reference),
          referencesOnly: {
            title: `Assigned to you: ${finding.reference}`,
            body: `${actor.user.displayName} made ${dto.owner} the owner of ${finding.reference}.\n\n${targetLine}`,
            link: findingLink(finding.reference),
          },
        });
      }
      if (dateChanged) {
        await this.changes.addUpdate(manager, finding, actor, {
          type: 'target_date_change',
          fromValue: finding.targetDate,
          toValue: targetDate,
          commentary: dto.reason || null,
        });
      }
      await this.changes.audited(manager, actor, {
        action: 'finding.assigned',
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference}: owner and target date set`,
        changes: {
          owner: [finding.owner, dto.owner],
          actionOwners: [finding.actionOwners, actionOwners],
          targetDate: [finding.targetDate, targetDate],
          ...(dto.reason ? { reason: [null, dto.reason] } : {}),
        },
      });
      return finding;
    });
  }

  async recordAssessment(reference: string, dto: AssessmentDto, actor: Actor): Promise<Assessment> {
    const named = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    // An assessment of a national recommendation judges one recipient: it is recorded on that recipient's record.
    const recipient = isStatement(named)
      ? dto.forceCode
        ? await this.forces.findOne({ where: { code: dto.forceCode.toUpperCase() } })
        : null
      : null;
    if (isStatement(named) && !recipient) {
      throw new FormError([{ field: 'forceCode', message: 'Select the force assessed' }]);
    }
    // An assessment judges the report's finding as it stood: not before the report, nor in the future.
    const dateRefused = assessmentDateProblem(dto.assessedOn, todayIso(), named.report?.publishedOn ?? null);
    if (dateRefused) {
      throw new FormError([{ field: 'assessedOn', message: dateRefused }]);
    }
    assertMayChange(actor.user, recipient ? { forceId: recipient.id, kind: named.kind } : named, 'inspect');
    return this.writes.run(async (manager) => {
      const finding = recipient ? await recordOf(manager, named, recipient) : named;
      const forceId = finding.forceId;
      await this.changes.bump(manager, finding);
      const assessment = await manager.save(
        Assessment,
        manager.create(Assessment, {
          findingId: finding.id,
          reportId: null,
          forceId,
          verdict: dto.verdict,
          quote: dto.quote || null,
          commentary: dto.commentary,
          assessedOn: dto.assessedOn,
          recordedBy: actor.user.username,
          createdAt: nowIso(),
        }),
      );
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'assessment',
        toValue: dto.verdict.replace(/_/g, ' '),
        commentary: dto.commentary,
      });
      await this.changes.audited(manager, actor, {
        action: 'assessment.recorded',
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference}: assessed as ${dto.verdict.replace(/_/g, ' ')}`,
        changes: { verdict: [null, dto.verdict], assessedOn: [null, dto.assessedOn], forceId: [null, forceId] },
      });
      return assessment;
    });
  }

  /**
   * Names one more organisation a national recommendation was made to (a named force, a national body): it gets its
   * own record, not started. Made once; a second time is refused.
   */
  async addRecipient(reference: string, dto: AddRecipientDto, actor: Actor): Promise<Finding> {
    const statement = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    if (!isStatement(statement)) {
      throw new FormError([
        { field: 'organisationCode', message: 'Only a national recommendation is made to further organisations' },
      ]);
    }
    assertMayChange(actor.user, statement, 'curate');
    const organisation = await this.forces.findOne({ where: { code: dto.organisationCode.toUpperCase() } });
    if (!organisation) {
      throw new FormError([{ field: 'organisationCode', message: 'Select the organisation it was made to' }]);
    }
    return this.writes.run(async (manager) => {
      if (await manager.existsBy(Finding, { nationalFindingId: statement.id, forceId: organisation.id })) {
        throw new FormError([
          {
            field: 'organisationCode',
            message: `${organisation.name} already holds a record of ${statement.reference}`,
          },
        ]);
      }
      await this.changes.updateIfUnchanged(manager, statement, dto, {});
      const record = await recordOf(manager, statement, organisation);
      await this.changes.audited(manager, actor, {
        action: 'finding.recipient_added',
        entityType: 'finding',
        entityId: record.reference,
        summary: `${statement.reference}: made to ${organisation.name} too (record ${record.reference})`,
        changes: { recipient: [null, organisation.code] },
      });
      return record;
    });
  }

  async link(reference: string, dto: LinkDto, actor: Actor): Promise<FindingLink> {
    const finding = await this.findingsService.findVisible(reference, scopeOf(actor.user));
    assertMayChange(actor.user, finding, 'curate');
    const other = await this.otherFinding(dto.otherReference, actor, 'otherReference');
    if (other.id === finding.id) {
      throw new FormError([{ field: 'otherReference', message: 'A finding cannot be linked to itself' }]);
    }
    if (dto.type === 'repeats') {
      const refused = repeatProblem(
        { id: finding.reportId, publishedOn: finding.report?.publishedOn ?? null, year: finding.year },
        { id: other.reportId, publishedOn: other.report?.publishedOn ?? null, year: other.year },
        other.reference,
      );
      if (refused) {
        throw new FormError([{ field: 'otherReference', message: refused }]);
      }
    }
    return this.writes.run(async (manager) => {
      // The same link between the same two findings (either way round) is made once.
      const held = await manager.existsBy(FindingLink, [
        { fromFindingId: finding.id, toFindingId: other.id, type: dto.type },
        { fromFindingId: other.id, toFindingId: finding.id, type: dto.type },
      ]);
      if (held) {
        throw new FormError([
          {
            field: 'otherReference',
            message: `${finding.reference} is already linked to ${other.reference} as “${LINK_TYPES[dto.type].label}”`,
          },
        ]);
      }
      await this.changes.bump(manager, finding);
      const link = await manager.save(
        FindingLink,
        manager.create(FindingLink, {
          fromFindingId: finding.id,
          toFindingId: other.id,
          type: dto.type,
          reason: dto.reason || null,
          createdAt: nowIso(),
        }),
      );
      await this.changes.addUpdate(manager, finding, actor, {
        type: 'progress_note',
        commentary: `${LINK_TYPES[dto.type].label} ${other.reference}${dto.reason ? `: ${dto.reason}` : ''}`,
      });
      await this.changes.audited(manager, actor, {
        action: 'finding.linked',
        entityType: 'finding',
        entityId: finding.reference,
        summary: `${finding.reference} ${dto.type.replace(/_/g, ' ')} ${other.reference}`,
        changes: { link: [null, `${dto.type} ${other.reference}`] },
      });
      return link;
    });
  }

  /**
   * For a claim with actions not done, or a verification with no evidence: the note the history entry keeps once
   * the user has confirmed and said why; a refusal asking for that until then; null for any other step.
   */
  private async confirmedUnusualStep(
    finding: Finding,
    step: string,
    activeEvidence: number,
    dto: ChangeStatusDto,
  ): Promise<string | null> {
    let concern: { note: string; ask: string } | null = null;
    if (step === 'claim') {
      const actions = await this.actions.find({ where: { findingId: finding.id }, order: { id: 'ASC' } });
      const unfinished = unfinishedActions(actions, todayIso());
      if (unfinished.length > 0) {
        const count = unfinished.length === 1 ? '1 action is' : `${unfinished.length} actions are`;
        concern = {
          note: `Claimed implemented with ${unfinished.length === 1 ? '1 action' : `${unfinished.length} actions`} not done (${unfinished.join('; ')})`,
          ask: `${count} not done: confirm the finding is implemented all the same, and say why`,
        };
      }
    } else if (step === 'verify' && activeEvidence === 0) {
      concern = {
        note: 'Verified with no evidence',
        ask: 'The finding has no evidence: confirm you verify it all the same, and say why',
      };
    }
    if (!concern) {
      return null;
    }
    if (dto.confirmed !== 'yes') {
      throw new FormError([{ field: 'confirmed', message: concern.ask }]);
    }
    const reason = dto.confirmReason ?? '';
    const refused = reasonProblem(
      reason,
      step === 'claim' ? 'for claiming it now' : 'for verifying it without evidence',
    );
    if (refused) {
      throw new FormError([{ field: 'confirmReason', message: refused }]);
    }
    return `${concern.note}. Reason: ${reason.trim()}`;
  }

  /** Another finding named in a form, which the user must be able to see. */
  private async otherFinding(reference: string, actor: Actor, field: string): Promise<Finding> {
    try {
      return await this.findingsService.findVisible(reference.trim().toUpperCase(), scopeOf(actor.user));
    } catch (error) {
      if (error instanceof NotFoundException) {
        throw new FormError([{ field, message: `There is no finding ${reference}` }]);
      }
      throw error;
    }
  }

  /** What a verification decision was based on: the finding, its actions and its evidence as they were. */
  private async snapshot(manager: EntityManager, finding: Finding) {
    const [actions, evidence] = await Promise.all([
      manager.find(Action, { where: { findingId: finding.id }, order: { id: 'ASC' } }),
      manager.find(Evidence, { where: { findingId: finding.id }, order: { id: 'ASC' } }),
    ]);
    return {
      finding: {
        reference: finding.reference,
        status: finding.status,
        owner: finding.owner,
        targetDate: finding.targetDate,
        version: finding.version,
      },
      actions: actions.map((action) => ({
        id: action.id,
        description: action.description,
        status: action.status,
        dueDate: action.dueDate,
      })),
      evidence: evidence.map((item) => ({
        id: item.id,
        kind: item.kind,
        title: item.title,
        fileName: item.fileName,
        url: item.url,
        sha256: item.sha256,
        reviewState: item.reviewState,
        withdrawn: item.withdrawnAt !== null,
      })),
    };
  }
}
