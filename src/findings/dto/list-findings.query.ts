import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FINDING_KIND_VALUES, type FindingKind } from '../finding-kind';
import { FINDING_STATUS_VALUES, type FindingStatus } from '../finding-status';

export const FINDING_SORTS = ['report', 'reference', 'title', 'kind', 'status', 'owner', 'target'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

const trimmed = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') {
    return value;
  }
  const trimmedValue = value.trim();
  return trimmedValue === '' ? undefined : trimmedValue;
};

/** Empty means absent; otherwise a number (so a non-number still fails validation). */
const trimmedNumber = ({ value }: { value: unknown }) => {
  const text = trimmed({ value });
  return typeof text === 'string' ? Number(text) : text;
};

/** Filters, sort and page for the findings list; every value comes from the URL. */
export class ListFindingsQuery {
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Force must be a force code such as DER' })
  force?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^[a-z0-9-]{1,100}$/, { message: 'Report must be a report identifier such as der-2025-integrity' })
  report?: string;

  @IsOptional()
  @Transform(trimmedNumber)
  @IsInt({ message: 'Year must be a year such as 2025' })
  @Min(1990, { message: 'Year must be between 1990 and 2100' })
  @Max(2100, { message: 'Year must be between 1990 and 2100' })
  year?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(FINDING_KIND_VALUES, { message: `Kind must be one of ${FINDING_KIND_VALUES.join(', ')}` })
  kind?: FindingKind;

  @IsOptional()
  @Transform(trimmed)
  @IsIn([...FINDING_STATUS_VALUES, 'unimplemented'], {
    message: `Status must be one of ${[...FINDING_STATUS_VALUES, 'unimplemented'].join(', ')}`,
  })
  status?: FindingStatus | 'unimplemented';

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200, { message: 'Owner must be 200 characters or fewer' })
  owner?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(80, { message: 'Theme must be 80 characters or fewer' })
  theme?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200, { message: 'Search text must be 200 characters or fewer' })
  q?: string;

  /** "again": only findings a later report raised again (cited, repeated, or judged not or partly implemented). */
  @IsOptional()
  @Transform(trimmed)
  @IsIn(['again'], { message: 'Raised must be again' })
  raised?: 'again';

  @IsOptional()
  @Transform(trimmed)
  @IsIn(FINDING_SORTS, { message: `Sort must be one of ${FINDING_SORTS.join(', ')}` })
  sort?: FindingSort;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['asc', 'desc'], { message: 'Direction must be asc or desc' })
  dir?: 'asc' | 'desc';

  @IsOptional()
  @Transform(trimmedNumber)
  @IsInt({ message: 'Page must be a whole number' })
  @Min(1, { message: 'Page must be 1 or more' })
  @Max(100000, { message: 'Page is too large' })
  page?: number;
}

/** The filter keys that appear in the URL, in a stable order (for links and the API). */
export const FINDING_FILTER_KEYS = [
  'force',
  'report',
  'year',
  'kind',
  'status',
  'raised',
  'owner',
  'theme',
  'q',
] as const;
export type FindingFilterKey = (typeof FINDING_FILTER_KEYS)[number];
