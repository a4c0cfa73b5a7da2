import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReportsModule } from '../reports/reports.module';
import { DefaultDataService } from './default-data.service';

@Module({
  imports: [AuditModule, ReportsModule],
  providers: [DefaultDataService],
  exports: [DefaultDataService],
})
export class DefaultDataModule {}
