import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { nowIso } from '../common/dates';
import { EnvironmentVariables, serviceUrl } from '../config/env.validation';
import { runSql } from '../database/run-sql';
import { WriteTransactions } from '../database/write-transactions';
import { User } from '../users/user.entity';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds';
import { absoluteUrl, composeEmail, type MessageContent } from './notification-message';
import { NotificationOptOut } from './notification-opt-out.entity';
import { NotificationSetting } from './notification-setting.entity';
import { Notification } from './notification.entity';
import { OrganisationNotificationPolicies } from './organisation-notification-policies';
import { OutboxMessage } from './outbox-message.entity';
import { signUnsubscribe, verifyUnsubscribe, type UnsubscribeRequest } from './unsubscribe-token';

/**
 * A message with its wording for an organisation whose emails carry references only (no titles, action
 * descriptions, reasons or quotes): what goes in such an email. The notifications page always shows the full one.
 */
export interface TellContent extends MessageContent {
  referencesOnly: MessageContent;
}

/** The event a change tells people of, as the service that makes the change describes it. */
export interface NotificationEvent extends TellContent {
  kind: Exclude<NotificationKind, 'digest'>;
  /** The force whose item it is: only that force's users are told (none for an item of no force). */
  forceId: number | null;
  /** Who is told: users by username, and the owners named on the item (a team, a username or a person's name). */
  recipients: { usernames?: ReadonlyArray<string | null>; owners?: ReadonlyArray<string | null> };
  /** Who made the change: not told of their own change. */
  actor: string;
  /** The event, unique per recipient (e.g. "verification:12"), so one event is never told twice. */
  eventKey: string;
}

/** A person to tell, as `tell()` needs them. */
export type Recipient = Pick<User, 'id' | 'email' | 'forceId'>;

const UNSUBSCRIBE_SECRET = 'unsubscribe_secret';

/**
 * Tells people what happened: an in-app notification for each, and, when a mail server is set and they have an
 * address and have not opted out of that kind, an email in the outbox, both written with the caller's
 * EntityManager, inside the transaction of the change that causes them (so a change rolled back tells nobody, and a
 * committed one is sent even if the app stops before the sender runs). The sender (`NotificationSender`) takes the
 * outbox from there.
 */
