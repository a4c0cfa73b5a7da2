import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { BOARD_PACK_FORMATS, type BoardPackFormat } from './board-pack.query';

export class SnapshotParams {
  @Type(() => Number)
  @IsInt({ message: 'There is no such saved board pack' })
  @Min(1, { message: 'There is no such saved board pack' })
  id: number;
}

export class FormatQuery {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsIn(BOARD_PACK_FORMATS, { message: `Format must be one of ${BOARD_PACK_FORMATS.join(', ')}` })
  format?: BoardPackFormat;
}

export class CompareQuery {
  @Type(() => Number)
  @IsInt({ message: 'Choose the saved pack to compare with' })
  @Min(1, { message: 'Choose the saved pack to compare with' })
  with: number;
}
