import { Injectable } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';

export const API_DESCRIPTION = [
  'The inspection findings tracker’s data: reports, findings (with the findings page’s filters and paging), one',
  'finding with its lineage and history, and the changes a force user makes on a finding’s page.',
  '',
  '**Authentication.** A script sends a personal API token, made on the tracker’s *API tokens* page, as',
  '`Authorization: Bearer <token>`. It acts as its user: it sees only what the user may see (another force’s item is',
  'a 404) and does only what the user may do; a read-only token is refused any change (403). An expired or revoked',
  'token is a 401 with `WWW-Authenticate: Bearer`. Do not send the session cookie with a token. A signed-in browser',
  'may call the API with its session instead, sending changes with the `x-csrf-token` header.',
  '',
  '**Versions.** `GET /api/v1/findings/{reference}` answers with an `ETag`; every change sends it back as',
  '`If-Match`. A change without it is refused (428); one made from an older version is refused (412) and changes',
  'nothing. Each change answers with the finding as it now is and its new `ETag`.',
  '',
  '**Errors** are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`,',
  '`instance`, and for a refused request `errors`, each with its `field` and `message`.',
].join('\n');

/** The document's fixed part; the paths and schemas come from the /api/v1 controllers and DTOs. */
export function apiDocumentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Inspection findings tracker API')
    .setDescription(API_DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A personal API token (API tokens page)' })
    .build();
}

/**
 * The OpenAPI document of /api/v1, generated from the code by @nestjs/swagger once the app is assembled
 * (`describeApi()` in api.module.ts, called by configureApp) and built on first request.
 */
@Injectable()
export class ApiDescription {
  private factory: (() => OpenAPIObject) | null = null;
  private built: OpenAPIObject | null = null;

  describeWith(factory: () => OpenAPIObject): void {
    this.factory = factory;
    this.built = null;
  }

  document(): OpenAPIObject {
    if (!this.factory) {
      throw new Error('The API description is not set up: configureApp() calls describeApi()');
    }
    this.built ??= this.factory();
    return this.built;
  }
}
