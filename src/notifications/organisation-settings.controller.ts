import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FlashMessages } from '../auth/flash-messages';
import { FormPage } from '../common/form-page';
import {
  OrganisationCodeParams,
  OrganisationNotificationSettingsDto,
} from './dto/organisation-notification-settings.dto';
import { OrganisationNotificationPolicies } from './organisation-notification-policies';
import { OrganisationSettingsPages } from './organisation-settings-pages';

/**
 * `/notifications/organisations`: when an organisation's digests go and what its emails may say. A force lead sets
 * their own organisation's; an administrator any organisation's.
 */
@Controller('notifications/organisations')
export class OrganisationSettingsController {
  constructor(
    private readonly pages: OrganisationSettingsPages,
    private readonly policies: OrganisationNotificationPolicies,
    private readonly flash: FlashMessages,
  ) {}

  @Get()
  @Allow('organisationNotifications')
  @Render('notifications/organisations')
  list(@User() user: CurrentUser) {
    return this.pages.list(user);
  }

  @Get(':code')
  @Allow('organisationNotifications')
  @Render('notifications/organisation-settings')
  form(@User() user: CurrentUser, @Param() params: OrganisationCodeParams) {
    return this.pages.form(user, params.code, null, null);
  }

  @Post(':code')
  @Allow('organisationNotifications')
  @FormPage(OrganisationSettingsPages, 'settings')
  async save(
    @Param() params: OrganisationCodeParams,
    @Body() dto: OrganisationNotificationSettingsDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const saved = await this.policies.save(params.code, dto, actor);
    await this.flash.set(request, `Digests and emails of ${saved.force.name} saved`);
    response.redirect(303, `/notifications/organisations/${encodeURIComponent(saved.force.code)}`);
  }
}
