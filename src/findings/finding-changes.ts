import { ForbiddenException, Injectable } from '@nestjs/common';
import { EntityManager, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, CurrentUser } from '../access/current-user';
import { can, type Permission } from '../access/roles';
import { formatUkDateTime, nowIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { FindingUpdate } from './finding-update.entity';
import { UPDATE_TYPES, type UpdateType } from './update-type';
import { Finding } from './finding.entity';
import { isStatement } from './recipient-records';

/** The version of the finding the user's form was built from, and when the page was loaded. */
export interface SeenVersion {
  version: number;
  loadedAt: string;
}

/** May this user make this kind of change to this finding? (Seeing it is checked first, by scope.) */
export function assertMayChange(
  user: CurrentUser,
  finding: Pick<Finding, 'forceId' | 'kind'>,
  permission: Permission,
  options: { status?: boolean } = {},
): void {
  if (!can(user.role, permission)) {
    throw new ForbiddenException('Your role cannot make this change');
  }
  if (isStatement(finding) && (permission !== 'curate' || options.status)) {
    throw new ForbiddenException(
      'A national recommendation is worked on by each organisation it was made to: open one recipient’s record to change it',
    );
  }
  if (user.role !== 'inspector' && finding.forceId !== user.forceId) {
    throw new ForbiddenException('You can only change your own force’s findings');
  }
}

/**
 * The pieces every change to a finding uses, inside one transaction: the optimistic version
 * check (UPDATE … WHERE version = ? — TypeORM's save() would overwrite silently), the history
 * entry and the audit entry. Its updates name the finding to the audit (`audit.wrote`), so the
 * audit entry records the finding's new digest.
 */
@Injectable()
export class FindingChanges {
  constructor(private readonly audit: AuditService) {}

  /**
   * Applies column changes only if nobody changed the finding since the user loaded it; otherwise
   * refuses with what changed meanwhile, so nothing is silently overwritten.
   */
  async updateIfUnchanged(
    manager: EntityManager,
    finding: Finding,
    seen: SeenVersion,
    changes: Partial<Pick<Finding, 'status' | 'owner' | 'actionOwners' | 'targetDate'>>,
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Finding)
      .set({ ...changes, version: () => 'version + 1', updatedAt: nowIso() })
      .where('id = :id AND version = :version', { id: finding.id, version: seen.version })
      .execute();
    if (result.affected !== 1) {
      throw await this.conflict(manager, finding, seen.loadedAt);
    }
    this.audit.wrote(manager, 'findings', [finding.id]);
  }

  /**
   * Bumps the version for additions (notes, actions, evidence, assessments, links): they overwrite
   * nothing, so they need no check, but an edit begun before them will see that something changed.
   */
  async bump(manager: EntityManager, finding: Finding): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Finding)
      .set({ version: () => 'version + 1', updatedAt: nowIso() })
      .where('id = :id', { id: finding.id })
      .execute();
    this.audit.wrote(manager, 'findings', [finding.id]);
  }

  async addUpdate(
    manager: EntityManager,
    finding: Finding,
    actor: Actor,
    entry: {
      type: UpdateType;
      fromValue?: string | null;
      toValue?: string | null;
      commentary?: string | null;
      actionId?: number | null;
    },
  ): Promise<FindingUpdate> {
    return manager.save(
      FindingUpdate,
      manager.create(FindingUpdate, {
        findingId: finding.id,
        actionId: entry.actionId ?? null,
        type: entry.type,
        fromValue: entry.fromValue ?? null,
        toValue: entry.toValue ?? null,
        commentary: entry.commentary ?? null,
        author: actor.user.username,
        createdAt: nowIso(),
      }),
    );
  }

  async audited(
    manager: EntityManager,
    actor: Actor,
    entry: {
      action: string;
      entityType: string;
      entityId: string | number;
      summary: string;
      changes?: Record<string, [unknown, unknown]>;
    },
  ): Promise<void> {
    // A change made through a personal API token names the token, beside its user.
    const summary = actor.apiToken
      ? `${entry.summary} (through API token “${actor.apiToken.name}”, #${actor.apiToken.id})`
      : entry.summary;
    await this.audit.record(manager, { actor: actor.user.username, ip: actor.ip, ...entry, summary });
  }

  /** Who made the finding's latest claim (its latest change of status to implemented), to tell them of its outcome. */
  async claimant(manager: EntityManager, finding: Pick<Finding, 'id'>): Promise<string | null> {
    const claim = await manager.findOne(FindingUpdate, {
      where: { findingId: finding.id, type: 'status_change', toValue: 'implemented' },
      order: { id: 'DESC' },
    });
    return claim?.author ?? null;
  }

  private async conflict(manager: EntityManager, finding: Finding, since: string): Promise<FormError> {
    const current = await manager.findOne(Finding, { where: { id: finding.id } });
    const meanwhile = await manager.find(FindingUpdate, {
      where: { findingId: finding.id, createdAt: MoreThan(since) },
      order: { createdAt: 'ASC' },
    });
    const described = meanwhile
      .slice(-5)
      .map(
        (update) =>
          `${UPDATE_TYPES[update.type]}${update.toValue ? ` (${update.toValue})` : ''} by ${update.author} at ${formatUkDateTime(update.createdAt)}`,
      );
    const message = [
      'Someone else changed this finding after you opened it, so your change was not saved.',
      described.length > 0
        ? `Changed meanwhile: ${described.join('; ')}.`
        : `It is now at version ${current?.version ?? '?'}.`,
      'Check the current details and make your change again.',
    ].join(' ');
    return new FormError([{ field: 'version', message }], 409);
  }
}
