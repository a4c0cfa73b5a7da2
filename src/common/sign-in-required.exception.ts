import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Thrown when a page needs a signed-in user: the error filter sends a browser to the sign-in page
 * (coming back to `returnTo` afterwards); the API gets 401.
 */
export class SignInRequiredException extends HttpException {
  constructor(readonly returnTo: string) {
    super('Sign in to continue', HttpStatus.UNAUTHORIZED);
  }
}
