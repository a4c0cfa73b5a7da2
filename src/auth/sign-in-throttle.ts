/** Failures within this window count. */
export const THROTTLE_WINDOW_MINUTES = 15;
/** Failures for one username before each further attempt is slowed. */
export const SLOW_AFTER_FAILURES = 3;
/** Failures for one username (or many from one address) before sign-in is locked for the window. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_AFTER_FAILURES_FROM_ONE_ADDRESS = 30;

export type ThrottleDecision = { locked: true; minutes: number } | { locked: false; delayMs: number };

/**
 * What to do with a sign-in attempt given recent failures (for the name typed, and from the
 * address): slow it a little more with each failure after the third, and lock after ten. The same
 * answer whether or not the username exists, so it reveals nothing.
 */
export function throttleDecision(
  failuresForName: number,
  failuresFromAddress: number,
  slowdownMs: number,
): ThrottleDecision {
  if (failuresForName >= LOCK_AFTER_FAILURES || failuresFromAddress >= LOCK_AFTER_FAILURES_FROM_ONE_ADDRESS) {
    return { locked: true, minutes: THROTTLE_WINDOW_MINUTES };
  }
  const extra = Math.max(0, failuresForName - SLOW_AFTER_FAILURES + 1);
  return { locked: false, delayMs: Math.min(extra * slowdownMs, 5 * slowdownMs) };
}
