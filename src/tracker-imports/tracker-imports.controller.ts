import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FORCE_ROLES } from '../access/roles';
import { UploadForm } from '../auth/upload-form';
import { FormPage } from '../common/form-page';
import { TrackerChoicesDto, TrackerUploadDto } from './dto/tracker-choices.dto';
import { TrackerImportFormPages } from './tracker-import-form-pages';
import { trackerListPage, trackerPreviewPage } from './tracker-import-page.view';
import { TrackerImportsService, type UploadedTrackerFile } from './tracker-imports.service';
import { MAX_TRACKER_BYTES } from './tracker-workbook';

const idPipe = new ParseIntPipe({ errorHttpStatusCode: 404 });

@Controller('tracker-imports')
export class TrackerImportsController {
  constructor(private readonly imports: TrackerImportsService) {}

  @Get()
  @Allow('importTracker')
  @Render('tracker-imports/index')
  async list(@User() user: CurrentUser) {
    return trackerListPage(
      await this.imports.list(user),
      await this.imports.organisationsFor(user),
      !FORCE_ROLES.includes(user.role),
    );
  }

  /** Multipart: the CSRF token in the form's hidden _csrf field, checked once multer has read the form. */
  @Post()
  @Allow('importTracker')
  @UploadForm('file', { limits: { fileSize: MAX_TRACKER_BYTES + 1, files: 1, fields: 5 } })
  @FormPage(TrackerImportFormPages, 'upload')
  async upload(
    @UploadedFile() file: UploadedTrackerFile | undefined,
    @Body() dto: TrackerUploadDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    const upload = await this.imports.upload(file, dto.organisation, actor);
    response.redirect(303, `/tracker-imports/${upload.id}`);
  }

  @Get(':trackerImportId')
  @Allow('importTracker')
  @Render('tracker-imports/preview')
  async preview(
    @Param('trackerImportId', idPipe) id: number,
    @User() user: CurrentUser,
    @Query('committed') committed?: string,
  ) {
    const preview = await this.imports.preview(id, user);
    const notice =
      committed === '1' && preview.upload.status === 'committed'
        ? `The spreadsheet is committed: ${preview.upload.outcome ?? ''}.`
        : null;
    return trackerPreviewPage(preview, [], notice);
  }

  /** The preview's form: its choices saved, then the preview again or, for "commit", what it shows written. */
  @Post(':trackerImportId')
  @Allow('importTracker')
  @FormPage(TrackerImportFormPages, 'choices')
  async choose(
    @Param('trackerImportId', idPipe) id: number,
    @Body() dto: TrackerChoicesDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    await this.imports.saveChoices(id, dto, actor);
    if (dto.intent === 'commit') {
      // Refused, with the new preview, when the plan is no longer the one the person saw (planHash).
      await this.imports.commit(id, dto.planHash ?? '', actor);
      response.redirect(303, `/tracker-imports/${id}?committed=1`);
      return;
    }
    response.redirect(303, `/tracker-imports/${id}`);
  }
}
