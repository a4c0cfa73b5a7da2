import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLE_VALUES, type Role } from '../../access/roles';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z0-9._-]{3,100}$/, {
    message: 'Enter a username of 3 to 100 letters, digits, dots, dashes or underscores',
  })
  username: string;

  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'Enter the person’s name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  displayName: string;

  @IsIn(ROLE_VALUES, { message: 'Select a role' })
  role: Role;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Select a force' })
  forceCode?: string;

  @Transform(trim)
  @IsString()
  @MaxLength(200, { message: 'The team must be 200 characters or fewer' })
  team: string = '';

  /** Where email notifications go; empty for none. */
  @Transform(trim)
  @IsString()
  @ValidateIf((dto: { email?: string }) => dto.email !== '')
  @IsEmail({}, { message: 'Enter an email address such as name@force.example' })
  @MaxLength(254, { message: 'The email address must be 254 characters or fewer' })
  email: string = '';

  @IsString({ message: 'Enter a password' })
  @MaxLength(200, { message: 'Password must be 200 characters or fewer' })
  password: string;
}

export class UsernameParams {
  @Matches(/^[a-z0-9._-]{1,100}$/, { message: 'No such user' })
  username: string;
}
