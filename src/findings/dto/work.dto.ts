import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { dateFromInput, IsDateInput } from '../../common/date-input';
import { ACTION_STATUS_VALUES, type ActionStatus } from '../action-status';
import { ASSESSMENT_VERDICT_VALUES, LINK_TYPE_VALUES, type AssessmentVerdict, type LinkType } from '../finding-status';
import { TRANSITION_NAMES } from '../status-workflow';
import { SeenVersionDto } from './seen-version.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;
/** A date field: the GOV.UK date input's day, month and year (an ISO date string from the API), as an ISO date. */
const dateInput = ({ value }: { value: unknown }) => dateFromInput(value);
/** A "Yes, …" checkbox confirming something unusual: ticked or not sent. */
const CONFIRMED = ['yes'] as const;

/**
 * A row version: a whole number from 1 that fits the database's integer column (one message, whether
 * it is missing, not a number or out of range).
 */
const IsVersionNumber = (options: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isVersionNumber',
      validator: {
        validate: (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) < 2 ** 31,
      },
    },
    options,
  );

export class ChangeStatusDto extends SeenVersionDto {
  @IsIn(TRANSITION_NAMES, { message: 'Select what to do' })
  transition: string;

  @Transform(trim)
  @IsString()
  @MaxLength(5000, { message: 'Commentary must be 5,000 characters or fewer' })
  commentary: string = '';

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40, { message: 'Enter a finding reference such as DER-2025-AFI-01' })
  supersededBy: string = '';

  /**
   * The form's confirmation of an unusual step (claiming implemented with actions not done; verifying with no
   * evidence), asked for once the form has warned of it, with the reason, which the history entry keeps.
   */
  @IsOptional()
  @IsIn(CONFIRMED, { message: 'Tick the box to confirm' })
  confirmed?: 'yes';

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  confirmReason?: string;
}

export class ProgressNoteDto extends SeenVersionDto {
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter the progress note' })
  @MaxLength(5000, { message: 'The progress note must be 5,000 characters or fewer' })
  commentary: string;
}

export class ActionDto extends SeenVersionDto {
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Describe the action' })
  @MaxLength(2000, { message: 'The description must be 2,000 characters or fewer' })
  description: string;

  @Transform(trim)
  @IsString()
  @MaxLength(200, { message: 'The owner must be 200 characters or fewer' })
  owner: string = '';

  @IsOptional()
  @Transform(dateInput)
  @IsDateInput('The due date')
  dueDate?: string;

  @IsIn(ACTION_STATUS_VALUES, { message: 'Select the action’s status' })
  status: ActionStatus;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000, { message: 'The note must be 5,000 characters or fewer' })
  note: string = '';

  /** The form's "Yes, the date is in the past" checkbox, asked for when a new due date is in the past. */
  @IsOptional()
  @IsIn(CONFIRMED, { message: 'Tick the box to confirm the date is in the past' })
  confirmPastDate?: 'yes';
}

/**
 * An edit of an action carries the action's version the user saw (a hidden field of the form), so
 * that of several edits made from the same page only the first is saved.
 */
export class EditActionDto extends ActionDto {
  @Type(() => Number)
  @IsVersionNumber({ message: 'The form is missing the action’s version; reload the page' })
  actionVersion: number;
}

export class AssignDto extends SeenVersionDto {
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter the accountable owner' })
  @MaxLength(200, { message: 'The owner must be 200 characters or fewer' })
  owner: string;

  @Transform(trim)
  @IsString()
  @MaxLength(1000, { message: 'Action owners must be 1,000 characters or fewer' })
  actionOwners: string = '';

  @IsOptional()
  @Transform(dateInput)
  @IsDateInput('The target date')
  targetDate?: string;

  @Transform(trim)
  @IsString()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string = '';

  /** The form's "Yes, the date is in the past" checkbox, asked for when a new target date is in the past. */
  @IsOptional()
  @IsIn(CONFIRMED, { message: 'Tick the box to confirm the date is in the past' })
  confirmPastDate?: 'yes';
}

export class AssessmentDto extends SeenVersionDto {
  @IsIn(ASSESSMENT_VERDICT_VALUES, { message: 'Select the verdict' })
  verdict: AssessmentVerdict;

  @Transform(trim)
  @IsString()
  @MaxLength(5000, { message: 'The quote must be 5,000 characters or fewer' })
  quote: string = '';

  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter the commentary' })
  @MaxLength(5000, { message: 'The commentary must be 5,000 characters or fewer' })
  commentary: string;

  @Transform(dateInput)
  @IsDateInput('The date of the assessment')
  assessedOn: string;

  /** For a national recommendation: the force assessed. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Select the force assessed' })
  forceCode?: string;
}

/** An organisation a national recommendation was also made to (a named force, or a national body). */
export class AddRecipientDto extends SeenVersionDto {
  @Transform(trim)
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Select the organisation it was made to' })
  organisationCode: string;
}

export class LinkDto extends SeenVersionDto {
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter the reference of the other finding' })
  @MaxLength(40, { message: 'Enter a finding reference such as DER-2025-AFI-01' })
  otherReference: string;

  @IsIn(LINK_TYPE_VALUES, { message: 'Select how the findings are linked' })
  type: LinkType;

  @Transform(trim)
  @IsString()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string = '';
}

export class EvidenceDto extends SeenVersionDto {
  @IsIn(['note', 'link', 'file'], { message: 'Select the kind of evidence' })
  kind: 'note' | 'link' | 'file';

  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter a title for the evidence' })
  @MaxLength(200, { message: 'The title must be 200 characters or fewer' })
  title: string;

  /** A note's text (what a note is); for a link or a file, an optional description. */
  @Transform(trim)
  @IsString()
  @MaxLength(5000, { message: 'The description must be 5,000 characters or fewer' })
  @ValidateBy(
    {
      name: 'noteHasText',
      validator: {
        validate: (value, args) =>
          (args?.object as EvidenceDto).kind !== 'note' || (typeof value === 'string' && /\S/.test(value)),
      },
    },
    { message: 'Enter the note' },
  )
  description: string = '';

  @ValidateIf((dto: EvidenceDto) => dto.kind === 'link')
  @Transform(trim)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'Enter a web address starting with https:// or http://' })
  @MaxLength(1000, { message: 'The web address must be 1,000 characters or fewer' })
  url: string = '';

  /** "The finding as a whole" posts an empty value. */
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'Select one of this finding’s actions' })
  actionId?: number;
}

export class ReviewEvidenceDto extends SeenVersionDto {
  @IsIn(['accepted', 'rejected'], { message: 'Select accept or reject' })
  decision: 'accepted' | 'rejected';

  @Transform(trim)
  @IsString()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string = '';
}

export class WithdrawEvidenceDto extends SeenVersionDto {
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Give the reason for withdrawing the evidence' })
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string;
}
