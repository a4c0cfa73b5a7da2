import { Module } from '@nestjs/common';
import { DefaultDataService } from './default-data.service';

@Module({
  providers: [DefaultDataService],
  exports: [DefaultDataService],
})
export class DefaultDataModule {}
