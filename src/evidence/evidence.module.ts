import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Action } from '../actions/action.entity';
import { EnvironmentVariables } from '../config/env.validation';
import { FindingsModule } from '../findings/findings.module';
import { EvidenceController } from './evidence.controller';
import { Evidence } from './evidence.entity';
import { EvidenceService } from './evidence.service';
import { EvidenceStorage } from './evidence-storage';

@Module({
  imports: [
    TypeOrmModule.forFeature([Evidence, Action]),
    FindingsModule,
    // Files are held in memory, one at a time, and refused by multer one byte past the limit.
    MulterModule.registerAsync({
      inject: [EnvironmentVariables],
      useFactory: (env: EnvironmentVariables) => ({
        limits: { fileSize: env.MAX_UPLOAD_MB * 1024 * 1024 + 1, files: 1, fields: 20 },
      }),
    }),
  ],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceStorage],
})
export class EvidenceModule {}
