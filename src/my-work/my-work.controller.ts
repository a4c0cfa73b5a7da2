import { Controller, Get, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { sendExport, type ExportFormat } from '../exports/send-export';
import { myWorkExport } from './my-work-export';
import { MyWorkService } from './my-work.service';

@Controller('my-work')
@Allow('read')
export class MyWorkController {
  constructor(private readonly myWork: MyWorkService) {}

  @Get()
  @Render('my-work/index')
  async index(@User() user: CurrentUser) {
    return {
      pageTitle: 'My work',
      nav: 'my-work',
      work: await this.myWork.overview(user),
      downloads: { csvHref: '/my-work/export.csv', xlsxHref: '/my-work/export.xlsx', what: 'every list on this page' },
    };
  }

  /** Every list of the page, with the same rows, as CSV or Excel. */
  @Get('export.csv')
  async exportCsv(@User() user: CurrentUser, @Res() response: Response) {
    await this.send('csv', user, response);
  }

  @Get('export.xlsx')
  async exportXlsx(@User() user: CurrentUser, @Res() response: Response) {
    await this.send('xlsx', user, response);
  }

  private async send(format: ExportFormat, user: CurrentUser, response: Response) {
    await sendExport(response, format, myWorkExport(await this.myWork.overview(user), user));
  }
}
