import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { FindingReferenceParams } from './dto/finding-reference.params';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingsService } from './findings.service';
import { findingsListPage } from './findings-list.view';
import { findingPage } from './finding-page.view';

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

  @Get(':reference')
  @Render('findings/show')
  async show(@Param() params: FindingReferenceParams, @User() user: CurrentUser) {
    return findingPage(await this.findingsService.getByReference(params.reference, scopeOf(user)), user);
  }
}
