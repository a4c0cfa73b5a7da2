import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ACTION_STATUS_VALUES, type ActionStatus } from '../../findings/action-status';
import { FINDING_KIND_VALUES, type FindingKind } from '../../findings/finding-kind';
import { FINDING_STATUS_VALUES, type FindingStatus } from '../../findings/finding-status';
import { ActionDto, ChangeStatusDto, EvidenceDto, ProgressNoteDto } from '../../findings/dto/work.dto';
import { FINDING_SORTS, ListFindingsQuery, type FindingSort } from '../../findings/dto/list-findings.query';
import { TRANSITION_NAMES } from '../../findings/status-workflow';

/*
 * The API's requests reuse the forms' DTOs, with their rules and messages (OmitType keeps class-validator's and
 * class-transformer's metadata): only the forms' hidden version fields go, as the version comes in `If-Match`. The
 * properties are declared again here only to describe them in the OpenAPI document.
 */

/** The findings list's filters, sort and page: the page's own query (ListFindingsQuery), described. */
export class FindingsQuery extends ListFindingsQuery {
  @ApiPropertyOptional({ description: 'An organisation’s code', example: 'CHE' })
  declare force?: string;
  @ApiPropertyOptional({ description: 'A report’s key', example: 'che-2025-peel' })
  declare report?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1990, maximum: 2100, example: 2025 })
  declare year?: number;
  @ApiPropertyOptional({ enum: FINDING_KIND_VALUES })
  declare kind?: FindingKind;
  @ApiPropertyOptional({
    enum: [...FINDING_STATUS_VALUES, 'unimplemented'],
    description: '`unimplemented`: formal findings that remain unimplemented',
  })
  declare status?: FindingStatus | 'unimplemented';
  @ApiPropertyOptional({ maxLength: 200 })
  declare owner?: string;
  @ApiPropertyOptional({ maxLength: 80 })
  declare theme?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'Words to search for (all of them, in any order)' })
  declare q?: string;
  @ApiPropertyOptional({ enum: ['again'], description: 'Only findings a later report raised again' })
  declare raised?: 'again';
  @ApiPropertyOptional({ enum: FINDING_SORTS })
  declare sort?: FindingSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  declare dir?: 'asc' | 'desc';
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  declare page?: number;
}

/*
 * The forms' confirmations of something unusual (a date in the past, a claim with actions not done, a verification
 * with no evidence) are the web forms' own: an API caller's request is taken as meant, so those fields go too.
 */
export class StatusChangeRequest extends OmitType(ChangeStatusDto, [
  'version',
  'loadedAt',
  'confirmed',
  'confirmReason',
] as const) {
  @ApiProperty({ enum: TRANSITION_NAMES, description: 'The step of the status workflow to take' })
  declare transition: string;
  @ApiPropertyOptional({ maxLength: 5000, description: 'Why: needed to claim, reject, re-open or supersede' })
  declare commentary: string;
  @ApiPropertyOptional({
    maxLength: 40,
    description: 'For `supersede`: the reference of the finding that supersedes it',
  })
  declare supersededBy: string;
}

export class ProgressNoteRequest extends OmitType(ProgressNoteDto, ['version', 'loadedAt'] as const) {
  @ApiProperty({ maxLength: 5000 })
  declare commentary: string;
}

export class NewActionRequest extends OmitType(ActionDto, ['version', 'loadedAt', 'confirmPastDate'] as const) {
  @ApiProperty({ maxLength: 2000 })
  declare description: string;
  @ApiPropertyOptional({ maxLength: 200 })
  declare owner: string;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-03-31' })
  declare dueDate?: string;
  @ApiProperty({ enum: ACTION_STATUS_VALUES })
  declare status: ActionStatus;
  @ApiPropertyOptional({ maxLength: 5000, description: 'A note for the finding’s history' })
  declare note: string;
}

/** A change of an action's status (its description, owner and due date stay as they are). */
export class ActionStatusRequest extends PickType(ActionDto, ['status', 'note'] as const) {
  @ApiProperty({ enum: ACTION_STATUS_VALUES })
  declare status: ActionStatus;
  @ApiPropertyOptional({ maxLength: 5000, description: 'A note for the finding’s history' })
  declare note: string;
}

/**
 * A link to evidence held elsewhere (files are uploaded on the finding's page). Its kind is always `link`, so the
 * form's rule for a link's web address applies.
 */
export class EvidenceLinkRequest extends PickType(EvidenceDto, [
  'kind',
  'title',
  'description',
  'url',
  'actionId',
] as const) {
  @ApiPropertyOptional({ enum: ['link'], default: 'link' })
  @IsIn(['link'], { message: 'Only links are added through the API; upload files on the finding’s page' })
  override kind = 'link' as const;
  @ApiProperty({ maxLength: 200 })
  declare title: string;
  @ApiPropertyOptional({ maxLength: 5000 })
  declare description: string;
  @ApiProperty({ maxLength: 1000, example: 'https://intranet.example.police.uk/vetting/backlog-plan' })
  declare url: string;
  @ApiPropertyOptional({ type: 'integer', description: 'One of the finding’s actions, if the evidence is for it' })
  declare actionId?: number;
}
