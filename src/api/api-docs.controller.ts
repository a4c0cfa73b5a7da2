import { Controller, Get, Header, Render } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { Allow } from '../access/allow.decorator';
import { ApiDescription } from './api-description';

/**
 * The published description of /api/v1, for anyone (it holds no data): the OpenAPI document as JSON, and Swagger UI
 * reading it at /api/docs (its files served from swagger-ui-dist under /vendor/swagger-ui, started by
 * public/api-docs.js: nothing inline, so the content security policy stays as strict as elsewhere).
 */
@ApiExcludeController()
@Controller()
@Allow('anonymous')
export class ApiDocsController {
  constructor(private readonly description: ApiDescription) {}

  @Get('api/v1/openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): OpenAPIObject {
    return this.description.document();
  }

  @Get('api/docs')
  @Render('api-docs/index')
  docs() {
    return { layout: false, pageTitle: 'API documentation', documentUrl: '/api/v1/openapi.json' };
  }
}
