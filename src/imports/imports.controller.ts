import {
  Body,
  Controller,
  Get,
  Logger,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Render,
  Req,
  Res,
  UploadedFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { UploadForm } from '../auth/upload-form';
import { type Actor, RequestActor } from '../access/current-user';
import { FormError } from '../common/form-error';
import { FormPage } from '../common/form-page';
import { MAX_IMPORT_BYTES } from './extraction/read-document';
import { ReviewImportDto, SectionDecisionDto } from './dto/review-import.dto';
import { ImportFormPages } from './import-form-pages';
import { alreadyHeldPage, importReviewPage, importsListPage } from './import-page.view';
import { type ImportActor, ImportsService, type UploadedReportFile } from './imports.service';

/** The media type of a streamed upload: one JSON object a line (progress, then the outcome). */
export const PROGRESS_STREAM = 'application/x-ndjson';

const idPipe = new ParseIntPipe({ errorHttpStatusCode: 404 });
const importActor = (actor: Actor): ImportActor => ({ username: actor.user.username, ip: actor.ip });

@Controller('imports')
export class ImportsController {
  private readonly logger = new Logger(ImportsController.name);

  constructor(private readonly imports: ImportsService) {}

  @Get()
  @Allow('importReports')
  @Render('imports/index')
  async list() {
    return importsListPage(await this.imports.list());
  }

  /**
   * Multipart: the CSRF token comes in the x-csrf-token header (the page's script) or the form's
   * hidden _csrf field (without JavaScript), checked once multer has read the form (UploadForm).
   */
  @Post()
  @Allow('importReports')
  @UploadForm('file', { limits: { fileSize: MAX_IMPORT_BYTES + 1, files: 1, fields: 5 } })
  @FormPage(ImportFormPages, 'upload')
  async upload(
    @UploadedFile() file: UploadedReportFile | undefined,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (request.accepts(['html', PROGRESS_STREAM]) === PROGRESS_STREAM) {
      await this.uploadWithProgress(file, importActor(actor), response);
      return;
    }
    const outcome = await this.imports.upload(file, importActor(actor));
    response.redirect(303, `/imports/${outcome.import.id}${outcome.kind === 'already' ? '?already=1' : ''}`);
  }

  /**
   * The upload page's script asks for progress: each step is sent as it starts ({"progress": …}),
   * then where to go ({"location": …}) or what was wrong ({"status", "errors"}), one JSON object a
   * line. Nothing is kept between requests, so any instance of the app can serve it.
   */
  private async uploadWithProgress(
    file: UploadedReportFile | undefined,
    actor: ImportActor,
    response: Response,
  ): Promise<void> {
    response.status(200).type(PROGRESS_STREAM).setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Accel-Buffering', 'no'); // a proxy in front should pass each line on as it comes
    response.flushHeaders();
    const send = (line: object) => response.write(`${JSON.stringify(line)}\n`);
    try {
      const outcome = await this.imports.upload(file, actor, (progress) => {
        send({ progress });
      });
      send({ location: `/imports/${outcome.import.id}${outcome.kind === 'already' ? '?already=1' : ''}` });
    } catch (error) {
      if (error instanceof FormError) {
        send({ status: error.getStatus(), errors: error.errors });
      } else {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        send({
          status: 500,
          errors: [
            {
              field: 'file',
              message:
                'The report could not be read because of a problem in the tracker. Try again, and tell the administrator if it happens again.',
            },
          ],
        });
      }
    }
    response.end();
  }

  /** An import's review; after an upload of a document already held (?already=1), the page that says so. */
  @Get(':importId')
  @Allow('importReports')
  async review(
    @Param('importId', idPipe) id: number,
    @Res() response: Response,
    @Query('already') already?: string,
    @Query('committed') committed?: string,
  ) {
    const row = await this.imports.get(id);
    if (already === '1') {
      response.render('imports/already-held', alreadyHeldPage(row));
      return;
    }
    const notice =
      committed === '1' ? 'The import is committed: the report and its findings are in the tracker.' : null;
    response.render('imports/review', importReviewPage(row, await this.imports.forces(), [], null, notice));
  }

  @Post(':importId')
  @Allow('importReports')
  @FormPage(ImportFormPages, 'review')
  async saveReview(
    @Param('importId', idPipe) id: number,
    @Body() dto: ReviewImportDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    await this.imports.saveReview(id, dto, importActor(actor));
    if (dto.intent === 'commit') {
      await this.imports.commit(id, importActor(actor));
      response.redirect(303, `/imports/${id}?committed=1`);
      return;
    }
    response.redirect(303, `/imports/${id}`);
  }

  /**
   * A section's "Dismiss this section" or "Restore this section" button (formaction on the review
   * form): the form's edits are saved with it, and the page comes back at that section. Refused
   * like a save: the form again as typed, the error beside its field.
   */
  @Post(':importId/section')
  @Allow('importReports')
  @FormPage(ImportFormPages, 'review')
  async decideSection(
    @Param('importId', idPipe) id: number,
    @Body() dto: SectionDecisionDto,
    @RequestActor() actor: Actor,
    @Res() response: Response,
  ) {
    const { section } = await this.imports.decideSection(id, dto, importActor(actor));
    response.redirect(303, `/imports/${id}#section-${section.number}`);
  }

  @Post(':importId/discard')
  @Allow('importReports')
  @FormPage(ImportFormPages, 'discard')
  async discard(@Param('importId', idPipe) id: number, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.imports.discard(id, importActor(actor));
    response.redirect(303, '/imports');
  }
}
