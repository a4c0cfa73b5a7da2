import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { TrackerField } from '../tracker-columns';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Repeated form fields arrive as an array, a single one as a string, past the parser's limit as an object. */
const asList = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value)
        : value;

/** The column chosen for each field: its number (0 = A), or empty for none. */
export class ColumnMappingDto implements Partial<Record<TrackerField, string>> {
  @IsOptional() @IsString() @MaxLength(3) reference?: string;
  @IsOptional() @IsString() @MaxLength(3) kind?: string;
  @IsOptional() @IsString() @MaxLength(3) text?: string;
  @IsOptional() @IsString() @MaxLength(3) title?: string;
  @IsOptional() @IsString() @MaxLength(3) report?: string;
  @IsOptional() @IsString() @MaxLength(3) owner?: string;
  @IsOptional() @IsString() @MaxLength(3) targetDate?: string;
  @IsOptional() @IsString() @MaxLength(3) status?: string;
  @IsOptional() @IsString() @MaxLength(3) update?: string;
  @IsOptional() @IsString() @MaxLength(3) action?: string;
  @IsOptional() @IsString() @MaxLength(3) actionOwner?: string;
  @IsOptional() @IsString() @MaxLength(3) actionDue?: string;
}

/** The tracker import's preview form: the choices, then "update the preview" or "commit". */
export class TrackerChoicesDto {
  @IsIn(['preview', 'commit'])
  intent: 'preview' | 'commit' = 'preview';

  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sheet?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Enter the header row as a number' })
  @Min(1, { message: 'The header row is row 1 or later' })
  @Max(1000, { message: 'The header row must be within the first 1,000 rows' })
  headerRow?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ColumnMappingDto)
  mapping?: ColumnMappingDto;

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true, message: 'A status word must be 100 characters or fewer' })
  statusWord?: string[];

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  statusTarget?: string[];

  /** "row:same", "row:new" or "row:" for each near match. */
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  decision?: string[];

  /** The digest of the plan the preview showed. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  planHash?: string;
}

/** The upload form: the organisation (inspectors and administrators choose; a force lead's is their own). */
export class TrackerUploadDto {
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(8)
  organisation?: string;
}
