import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { ALL_FORCES } from '../access/scope';
import { addDays } from '../common/dates';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import type { Action } from '../findings/action.entity';
import type { Finding } from '../findings/finding.entity';
import {
  FindingQueries,
  overdueActionCondition,
  overdueFindingCondition,
  type VisibleFindings,
} from '../findings/finding-queries';
import { NotificationLeases } from '../notifications/notification-leases';
import { Notifications } from '../notifications/notifications.service';
import { User } from '../users/user.entity';
import { composeDigest, type DigestEntry, type DigestSections, hasDigestContent, ukClock } from './digest-content';

/** How often an instance looks whether the day's digests are due. */
const CHECK_INTERVAL_MS = 5 * 60_000;
/** How long building the digests may hold the lease before another instance may take over. */
const LEASE_MS = 10 * 60_000;
const LEASE = 'digests';
/** The marker of the last UK day whose digests were built. */
const DONE = 'digests_built_for';

export interface DigestRun {
  day: string;
  /** People given a digest (in the app, and by email where they receive it). */
  told: number;
  /** False when the digests were not built: not yet the hour, already built, or another instance holds the lease. */
  built: boolean;
}

/**
 * Each day's digests, at the hour the organisation sets (DIGEST_HOUR, UK time): each person's items and actions
 * overdue or due in the next 14 days (the findings and actions whose owner is their team, their username or their
 * name, in their own force); a lead's whole force beside; an inspector's claims awaiting verification, oldest first.
 * Every read goes through `FindingQueries` limited to the person's force, so no one hears of another force's item.
 *
 * Instances check every five minutes (an unref'd timer, stopped when the app stops); the one that takes the lease
 * builds the day's digests and marks the day done; each digest's dedupe key (`digest:DAY`) makes a second build of
 * the same day tell nobody twice.
 */
@Injectable()
export class NotificationDigests implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDigests.name);
  private readonly holder = `instance-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queries: FindingQueries,
    private readonly notifications: Notifications,
    private readonly leases: NotificationLeases,
    private readonly writes: WriteTransactions,
    private readonly env: EnvironmentVariables,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.runIfDue().catch((error: unknown) => this.logger.error(`Building the digests failed: ${String(error)}`));
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /**
   * Builds today's digests if their hour has come (or at once, with `now: true`) and no instance has built them yet.
   * `all`: also a digest for people with nothing to report.
   */
  async runIfDue(at: Date = new Date(), options: { now?: boolean; all?: boolean } = {}): Promise<DigestRun> {
    const { day, hour } = ukClock(at);
    if (!options.now && hour < this.env.DIGEST_HOUR) {
      return { day, told: 0, built: false };
    }
    if (!options.now && (await this.leases.done(DONE)) === day) {
      return { day, told: 0, built: false };
    }
    if (!(await this.leases.acquire(LEASE, this.holder, LEASE_MS, at))) {
      return { day, told: 0, built: false };
    }
    try {
      if (!options.now && (await this.leases.done(DONE)) === day) {
        return { day, told: 0, built: false };
      }
      const told = await this.build(day, { all: options.all ?? false });
      await this.leases.markDone(DONE, day);
      return { day, told, built: true };
    } finally {
      await this.leases.release(LEASE, this.holder);
    }
  }

  /** Builds each person's digest for the day; returns how many were told. */
  async build(day: string, options: { all: boolean }): Promise<number> {
    const people = await this.users.find({ where: { disabled: false }, order: { id: 'ASC' } });
    const forces = new Map<number, Promise<Pick<DigestSections, 'forceOverdue' | 'forceDueSoon'>>>();
    let told = 0;
    for (const person of people) {
      const sections = await this.sectionsFor(person, day, forces);
      if (!options.all && !hasDigestContent(sections)) {
        continue;
      }
      const content = composeDigest(day, sections);
      await this.writes.run((manager) => this.notifications.tell(manager, person, 'digest', `digest:${day}`, content));
      told += 1;
    }
    return told;
  }

  private async sectionsFor(
    person: User,
    day: string,
    forces: Map<number, Promise<Pick<DigestSections, 'forceOverdue' | 'forceDueSoon'>>>,
  ): Promise<DigestSections> {
    const sections: DigestSections = { overdue: [], dueSoon: [], forceOverdue: [], forceDueSoon: [], claims: [] };
    if (person.role === 'inspector') {
      sections.claims = await this.claimsAwaitingVerification();
      return sections;
    }
    if (person.forceId === null) {
      return sections;
    }
    const visible = this.queries.ofForce(person.forceId);
    const names = [person.team, person.username, person.displayName].filter((name): name is string => !!name);
    const own = await this.dueEntries(visible, day, names);
    sections.overdue = own.filter((entry) => entry.date < day);
    sections.dueSoon = own.filter((entry) => entry.date >= day);
    if (person.role === 'force_lead') {
      const forceId = person.forceId;
      if (!forces.has(forceId)) {
        forces.set(
          forceId,
          this.dueEntries(visible, day, null).then((entries) => ({
            forceOverdue: entries.filter((entry) => entry.date < day),
            forceDueSoon: entries.filter((entry) => entry.date >= day),
          })),
        );
      }
      Object.assign(sections, await forces.get(forceId)!);
    }
    return sections;
  }

  /**
   * The findings and actions of the force not yet done whose date is past or within 14 days (the overdue rule of
   * `rag.ts` in SQL, with the day two weeks ahead), those of these owners only (null: every owner), by date.
   */
  private async dueEntries(visible: VisibleFindings, day: string, owners: string[] | null): Promise<DigestEntry[]> {
    const horizon = addDays(day, 15);
    const findingDue = overdueFindingCondition(horizon);
    const actionDue = overdueActionCondition(horizon);
    const findings = visible.findings().andWhere(findingDue.sql, findingDue.parameters);
    const actions = visible.actions().andWhere(actionDue.sql, actionDue.parameters);
    if (owners !== null) {
      if (owners.length === 0) {
        return [];
      }
      findings.andWhere('finding.owner IN (:...owners)', { owners });
      actions.andWhere('action.owner IN (:...owners)', { owners });
    }
    const [findingRows, actionRows] = await Promise.all([
      findings.orderBy('finding.targetDate', 'ASC').addOrderBy('finding.reference', 'ASC').getMany(),
      actions.orderBy('action.dueDate', 'ASC').addOrderBy('finding.reference', 'ASC').getMany(),
    ]);
    return [
      ...findingRows.map((finding: Finding) => ({
        reference: finding.reference,
        text: `“${finding.title}”`,
        action: false,
        date: finding.targetDate!,
        owner: finding.owner,
      })),
      ...actionRows.map((action: Action) => ({
        reference: action.finding.reference,
        text: `“${action.description}”`,
        action: true,
        date: action.dueDate!,
        owner: action.owner,
      })),
    ].sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference));
  }

  /** Every force's claims awaiting an inspector's verification, oldest first. */
  private async claimsAwaitingVerification(): Promise<DigestEntry[]> {
    const claims = await this.queries
      .visibleTo(ALL_FORCES)
      .findings()
      .leftJoinAndSelect('finding.force', 'force')
      .andWhere("finding.status = 'implemented'")
      .orderBy('finding.updatedAt', 'ASC')
      .addOrderBy('finding.reference', 'ASC')
      .getMany();
    return claims.map((finding) => ({
      reference: finding.reference,
      text: `“${finding.title}”`,
      action: false,
      date: finding.updatedAt.slice(0, 10),
      owner: finding.owner,
      forceName: finding.force?.name,
    }));
  }
}
