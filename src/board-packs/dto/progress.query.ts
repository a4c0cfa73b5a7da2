import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

export class ProgressQuery {
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(40)
  reference?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(80)
  theme?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['html', 'csv', 'xlsx'], { message: 'Format must be html, csv or xlsx' })
  format?: 'html' | 'csv' | 'xlsx';
}
