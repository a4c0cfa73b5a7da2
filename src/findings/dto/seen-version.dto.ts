import { Type } from 'class-transformer';
import { IsInt, IsISO8601, Min } from 'class-validator';

/** Hidden fields of every form that changes a finding: the version shown, and when the page was loaded. */
export class SeenVersionDto {
  @Type(() => Number)
  @IsInt({ message: 'The form is missing the finding’s version; reload the page' })
  @Min(1)
  version: number;

  @IsISO8601({ strict: true }, { message: 'The form is missing when it was loaded; reload the page' })
  loadedAt: string;
}
