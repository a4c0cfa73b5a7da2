import { Body, Controller, Get, Param, Post, Render, Req, Res, UploadedFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Allow } from '../access/allow.decorator';
import { FlashMessages } from '../auth/flash-messages';
import { UploadForm } from '../auth/upload-form';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FormPage } from '../common/form-page';
import { EvidenceDto, ReviewEvidenceDto, WithdrawEvidenceDto } from '../findings/dto/work.dto';
import { EvidenceParams, FindingParams } from '../findings/dto/work-params';
import { FindingFormsService } from '../findings/finding-forms.service';
import { EvidenceFileDamagedError, EvidenceService, type UploadedEvidenceFile } from './evidence.service';
import { attachmentDisposition } from './file-type';

const findingHref = (reference: string) => `/findings/${encodeURIComponent(reference)}`;

const DAMAGED_FILE_PAGE = {
  pageTitle: 'The file could not be downloaded',
  error: 'The file could not be downloaded',
  messages: [
    'The stored copy of this file does not match the one uploaded (its SHA-256 differs), so it was not sent. ' +
      'The problem has been logged: ask your administrator to restore the file from a backup',
  ],
};

@Controller('findings/:reference/evidence')
export class EvidenceController {
  constructor(
    private readonly forms: FindingFormsService,
    private readonly evidence: EvidenceService,
    private readonly flash: FlashMessages,
  ) {}

  @Get('new')
  @Allow('work')
  @Render('findings/forms/evidence')
  newEvidenceForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.forms.page('evidence', params.reference, user);
  }

  /** Multipart: the form's hidden _csrf field is checked once multer has read the form (UploadForm). */
  @Post()
  @Allow('work')
  @UploadForm('file')
  @FormPage(FindingFormsService, 'evidence')
  async add(
    @Param() params: FindingParams,
    @Body() dto: EvidenceDto,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.evidence.add(params.reference, dto, file, actor);
    await this.flash.set(request, 'Evidence added');
    response.redirect(303, `${findingHref(params.reference)}#evidence`);
  }

  @Get(':evidenceId/download')
  @Allow('read')
  async download(@Param() params: EvidenceParams, @User() user: CurrentUser, @Res() response: Response) {
    let file;
    try {
      file = await this.evidence.download(params.reference, params.evidenceId, user);
    } catch (error) {
      if (error instanceof EvidenceFileDamagedError) {
        response.status(500).render('errors/error', DAMAGED_FILE_PAGE);
        return;
      }
      throw error;
    }
    response.setHeader('Content-Type', file.mimeType);
    response.setHeader('Content-Length', String(file.sizeBytes));
    response.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    try {
      await pipeline(file.content, response);
    } catch {
      // Cut short: the reader cancelled, or the content stopped matching its SHA-256 (logged by the
      // service). The response is closed before its Content-Length, so the browser reports it failed.
    }
  }

  @Get(':evidenceId/review')
  @Allow('review')
  @Render('findings/forms/evidence-review')
  reviewForm(@Param() params: EvidenceParams, @User() user: CurrentUser) {
    return this.forms.page('evidence-review', params.reference, user, { evidenceId: params.evidenceId });
  }

  @Post(':evidenceId/review')
  @Allow('review')
  @FormPage(FindingFormsService, 'evidence-review')
  async review(
    @Param() params: EvidenceParams,
    @Body() dto: ReviewEvidenceDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.evidence.review(params.reference, params.evidenceId, dto, actor);
    await this.flash.set(request, dto.decision === 'accepted' ? 'Evidence accepted' : 'Evidence rejected');
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
  @FormPage(FindingFormsService, 'evidence-withdraw')
  async withdraw(
    @Param() params: EvidenceParams,
    @Body() dto: WithdrawEvidenceDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.evidence.withdraw(params.reference, params.evidenceId, dto, actor);
    await this.flash.set(request, 'Evidence withdrawn');
    response.redirect(303, `${findingHref(params.reference)}#evidence`);
  }
}
