import { Controller, Get, Query, Render } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { DashboardQuery } from './dashboard.query';
import { DashboardService } from './dashboard.service';

@Controller()
@Allow('read')
export class DashboardController {
  constructor(private readonly dashboardService: DashboardService) {}

  @Get()
  @Render('dashboard/index')
  async index(@User() user: CurrentUser, @Query() query: DashboardQuery) {
    return { pageTitle: 'Dashboard', nav: 'dashboard', dashboard: await this.dashboardService.overview(user, query) };
  }
}
