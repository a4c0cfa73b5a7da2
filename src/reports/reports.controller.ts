import { Controller, Get, Param, Render } from '@nestjs/common';
import { ReportKeyParams } from './dto/report-key.params';
import { ReportsService } from './reports.service';

@Controller('reports')
export class ReportsController {
  constructor(private readonly reportsService: ReportsService) {}

  @Get()
  @Render('reports/index')
  async index() {
    return { pageTitle: 'Reports', nav: 'reports', reports: await this.reportsService.list() };
  }

  @Get(':key')
  @Render('reports/show')
  async show(@Param() params: ReportKeyParams) {
    const report = await this.reportsService.getByKey(params.key);
    return { pageTitle: report.title, nav: 'reports', breadcrumbs: [{ text: 'Reports', href: '/reports' }], report };
  }
}
