import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ALL_FORCES } from '../access/scope';
import { addDays } from '../common/dates';
import { Evidence } from '../evidence/evidence.entity';
import {
  claimedOnSql,
  FindingQueries,
  OPEN_ACTION_STATUSES,
  OPEN_FINDING_STATUSES,
  overdueActionCondition,
  overdueFindingCondition,
  type VisibleFindings,
} from '../findings/finding-queries';
import type { FindingUpdate } from '../findings/finding-update.entity';
import { Verification } from '../findings/verification.entity';
import {
  isDigestDue,
  type OrganisationNotificationPolicy,
  periodDays,
  type UkMoment,
} from '../notifications/digest-schedule';
import { Notification } from '../notifications/notification.entity';
import { NotificationLeases } from '../notifications/notification-leases';
import { Notifications } from '../notifications/notifications.service';
import { OrganisationNotificationPolicies } from '../notifications/organisation-notification-policies';
import { PCC_RESPONSE_DAYS, pccResponsePendingCondition } from '../reports/pcc-response';
import { Report } from '../reports/report.entity';
import { WriteTransactions } from '../database/write-transactions';
import { User } from '../users/user.entity';
import {
  DIGEST_SECTION_LIMIT,
  type DigestEntry,
  type DigestSection,
  type DigestSections,
  digestMessage,
  emptySections,
  hasDigestContent,
  mergeSections,
  ukClock,
} from './digest-content';

/** How often an instance looks whether any organisation's digests are due. */
const CHECK_INTERVAL_MS = 5 * 60_000;
/** How long building the digests may hold the lease before another instance may take over. */
const LEASE_MS = 10 * 60_000;
const LEASE = 'digests';
/** The markers of the last UK day each organisation's digests were built: `digests_built_for:force:12`, `…:none`. */
const DONE = 'digests_built_for:';
/** An item or action with no update for this many days is listed as waiting for one. */
const STALE_DAYS = 60;

export interface DigestRun {
  day: string;
  /** People given a digest (in the app, and by email where they receive it). */
  told: number;
  /** False when no digests were built: none due yet, already built, or another instance holds the lease. */
  built: boolean;
}

/** The people of one organisation (or of none) and when their digests go. */
interface DigestGroup {
  marker: string;
  forceId: number | null;
  policy: OrganisationNotificationPolicy;
}

const findingPath = (reference: string) => `/findings/${encodeURIComponent(reference)}`;

