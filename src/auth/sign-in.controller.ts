import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { EnvironmentVariables } from '../config/env.validation';
import { CSRF_REFUSED, tokensMatch } from './access.guard';
import { Allow } from '../access/allow.decorator';
import { AuthService } from './auth.service';
import { clearCookie, readCookies, SESSION_COOKIE, setCookie, SIGN_IN_CSRF_COOKIE } from './cookies';
import { SignInDto, SignInQuery } from './dto/sign-in.dto';
import type { TrackerRequest } from './session.middleware';

/** Only a path on this site may be returned to after signing in (never another host). */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : '/';
}

@Controller()
export class SignInController {
  constructor(
    private readonly authService: AuthService,
    private readonly env: EnvironmentVariables,
  ) {}

  @Get('sign-in')
  @Allow('anonymous')
  signInPage(@Req() request: TrackerRequest, @Res() response: Response, @Query() query: SignInQuery): void {
    if (request.user) {
      response.redirect(303, safeReturnTo(query.returnTo));
      return;
    }
    this.renderForm(request, response, 200, { returnTo: safeReturnTo(query.returnTo) });
  }

  @Post('sign-in')
  @Allow('anonymous')
  async signIn(@Req() request: TrackerRequest, @Res() response: Response, @Body() body: SignInDto): Promise<void> {
    const returnTo = safeReturnTo(body.returnTo);
    if (!tokensMatch(readCookies(request)[SIGN_IN_CSRF_COOKIE], body._csrf)) {
      this.renderForm(request, response, 403, { returnTo, username: body.username, error: CSRF_REFUSED });
      return;
    }
    const result = await this.authService.signIn(body.username, body.password, request.ip ?? 'unknown');
    if (!result.ok) {
      this.renderForm(request, response, 401, { returnTo, username: body.username, error: result.message });
      return;
    }
    clearCookie(request, response, SIGN_IN_CSRF_COOKIE);
    setCookie(request, response, SESSION_COOKIE, result.token, {
      maxAgeMs: this.env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    });
    response.redirect(303, returnTo);
  }

  @Post('sign-out')
  @Allow('read')
  @HttpCode(303)
  async signOut(@Req() request: TrackerRequest, @Res() response: Response): Promise<void> {
    await this.authService.signOut(request.sessionId!, request.user!, request.ip ?? 'unknown');
    clearCookie(request, response, SESSION_COOKIE);
    response.redirect(303, '/sign-in');
  }

  /** The sign-in form carries a double-submit token (cookie + field): there is no session yet to bind it to. */
  private renderForm(
    request: TrackerRequest,
    response: Response,
    status: number,
    values: { returnTo: string; username?: string; error?: string },
  ): void {
    const token = randomBytes(32).toString('base64url');
    setCookie(request, response, SIGN_IN_CSRF_COOKIE, token, { sameSite: 'strict' });
    response.status(status).render('auth/sign-in', { pageTitle: 'Sign in', signInCsrf: token, ...values });
  }
}
