import { Transform, Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

/** Trims text; an emptied field (the form sends every input) means "no filter". */
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

/**
 * The filters of the administrators' audit log page (/admin/audit). Dates are whole UTC days,
 * checked as real calendar dates (2026-02-30 is refused) because they are turned into timestamps.
 */
export class ListAuditQuery {
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  actor?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(60)
  action?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(40)
  entityType?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(60)
  entityId?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'From must be a date such as 2026-01-31' })
  @IsISO8601({ strict: true }, { message: 'From must be a real date, such as 2026-01-31' })
  from?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'To must be a date such as 2026-01-31' })
  @IsISO8601({ strict: true }, { message: 'To must be a real date, such as 2026-01-31' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Page must be a whole number' })
  @Min(1, { message: 'Page must be 1 or more' })
  page?: number;
}
