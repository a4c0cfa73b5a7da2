import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { ReportsModule } from '../reports/reports.module';
import { TrackerImportFormPages } from './tracker-import-form-pages';
import { TrackerImportSettings } from './tracker-import-settings.entity';
import { TrackerImportsController } from './tracker-imports.controller';
import { TrackerImportsService } from './tracker-imports.service';
import { TrackerUpload } from './tracker-upload.entity';

/** A force's own tracker spreadsheet brought into the tracker: upload, columns, preview of every row, commit. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TrackerUpload, TrackerImportSettings]),
    AuditModule,
    FindingsModule,
    ReportsModule,
  ],
  controllers: [TrackerImportsController],
  providers: [TrackerImportsService, TrackerImportFormPages],
  exports: [TrackerImportsService],
})
export class TrackerImportsModule {}
