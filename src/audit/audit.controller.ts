import { Controller, Get, Query, Render } from '@nestjs/common';
import { Allow } from '../auth/allow.decorator';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

@Controller('admin/audit')
@Allow('administer')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Render('audit/index')
  async index(@Query() filters: ListAuditQuery) {
    const [result, verification, actions] = await Promise.all([this.audit.list(filters), this.audit.verify(), this.audit.actions()]);
    const params = new URLSearchParams(Object.entries(filters).filter(([key, value]) => key !== 'page' && value !== undefined) as Array<[string, string]>);
    const pageHref = (page: number) => `/admin/audit?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
    return {
      pageTitle: 'Audit log',
      nav: 'audit',
      filters,
      actions: actions.map((action) => ({ value: action, selected: action === filters.action })),
      result,
      verification,
      previous: result.page > 1 ? pageHref(result.page - 1) : null,
      next: result.page < result.pageCount ? pageHref(result.page + 1) : null,
    };
  }
}
