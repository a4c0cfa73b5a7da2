import { Matches } from 'class-validator';

export class ReportKeyParams {
  @Matches(/^[a-z0-9-]{1,100}$/, { message: 'No report has that identifier' })
  key: string;
}
