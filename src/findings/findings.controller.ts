import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { FindingReferenceParams } from './dto/finding-reference.params';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingsService } from './findings.service';
import { findingsListPage } from './findings-list.view';
import { findingPage } from './finding-page.view';
import { findingsExport } from './findings-export';
import { sendExport, type ExportFormat } from '../exports/send-export';

@Controller('findings')
@Allow('read')
export class FindingsController {
  constructor(private readonly findingsService: FindingsService) {}

  @Get()
  @Render('findings/index')
  async index(@Query() query: ListFindingsQuery, @User() user: CurrentUser) {
    const scope = scopeOf(user);
    const [result, options] = await Promise.all([
      this.findingsService.list(query, scope),
      this.findingsService.filterOptions(scope),
    ]);
    return findingsListPage(query, result, options);
  }

  /** Every page of the list for these filters, in its order, as CSV (declared before :reference, which would match). */
  @Get('export.csv')
  async exportCsv(@Query() query: ListFindingsQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendList('csv', query, user, response);
  }

  @Get('export.xlsx')
  async exportXlsx(@Query() query: ListFindingsQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendList('xlsx', query, user, response);
  }

  @Get(':reference')
  @Render('findings/show')
  async show(@Param() params: FindingReferenceParams, @User() user: CurrentUser) {
    return findingPage(await this.findingsService.getByReference(params.reference, scopeOf(user)), user);
  }

  private async sendList(format: ExportFormat, query: ListFindingsQuery, user: CurrentUser, response: Response) {
    const scope = scopeOf(user);
    const options = await this.findingsService.filterOptions(scope);
    await sendExport(
      response,
      format,
      findingsExport(query, user, options, this.findingsService.exportChunks(query, scope)),
    );
  }
}
