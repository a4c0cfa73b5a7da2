import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DefaultDataService } from './default-data.service';

@Module({
  imports: [AuditModule],
  providers: [DefaultDataService],
  exports: [DefaultDataService],
})
export class DefaultDataModule {}
