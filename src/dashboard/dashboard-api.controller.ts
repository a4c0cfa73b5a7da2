import { Controller, Get, Query } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { DashboardQuery } from './dashboard.query';
import { DashboardService } from './dashboard.service';

@Controller('api')
@Allow('read')
export class DashboardApiController {
  constructor(private readonly dashboardService: DashboardService) {}

  /** The dashboard's figures as JSON. */
  @Get()
  index(@User() user: CurrentUser, @Query() query: DashboardQuery) {
    return this.dashboardService.overview(user, query);
  }
}
