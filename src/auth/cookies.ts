import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'tracker_session';
export const SIGN_IN_CSRF_COOKIE = 'tracker_sign_in_csrf';

/** The cookies of a request (Express 5 does not parse them without middleware). */
export function readCookies(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) {
      const name = part.slice(0, index).trim();
      try {
        cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        // A malformed cookie is ignored.
      }
    }
  }
  return cookies;
}

/** Cookies are HttpOnly, SameSite and Secure whenever the request came over TLS (directly or via a trusted proxy). */
export function setCookie(
  request: Request,
  response: Response,
  name: string,
  value: string,
  options: { maxAgeMs?: number; sameSite?: 'lax' | 'strict' } = {},
): void {
  response.cookie(name, value, {
    httpOnly: true,
    sameSite: options.sameSite ?? 'lax',
    secure: request.secure,
    path: '/',
    ...(options.maxAgeMs !== undefined ? { maxAge: options.maxAgeMs } : {}),
  });
}

export function clearCookie(request: Request, response: Response, name: string): void {
  response.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
}
