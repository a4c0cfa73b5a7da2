import { IsString, MaxLength } from 'class-validator';

export class ReportKeyParams {
  /** Any text is looked up; what matches no report is a 404 page. */
  @IsString()
  @MaxLength(200, { message: 'No report has that identifier' })
  key: string;
}
