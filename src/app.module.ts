import { MiddlewareConsumer, Module, NestModule, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { FlashModule } from './auth/flash-messages';
import { SessionMiddleware } from './auth/session.middleware';
import { FormError, fieldErrorsFrom } from './common/form-error';
import { HttpErrorFilter } from './common/http-error.filter';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseConnectionModule } from './database/database-connection';
import { DatabaseModule } from './database/database.module';
import { BoardPacksModule } from './board-packs/board-packs.module';
import { MyWorkModule } from './my-work/my-work.module';
import { ImportsModule } from './imports/imports.module';
import { EvidenceModule } from './evidence/evidence.module';
import { DefaultDataModule } from './default-data/default-data.module';
import { FindingsModule } from './findings/findings.module';
import { ReportsModule } from './reports/reports.module';
import { StartUpModule } from './start-up/start-up.module';
import { UsersModule } from './users/users.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { TeamsModule } from './teams/teams.module';
import { TrackerImportsModule } from './tracker-imports/tracker-imports.module';
import { ApiModule } from './api/api.module';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationDigestsModule } from './notification-digests/notification-digests.module';
import { UnreadNotificationsMiddleware } from './notifications/unread-notifications.middleware';

@Module({
  imports: [
    ConfigModule,
    DatabaseConnectionModule,
    DatabaseModule,
    StartUpModule,
    AuditModule,
    AuthModule,
    FlashModule,
    UsersModule,
    DefaultDataModule,
    FindingsModule,
    ReportsModule,
    DashboardModule,
    EvidenceModule,
    MyWorkModule,
    BoardPacksModule,
    ImportsModule,
    OrganisationsModule,
    TeamsModule,
    TrackerImportsModule,
    ApiModule,
    NotificationsModule,
    NotificationDigestsModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        exceptionFactory: (errors) => new FormError(fieldErrorsFrom(errors)),
      }),
    },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware, UnreadNotificationsMiddleware).forRoutes('{*path}');
  }
}
