/** Last-seen is written at most this often for a session (so reading pages does not write on every request)… */
export const MAX_ACTIVITY_REFRESH_MS = 60_000;
/** …and at least once in each tenth of the idle limit, so that the limit holds for active users at any setting. */
export const ACTIVITY_REFRESH_FRACTION = 0.1;

/** What a request does with its session: end it, carry on and record the activity, or just carry on. */
export type SessionCheck = 'ended' | 'record_activity' | 'active';

/**
 * How long after the last recorded activity a request records it again: a tenth of the idle limit,
 * and never more than a minute (30 minutes idle: once a minute; 1 minute idle: every 6 seconds).
 * Last-seen therefore lags a user's latest request by less than this, and a session ends no sooner
 * than nine tenths of the idle limit after its user's latest request.
 */
export function activityRefreshMs(idleMinutes: number): number {
  return Math.min(MAX_ACTIVITY_REFRESH_MS, idleMinutes * 60_000 * ACTIVITY_REFRESH_FRACTION);
}

/**
 * The rule for a session at a request made at nowMs: ended when past its absolute expiry or idle
 * for longer than the limit (an unreadable time ends it too); otherwise active, recording the
 * activity when the last record is older than activityRefreshMs().
 */
export function checkSession(
  session: { lastSeenAt: string; expiresAt: string },
  nowMs: number,
  idleMinutes: number,
): SessionCheck {
  const lastSeen = Date.parse(session.lastSeenAt);
  const expires = Date.parse(session.expiresAt);
  if (Number.isNaN(lastSeen) || Number.isNaN(expires) || nowMs > expires || nowMs > lastSeen + idleMinutes * 60_000) {
    return 'ended';
  }
  return nowMs - lastSeen >= activityRefreshMs(idleMinutes) ? 'record_activity' : 'active';
}
