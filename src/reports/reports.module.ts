import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingSource } from '../findings/finding-source.entity';
import { FindingsModule } from '../findings/findings.module';
import { Inspection } from './inspection.entity';
import { Judgment } from './judgment.entity';
import { Report } from './report.entity';
import { ReportsApiController } from './reports-api.controller';
import { ReportRecorder } from './report-recorder';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([Report, Inspection, Judgment, FindingSource]), FindingsModule],
  controllers: [ReportsController, ReportsApiController],
  providers: [ReportsService, ReportRecorder],
  exports: [ReportsService, ReportRecorder],
})
export class ReportsModule {}
