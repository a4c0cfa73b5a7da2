import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Force } from '../reports/force.entity';
import { NotificationLease } from './notification-lease.entity';
import { NotificationOptOut } from './notification-opt-out.entity';
import { NotificationSender } from './notification-sender';
import { NotificationSetting } from './notification-setting.entity';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { Notifications } from './notifications.service';
import { NotificationLeases } from './notification-leases';
import { OrganisationNotificationSettings } from './organisation-notification-settings.entity';
import { OrganisationNotificationPolicies } from './organisation-notification-policies';
import { OrganisationSettingsController } from './organisation-settings.controller';
import { OrganisationSettingsPages } from './organisation-settings-pages';
import { OutboxMessage } from './outbox-message.entity';
import { UnreadNotificationsMiddleware } from './unread-notifications.middleware';

/**
 * Telling people what happened: in the app (`/notifications`, the header's count) and by email through the outbox
 * and its sender. Features that make changes call `Notifications.queue()` inside their transaction; this module
 * imports none of them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Notification,
      OutboxMessage,
      NotificationOptOut,
      NotificationLease,
      NotificationSetting,
      OrganisationNotificationSettings,
      Force,
    ]),
    AuditModule,
  ],
  // Before NotificationsController, whose /notifications/:id would otherwise take /notifications/organisations.
  controllers: [OrganisationSettingsController, NotificationsController],
  providers: [
    Notifications,
    NotificationSender,
    NotificationLeases,
    OrganisationNotificationPolicies,
    OrganisationSettingsPages,
    UnreadNotificationsMiddleware,
  ],
  exports: [
    Notifications,
    NotificationSender,
    NotificationLeases,
    OrganisationNotificationPolicies,
    UnreadNotificationsMiddleware,
  ],
})
export class NotificationsModule {}
