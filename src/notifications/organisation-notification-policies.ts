import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, CurrentUser } from '../access/current-user';
import { inScope, scopeOf } from '../access/scope';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import { Force } from '../reports/force.entity';
import { defaultPolicy, type OrganisationNotificationPolicy } from './digest-schedule';
import type { OrganisationNotificationSettingsDto } from './dto/organisation-notification-settings.dto';
import { OrganisationNotificationSettings } from './organisation-notification-settings.entity';

/** An organisation with the notification settings in force for it. */
export interface OrganisationPolicy {
  force: Pick<Force, 'id' | 'code' | 'name'>;
  policy: OrganisationNotificationPolicy;
  /** Who last changed it and when; null while the organisation keeps the defaults. */
  changed: { at: string; by: string } | null;
}

function policyOf(row: OrganisationNotificationSettings): OrganisationNotificationPolicy {
  return { cadence: row.cadence, weekday: row.weekday, hour: row.hour, emailDetail: row.emailDetail };
}

/**
 * Each organisation's notification settings: when its people's digests go (daily, or weekly on a day, at an hour of
 * the UK day) and what its emails may say (titles, or references only). An organisation that set nothing, and people
 * of no organisation (inspectors, administrators), have the default: daily at DIGEST_HOUR, with titles. A force lead
 * sets their own organisation's, an administrator any organisation's; each change is audited.
 */
@Injectable()
export class OrganisationNotificationPolicies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: EnvironmentVariables,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  get defaults(): OrganisationNotificationPolicy {
    return defaultPolicy(this.env.DIGEST_HOUR);
  }

  /** The settings for people of this organisation (none: the defaults), read with the caller's manager. */
  async policyOf(manager: EntityManager, forceId: number | null): Promise<OrganisationNotificationPolicy> {
    const row = forceId === null ? null : await manager.findOneBy(OrganisationNotificationSettings, { forceId });
    return row ? policyOf(row) : this.defaults;
  }

  /** The settings of every organisation that chose its own, by organisation id (the others keep the defaults). */
  async chosen(): Promise<Map<number, OrganisationNotificationPolicy>> {
    const rows = await this.dataSource.getRepository(OrganisationNotificationSettings).find();
    return new Map(rows.map((row) => [row.forceId, policyOf(row)]));
  }

  /** The organisations the user may set (a lead: their own; an administrator: every one), by name. */
  async listFor(user: CurrentUser): Promise<OrganisationPolicy[]> {
    const scope = scopeOf(user);
    const forces = await this.dataSource.getRepository(Force).find({
      where: scope.forceId === null ? {} : { id: scope.forceId },
      order: { name: 'ASC' },
    });
    const rows = new Map(
      (await this.dataSource.getRepository(OrganisationNotificationSettings).find()).map((row) => [row.forceId, row]),
    );
    return forces.map((force) => this.described(force, rows.get(force.id) ?? null));
  }

  /** One organisation's settings, if the user may set them (another organisation's is not found). */
  async forUser(user: CurrentUser, code: string): Promise<OrganisationPolicy> {
    const force = await this.organisation(user, code);
    const row = await this.dataSource.getRepository(OrganisationNotificationSettings).findOneBy({ forceId: force.id });
    return this.described(force, row);
  }

  /** Saves an organisation's settings, audited. */
  async save(code: string, dto: OrganisationNotificationSettingsDto, actor: Actor): Promise<OrganisationPolicy> {
    const force = await this.organisation(actor.user, code);
    const policy: OrganisationNotificationPolicy = {
      cadence: dto.cadence,
      weekday: dto.cadence === 'weekly' ? (dto.weekday ?? null) : null,
      hour: dto.hour,
      emailDetail: dto.emailDetail,
    };
    return this.writes.run(async (manager) => {
      const before = await this.policyOf(manager, force.id);
      const row = manager.create(OrganisationNotificationSettings, {
        forceId: force.id,
        ...policy,
        updatedAt: nowIso(),
        updatedBy: actor.user.username,
      });
      await manager.save(OrganisationNotificationSettings, row);
      const changes: Record<string, [unknown, unknown]> = {};
      for (const key of Object.keys(policy) as Array<keyof OrganisationNotificationPolicy>) {
        if (before[key] !== policy[key]) {
          changes[key] = [before[key], policy[key]];
        }
      }
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'notifications.organisation_settings',
        entityType: 'organisation',
        entityId: force.code,
        summary: `Notification settings of ${force.name} saved`,
        changes,
      });
      return this.described(force, row);
    });
  }

  private async organisation(user: CurrentUser, code: string): Promise<Force> {
    const force = await this.dataSource.getRepository(Force).findOneBy({ code: code.toUpperCase() });
    if (!force || !inScope(scopeOf(user), force.id)) {
      throw new NotFoundException(`No organisation has the code ${code}`);
    }
    return force;
  }

  private described(force: Force, row: OrganisationNotificationSettings | null): OrganisationPolicy {
    return {
      force: { id: force.id, code: force.code, name: force.name },
      policy: row ? policyOf(row) : this.defaults,
      changed: row ? { at: row.updatedAt, by: row.updatedBy } : null,
    };
  }
}
