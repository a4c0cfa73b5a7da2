import { Controller, Get, Param, Render } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { ReportKeyParams } from './dto/report-key.params';
import { ReportsService } from './reports.service';

@Controller('reports')
@Allow('read')
export class ReportsController {
  constructor(private readonly reportsService: ReportsService) {}

  @Get()
  @Render('reports/index')
  async index(@User() user: CurrentUser) {
    return { pageTitle: 'Reports', nav: 'reports', reports: await this.reportsService.list(scopeOf(user)) };
  }

  @Get(':key')
  @Render('reports/show')
  async show(@Param() params: ReportKeyParams, @User() user: CurrentUser) {
    const report = await this.reportsService.getByKey(params.key, scopeOf(user));
    return { pageTitle: report.title, nav: 'reports', breadcrumbs: [{ text: 'Reports', href: '/reports' }], report };
  }
}
