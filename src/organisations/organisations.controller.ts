import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashMessages } from '../auth/flash-messages';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { can } from '../access/roles';
import { FormPage } from '../common/form-page';
import { ORGANISATION_KINDS } from '../reports/force.entity';
import { ChangeStageDto, ListOrganisationsQuery, OrganisationCodeParams } from './dto/organisation.dto';
import { OrganisationFormPages, stageFormPage } from './organisation-form-pages';
import {
  kindFilter,
  MONITORING_STAGE_LABELS,
  openItemRow,
  organisationRow,
  stageChangeRow,
  stageView,
} from './organisation-page.view';
import { OrganisationsService } from './organisations.service';

@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly flash: FlashMessages,
  ) {}

  /** The organisations the user may see (a force user: their own), with kind and stage, filtered by kind. */
  @Get()
  @Allow('read')
  @Render('organisations/index')
  async index(@User() user: CurrentUser, @Query() query: ListOrganisationsQuery) {
    const [list, counts] = await Promise.all([
      this.organisations.list(user, query.kind),
      this.organisations.countsByKind(user),
    ]);
    return {
      pageTitle: 'Organisations',
      nav: 'organisations',
      heading: query.kind ? ORGANISATION_KINDS[query.kind].plural : 'Organisations',
      kinds: kindFilter(counts, query.kind),
      total: list.length,
      organisations: list.map(organisationRow),
    };
  }

  /** An organisation's monitoring stage, its history with reasons, and its open items beside it. */
  @Get(':code')
  @Allow('read')
  @Render('organisations/show')
  async show(@User() user: CurrentUser, @Param() params: OrganisationCodeParams) {
    const { organisation, history, openItems } = await this.organisations.page(user, params.code);
    return {
      pageTitle: organisation.name,
      nav: 'organisations',
      breadcrumbs: [{ text: 'Organisations', href: '/organisations' }],
      organisation: organisationRow(organisation),
      stage: stageView(organisation.monitoringStage, organisation.monitoringStageSince),
      stageHint: organisation.monitoringStage ? MONITORING_STAGE_LABELS[organisation.monitoringStage].hint : null,
      history: history.map(stageChangeRow),
      openItems: openItems.map(openItemRow),
      mayChangeStage: can(user.role, 'changeMonitoringStage'),
    };
  }

  @Get(':code/stage')
  @Allow('changeMonitoringStage')
  @Render('organisations/stage')
  async stageForm(@User() user: CurrentUser, @Param() params: OrganisationCodeParams) {
    const organisation = await this.organisations.visible(user, params.code);
    return stageFormPage(organisation, { stage: organisation.monitoringStage }, null);
  }

  @Post(':code/stage')
  @Allow('changeMonitoringStage')
  @FormPage(OrganisationFormPages, 'stage')
  async changeStage(
    @Param() params: OrganisationCodeParams,
    @Body() dto: ChangeStageDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const organisation = await this.organisations.changeStage(actor.user, params.code, dto, {
      username: actor.user.username,
      ip: actor.ip,
    });
    await this.flash.set(
      request,
      organisation.monitoringStage
        ? `Monitoring stage changed to ${MONITORING_STAGE_LABELS[organisation.monitoringStage].label}`
        : 'Monitoring stage removed',
    );
    response.redirect(303, `/organisations/${organisation.code}`);
  }
}
