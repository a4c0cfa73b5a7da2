import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiTokenScope } from '../auth/api-token.entity';
import type { Role } from './roles';

/** The signed-in person, as the session middleware attaches it to the request. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The user's force (null for inspectors and administrators). */
  forceId: number | null;
  forceCode: string | null;
  forceName: string | null;
  /**
   * The team or role this user acts for, matched against finding and action owners (e.g. "Force vetting unit (FVU)").
   */
  team: string | null;
  previousSignInAt: string | null;
}

/** The personal API token a request came with (`Authorization: Bearer`); none for a browser session. */
export interface ApiTokenUse {
  id: number;
  name: string;
  scope: ApiTokenScope;
}

/** What services need to know to log a change: who, from which address (and through which API token, if any). */
export interface Actor {
  user: CurrentUser;
  ip: string;
  apiToken?: ApiTokenUse;
}

export const User = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentUser | undefined => {
  return context.switchToHttp().getRequest<Request & { user?: CurrentUser }>().user;
});

export const RequestActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { user?: CurrentUser; apiToken?: ApiTokenUse }>();
  const actor: Actor = { user: request.user!, ip: request.ip ?? 'unknown' };
  if (request.apiToken) {
    actor.apiToken = request.apiToken;
  }
  return actor;
});
