import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { MyWorkController } from './my-work.controller';
import { MyWorkService } from './my-work.service';

@Module({
  imports: [FindingsModule],
  controllers: [MyWorkController],
  providers: [MyWorkService],
})
export class MyWorkModule {}
