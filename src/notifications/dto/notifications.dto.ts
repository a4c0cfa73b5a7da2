import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { NOTIFICATION_KIND_VALUES, type NotificationKind } from '../notification-kinds';

export class NotificationParams {
  @Type(() => Number)
  @IsInt({ message: 'No such notification' })
  @Min(1, { message: 'No such notification' })
  id: number;
}

/** The signed token of an unsubscribe link (in the address of the link, then in the confirmation form). */
export class UnsubscribeDto {
  @IsOptional()
  @IsString({ message: 'This unsubscribe link is not complete' })
  @MaxLength(500, { message: 'This unsubscribe link is not valid' })
  token?: string;

  /** A signed-in person's form token, sent by a browser that has one; the link's signed token is what counts here. */
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** The kinds of message a person wants by email: the boxes ticked (none ticked: none sent). */
export class EmailPreferencesDto {
  @Transform(({ value }: { value: unknown }) =>
    value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
  )
  @IsArray()
  @IsIn(NOTIFICATION_KIND_VALUES, { each: true, message: 'Choose from the kinds of message listed' })
  kinds: NotificationKind[] = [];
}
