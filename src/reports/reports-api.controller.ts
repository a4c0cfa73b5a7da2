import { Controller, Get, Param } from '@nestjs/common';
import { ReportKeyParams } from './dto/report-key.params';
import { ReportsService } from './reports.service';

/** The reports, read-only, as JSON. */
@Controller('api/reports')
export class ReportsApiController {
  constructor(private readonly reportsService: ReportsService) {}

  @Get()
  async index() {
    return { items: await this.reportsService.list() };
  }

  @Get(':key')
  show(@Param() params: ReportKeyParams) {
    return this.reportsService.getByKey(params.key);
  }
}
