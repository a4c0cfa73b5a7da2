import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Action } from '../findings/action.entity';
import { Finding } from '../findings/finding.entity';
import { FindingsModule } from '../findings/findings.module';
import { FindingUpdate } from '../findings/finding-update.entity';
import { MyWorkController } from './my-work.controller';
import { MyWorkService } from './my-work.service';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, Action, FindingUpdate]), FindingsModule],
  controllers: [MyWorkController],
  providers: [MyWorkService],
})
export class MyWorkModule {}
