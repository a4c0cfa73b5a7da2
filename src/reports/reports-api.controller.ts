import { Controller, Get, Param } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { ReportKeyParams } from './dto/report-key.params';
import { ReportsService } from './reports.service';

/** The reports, read-only, as JSON (within the reader's scope). */
@Controller('api/reports')
@Allow('read')
export class ReportsApiController {
  constructor(private readonly reportsService: ReportsService) {}

  @Get()
  async index(@User() user: CurrentUser) {
    return { items: await this.reportsService.list(scopeOf(user)) };
  }

  @Get(':key')
  show(@Param() params: ReportKeyParams, @User() user: CurrentUser) {
    return this.reportsService.getByKey(params.key, scopeOf(user));
  }
}
