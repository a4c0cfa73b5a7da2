import { Transform } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { BoardPackQuery } from './board-pack.query';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const MEETING_NAME_MAX_LENGTH = 200;
export const COMMENTARY_MAX_LENGTH = 5000;

/**
 * Saving a pack for a meeting: the pack's parameters (hidden fields), the meeting's name and date (the GOV.UK date
 * input's day, month and year, checked together by `meetingOf`), and the lead's commentary on the whole pack and,
 * keyed by reference, on findings.
 */
export class SaveBoardPackDto extends BoardPackQuery {
  @Transform(trimmed)
  @IsString({ message: 'Enter the name of the meeting' })
  @IsNotEmpty({ message: 'Enter the name of the meeting' })
  @MaxLength(MEETING_NAME_MAX_LENGTH, { message: 'The name of the meeting must be 200 characters or fewer' })
  meetingName: string = '';

  @Transform(trimmed)
  @IsString()
  @MaxLength(2, { message: 'The day of the meeting must be a number such as 27' })
  meetingDay: string = '';

  @Transform(trimmed)
  @IsString()
  @MaxLength(2, { message: 'The month of the meeting must be a number such as 11' })
  meetingMonth: string = '';

  @Transform(trimmed)
  @IsString()
  @MaxLength(4, { message: 'The year of the meeting must have 4 numbers' })
  meetingYear: string = '';

  @Transform(trimmed)
  @IsString()
  @MaxLength(COMMENTARY_MAX_LENGTH, { message: 'The commentary on the pack must be 5,000 characters or fewer' })
  commentary: string = '';

  /** Commentary on findings, by reference; each checked against the pack by `meetingOf`. */
  @IsOptional()
  @IsObject({ message: 'Give commentary on findings in the fields beside them' })
  findingComments?: Record<string, unknown>;
}
