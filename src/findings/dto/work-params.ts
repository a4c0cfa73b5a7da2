import { Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';

export class FindingParams {
  @IsString()
  @MaxLength(200, { message: 'No finding has that reference' })
  reference: string;
}

export class ActionParams extends FindingParams {
  @Type(() => Number)
  @IsInt({ message: 'No such action' })
  @Min(1, { message: 'No such action' })
  actionId: number;
}

export class EvidenceParams extends FindingParams {
  @Type(() => Number)
  @IsInt({ message: 'No such evidence' })
  @Min(1, { message: 'No such evidence' })
  evidenceId: number;
}
