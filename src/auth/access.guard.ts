import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ACCESS_RULE, type AccessRule } from './allow.decorator';
import { can } from './roles';
import type { TrackerRequest } from './session.middleware';

/** Thrown when a page needs a signed-in user: a browser is sent to the sign-in page, the API gets 401. */
export class SignInRequiredException extends HttpException {
  constructor(readonly returnTo: string) {
    super('Sign in to continue', HttpStatus.UNAUTHORIZED);
  }
}

export const CSRF_REFUSED =
  'The form could not be sent because it expired or did not come from this service. Go back, reload the page and try again.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
 * state-changing request must carry the session's CSRF token (form field _csrf, header
 * x-csrf-token, or for file uploads the _csrf query parameter, since the body is read later).
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
      const query = request.query as Record<string, unknown>;
      const sent =
        body?._csrf ?? request.headers['x-csrf-token'] ?? (request.is('multipart/form-data') ? query._csrf : undefined);
      if (!tokensMatch(request.csrfToken, sent)) {
        throw new ForbiddenException(CSRF_REFUSED);
      }
      // Checked; the DTOs never see it.
      if (body && '_csrf' in body) {
        delete body._csrf;
      }
    }
    return true;
  }
}
