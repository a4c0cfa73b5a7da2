import { Controller, Get, Render } from '@nestjs/common';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardController {
  constructor(private readonly dashboardService: DashboardService) {}

  @Get()
  @Render('dashboard/index')
  async index() {
    return { pageTitle: 'Dashboard', nav: 'dashboard', dashboard: await this.dashboardService.overview() };
  }
}
