import { Controller, Get } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { DashboardService } from './dashboard.service';

@Controller('api')
@Allow('read')
export class DashboardApiController {
  constructor(private readonly dashboardService: DashboardService) {}

  /** The dashboard's figures as JSON. */
  @Get()
  index(@User() user: CurrentUser) {
    return this.dashboardService.overview(scopeOf(user));
  }
}
