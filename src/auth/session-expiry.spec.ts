import { activityRefreshMs, checkSession, type SessionCheck } from './session-expiry';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;

/**
 * A user making a request every stepMs from START until untilMs, with the session recorded as the
 * app records it; returns the time of the first request that found the session ended, if any.
 */
function browse(idleMinutes: number, stepMs: number, untilMs: number): number | null {
  const session = { lastSeenAt: new Date(START).toISOString(), expiresAt: new Date(START + 12 * HOUR).toISOString() };
  for (let now = START + stepMs; now <= untilMs; now += stepMs) {
    const check: SessionCheck = checkSession(session, now, idleMinutes);
    if (check === 'ended') {
      return now;
    }
    if (check === 'record_activity') {
      session.lastSeenAt = new Date(now).toISOString();
    }
  }
  return null;
}

describe('activityRefreshMs', () => {
  it('records activity once a minute at most, and within each tenth of a short idle limit', () => {
    expect(activityRefreshMs(30)).toBe(60_000);
    expect(activityRefreshMs(10)).toBe(60_000);
    expect(activityRefreshMs(5)).toBe(30_000);
    expect(activityRefreshMs(1)).toBe(6_000);
  });
});

describe('checkSession', () => {
  it('keeps an active session alive with a one-minute idle limit (a request every 5 or 50 seconds for 2 hours)', () => {
    expect(browse(1, 5_000, START + 2 * HOUR)).toBeNull();
    expect(browse(1, 50_000, START + 2 * HOUR)).toBeNull();
  });

  it('keeps an active session alive with the default 30 minutes (a request every 29 minutes)', () => {
    expect(browse(30, 29 * 60_000, START + 11 * HOUR)).toBeNull();
  });

  it('ends a session idle for longer than the limit, and never sooner than nine tenths of it', () => {
    expect(browse(1, 61_000, START + HOUR)).toBe(START + 61_000);
    // A request every 5 s (activity recorded every 10 s), then a pause: the session survives a pause
    // of nine tenths of the limit after the latest request, whenever its activity was last recorded.
    const session = { lastSeenAt: new Date(START).toISOString(), expiresAt: new Date(START + HOUR).toISOString() };
    const latest = START + 5 * 60_000 + 5_000;
    for (let now = START + 5_000; now <= latest; now += 5_000) {
      if (checkSession(session, now, 1) === 'record_activity') {
        session.lastSeenAt = new Date(now).toISOString();
      }
    }
    expect(Date.parse(session.lastSeenAt)).toBeLessThan(latest);
    expect(checkSession(session, latest + 54_000, 1)).not.toBe('ended');
    expect(checkSession(session, latest + 60_001, 1)).toBe('ended');
  });

  it('records activity only once the refresh interval has passed', () => {
    const session = { lastSeenAt: new Date(START).toISOString(), expiresAt: new Date(START + HOUR).toISOString() };
    expect(checkSession(session, START + 5_999, 1)).toBe('active');
    expect(checkSession(session, START + 6_000, 1)).toBe('record_activity');
    expect(checkSession(session, START + 59_999, 30)).toBe('active');
    expect(checkSession(session, START + 60_000, 30)).toBe('record_activity');
  });

  it('ends a session past its absolute expiry however active, and one with an unreadable time', () => {
    const session = { lastSeenAt: new Date(START).toISOString(), expiresAt: new Date(START + 1_000).toISOString() };
    expect(checkSession(session, START + 1_001, 30)).toBe('ended');
    expect(checkSession({ lastSeenAt: 'not a time', expiresAt: session.expiresAt }, START, 30)).toBe('ended');
  });
});
