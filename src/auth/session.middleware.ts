import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from './auth.service';
import { clearCookie, readCookies, SESSION_COOKIE } from './cookies';
import { FlashMessages, showsFlash } from './flash-messages';
import type { ApiTokenUse, CurrentUser } from '../access/current-user';

/** A request as the session middleware and the access guard leave it (apiToken: a bearer request's token). */
export type TrackerRequest = Request & {
  user?: CurrentUser;
  sessionId?: string;
  csrfToken?: string;
  apiToken?: ApiTokenUse;
};

/** Attaches the signed-in user (if any) to the request, and to the views as currentUser and csrfToken. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly authService: AuthService,
    private readonly flashMessages: FlashMessages,
  ) {}

  async use(request: TrackerRequest, response: Response, next: NextFunction): Promise<void> {
    try {
      const token = readCookies(request)[SESSION_COOKIE];
      if (token) {
        const session = await this.authService.resolve(token);
        if (session) {
          // What a signed-in person sees is theirs alone: no browser or proxy may keep a copy
          // (pages, the JSON API, board packs and evidence downloads; static assets are served
          // before this middleware and keep their caching).
          response.setHeader('Cache-Control', 'no-store');
          request.user = session.user;
          request.sessionId = session.id;
          request.csrfToken = session.csrfToken;
          response.locals.currentUser = session.user;
          response.locals.csrfToken = session.csrfToken;
          // The confirmation of the form just saved, shown once by the page the form redirected to.
          if (session.flash && showsFlash(request)) {
            response.locals.flash = session.flash;
            await this.flashMessages.clear(session.id, session.flash);
          }
        } else {
          clearCookie(request, response, SESSION_COOKIE);
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  }
}
