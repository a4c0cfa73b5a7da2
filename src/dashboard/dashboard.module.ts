import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingsModule } from '../findings/findings.module';
import { Force } from '../reports/force.entity';
import { ReportsModule } from '../reports/reports.module';
import { DashboardApiController } from './dashboard-api.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [FindingsModule, ReportsModule, TypeOrmModule.forFeature([Force])],
  controllers: [DashboardController, DashboardApiController],
  providers: [DashboardService],
})
export class DashboardModule {}
