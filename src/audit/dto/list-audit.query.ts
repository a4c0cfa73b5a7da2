import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

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
  from?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'To must be a date such as 2026-01-31' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Page must be a whole number' })
  @Min(1, { message: 'Page must be 1 or more' })
  page?: number;
}
