import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { FindingReferenceParams } from './dto/finding-reference.params';
import { ListFindingsQuery } from './dto/list-findings.query';
import { FindingsService } from './findings.service';

/** The findings, read-only, as JSON (within the reader's scope). */
@Controller('api/findings')
@Allow('read')
export class FindingsApiController {
  constructor(private readonly findingsService: FindingsService) {}

  @Get()
  async index(@Query() query: ListFindingsQuery, @User() user: CurrentUser) {
    const { items, total, page, pageSize, pageCount, countsByStatus, countsByKind } = await this.findingsService.list(
      query,
      scopeOf(user),
    );
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
  show(@Param() params: FindingReferenceParams, @User() user: CurrentUser) {
    return this.findingsService.getByReference(params.reference, scopeOf(user));
  }
}
