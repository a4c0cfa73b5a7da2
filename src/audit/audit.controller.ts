import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { sendExport, type ExportFormat } from '../exports/send-export';
import { auditExport } from './audit-export';
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

  /** Every entry matching the filters (all the pages), newest first, as CSV or Excel. */
  @Get('export.csv')
  async exportCsv(@Query() filters: ListAuditQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendLog('csv', filters, user, response);
  }

  @Get('export.xlsx')
  async exportXlsx(@Query() filters: ListAuditQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendLog('xlsx', filters, user, response);
  }

  private async sendLog(format: ExportFormat, filters: ListAuditQuery, user: CurrentUser, response: Response) {
    await sendExport(response, format, auditExport(filters, user, this.audit.matchingChunks(filters)));
  }
}
