import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { EvidenceService } from '../evidence/evidence.service';
import { FINDING_FILTER_KEYS } from '../findings/dto/list-findings.query';
import { ActionParams, FindingParams } from '../findings/dto/work-params';
import { FindingWorkService, type WorkOptions } from '../findings/finding-work.service';
import { FindingsService } from '../findings/findings.service';
import { ApiProblems } from './api-problems.decorator';
import { API_V1, etagOf, findingDetail, findingsPage } from './api-v1.mapper';
import {
  ActionStatusRequest,
  EvidenceLinkRequest,
  FindingsQuery,
  NewActionRequest,
  ProgressNoteRequest,
  StatusChangeRequest,
} from './dto/api-requests.dto';
import { FindingDetail, FindingsPage } from './dto/api-responses.dto';
import { asPreconditionFailed, FindingVersions } from './finding-versions';
import type { SeenVersion } from '../findings/finding-changes';

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'The finding’s ETag from its GET (e.g. "7"): the change is refused (412) if it has changed since',
});
const ETAG = {
  ETag: { description: 'The finding’s version, for If-Match', schema: { type: 'string', example: '"7"' } },
};
/**
 * The web forms ask to confirm what is unusual (a past date, a claim with actions not done); an API call is taken as
 * meant.
 */
const API_CALL: WorkOptions = { askToConfirm: false };
const REFERENCE = ApiParam({ name: 'reference', example: 'CHE-2025-AFI-01' });

/**
 * Findings: the list with the page's filters and paging, one finding with its lineage and history, and the changes a
 * force user makes on the finding's page, through the same services (the same rules, history and audit). Every
 * change names the version it was made from in If-Match; each answers with the finding as it now is, and its ETag.
 */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('api/v1/findings')
export class FindingsV1Controller {
  constructor(
    private readonly findings: FindingsService,
    private readonly work: FindingWorkService,
    private readonly evidence: EvidenceService,
    private readonly versions: FindingVersions,
  ) {}

  @Get()
  @Allow('read')
  @ApiOperation({
    operationId: 'listFindings',
    summary: 'One page of findings matching the filters (as the findings page), with counts by status and kind',
  })
  @ApiOkResponse({ type: FindingsPage })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: FindingsQuery, @User() user: CurrentUser): Promise<FindingsPage> {
    const list = await this.findings.list(query, scopeOf(user));
    return findingsPage(list, list.page < list.pageCount ? nextPage(query, list.page + 1) : null);
  }

  @Get(':reference')
  @Allow('read')
  @REFERENCE
  @ApiOperation({
    operationId: 'getFinding',
    summary: 'A finding with its sources, lineage, actions, evidence and history',
  })
  @ApiOkResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(401, 403, 404)
  async show(
    @Param() params: FindingParams,
    @User() user: CurrentUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.current(params.reference, user, response);
  }

  @Post(':reference/status')
  @Allow('read')
  @HttpCode(200)
  @REFERENCE
  @IF_MATCH
  @ApiOperation({
    operationId: 'changeFindingStatus',
    summary: 'Take a step of the status workflow (start, claim, verify, reject, reopen, supersede), as the role allows',
  })
  @ApiOkResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async changeStatus(
    @Param() params: FindingParams,
    @Body() body: StatusChangeRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.change(params.reference, ifMatch, actor, response, (seen) =>
      this.work.changeStatus(params.reference, { ...body, ...seen }, actor, API_CALL).catch(rethrowConflict),
    );
  }

  @Post(':reference/notes')
  @Allow('work')
  @REFERENCE
  @IF_MATCH
  @ApiOperation({ operationId: 'addProgressNote', summary: 'Add a progress note to the finding’s history' })
  @ApiCreatedResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async addNote(
    @Param() params: FindingParams,
    @Body() body: ProgressNoteRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.change(params.reference, ifMatch, actor, response, (seen) =>
      this.work.addNote(params.reference, { ...body, ...seen }, actor),
    );
  }

  @Post(':reference/actions')
  @Allow('work')
  @REFERENCE
  @IF_MATCH
  @ApiOperation({ operationId: 'addAction', summary: 'Add an action to the finding’s plan' })
  @ApiCreatedResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async addAction(
    @Param() params: FindingParams,
    @Body() body: NewActionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.change(params.reference, ifMatch, actor, response, (seen) =>
      this.work.addAction(params.reference, { ...body, ...seen }, actor, API_CALL),
    );
  }

  @Post(':reference/actions/:actionId')
  @Allow('work')
  @HttpCode(200)
  @REFERENCE
  @ApiParam({ name: 'actionId', type: 'integer' })
  @IF_MATCH
  @ApiOperation({
    operationId: 'changeActionStatus',
    summary: 'Change an action’s status (its description, owner and due date stay as they are)',
  })
  @ApiOkResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async changeAction(
    @Param() params: ActionParams,
    @Body() body: ActionStatusRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.change(params.reference, ifMatch, actor, response, async (seen) => {
      const { action } = await this.work.getAction(params.reference, params.actionId, actor);
      await this.work
        .editAction(
          params.reference,
          params.actionId,
          {
            ...seen,
            description: action.description,
            owner: action.owner ?? '',
            dueDate: action.dueDate ?? undefined,
            status: body.status,
            note: body.note,
            actionVersion: action.version,
          },
          actor,
          API_CALL,
        )
        .catch(rethrowConflict);
    });
  }

  @Post(':reference/evidence')
  @Allow('work')
  @REFERENCE
  @IF_MATCH
  @ApiOperation({
    operationId: 'addEvidenceLink',
    summary: 'Add a link to evidence held elsewhere (a web address), for the finding or one of its actions',
  })
  @ApiCreatedResponse({ type: FindingDetail, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async addEvidenceLink(
    @Param() params: FindingParams,
    @Body() body: EvidenceLinkRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingDetail> {
    return this.change(params.reference, ifMatch, actor, response, (seen) =>
      this.evidence.add(params.reference, { ...body, ...seen }, undefined, actor),
    );
  }

  /**
   * A write: the version the client saw checked against `If-Match` (428 without it, 412 when stale), the change made
   * with that version, and the finding as it now is, with its new ETag.
   */
  private async change(
    reference: string,
    ifMatch: string | undefined,
    actor: Actor,
    response: Response,
    make: (seen: SeenVersion) => Promise<unknown>,
  ): Promise<FindingDetail> {
    await make(await this.versions.check(reference, ifMatch, actor.user));
    return this.current(reference, actor.user, response);
  }

  /** The finding as it now is, with its ETag. */
  private async current(reference: string, user: CurrentUser, response: Response): Promise<FindingDetail> {
    const finding = findingDetail(await this.findings.getByReference(reference, scopeOf(user)));
    response.setHeader('ETag', etagOf(finding.version));
    return finding;
  }
}

function rethrowConflict(error: unknown): never {
  throw asPreconditionFailed(error);
}

/** The address of another page of the same list (the filters and sort as given). */
function nextPage(query: FindingsQuery, page: number): string {
  const search = new URLSearchParams();
  for (const key of [...FINDING_FILTER_KEYS, 'sort', 'dir'] as const) {
    const value = query[key];
    if (value !== undefined) {
      search.set(key, String(value));
    }
  }
  search.set('page', String(page));
  return `${API_V1}/findings?${search.toString()}`;
}
