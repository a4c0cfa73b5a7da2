import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ImportFormInterceptor, ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { ReportImport } from './report-import.entity';
import { ReportReader } from './report-reader';

/** Importing inspection reports: upload, review of the extractor's proposal, commit. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportImport]), AuditModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportFormInterceptor, ReportReader],
  exports: [ImportsService],
})
export class ImportsModule {}
