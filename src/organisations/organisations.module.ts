import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { Force } from '../reports/force.entity';
import { MonitoringStageChange } from './monitoring-stage-change.entity';
import { OrganisationFormPages } from './organisation-form-pages';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

/** Who is inspected: police forces, fire and rescue services and national bodies, and their monitoring stages. */
@Module({
  imports: [TypeOrmModule.forFeature([Force, MonitoringStageChange]), AuditModule, FindingsModule],
  controllers: [OrganisationsController],
  providers: [OrganisationsService, OrganisationFormPages],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
