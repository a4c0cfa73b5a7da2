import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';
import { API_TOKEN_SCOPE_VALUES, type ApiTokenScope } from '../api-token.entity';
import { API_TOKEN_LIFETIMES } from '../api-tokens.service';

/** A token to make: what it is for, what it may do, and how long it lasts. */
export class CreateApiTokenDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Enter a name for the token' })
  @Matches(/\S/, { message: 'Enter a name for the token' })
  @MaxLength(100, { message: 'The name must be 100 characters or fewer' })
  name: string;

  @IsIn(API_TOKEN_SCOPE_VALUES, { message: 'Select what the token may do' })
  scope: ApiTokenScope;

  @Type(() => Number)
  @IsIn(API_TOKEN_LIFETIMES, { message: 'Select when the token expires' })
  days: number;
}

export class ApiTokenParams {
  @Type(() => Number)
  @IsInt({ message: 'No such API token' })
  @Min(1, { message: 'No such API token' })
  id: number;
}
