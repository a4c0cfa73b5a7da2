import { BadRequestException, CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ApiTokenRefusedException } from '../common/api-token-refused.exception';
import { SignInRequiredException } from '../common/sign-in-required.exception';
import { ACCESS_RULE, type AccessRule } from '../access/allow.decorator';
import { can, type Permission } from '../access/roles';
import { API_TOKEN_REFUSALS, ApiTokensService } from './api-tokens.service';
import type { TrackerRequest } from './session.middleware';

export const CSRF_REFUSED =
  'The form could not be sent because it expired or did not come from this service. Go back, reload the page and try again.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request header a script sends the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** Metadata of a route whose multipart form carries its CSRF token in the body (see UploadForm). */
export const UPLOAD_FORM = 'upload-form';

/** The only addresses that take a personal API token (`Authorization: Bearer`): the versioned API. */
export const API_TOKEN_PATH = '/api/v1/';

/**
 * The token of an `Authorization: Bearer …` header ('' when the header names Bearer but holds no usable token);
 * null without one.
 */
export function bearerTokenOf(request: Pick<TrackerRequest, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^bearer(\s|$)/i.test(header.trim())) {
    return null;
  }
  const token = header.trim().slice('bearer'.length).trim();
  return /^[A-Za-z0-9._~+/=-]{1,200}$/.test(token) ? token : '';
}

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
 *
 * A request with `Authorization: Bearer` (a script with a personal API token) is let in only under /api/v1 and
 * without the session cookie; it acts as the token's user (the same permission check, and the user's scope in the
 * services), a read token only reads, and it needs no CSRF token: nothing a browser sends by itself carries it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
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
    const bearer = bearerTokenOf(request);
    if (bearer !== null) {
      return this.tokenGate(context, request, rule, bearer);
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

  /** The gate for a bearer request: the token's user, the route's permission, and the token's scope. */
  private async tokenGate(
    context: ExecutionContext,
    request: TrackerRequest,
    rule: Permission,
    bearer: string,
  ): Promise<boolean> {
    if (request.sessionId !== undefined) {
      throw new BadRequestException('Send either an API token or the session cookie, not both');
    }
    if (!request.path.startsWith(API_TOKEN_PATH)) {
      throw new ApiTokenRefusedException(`API tokens are accepted only by ${API_TOKEN_PATH}`);
    }
    const resolved = bearer === '' ? null : await this.apiTokens.resolve(bearer);
    if (!resolved?.ok) {
      throw new ApiTokenRefusedException(API_TOKEN_REFUSALS[resolved?.refusal ?? 'unknown']);
    }
    request.user = resolved.user;
    request.apiToken = resolved.token;
    // As for a session: what a user's token reads is theirs alone.
    context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    if (!can(request.user.role, rule)) {
      throw new ForbiddenException('Your role does not allow this');
    }
    if (!SAFE_METHODS.has(request.method) && resolved.token.scope !== 'read_write') {
      throw new ForbiddenException('This API token may only read: make a read and write token to change findings');
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
