import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { EvidenceModule } from '../evidence/evidence.module';
import { FindingsModule } from '../findings/findings.module';
import { ReportsModule } from '../reports/reports.module';
import { ApiDescription, apiDocumentConfig } from './api-description';
import { ApiDocsController } from './api-docs.controller';
import { FindingVersions } from './finding-versions';
import { FindingsV1Controller } from './findings-v1.controller';
import { ReportsV1Controller } from './reports-v1.controller';

/** The versioned JSON API (/api/v1) and its OpenAPI description (/api/v1/openapi.json, /api/docs). */
@Module({
  imports: [FindingsModule, ReportsModule, EvidenceModule],
  controllers: [ReportsV1Controller, FindingsV1Controller, ApiDocsController],
  providers: [ApiDescription, FindingVersions],
})
export class ApiModule {}

/** Has the app's API description generated from this module's controllers and DTOs (called by configureApp). */
export function describeApi(app: INestApplication): void {
  app
    .get(ApiDescription)
    .describeWith(() => SwaggerModule.createDocument(app, apiDocumentConfig(), { include: [ApiModule] }));
}
