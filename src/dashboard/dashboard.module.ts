import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { ReportsModule } from '../reports/reports.module';
import { DashboardApiController } from './dashboard-api.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [FindingsModule, ReportsModule],
  controllers: [DashboardController, DashboardApiController],
  providers: [DashboardService],
})
export class DashboardModule {}
