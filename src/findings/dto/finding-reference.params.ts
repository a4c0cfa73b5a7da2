import { Matches } from 'class-validator';

export class FindingReferenceParams {
  /** Anything that is not a plausible reference is simply not found. */
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'No finding has that reference' })
  reference: string;
}
