import { Controller, Get, Param, Query } from '@nestjs/common';
import { FindingReferenceParams } from './dto/finding-reference.params';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingsService } from './findings.service';

/** The findings, read-only, as JSON. */
@Controller('api/findings')
export class FindingsApiController {
  constructor(private readonly findingsService: FindingsService) {}

  @Get()
  async index(@Query() query: ListFindingsQuery) {
    const { items, total, page, pageSize, pageCount, countsByStatus, countsByKind } = await this.findingsService.list(query);
    return {
      total,
      page,
      pageSize,
      pageCount,
      countsByStatus: Object.fromEntries(countsByStatus.map((row) => [row.status, row.count])),
      countsByKind: Object.fromEntries(countsByKind.map((row) => [row.kind, row.count])),
      items,
    };
  }

  @Get(':reference')
  show(@Param() params: FindingReferenceParams) {
    return this.findingsService.getByReference(params.reference);
  }
}
