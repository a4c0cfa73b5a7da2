import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { FindingReferenceParams } from './dto/finding-reference.params';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingsService } from './findings.service';
import { findingsListPage } from './findings-list.view';

@Controller('findings')
export class FindingsController {
  constructor(private readonly findingsService: FindingsService) {}

  @Get()
  @Render('findings/index')
  async index(@Query() query: ListFindingsQuery) {
    const [result, options] = await Promise.all([this.findingsService.list(query), this.findingsService.filterOptions()]);
    return findingsListPage(query, result, options);
  }

  @Get(':reference')
  @Render('findings/show')
  async show(@Param() params: FindingReferenceParams) {
    const finding = await this.findingsService.getByReference(params.reference);
    return {
      pageTitle: `${finding.reference}: ${finding.title}`,
      nav: 'findings',
      breadcrumbs: [{ text: 'Findings', href: '/findings' }],
      finding,
    };
  }
}
