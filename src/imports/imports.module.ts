import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportFormPages } from './import-form-pages';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { ReportImport } from './report-import.entity';
import { ReportReader } from './report-reader';

/** Importing inspection reports: upload, review of the extractor's proposal, commit. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportImport]), AuditModule, ReportsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportFormPages, ReportReader],
  exports: [ImportsService],
})
export class ImportsModule {}
