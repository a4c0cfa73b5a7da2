import { BadRequestException, Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { scopeOf } from '../access/scope';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { can } from '../access/roles';
import { FlashMessages } from '../auth/flash-messages';
import { errorsForView, FormError } from '../common/form-error';
import { FormPage } from '../common/form-page';
import { FindingParams } from '../findings/dto/work-params';
import { BoardDecisionPages } from './board-decision-pages';
import { BoardDecisionsService } from './board-decisions.service';
import { BoardPackService } from './board-pack.service';
import { BoardPackSnapshotsService } from './board-pack-snapshots.service';
import { sendBoardPack } from './board-pack-formats';
import { comparePacks } from './compare-packs';
import { CrossForceProgressService } from './cross-force-progress.service';
import { progressExport } from './progress-export';
import { sendExport, type ExportFormat } from '../exports/send-export';
import { ProgressQuery } from './dto/progress.query';
import { BoardDecisionDto } from './dto/board-decision.dto';
import { BoardPackQuery } from './dto/board-pack.query';
import { SaveBoardPackDto } from './dto/save-board-pack.dto';
import { BoardPackPages } from './board-pack-pages';
import { meetingOf } from './board-pack-meeting';
import { CompareQuery, FormatQuery, SnapshotParams } from './dto/snapshot.params';

@Controller()
export class BoardPacksController {
  constructor(
    private readonly packs: BoardPackService,
    private readonly snapshots: BoardPackSnapshotsService,
    private readonly decisions: BoardDecisionsService,
    private readonly progressService: CrossForceProgressService,
    private readonly decisionPages: BoardDecisionPages,
    private readonly flash: FlashMessages,
  ) {}

  /** The choice of pack, and the saved packs. */
  @Get('board-packs')
  @Allow('read')
  @Render('board-packs/index')
  async index(@User() user: CurrentUser) {
    const force = await this.packs.forceFor(user, undefined);
    return {
      pageTitle: 'Board packs',
      nav: 'board-packs',
      force,
      chooseForce: can(user.role, 'choosePackForce'),
      saved: await this.snapshots.list(user),
    };
  }

  /** A pack made now, in any format. */
  @Get('board-packs/current')
  @Allow('read')
  async current(@Query() query: BoardPackQuery, @User() user: CurrentUser, @Res() response: Response) {
    const force = await this.packs.forceFor(user, query.force);
    const parameters = await this.packs.parameters(query, force);
    const pack = await this.packs.build(force, parameters, user.username);
    await sendBoardPack(response, pack, query.format ?? 'html', {
      parameters,
      saved: null,
      mayDecide: can(user.role, 'boardDecision'),
      csrfToken: response.locals.csrfToken as string,
    });
  }

  /** Saves the pack made with these parameters as an immutable snapshot, for a meeting, with the lead's commentary. */
  @Post('board-packs')
  @Allow('savePack')
  @FormPage(BoardPackPages, 'save')
  async save(@Body() dto: SaveBoardPackDto, @RequestActor() actor: Actor, @Res() response: Response) {
    const force = await this.packs.forceFor(actor.user, dto.force);
    const parameters = await this.packs.parameters(dto, force);
    const pack = await this.packs.build(force, parameters, actor.user.username);
    const snapshot = await this.snapshots.save(force.id, parameters, pack, meetingOf(dto, pack), actor);
    response.redirect(303, `/board-packs/${snapshot.id}`);
  }

  @Get('board-packs/latest')
  @Allow('read')
  async latest(@Query() query: BoardPackQuery, @User() user: CurrentUser, @Res() response: Response) {
    const force = await this.packs.forceFor(user, query.force);
    const id = await this.snapshots.latestId(user, force.id);
    response.redirect(303, id ? `/board-packs/${id}` : `/board-packs/current?force=${force.code}`);
  }

  /** A saved pack exactly as it was, in any format. */
  @Get('board-packs/:id')
  @Allow('read')
  async saved(
    @Param() params: SnapshotParams,
    @Query() query: FormatQuery,
    @User() user: CurrentUser,
    @Res() response: Response,
  ) {
    const saved = await this.snapshots.get(params.id, user);
    const compareWith = await this.snapshots.others(saved, user);
    await sendBoardPack(response, saved.pack, query.format ?? 'html', {
      parameters: saved.parameters,
      saved,
      mayDecide: false,
      csrfToken: response.locals.csrfToken as string,
      compareWith,
    });
  }

  /** What moved, was added or closed between two saved packs. */
  @Get('board-packs/:id/compare')
  @Allow('read')
  @Render('board-packs/compare')
  async compare(@Param() params: SnapshotParams, @Query() query: CompareQuery, @User() user: CurrentUser) {
    const [before, after] = await Promise.all([
      this.snapshots.get(query.with, user),
      this.snapshots.get(params.id, user),
    ]);
    const [earlier, later] = before.createdAt <= after.createdAt ? [before, after] : [after, before];
    return {
      pageTitle: 'Compare board packs',
      nav: 'board-packs',
      breadcrumbs: [{ text: 'Board packs', href: '/board-packs' }],
      earlier,
      later,
      comparison: comparePacks(earlier.pack, later.pack),
    };
  }

  /** For inspectors: every force's progress on a national recommendation or a theme; downloadable as CSV and Excel. */
  @Get('progress')
  @Allow('inspect')
  async progress(@Query() query: ProgressQuery, @User() user: CurrentUser, @Res() response: Response) {
    // ?format=csv (the older address of the download) and ?format=xlsx answer as /progress/export.csv and .xlsx.
    if (query.format === 'csv' || query.format === 'xlsx') {
      await this.sendProgress(query.format, query, user, response);
      return;
    }
    let result;
    try {
      result = await this.progressOf(query, user);
    } catch (error) {
      // An unknown reference: the form again, with the message beside the reference typed.
      if (error instanceof FormError) {
        response.status(error.getStatus()).render('board-packs/progress', {
          pageTitle: 'Error: Progress across forces',
          nav: 'progress',
          query,
          result: null,
          errors: errorsForView(error.errors),
        });
        return;
      }
      throw error;
    }
    const params = new URLSearchParams({
      ...(query.reference ? { reference: query.reference } : {}),
      ...(query.theme ? { theme: query.theme } : {}),
    }).toString();
    const quiet = result ? result.rows.filter((row) => !row.recorded) : [];
    response.render('board-packs/progress', {
      pageTitle: 'Progress across forces',
      nav: 'progress',
      query,
      result: result && {
        ...result,
        rows: result.rows.filter((row) => row.recorded),
        quiet: { rows: quiet, count: quiet.length, forces: quiet.length === 1 ? 'force' : 'forces' },
      },
      downloads: {
        csvHref: `/progress/export.csv?${params}`,
        xlsxHref: `/progress/export.xlsx?${params}`,
        what: 'this progress table',
      },
    });
  }

  @Get('progress/export.csv')
  @Allow('inspect')
  async progressCsv(@Query() query: ProgressQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendProgress('csv', query, user, response);
  }

  @Get('progress/export.xlsx')
  @Allow('inspect')
  async progressXlsx(@Query() query: ProgressQuery, @User() user: CurrentUser, @Res() response: Response) {
    await this.sendProgress('xlsx', query, user, response);
  }

  private progressOf(query: ProgressQuery, user: CurrentUser) {
    return query.reference
      ? this.progressService.forRecommendation(query.reference, scopeOf(user))
      : query.theme
        ? this.progressService.forTheme(query.theme, scopeOf(user))
        : Promise.resolve(null);
  }

  private async sendProgress(format: ExportFormat, query: ProgressQuery, user: CurrentUser, response: Response) {
    const result = await this.progressOf(query, user);
    if (!result) {
      throw new BadRequestException('Give a national recommendation or a theme to download its progress');
    }
    await sendExport(response, format, progressExport(query, result, user));
  }

  /** The form for the board's decision on one finding, on its own page. */
  @Get('findings/:reference/board-decision')
  @Allow('boardDecision')
  @Render('board-packs/board-decision')
  decisionForm(@Param() params: FindingParams, @User() user: CurrentUser) {
    return this.decisionPages.page(params.reference, user, {}, null);
  }

  /** The board's decision on a finding awaiting sign-off; refused, the form again with the error beside its field. */
  @Post('findings/:reference/board-decision')
  @Allow('boardDecision')
  @FormPage(BoardDecisionPages, 'board-decision')
  async decide(
    @Param() params: FindingParams,
    @Body() dto: BoardDecisionDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.decisions.record(params.reference, dto, actor);
    await this.flash.set(
      request,
      `Board decision recorded on ${params.reference.toUpperCase()}: ${dto.decision === 'approved' ? 'approved to close' : 'returned'}`,
    );
    response.redirect(303, `/board-packs/current?force=${actor.user.forceCode ?? ''}#sign-off`);
  }
}
