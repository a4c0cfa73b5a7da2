import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DIGEST_CADENCE_VALUES, type DigestCadence, EMAIL_DETAIL_VALUES, type EmailDetail } from '../digest-schedule';

const blankAsUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The organisation in the address: a code such as DER. */
export class OrganisationCodeParams {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-Z]{2,8}$/, { message: 'No organisation has this code' })
  code: string;
}

/** An organisation's notification settings as its form sends them. */
export class OrganisationNotificationSettingsDto {
  @Transform(blankAsUndefined)
  @IsIn(DIGEST_CADENCE_VALUES, { message: 'Choose how often digests are sent' })
  cadence: DigestCadence;

  /** Only for a weekly digest: the day it goes (1 Monday … 7 Sunday). */
  @ValidateIf((dto: OrganisationNotificationSettingsDto) => dto.cadence === 'weekly')
  @Transform(blankAsUndefined)
  @Type(() => Number)
  @IsInt({ message: 'Choose the day of the week the digest is sent' })
  @Min(1, { message: 'Choose the day of the week the digest is sent' })
  @Max(7, { message: 'Choose the day of the week the digest is sent' })
  weekday?: number;

  @Transform(blankAsUndefined)
  @Type(() => Number)
  @IsInt({ message: 'Enter the hour as a whole number from 0 to 23' })
  @Min(0, { message: 'Enter the hour as a whole number from 0 to 23' })
  @Max(23, { message: 'Enter the hour as a whole number from 0 to 23' })
  hour: number;

  @Transform(blankAsUndefined)
  @IsIn(EMAIL_DETAIL_VALUES, { message: 'Choose what emails may say' })
  emailDetail: EmailDetail;
}
