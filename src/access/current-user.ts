import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
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

/** What services need to know to log a change: who, from which address. */
export interface Actor {
  user: CurrentUser;
  ip: string;
}

export const User = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentUser | undefined => {
  return context.switchToHttp().getRequest<Request & { user?: CurrentUser }>().user;
});

export const RequestActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { user?: CurrentUser }>();
  return { user: request.user!, ip: request.ip ?? 'unknown' };
});
