import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ApiTokenRefusedException } from './api-token-refused.exception';
import { FormError } from './form-error';
import { loggableUrl } from './loggable-url';
import { SignInRequiredException } from './sign-in-required.exception';

interface ErrorBody {
  statusCode: number;
  error: string;
  messages: string[];
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  401: 'Sign in to continue',
  403: 'You do not have access to this page',
  404: 'Page not found',
  405: 'Method not allowed',
  413: 'The file is too large',
  500: 'Sorry, there is a problem with the service',
};

/** True when the client wants JSON: an /api/ address, or an Accept header that prefers JSON. */
export function wantsJson(request: Request): boolean {
  if (request.path === '/api' || request.path.startsWith('/api/')) {
    return true;
  }
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** The versioned API (/api/v1), whose errors are RFC 9457 problem details. */
export const PROBLEM_API_PREFIX = '/api/v1';

export function wantsProblemDetails(request: Request): boolean {
  return request.path === PROBLEM_API_PREFIX || request.path.startsWith(`${PROBLEM_API_PREFIX}/`);
}

/** An RFC 9457 problem: `type` about:blank, so `title` is the status's phrase and `detail` says what happened. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  /** For a request refused for its content: each message with the field (body, query or parameter) it is about. */
  errors?: Array<{ field: string; message: string }>;
}

const BEARER_REALM = 'Bearer realm="inspection-findings-tracker"';

/** The error as a problem, with the header a 401 owes (RFC 6750: the token's refusal named). */
function sendProblem(request: Request, response: Response, exception: unknown, body: ErrorBody): void {
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[body.statusCode] ?? body.error,
    status: body.statusCode,
    ...(body.messages.length > 0 ? { detail: body.messages.join(' ') } : {}),
    instance: request.originalUrl.split('?')[0],
    ...(exception instanceof FormError && body.statusCode < 500 ? { errors: exception.errors } : {}),
  };
  if (body.statusCode === 401) {
    response.setHeader(
      'WWW-Authenticate',
      exception instanceof ApiTokenRefusedException
        ? `${BEARER_REALM}, error="invalid_token", error_description="${body.messages.join(' ').replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')}"`
        : BEARER_REALM,
    );
  }
  response.status(body.statusCode).type('application/problem+json').send(JSON.stringify(problem));
}

function describe(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    let messages: string[] = [];
    if (typeof response === 'string') {
      messages = [response];
    } else if (response && typeof response === 'object' && 'message' in response) {
      const message = response.message;
      messages = Array.isArray(message) ? message.map(String) : [String(message)];
    }
    return { statusCode, error: TITLES[statusCode] ?? exception.name, messages };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: TITLES[500], messages: [] };
}

/**
 * One answer for every error: the site's error page for a browser, a JSON body for the API.
 * Never a stack trace or SQL: unexpected errors are logged and answered with a plain 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    if (exception instanceof SignInRequiredException && !wantsJson(request)) {
      response.redirect(303, `/sign-in?returnTo=${encodeURIComponent(exception.returnTo)}`);
      return;
    }
    const body = describe(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${loggableUrl(request.originalUrl)}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
      body.messages = [];
    }
    if (response.headersSent) {
      return;
    }
    if (wantsProblemDetails(request)) {
      sendProblem(request, response, exception, body);
      return;
    }
    if (wantsJson(request)) {
      response.status(body.statusCode).json(body);
      return;
    }
    // A page the user may not see is a 403 for their role; an item of another force is a 404 (see Scope).
    const view = body.statusCode === 404 ? 'errors/404' : body.statusCode >= 500 ? 'errors/500' : 'errors/error';
    response.status(body.statusCode).render(view, { pageTitle: body.error, ...body });
  }
}