@Injectable()
export class Notifications implements OnModuleInit {
  private secret: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: EnvironmentVariables,
    private readonly writes: WriteTransactions,
    private readonly policies: OrganisationNotificationPolicies,
  ) {}

  /** Whether messages go by email too (SMTP_URL is set), or only in the app. */
  get emailEnabled(): boolean {
    return this.env.SMTP_URL !== undefined;
  }

  get baseUrl(): string {
    return this.env.APP_URL ?? serviceUrl(this.env);
  }

  async onModuleInit(): Promise<void> {
    await this.writes.run((manager) => this.unsubscribeSecret(manager));
  }

  /** Tells the event's recipients of the item's force of it; returns how many were told. */
  async queue(manager: EntityManager, event: NotificationEvent): Promise<number> {
    if (event.forceId === null) {
      return 0;
    }
    const usernames = (event.recipients.usernames ?? []).filter((name): name is string => !!name);
    const owners = (event.recipients.owners ?? []).filter((name): name is string => !!name && name.trim() !== '');
    if (usernames.length === 0 && owners.length === 0) {
      return 0;
    }
    const names = [...new Set([...usernames, ...owners.map((owner) => owner.trim().toLowerCase())])];
    const query = manager
      .createQueryBuilder(User, 'user')
      .where('user.forceId = :forceId', { forceId: event.forceId })
      .andWhere('NOT user.disabled')
      .andWhere('user.username <> :actor', { actor: event.actor })
      .andWhere(
        new Brackets((who) => {
          who.where('user.username IN (:...names)', { names });
          if (owners.length > 0) {
            who
              .orWhere('user.team IN (:...owners)', { owners: owners.map((owner) => owner.trim()) })
              .orWhere('user.displayName IN (:...owners)');
          }
        }),
      )
      .orderBy('user.id', 'ASC');
    const users = await query.getMany();
    for (const user of users) {
      await this.tell(manager, user, event.kind, event.eventKey, event);
    }
    return users.length;
  }

  /**
   * Tells one person: the in-app notification (in full), and the email when they receive this kind by email, worded
   * as their organisation allows (titles, or references only).
   */
  async tell(
    manager: EntityManager,
    user: Recipient,
    kind: NotificationKind,
    dedupeKey: string,
    content: TellContent,
  ): Promise<void> {
    const createdAt = nowIso();
    await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        userId: user.id,
        kind,
        title: content.title.slice(0, 300),
        body: content.body,
        link: content.link,
        dedupeKey,
        createdAt,
        readAt: null,
      })
      .orIgnore()
      .execute();
    if (!this.emailEnabled || !user.email) {
      return;
    }
    if (await manager.existsBy(NotificationOptOut, { userId: user.id, kind })) {
      return;
    }
    const token = signUnsubscribe(await this.unsubscribeSecret(manager), { userId: user.id, kind });
    const policy = await this.policies.policyOf(manager, user.forceId);
    const email = composeEmail(policy.emailDetail === 'references' ? content.referencesOnly : content, {
      baseUrl: this.baseUrl,
      unsubscribeUrl: absoluteUrl(this.baseUrl, `/notifications/unsubscribe?token=${encodeURIComponent(token)}`),
      kindLabel: NOTIFICATION_KINDS[kind].label,
    });
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
        userId: user.id,
        kind,
        recipient: user.email,
        subject: email.subject.slice(0, 300),
        textBody: email.text,
        htmlBody: email.html,
        link: content.link,
        dedupeKey,
        createdAt,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: createdAt,
        lastError: null,
        sentAt: null,
      })
      .orIgnore()
      .execute();
  }

  /** The signed-in person's notifications, newest first, with how many are unread. */
  async listFor(userId: number, limit = 100): Promise<{ items: Notification[]; unread: number }> {
    const repository = this.dataSource.getRepository(Notification);
    const [items, unread] = await Promise.all([
      repository.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit }),
      this.unreadCount(userId),
    ]);
    return { items, unread };
  }

  /** How many of the person's notifications are unread: one COUNT on the (user_id, read_at) index. */
  async unreadCount(userId: number): Promise<number> {
    // Asked on every page (the header's badge): hand-written, as the count costs less than building it.
    const [row] = await runSql<{ unread: number | string }>(
      this.dataSource.manager,
      'SELECT COUNT(*) AS "unread" FROM notifications WHERE user_id = :userId AND read_at IS NULL',
      { userId },
      { prepared: true },
    );
    return Number(row.unread);
  }

  /** Opens one of the person's own notifications, marking it read; null when they have none with this id. */
  async open(userId: number, id: number): Promise<Notification | null> {
    const item = await this.dataSource.getRepository(Notification).findOneBy({ id, userId });
    if (!item) {
      return null;
    }
    if (item.readAt === null) {
      const readAt = nowIso();
      await this.writes.run((manager) => manager.update(Notification, { id, userId, readAt: IsNull() }, { readAt }));
    }
    return item;
  }

  async markAllRead(userId: number): Promise<void> {
    await this.writes.run((manager) =>
      manager.update(Notification, { userId, readAt: IsNull() }, { readAt: nowIso() }),
    );
  }

  /** The outbox as an administrator sees it: counts by status, and the latest messages (failures first). */
  async outbox(limit = 200): Promise<{ counts: Record<string, number>; messages: OutboxMessage[] }> {
    const repository = this.dataSource.getRepository(OutboxMessage);
    const rows = await repository
      .createQueryBuilder('message')
      .select('message.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('message.status')
      .getRawMany<{ status: string; count: string | number }>();
    const messages = await repository
      .createQueryBuilder('message')
      .orderBy("CASE message.status WHEN 'failed' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END", 'ASC')
      .addOrderBy('message.id', 'DESC')
      .limit(limit)
      .getMany();
    return { counts: Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])), messages };
  }

  /** Puts a failed (or waiting) message back in the queue, to be tried at once. */
  async retry(id: number): Promise<void> {
    const result = await this.writes.run((manager) =>
      manager.update(
        OutboxMessage,
        { id, status: In(['failed', 'queued']) },
        { status: 'queued', nextAttemptAt: nowIso(), attempts: 0 },
      ),
    );
    if (result.affected !== 1) {
      throw new NotFoundException('No such message waiting or failed');
    }
  }

  async emailOf(userId: number): Promise<string | null> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    return user?.email ?? null;
  }

  /** The kinds the person has stopped receiving by email. */
  async optedOut(userId: number): Promise<Set<NotificationKind>> {
    const rows = await this.dataSource.getRepository(NotificationOptOut).findBy({ userId });
    return new Set(rows.map((row) => row.kind));
  }

  /** Sets which kinds the person receives by email (the others are opted out). */
  async setEmailKinds(userId: number, wanted: ReadonlySet<NotificationKind>): Promise<void> {
    await this.writes.run(async (manager) => {
      for (const kind of Object.keys(NOTIFICATION_KINDS) as NotificationKind[]) {
        if (wanted.has(kind)) {
          await manager.delete(NotificationOptOut, { userId, kind });
        } else {
          await this.optOut(manager, { userId, kind });
        }
      }
    });
  }

  /** What an unsubscribe link asks, and of whom; null when the link is not one the app signed. */
  async readUnsubscribe(token: string): Promise<(UnsubscribeRequest & { user: User }) | null> {
    const request = verifyUnsubscribe(await this.unsubscribeSecret(), token);
    const user = request ? await this.dataSource.getRepository(User).findOneBy({ id: request.userId }) : null;
    return request && user ? { ...request, user } : null;
  }

  /** Applies an unsubscribe link: that kind of message stops (queued emails of that kind too). */
  async unsubscribe(request: UnsubscribeRequest): Promise<void> {
    await this.writes.run((manager) => this.optOut(manager, request));
  }

  private async optOut(manager: EntityManager, request: UnsubscribeRequest): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationOptOut)
      .values({ userId: request.userId, kind: request.kind, createdAt: nowIso() })
      .orIgnore()
      .execute();
    await manager.update(
      OutboxMessage,
      { userId: request.userId, kind: request.kind, status: 'queued' },
      { status: 'failed', lastError: 'Not sent: the person unsubscribed from these emails' },
    );
  }

  /**
   * The secret that signs unsubscribe links, kept in the database so every instance signs alike: made once, by
   * whichever instance comes first (the others read the one it made).
   */
  private async unsubscribeSecret(manager: EntityManager = this.dataSource.manager): Promise<string> {
    if (this.secret === null) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationSetting)
        .values({ name: UNSUBSCRIBE_SECRET, value: randomBytes(32).toString('base64url') })
        .orIgnore()
        .execute();
      const row = await manager.findOneByOrFail(NotificationSetting, { name: UNSUBSCRIBE_SECRET });
      this.secret = row.value;
    }
    return this.secret;
  }
}
