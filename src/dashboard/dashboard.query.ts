import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';

/** The dashboard's one choice: for inspectors and administrators, the organisation in view (all when absent). */
export class DashboardQuery {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined,
  )
  @Matches(/^[A-Za-z]{2,8}$/, { message: 'Force must be a force code such as DER' })
  force?: string;
}
