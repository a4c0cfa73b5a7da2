import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Action } from '../findings/action.entity';
import { EnvironmentVariables } from '../config/env.validation';
import { FindingsModule } from '../findings/findings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { EvidenceController } from './evidence.controller';
import { Evidence } from './evidence.entity';
import { EvidenceService } from './evidence.service';
import { DatabaseEvidenceStorage } from './database-evidence-storage';
import { EvidenceStorage } from './evidence-storage';
import { EvidenceStorageMaintenance } from './evidence-storage-maintenance';
import { FileEvidenceStorage } from './file-evidence-storage';

@Module({
  imports: [
    TypeOrmModule.forFeature([Evidence, Action]),
    FindingsModule,
    NotificationsModule,
    // Files are held in memory, one at a time, and refused by multer one byte past the limit. File names
    // arrive as UTF-8 bytes (what browsers send): read them so, not as Latin-1, so "ŵŷ" stays "ŵŷ".
    MulterModule.registerAsync({
      inject: [EnvironmentVariables],
      useFactory: (env: EnvironmentVariables) => ({
        limits: { fileSize: env.MAX_UPLOAD_MB * 1024 * 1024 + 1, files: 1, fields: 20 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [EvidenceController],
  exports: [EvidenceService],
  providers: [
    EvidenceService,
    FileEvidenceStorage,
    DatabaseEvidenceStorage,
    // Chosen at start: files under DATA_DIR/uploads with SQLite; the shared database with PostgreSQL,
    // where several app instances must all read every file.
    {
      provide: EvidenceStorage,
      inject: [DataSource, FileEvidenceStorage, DatabaseEvidenceStorage],
      useFactory: (dataSource: DataSource, files: FileEvidenceStorage, database: DatabaseEvidenceStorage) =>
        dataSource.options.type === 'postgres' ? database : files,
    },
    EvidenceStorageMaintenance,
  ],
})
export class EvidenceModule {}
