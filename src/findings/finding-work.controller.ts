import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FlashMessages } from '../auth/flash-messages';
import { formatUkDate } from '../common/dates';
import { FormPage } from '../common/form-page';
import { FINDING_STATUSES, LINK_TYPES } from './finding-status';
import { TRANSITIONS } from './status-workflow';
import {
  ActionDto,
  AssessmentDto,
  AssignDto,
  ChangeStatusDto,
  EditActionDto,
  AddRecipientDto,
  LinkDto,
  ProgressNoteDto,
} from './dto/work.dto';
import { ActionParams, FindingParams } from './dto/work-params';
import { FindingFormsService } from './finding-forms.service';
import { FindingWorkService } from './finding-work.service';

const findingHref = (reference: string) => `/findings/${encodeURIComponent(reference)}`;

/** The confirmation of an assignment: the owner and target date now held. */
function assignedMessage(owner: string, targetDate: string | null): string {
  return `Owner set to ${owner}${targetDate ? `, target date ${formatUkDate(targetDate)}` : ', no target date'}`;
}

/** The forms that change a finding: each a GET page and a POST that redirects back to the finding. */
@Controller('findings/:reference')
export class FindingWorkController {
  constructor(
    private readonly forms: FindingFormsService,
    private readonly work: FindingWorkService,
    private readonly flash: FlashMessages,
  ) {}

  @Get('status')
  @Allow('read')
  @Render('findings/forms/status')
  statusForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('status', params.reference, user);
  }

  @Post('status')
  @Allow('read')
  @FormPage(FindingFormsService, 'status')
  async changeStatus(
    @Param() params: FindingParams,
    @Body() dto: ChangeStatusDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.changeStatus(params.reference, dto, actor);
    const to = TRANSITIONS.find((transition) => transition.name === dto.transition)!.to;
    await this.flash.set(request, `Status changed to ${FINDING_STATUSES[to].label}`);
    response.redirect(303, `${findingHref(params.reference)}#history`);
  }

  @Get('notes/new')
  @Allow('work')
  @Render('findings/forms/note')
  noteForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('note', params.reference, user);
  }

  @Post('notes')
  @Allow('work')
  @FormPage(FindingFormsService, 'note')
  async addNote(
    @Param() params: FindingParams,
    @Body() dto: ProgressNoteDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.addNote(params.reference, dto, actor);
    await this.flash.set(request, 'Progress note posted');
    response.redirect(303, `${findingHref(params.reference)}#history`);
  }

  @Get('actions/new')
  @Allow('work')
  @Render('findings/forms/action')
  newActionForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('action-new', params.reference, user);
  }

  @Post('actions')
  @Allow('work')
  @FormPage(FindingFormsService, 'action-new')
  async addAction(
    @Param() params: FindingParams,
    @Body() dto: ActionDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.addAction(params.reference, dto, actor);
    await this.flash.set(request, 'Action added');
    response.redirect(303, `${findingHref(params.reference)}#actions`);
  }

  @Get('actions/:actionId/edit')
  @Allow('work')
  @Render('findings/forms/action')
  editActionForm(@Param() params: ActionParams, @User() user: CurrentUser) {
    return this.forms.page('action-edit', params.reference, user, { actionId: params.actionId });
  }

  @Post('actions/:actionId')
  @Allow('work')
  @FormPage(FindingFormsService, 'action-edit')
  async editAction(
    @Param() params: ActionParams,
    @Body() dto: EditActionDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.editAction(params.reference, params.actionId, dto, actor);
    await this.flash.set(request, 'Action updated');
    response.redirect(303, `${findingHref(params.reference)}#actions`);
  }

  @Get('assign')
  @Allow('lead')
  @Render('findings/forms/assign')
  assignForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('assign', params.reference, user);
  }

  @Post('assign')
  @Allow('lead')
  @FormPage(FindingFormsService, 'assign')
  async assign(
    @Param() params: FindingParams,
    @Body() dto: AssignDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.assign(params.reference, dto, actor);
    await this.flash.set(request, assignedMessage(dto.owner, dto.targetDate ?? null));
    response.redirect(303, findingHref(params.reference));
  }

  @Get('assessments/new')
  @Allow('inspect')
  @Render('findings/forms/assessment')
  assessmentForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('assessment', params.reference, user);
  }

  @Post('assessments')
  @Allow('inspect')
  @FormPage(FindingFormsService, 'assessment')
  async recordAssessment(
    @Param() params: FindingParams,
    @Body() dto: AssessmentDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.recordAssessment(params.reference, dto, actor);
    await this.flash.set(request, 'Assessment recorded');
    response.redirect(303, `${findingHref(params.reference)}#lineage`);
  }

  @Get('recipients/new')
  @Allow('inspect')
  @Render('findings/forms/recipient')
  recipientForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('recipient', params.reference, user);
  }

  @Post('recipients')
  @Allow('inspect')
  @FormPage(FindingFormsService, 'recipient')
  async addRecipient(
    @Param() params: FindingParams,
    @Body() dto: AddRecipientDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.addRecipient(params.reference, dto, actor);
    await this.flash.set(request, 'Recipient added');
    response.redirect(303, `${findingHref(params.reference)}#recipients`);
  }

  @Get('links/new')
  @Allow('curate')
  @Render('findings/forms/link')
  linkForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('link', params.reference, user);
  }

  @Post('links')
  @Allow('curate')
  @FormPage(FindingFormsService, 'link')
  async link(
    @Param() params: FindingParams,
    @Body() dto: LinkDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.work.link(params.reference, dto, actor);
    await this.flash.set(request, `Link added: ${LINK_TYPES[dto.type].label} ${dto.otherReference.toUpperCase()}`);
    response.redirect(303, `${findingHref(params.reference)}#lineage`);
  }
}
