import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingsModule } from '../findings/findings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { User } from '../users/user.entity';
import { NotificationDigests } from './notification-digests.service';

/**
 * The daily digests. A feature of its own, beside `notifications/`: it reads findings (through `FindingQueries`),
 * and the findings feature writes notifications, so notifications itself may not import findings.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User]), FindingsModule, NotificationsModule],
  providers: [NotificationDigests],
  exports: [NotificationDigests],
})
export class NotificationDigestsModule {}
