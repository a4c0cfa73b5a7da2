import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Action } from './action.entity';
import { Evidence } from '../evidence/evidence.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from './finding-update.entity';
import { Report } from '../reports/report.entity';
import { Assessment } from './assessment.entity';
import { FindingLink } from './finding-link.entity';
import { FindingSource } from './finding-source.entity';
import { Finding } from './finding.entity';
import { Verification } from './verification.entity';
import { FindingsApiController } from './findings-api.controller';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { FindingQueries } from './finding-queries';
import { AuditModule } from '../audit/audit.module';
import { TeamsModule } from '../teams/teams.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FindingChanges } from './finding-changes';
import { FindingFormsService } from './finding-forms.service';
import { FindingWorkController } from './finding-work.controller';
import { FindingWorkService } from './finding-work.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Finding,
      FindingSource,
      FindingLink,
      Assessment,
      Action,
      Evidence,
      FindingUpdate,
      Verification,
      Force,
      Report,
    ]),
    AuditModule,
    TeamsModule,
    NotificationsModule,
  ],
  controllers: [FindingsController, FindingsApiController, FindingWorkController],
  providers: [FindingQueries, FindingsService, FindingChanges, FindingFormsService, FindingWorkService],
  exports: [FindingQueries, FindingsService, FindingChanges, FindingFormsService, FindingWorkService],
})
export class FindingsModule {}
