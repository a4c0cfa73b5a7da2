import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FormPage } from '../common/form-page';
import { ApiTokenPages } from './api-token-pages';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenParams, CreateApiTokenDto } from './dto/api-token.dto';

/**
 * `/account/api-tokens`: every signed-in user makes and revokes their own personal API tokens, for scripts calling
 * /api/v1. A new token is shown once, on the answer to the form (it is not kept, so it cannot be shown after a
 * redirect).
 */
@Controller('account/api-tokens')
@Allow('read')
export class ApiTokensController {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly pages: ApiTokenPages,
  ) {}

  @Get()
  @Render('api-tokens/index')
  index(@User() user: CurrentUser) {
    return this.pages.page(user, {}, null);
  }

  @Post()
  @FormPage(ApiTokenPages, 'new')
  async create(@Body() dto: CreateApiTokenDto, @RequestActor() actor: Actor, @Res() response: Response) {
    const { secret, token } = await this.tokens.create(dto, actor);
    response.status(201).render('api-tokens/created', { pageTitle: 'Your new API token', secret, token });
  }

  @Post(':id/revoke')
  async revoke(@Param() params: ApiTokenParams, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.tokens.revoke(params.id, actor);
    response.redirect(303, '/account/api-tokens');
  }
}
