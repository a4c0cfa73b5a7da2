import { Controller, Get, Query, Render } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { auditLogPage } from './audit-page.view';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

/** The whole audit log with filters, for administrators, and whether its hash chain is intact. */
@Controller('admin/audit')
@Allow('administer')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Render('audit/index')
  async index(@Query() filters: ListAuditQuery) {
    const [result, verification, head, options] = await Promise.all([
      this.audit.list(filters),
      this.audit.verify(),
      this.audit.latestHead(),
      this.audit.filterOptions(),
    ]);
    return auditLogPage(filters, result, verification, head, options);
  }
}
