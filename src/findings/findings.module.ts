import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Action } from '../actions/action.entity';
import { Evidence } from '../evidence/evidence.entity';
import { Force } from '../forces/force.entity';
import { FindingUpdate } from '../history/finding-update.entity';
import { Report } from '../reports/report.entity';
import { Assessment } from './assessment.entity';
import { FindingLink } from './finding-link.entity';
import { FindingSource } from './finding-source.entity';
import { Finding } from './finding.entity';
import { FindingsApiController } from './findings-api.controller';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, FindingSource, FindingLink, Assessment, Action, Evidence, FindingUpdate, Force, Report])],
  controllers: [FindingsController, FindingsApiController],
  providers: [FindingsService],
  exports: [FindingsService],
})
export class FindingsModule {}
