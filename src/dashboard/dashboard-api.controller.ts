import { Controller, Get } from '@nestjs/common';
import { DashboardService } from './dashboard.service';

@Controller('api')
export class DashboardApiController {
  constructor(private readonly dashboardService: DashboardService) {}

  /** The dashboard's figures as JSON. */
  @Get()
  index() {
    return this.dashboardService.overview();
  }
}
