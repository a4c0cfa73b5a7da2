import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, type MulterModuleOptions } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { CSRF_HEADER, CSRF_REFUSED, tokensMatch, UPLOAD_FORM } from './access.guard';
import type { TrackerRequest } from './session.middleware';

/**
 * Checks the CSRF token of a multipart upload once multer has read the form, before any pipe or
 * the handler runs: the x-csrf-token header (which the guard has already checked) or else the
 * form's hidden _csrf field. The field is then removed, so the DTOs never see it.
 */
@Injectable()
export class UploadCsrfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TrackerRequest>();
    const body = request.body as Record<string, unknown> | undefined;
    if (request.is('multipart/form-data')) {
      if (!tokensMatch(request.csrfToken, request.headers[CSRF_HEADER] ?? body?._csrf)) {
        throw new ForbiddenException(CSRF_REFUSED);
      }
    }
    if (body && typeof body === 'object' && '_csrf' in body) {
      delete body._csrf;
    }
    return next.handle();
  }
}

/**
 * A route that takes a file from a multipart form: multer reads the one file `field` (with these
 * options, or the module's), then UploadCsrfInterceptor checks the form's CSRF token. The guard
 * lets such a request through to be checked here, because it cannot read a multipart body; every
 * other route needs the token in a urlencoded body or the header. Put @UploadForm above any
 * interceptor that shows a refused form again, so that one sees this one's refusals too.
 */
export function UploadForm(field: string, options?: MulterModuleOptions) {
  return applyDecorators(
    SetMetadata(UPLOAD_FORM, true),
    // File names arrive as UTF-8 bytes (what browsers send): read them so, not as Latin-1.
    UseInterceptors(FileInterceptor(field, options && { defParamCharset: 'utf8', ...options }), UploadCsrfInterceptor),
  );
}
