import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { ReportKeyParams } from '../reports/dto/report-key.params';
import { ReportsService } from '../reports/reports.service';
import { ApiProblems } from './api-problems.decorator';
import { reportDetail, reportList } from './api-v1.mapper';
import { ReportDetail, ReportList } from './dto/api-responses.dto';

/** The inspection reports the user may see (their force's and the national ones; inspectors every force's). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
@Allow('read')
export class ReportsV1Controller {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ operationId: 'listReports', summary: 'The reports, in publication order, with their judgments' })
  @ApiOkResponse({ type: ReportList })
  @ApiProblems(401, 403)
  async list(@User() user: CurrentUser): Promise<ReportList> {
    return reportList(await this.reports.list(scopeOf(user)));
  }

  @Get(':key')
  @ApiParam({ name: 'key', example: 'che-2025-peel' })
  @ApiOperation({ operationId: 'getReport', summary: 'A report with its judgments and its findings' })
  @ApiOkResponse({ type: ReportDetail })
  @ApiProblems(401, 403, 404)
  async show(@Param() params: ReportKeyParams, @User() user: CurrentUser): Promise<ReportDetail> {
    return reportDetail(await this.reports.getByKey(params.key, scopeOf(user)));
  }
}
