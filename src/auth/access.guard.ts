import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { SignInRequiredException } from '../common/sign-in-required.exception';
import { ACCESS_RULE, type AccessRule } from '../access/allow.decorator';
import { can } from '../access/roles';
import type { TrackerRequest } from './session.middleware';

export const CSRF_REFUSED =
  'The form could not be sent because it expired or did not come from this service. Go back, reload the page and try again.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request header a script sends the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** Metadata of a route whose multipart form carries its CSRF token in the body (see UploadForm). */
export const UPLOAD_FORM = 'upload-form';

export function tokensMatch(expected: string | undefined, actual: unknown): boolean {
  if (!expected || typeof actual !== 'string') {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The single gate for every route: it must carry an @Allow rule (a route without one is refused,
 * so nothing is open by accident); the user must be signed in and hold the permission; and every
 * state-changing request must carry the session's CSRF token: the form field _csrf or the header
 * x-csrf-token. A multipart form's body is read only after this guard, by multer, so a multipart
 * request without the header is let on only to an @UploadForm route, whose interceptor checks the
 * form's _csrf field as soon as multer has read it, before anything else runs; elsewhere it is
 * refused. A token is never taken from the address: addresses end up in logs and browser history.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<TrackerRequest>();
    if (!rule) {
      throw new ForbiddenException('This address has no access rule');
    }
    if (rule === 'anonymous') {
      return true;
    }
    if (!request.user) {
      throw new SignInRequiredException(request.method === 'GET' ? request.originalUrl : '/');
    }
    if (!can(request.user.role, rule)) {
      throw new ForbiddenException('You do not have access to this page');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const body = request.body as Record<string, unknown> | undefined;
      const header = request.headers[CSRF_HEADER];
      if (header === undefined && request.is('multipart/form-data') && this.isUploadForm(context)) {
        return true; // checked by UploadCsrfInterceptor once multer has read the form
      }
      if (!tokensMatch(request.csrfToken, body?._csrf ?? header)) {
        throw new ForbiddenException(CSRF_REFUSED);
      }
      // Checked; the DTOs never see it.
      if (body && '_csrf' in body) {
        delete body._csrf;
      }
    }
    return true;
  }

  private isUploadForm(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(UPLOAD_FORM, [context.getHandler(), context.getClass()]) ===
      true
    );
  }
}
