import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength } from 'class-validator';

export class BoardDecisionDto {
  @IsIn(['approved', 'returned'], { message: 'Select approved to close or returned' })
  decision: 'approved' | 'returned';

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string = '';
}
