import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A bearer token the API cannot accept (unknown, expired, revoked, or sent where tokens are not taken): 401, and the
 * error filter adds `WWW-Authenticate: Bearer … error="invalid_token"` (RFC 6750) with this message.
 */
export class ApiTokenRefusedException extends HttpException {
  constructor(message: string) {
    super(message, HttpStatus.UNAUTHORIZED);
  }
}
