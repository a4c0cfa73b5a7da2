import { IsString, MaxLength } from 'class-validator';

export class FindingReferenceParams {
  /** Any text is looked up; what matches no finding is a 404 page, never a 400 or a 500. */
  @IsString()
  @MaxLength(200, { message: 'No finding has that reference' })
  reference: string;
}
