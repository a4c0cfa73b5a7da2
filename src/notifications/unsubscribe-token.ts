import { createHmac, timingSafeEqual } from 'node:crypto';
import { isNotificationKind, type NotificationKind } from './notification-kinds';

/** What an unsubscribe link says: this user stops this kind of email. */
export interface UnsubscribeRequest {
  userId: number;
  kind: NotificationKind;
}

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** A token for an unsubscribe link: the request, and its HMAC-SHA256 under the app's secret. */
export function signUnsubscribe(secret: string, request: UnsubscribeRequest): string {
  const payload = Buffer.from(JSON.stringify({ u: request.userId, k: request.kind })).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/** The request a token carries when its signature is the app's; null for anything else. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeRequest | null {
  const [payload, given, ...rest] = token.split('.');
  if (!payload || !given || rest.length > 0) {
    return null;
  }
  const expected = Buffer.from(signature(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return null;
  }
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; k?: unknown };
    return Number.isInteger(value.u) && isNotificationKind(value.k)
      ? { userId: value.u as number, kind: value.k }
      : null;
  } catch {
    return null;
  }
}
