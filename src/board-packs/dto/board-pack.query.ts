import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FINDING_KIND_VALUES, type FindingKind } from '../../findings/finding-kind';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

export const BOARD_PACK_FORMATS = ['html', 'pdf', 'docx', 'csv', 'xlsx'] as const;
export type BoardPackFormat = (typeof BOARD_PACK_FORMATS)[number];

/** What a board pack covers: a force, an optional scope, the period, and the format. */
export class BoardPackQuery {
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Force must be a force code such as DER' })
  force?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^[a-z0-9-]{1,100}$/, { message: 'Report must be a report identifier such as der-2025-integrity' })
  report?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(80)
  theme?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(FINDING_KIND_VALUES, { message: `Kind must be one of ${FINDING_KIND_VALUES.join(', ')}` })
  kind?: FindingKind;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  owner?: string;

  @IsOptional()
  @Transform(trimmed)
  // A date, or the moment a saved pack was made (the default, carried in the pack's download links).
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)?$/, {
    message: 'Since must be a date such as 2026-01-31',
  })
  since?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Until must be a date such as 2026-01-31' })
  until?: string;

  @IsOptional()
  @Transform(trimmed)
  @Type(() => Number)
  @IsInt({ message: 'Days without an update must be a whole number' })
  @Min(1, { message: 'Days without an update must be between 1 and 3650' })
  @Max(3650, { message: 'Days without an update must be between 1 and 3650' })
  staleDays?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(BOARD_PACK_FORMATS, { message: `Format must be one of ${BOARD_PACK_FORMATS.join(', ')}` })
  format?: BoardPackFormat;
}
