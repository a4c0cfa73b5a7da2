import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { TEAM_NAME_MAX } from '../team-names';

const forceCode = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() || undefined : value;

/** Whose teams to show: a force code (inspectors and administrators choose; others see their own force's). */
export class TeamsQuery {
  @IsOptional()
  @Transform(forceCode)
  @Matches(/^[A-Z]{2,8}$/, { message: 'Force must be a force code such as LEI' })
  force?: string;
}

/** A team to add: its name, and (for an administrator) the force it is for. */
export class AddTeamDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Enter the team’s name' })
  @Matches(/\S/, { message: 'Enter the team’s name' })
  @MaxLength(TEAM_NAME_MAX, { message: `The team’s name must be ${TEAM_NAME_MAX} characters or fewer` })
  name: string;

  @IsOptional()
  @Transform(forceCode)
  @Matches(/^[A-Z]{2,8}$/, { message: 'Force must be a force code such as LEI' })
  force?: string;
}

export class TeamParams {
  @Type(() => Number)
  @IsInt({ message: 'No such team' })
  @Min(1, { message: 'No such team' })
  id: number;
}
