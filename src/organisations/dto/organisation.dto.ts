import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  MONITORING_STAGES,
  ORGANISATION_KIND_VALUES,
  type MonitoringStage,
  type OrganisationKind,
} from '../../reports/force.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyAsMissing = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The organisations list's filter. */
export class ListOrganisationsQuery {
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsIn(ORGANISATION_KIND_VALUES, { message: 'Kind must be police, fire or national' })
  kind?: OrganisationKind;
}

/** An organisation's address: its code. Any code is looked up; one not held (or not the reader's) is a 404. */
export class OrganisationCodeParams {
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'No organisation has that code' })
  code: string;
}

/** A change of monitoring stage: the stage, the date it changed and why. */
export class ChangeStageDto {
  @IsIn(MONITORING_STAGES, { message: 'Select the monitoring stage' })
  stage: MonitoringStage;

  @Transform(trim)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Enter the date the stage changed, for example 2025-03-31' })
  @IsDateString({ strict: true }, { message: 'Enter a real date, for example 2025-03-31' })
  since: string;

  @Transform(trim)
  @IsString({ message: 'Enter the reason for the change' })
  @Matches(/\S/, { message: 'Enter the reason for the change' })
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string;
}
