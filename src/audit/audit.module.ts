import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller';
import { AuditEntry } from './audit-entry.entity';
import { AuditRowDigest } from './audit-row-digest.entity';
import { AuditService } from './audit.service';
import { AuditedWrites } from './audited-writes';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, AuditRowDigest])],
  controllers: [AuditController],
  providers: [AuditService, AuditedWrites],
  exports: [AuditService],
})
export class AuditModule {}
