import { Controller, Get, Render } from '@nestjs/common';
import { Allow } from '../access/allow.decorator';
import { type CurrentUser, User } from '../access/current-user';
import { MyWorkService } from './my-work.service';

@Controller('my-work')
@Allow('read')
export class MyWorkController {
  constructor(private readonly myWork: MyWorkService) {}

  @Get()
  @Render('my-work/index')
  async index(@User() user: CurrentUser) {
    return { pageTitle: 'My work', nav: 'my-work', work: await this.myWork.overview(user) };
  }
}
