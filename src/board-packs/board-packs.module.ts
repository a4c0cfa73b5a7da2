import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Action } from '../findings/action.entity';
import { AuditModule } from '../audit/audit.module';
import { Evidence } from '../evidence/evidence.entity';
import { Assessment } from '../findings/assessment.entity';
import { Finding } from '../findings/finding.entity';
import { FindingsModule } from '../findings/findings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { Verification } from '../findings/verification.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { Report } from '../reports/report.entity';
import { BoardDecisionPages } from './board-decision-pages';
import { BoardDecisionsService } from './board-decisions.service';
import { BoardPackService } from './board-pack.service';
import { BoardPackPages } from './board-pack-pages';
import { BoardPackSnapshot } from './board-pack-snapshot.entity';
import { BoardPackSnapshotsService } from './board-pack-snapshots.service';
import { BoardPacksController } from './board-packs.controller';
import { CrossForceProgressService } from './cross-force-progress.service';
import { FindingLink } from '../findings/finding-link.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Force,
      Finding,
      FindingUpdate,
      Action,
      Evidence,
      Verification,
      Assessment,
      Report,
      BoardPackSnapshot,
      FindingLink,
    ]),
    AuditModule,
    FindingsModule,
    NotificationsModule,
  ],
  controllers: [BoardPacksController],
  providers: [
    BoardPackService,
    BoardPackSnapshotsService,
    BoardDecisionsService,
    BoardDecisionPages,
    BoardPackPages,
    CrossForceProgressService,
  ],
})
export class BoardPacksModule {}
