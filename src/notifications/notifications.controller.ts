import { Body, Controller, Get, HttpCode, Param, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { can } from '../access/roles';
import { EmailPreferencesDto, NotificationParams, UnsubscribeDto } from './dto/notifications.dto';
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_VALUES } from './notification-kinds';
import { bodyBlocks } from './notification-message';
import { Notifications } from './notifications.service';
import { NotificationSender } from './notification-sender';

/** What an unsubscribe address that the app did not sign (or a part of one) shows. */
const INVALID_LINK = { pageTitle: 'This link is not valid', invalid: true };

/**
 * `/notifications`: what the signed-in person has been told (newest first, unread marked, read once opened), their
 * email settings, the unsubscribe link of each email (no sign-in: the link's signed token says who and what), and
 * for administrators the outbox.
 */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: Notifications,
    private readonly sender: NotificationSender,
  ) {}

  @Get()
  @Allow('read')
  @Render('notifications/index')
  async index(@User() user: CurrentUser) {
    const { items, unread } = await this.notifications.listFor(user.id);
    return {
      pageTitle: 'Notifications',
      unread,
      emailEnabled: this.notifications.emailEnabled,
      items: items.map((item) => ({
        href: `/notifications/${item.id}`,
        title: item.title,
        kindLabel: NOTIFICATION_KINDS[item.kind].label,
        id: item.id,
        createdAt: item.createdAt,
        unread: item.readAt === null,
        paragraphs: bodyBlocks(item.body),
      })),
    };
  }

  @Post('read-all')
  @Allow('read')
  async readAll(@User() user: CurrentUser, @Res() response: Response) {
    await this.notifications.markAllRead(user.id);
    response.redirect(303, '/notifications');
  }

  @Get('preferences')
  @Allow('read')
  @Render('notifications/preferences')
  async preferences(@User() user: CurrentUser) {
    const optedOut = await this.notifications.optedOut(user.id);
    const email = await this.notifications.emailOf(user.id);
    return {
      pageTitle: 'Email settings',
      breadcrumbs: [{ text: 'Notifications', href: '/notifications' }],
      emailEnabled: this.notifications.emailEnabled,
      email,
      /** A lead (their organisation's) and an administrator (any) set when digests go and what emails say. */
      maySetOrganisations: can(user.role, 'organisationNotifications'),
      kinds: NOTIFICATION_KIND_VALUES.map((kind) => ({
        value: kind,
        label: NOTIFICATION_KINDS[kind].label,
        description: NOTIFICATION_KINDS[kind].description,
        checked: !optedOut.has(kind),
      })),
    };
  }

  @Post('preferences')
  @Allow('read')
  async savePreferences(@User() user: CurrentUser, @Body() dto: EmailPreferencesDto, @Res() response: Response) {
    await this.notifications.setEmailKinds(user.id, new Set(dto.kinds));
    response.redirect(303, '/notifications/preferences?saved=1');
  }

  /** The page an email's unsubscribe link opens: it asks to confirm (a link checker's visit changes nothing). */
  @Get('unsubscribe')
  @Allow('anonymous')
  @Render('notifications/unsubscribe')
  async unsubscribePage(@Query() query: UnsubscribeDto) {
    const request = await this.notifications.readUnsubscribe(query.token ?? '');
    if (!request) {
      return INVALID_LINK;
    }
    return {
      pageTitle: 'Stop these emails',
      token: query.token,
      kindLabel: NOTIFICATION_KINDS[request.kind].label,
      email: request.user.email,
      done: false,
    };
  }

  /** Applies an unsubscribe link; the signed token is what allows it, so no session is needed. */
  @Post('unsubscribe')
  @Allow('anonymous')
  @HttpCode(200)
  @Render('notifications/unsubscribe')
  async unsubscribe(@Body() dto: UnsubscribeDto) {
    const request = await this.notifications.readUnsubscribe(dto.token ?? '');
    if (!request) {
      return INVALID_LINK;
    }
    await this.notifications.unsubscribe(request);
    return {
      pageTitle: 'You will not receive these emails',
      kindLabel: NOTIFICATION_KINDS[request.kind].label,
      email: request.user.email,
      done: true,
    };
  }

  @Get('outbox')
  @Allow('administer')
  @Render('notifications/outbox')
  async outbox() {
    const { counts, messages } = await this.notifications.outbox();
    return {
      pageTitle: 'Email outbox',
      nav: 'users',
      emailEnabled: this.notifications.emailEnabled,
      counts: { queued: counts.queued ?? 0, sent: counts.sent ?? 0, failed: counts.failed ?? 0 },
      messages: messages.map((message) => ({
        id: message.id,
        recipient: message.recipient,
        subject: message.subject,
        kindLabel: NOTIFICATION_KINDS[message.kind].label,
        status: message.status,
        attempts: message.attempts,
        createdAt: message.createdAt,
        nextAttemptAt: message.status === 'queued' ? message.nextAttemptAt : null,
        sentAt: message.sentAt,
        lastError: message.lastError,
        mayRetry: message.status === 'failed',
      })),
    };
  }

  @Post('outbox/:id/retry')
  @Allow('administer')
  async retry(@Param() params: NotificationParams, @Res() response: Response) {
    await this.notifications.retry(params.id);
    // Sent now rather than at the next run; the result is on the page.
    await this.sender.sendDue();
    response.redirect(303, '/notifications/outbox');
  }

  /**
   * Opens one of the person's notifications: marks it read and goes to the page it is about (or to it in the list).
   * Another person's notification, or none, leads back to the list and changes nothing.
   */
  @Get(':id')
  @Allow('read')
  async open(@User() user: CurrentUser, @Param() params: NotificationParams, @Res() response: Response) {
    const item = await this.notifications.open(user.id, params.id);
    response.redirect(303, item ? (item.link ?? `/notifications#notification-${item.id}`) : '/notifications');
  }
}
