import { Body, Controller, Get, Param, Post, Render, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow } from '../auth/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../auth/current-user';
import { EvidenceDto, ReviewEvidenceDto, WithdrawEvidenceDto } from '../findings/dto/work.dto';
import { EvidenceParams, FindingParams } from '../findings/dto/work-params';
import { FindingFormsService } from '../findings/finding-forms.service';
import { FormPage } from '../findings/form-page.interceptor';
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service';
import { attachmentDisposition } from './file-type';

const findingHref = (reference: string) => `/findings/${encodeURIComponent(reference)}`;

@Controller('findings/:reference/evidence')
export class EvidenceController {
  constructor(
    private readonly forms: FindingFormsService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get('new')
  @Allow('work')
  @Render('findings/forms/evidence')
  newEvidenceForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('evidence', params.reference, user);
  }

  /** Multipart: the CSRF token comes in the query string (the guard runs before the body is read). */
  @Post()
  @Allow('work')
  @UseInterceptors(FileInterceptor('file'))
  @FormPage('evidence')
  async add(
    @Param() params: FindingParams,
    @Body() dto: EvidenceDto,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    await this.evidence.add(params.reference, dto, file, actor);
    response.redirect(303, `${findingHref(params.reference)}#evidence`);
  }

  @Get(':evidenceId/download')
  @Allow('read')
  async download(@Param() params: EvidenceParams, @User() user: CurrentUser, @Res() response: Response) {
    const file = await this.evidence.download(params.reference, params.evidenceId, user);
    response.setHeader('Content-Type', file.mimeType);
    response.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    response.sendFile(file.path);
  }

  @Get(':evidenceId/review')
  @Allow('review')
  @Render('findings/forms/evidence-review')
  reviewForm(@Param() params: EvidenceParams, @User() user: CurrentUser) {
    return this.forms.page('evidence-review', params.reference, user, { evidenceId: params.evidenceId });
  }

  @Post(':evidenceId/review')
  @Allow('review')
  @FormPage('evidence-review')
  async review(
    @Param() params: EvidenceParams,
    @Body() dto: ReviewEvidenceDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    await this.evidence.review(params.reference, params.evidenceId, dto, actor);
    response.redirect(303, `${findingHref(params.reference)}#evidence`);
  }

  @Get(':evidenceId/withdraw')
  @Allow('work')
  @Render('findings/forms/evidence-withdraw')
  withdrawForm(@Param() params: EvidenceParams, @User() user: CurrentUser) {
    return this.forms.page('evidence-withdraw', params.reference, user, { evidenceId: params.evidenceId });
  }

  @Post(':evidenceId/withdraw')
  @Allow('work')
  @FormPage('evidence-withdraw')
  async withdraw(
    @Param() params: EvidenceParams,
    @Body() dto: WithdrawEvidenceDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    await this.evidence.withdraw(params.reference, params.evidenceId, dto, actor);
    response.redirect(303, `${findingHref(params.reference)}#evidence`);
  }
}