/**
 * The digests, at the time each organisation sets (daily, or weekly on a weekday, at an hour of the UK day; by
 * default daily at DIGEST_HOUR; people of no organisation, inspectors and administrators, keep the default). Each
 * owner's items and actions overdue, due in the next 14 days and with no update for 60 days, and the evidence and
 * claims rejected since their previous digest; a lead's whole force beside, with the target dates moved and the
 * claims made; an inspector's claims awaiting verification (oldest first) and section 55 responses due. Every section
 * is counted in SQL and at most DIGEST_SECTION_LIMIT of its lines are read; every read of findings goes through
 * `FindingQueries` limited to the person's force, so no one hears of another force's item.
 *
 * Instances check every five minutes (an unref'd timer, stopped when the app stops); the one that takes the lease
 * builds the digests of every organisation whose time has come and marks that organisation's day done; each
 * digest's dedupe key (`digest:DAY`) makes a second build of the same day tell nobody twice.
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
    private readonly policies: OrganisationNotificationPolicies,
    private readonly writes: WriteTransactions,
    @InjectDataSource() private readonly dataSource: DataSource,
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
   * Builds the digests now due (or every organisation's at once, with `now: true`) that no instance has built yet.
   * `all`: also a digest for people with nothing to report.
   */
  async runIfDue(at: Date = new Date(), options: { now?: boolean; all?: boolean } = {}): Promise<DigestRun> {
    const clock = ukClock(at);
    const day = clock.day;
    if ((await this.dueGroups(clock, options.now ?? false)).length === 0) {
      return { day, told: 0, built: false };
    }
    if (!(await this.leases.acquire(LEASE, this.holder, LEASE_MS, at))) {
      return { day, told: 0, built: false };
    }
    try {
      // Again under the lease: another instance may have built them since.
      const groups = await this.dueGroups(clock, options.now ?? false);
      let told = 0;
      for (const group of groups) {
        told += await this.build(group, at, { all: options.all ?? false });
        await this.leases.markDone(group.marker, day);
      }
      return { day, told, built: groups.length > 0 };
    } finally {
      await this.leases.release(LEASE, this.holder);
    }
  }

  /** The organisations (and the people of none) whose digests are due at this moment and not yet built today. */
  private async dueGroups(clock: UkMoment, now: boolean): Promise<DigestGroup[]> {
    const [organisations, chosen, done] = await Promise.all([
      this.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .select('DISTINCT user.forceId', 'forceId')
        .where('NOT user.disabled')
        .getRawMany<{ forceId: number | null }>(),
      this.policies.chosen(),
      this.leases.doneWithPrefix(DONE),
    ]);
    return organisations
      .map((row) => (row.forceId === null ? null : Number(row.forceId)))
      .sort((a, b) => (a ?? 0) - (b ?? 0))
      .map((forceId) => ({
        forceId,
        marker: `${DONE}${forceId === null ? 'none' : `force:${forceId}`}`,
        policy: (forceId === null ? undefined : chosen.get(forceId)) ?? this.policies.defaults,
      }))
      .filter((group) => now || (isDigestDue(group.policy, clock) && done.get(group.marker) !== clock.day));
  }

  /** Builds the digest of each person of the group; returns how many were told. */
  private async build(group: DigestGroup, at: Date, options: { all: boolean }): Promise<number> {
    const day = ukClock(at).day;
    const people = await this.dataSource.getRepository(User).find({
      where: { disabled: false, forceId: group.forceId === null ? IsNull() : group.forceId },
      order: { id: 'ASC' },
    });
    let told = 0;
    for (const person of people) {
      const since = await this.previousDigest(person, at, group.policy);
      const sections = await this.sectionsFor(person, day, since);
      if (!options.all && !hasDigestContent(sections)) {
        continue;
      }
      const message = digestMessage(day, sections);
      await this.writes.run((manager) => this.notifications.tell(manager, person, 'digest', `digest:${day}`, message));
      told += 1;
    }
    return told;
  }

  /** When the person's previous digest was made; for a first digest, one period (a day or a week) ago. */
  private async previousDigest(person: User, at: Date, policy: OrganisationNotificationPolicy): Promise<string> {
    const previous = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('notification')
      .select('MAX(notification.createdAt)', 'at')
      .where('notification.userId = :userId', { userId: person.id })
      .andWhere("notification.kind = 'digest'")
      .getRawOne<{ at: string | null }>();
    return previous?.at ?? new Date(at.getTime() - periodDays(policy.cadence) * 24 * 3600_000).toISOString();
  }

  /** The sections of one person's digest: by role, within their own force. */
  async sectionsFor(person: User, day: string, since: string): Promise<DigestSections> {
    const sections = emptySections();
    if (person.role === 'inspector') {
      sections.claims = await this.claimsAwaitingVerification();
      sections.pccResponses = await this.pccResponsesDue();
      return sections;
    }
    if (person.forceId === null) {
      return sections;
    }
    const visible = this.queries.ofForce(person.forceId);
    const owners = [person.team, person.username, person.displayName].filter((name): name is string => !!name);
    if (owners.length > 0) {
      sections.overdue = await this.overdue(visible, day, owners);
      sections.dueSoon = await this.dueSoon(visible, day, owners);
      sections.stale = await this.stale(visible, day, owners);
    }
    sections.returned = await this.returned(visible, since, { username: person.username, owners });
    if (person.role === 'force_lead') {
      sections.forceOverdue = await this.overdue(visible, day, null);
      sections.forceDueSoon = await this.dueSoon(visible, day, null);
      sections.forceStale = await this.stale(visible, day, null);
      sections.forceReturned = await this.returned(visible, since, null);
      sections.targetDatesMoved = await this.targetDatesMoved(visible, since);
      sections.claimsMade = await this.claimsMade(visible, since);
    }
    return sections;
  }

  /** A section's total (COUNT in SQL) and its first DIGEST_SECTION_LIMIT rows, in the builder's order. */
  private async bounded<T extends ObjectLiteral>(
    builder: SelectQueryBuilder<T>,
    entry: (row: T) => DigestEntry,
  ): Promise<DigestSection> {
    const total = await builder.clone().getCount();
    const rows = total === 0 ? [] : await builder.clone().limit(DIGEST_SECTION_LIMIT).getMany();
    return { total, entries: rows.map(entry) };
  }

  /** Findings and actions past their date, of these owners (null: every owner). */
  private overdue(visible: VisibleFindings, day: string, owners: string[] | null): Promise<DigestSection> {
    const finding = overdueFindingCondition(day);
    const action = overdueActionCondition(day);
    return this.itemsAndActions(visible, owners, {
      findings: (query) => query.andWhere(finding.sql, finding.parameters),
      actions: (query) => query.andWhere(action.sql, action.parameters),
      order: 'date',
    });
  }

  /** Findings and actions due today or in the next 14 days (the overdue rule with the day two weeks ahead). */
  private dueSoon(visible: VisibleFindings, day: string, owners: string[] | null): Promise<DigestSection> {
    const finding = overdueFindingCondition(addDays(day, 15));
    const action = overdueActionCondition(addDays(day, 15));
    return this.itemsAndActions(visible, owners, {
      findings: (query) =>
        query.andWhere(finding.sql, finding.parameters).andWhere('finding.targetDate >= :today', { today: day }),
      actions: (query) =>
        query.andWhere(action.sql, action.parameters).andWhere('action.dueDate >= :today', { today: day }),
      order: 'date',
    });
  }

  /** Findings and actions still to be done with no change for 60 days, the longest waiting first. */
  private stale(visible: VisibleFindings, day: string, owners: string[] | null): Promise<DigestSection> {
    const staleBefore = addDays(day, -STALE_DAYS);
    return this.itemsAndActions(visible, owners, {
      findings: (query) =>
        query
          .andWhere('finding.status IN (:...openFindingStatuses)', { openFindingStatuses: [...OPEN_FINDING_STATUSES] })
          .andWhere('finding.updatedAt < :staleBefore', { staleBefore }),
      actions: (query) =>
        query
          .andWhere('action.status IN (:...openActionStatuses)', { openActionStatuses: [...OPEN_ACTION_STATUSES] })
          .andWhere('action.updatedAt < :staleBefore', { staleBefore }),
      order: 'updated',
    });
  }

  /** One section of findings and actions: each read bounded in SQL, then the two merged (by date, then reference). */
  private async itemsAndActions(
    visible: VisibleFindings,
    owners: string[] | null,
    how: {
      findings: (query: ReturnType<VisibleFindings['findings']>) => ReturnType<VisibleFindings['findings']>;
      actions: (query: ReturnType<VisibleFindings['actions']>) => ReturnType<VisibleFindings['actions']>;
      order: 'date' | 'updated';
    },
  ): Promise<DigestSection> {
    const findings = how.findings(visible.findings());
    const actions = how.actions(visible.actions());
    if (owners !== null) {
      findings.andWhere('finding.owner IN (:...owners)', { owners });
      actions.andWhere('action.owner IN (:...owners)', { owners });
    }
    findings.orderBy(how.order === 'date' ? 'finding.targetDate' : 'finding.updatedAt', 'ASC');
    actions.orderBy(how.order === 'date' ? 'action.dueDate' : 'action.updatedAt', 'ASC');
    const [ownFindings, ownActions] = [
      await this.bounded(findings.addOrderBy('finding.reference', 'ASC'), (finding) => ({
        reference: finding.reference,
        link: findingPath(finding.reference),
        about: null,
        text: finding.title,
        date: how.order === 'date' ? finding.targetDate! : finding.updatedAt.slice(0, 10),
        owner: finding.owner,
      })),
      await this.bounded(actions.addOrderBy('finding.reference', 'ASC').addOrderBy('action.id', 'ASC'), (action) => ({
        reference: action.finding.reference,
        link: `${findingPath(action.finding.reference)}#actions`,
        about: 'action' as const,
        text: action.description,
        date: how.order === 'date' ? action.dueDate! : action.updatedAt.slice(0, 10),
        owner: action.owner,
      })),
    ];
    return mergeSections(ownFindings, ownActions);
  }

  /**
   * Evidence and claims rejected since `since`: for a person (`who`), evidence they added and claims on items they
   * own or claimed; for a lead's force (null), every one in the force.
   */
  private async returned(
    visible: VisibleFindings,
    since: string,
    who: { username: string; owners: string[] } | null,
  ): Promise<DigestSection> {
    const evidence = visible.limit(
      this.dataSource
        .getRepository(Evidence)
        .createQueryBuilder('evidence')
        .innerJoinAndSelect('evidence.finding', 'finding')
        .where("evidence.reviewState = 'rejected'")
        .andWhere('evidence.reviewedAt > :since', { since }),
      'finding',
    );
    const claims = visible.limit(
      this.dataSource
        .getRepository(Verification)
        .createQueryBuilder('verification')
        .innerJoinAndSelect('verification.finding', 'finding')
        .where("verification.decision = 'rejected'")
        .andWhere('verification.decidedAt > :since', { since }),
      'finding',
    );
    if (who !== null) {
      evidence.andWhere('evidence.addedBy = :username', { username: who.username });
      // The claimant: the author of the latest claim before the decision.
      const claimant = `(SELECT claim.author FROM finding_updates claim WHERE claim.finding_id = finding.id
        AND claim.type = 'status_change' AND claim.to_value = 'implemented' AND claim.created_at <= verification.decided_at
        ORDER BY claim.created_at DESC, claim.id DESC LIMIT 1)`;
      claims.andWhere(
        who.owners.length > 0
          ? `(finding.owner IN (:...owners) OR ${claimant} = :username)`
          : `${claimant} = :username`,
        { owners: who.owners, username: who.username },
      );
    }
    return mergeSections(
      await this.bounded(evidence.orderBy('evidence.reviewedAt', 'ASC').addOrderBy('evidence.id', 'ASC'), (item) => ({
        reference: item.finding.reference,
        link: `${findingPath(item.finding.reference)}#evidence`,
        about: 'evidence' as const,
        text: item.title,
        date: item.reviewedAt!.slice(0, 10),
        owner: null,
      })),
      await this.bounded(
        claims.orderBy('verification.decidedAt', 'ASC').addOrderBy('verification.id', 'ASC'),
        (decision) => ({
          reference: decision.finding.reference,
          link: findingPath(decision.finding.reference),
          about: 'claim' as const,
          text: decision.finding.title,
          date: decision.decidedAt.slice(0, 10),
          owner: decision.finding.owner,
        }),
      ),
    );
  }

  /** The force's target dates changed since `since`, the earliest change first. */
  private targetDatesMoved(visible: VisibleFindings, since: string): Promise<DigestSection> {
    return this.historySince(visible, since, "update.type = 'target_date_change'", (update) => ({
      fromDate: update.fromValue,
      toDate: update.toValue,
    }));
  }

  /** The force's claims (a change of status to implemented) made since `since`, the earliest first. */
  private claimsMade(visible: VisibleFindings, since: string): Promise<DigestSection> {
    return this.historySince(visible, since, "update.type = 'status_change' AND update.toValue = 'implemented'");
  }

  /** The force's history entries of one kind (`condition`) since `since`, the earliest first, as digest lines. */
  private historySince(
    visible: VisibleFindings,
    since: string,
    condition: string,
    extra: (update: FindingUpdate) => Partial<DigestEntry> = () => ({}),
  ): Promise<DigestSection> {
    return this.bounded(
      visible
        .updates()
        .andWhere(condition)
        .andWhere('update.createdAt > :since', { since })
        .orderBy('update.createdAt', 'ASC')
        .addOrderBy('update.id', 'ASC'),
      (update) => ({
        reference: update.finding.reference,
        link: findingPath(update.finding.reference),
        about: null,
        text: update.finding.title,
        date: update.createdAt.slice(0, 10),
        owner: update.finding.owner,
        ...extra(update),
      }),
    );
  }

  /** Every force's claims awaiting an inspector's verification: how many, and the oldest (by the day claimed). */
  private async claimsAwaitingVerification(): Promise<DigestSection> {
    const claimed = () => this.queries.visibleTo(ALL_FORCES).findings().andWhere("finding.status = 'implemented'");
    const total = await claimed().getCount();
    if (total === 0) {
      return { total, entries: [] };
    }
    const rows = await claimed()
      .innerJoin('finding.force', 'force')
      .select('finding.reference', 'reference')
      .addSelect('finding.title', 'title')
      .addSelect('finding.owner', 'owner')
      .addSelect('force.name', 'forcename')
      .addSelect(claimedOnSql('finding'), 'claimedon')
      .orderBy(claimedOnSql('finding'), 'ASC')
      .addOrderBy('finding.reference', 'ASC')
      .limit(DIGEST_SECTION_LIMIT)
      .getRawMany<{ reference: string; title: string; owner: string | null; forcename: string; claimedon: string }>();
    return {
      total,
      entries: rows.map((row) => ({
        reference: row.reference,
        link: findingPath(row.reference),
        about: null,
        text: row.title,
        date: String(row.claimedon).slice(0, 10),
        owner: row.owner,
        forceName: row.forcename,
      })),
    };
  }

  /** Reports whose PCC response (section 55) is due or overdue and not published, the earliest due first. */
  private async pccResponsesDue(): Promise<DigestSection> {
    const pending = pccResponsePendingCondition('report');
    const reports = () =>
      this.dataSource
        .getRepository(Report)
        .createQueryBuilder('report')
        .innerJoinAndSelect('report.force', 'force')
        .where(pending.sql, pending.parameters);
    const total = await reports().getCount();
    const rows =
      total === 0
        ? []
        : await reports()
            .orderBy('report.publishedOn', 'ASC')
            .addOrderBy('report.key', 'ASC')
            .limit(DIGEST_SECTION_LIMIT)
            .getMany();
    return {
      total,
      entries: rows.map((report) => ({
        reference: report.key,
        link: `/reports/${encodeURIComponent(report.key)}`,
        about: null,
        text: report.title,
        date: addDays(report.publishedOn!, PCC_RESPONSE_DAYS),
        owner: null,
        forceName: report.force?.name,
      })),
    };
  }
}
