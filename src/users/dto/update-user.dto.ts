import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLE_VALUES, type Role } from '../../access/roles';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The edit form of an account: name, role, force (chosen only by an administrator) and team. */
export class UpdateUserDto {
  @Transform(trim)
  @IsString({ message: 'Enter the person’s name' })
  @Matches(/\S/, { message: 'Enter the person’s name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  displayName: string;

  @IsIn(ROLE_VALUES, { message: 'Select a role' })
  role: Role;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Enter a force code of 2 to 8 letters' })
  forceCode?: string;

  /** Free text for now, as long as the User's column allows. */
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
}
