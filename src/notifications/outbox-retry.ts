/** Attempts before a message is given up as failed. */
export const MAX_SEND_ATTEMPTS = 8;

const FIRST_DELAY_MS = 60_000;
const LONGEST_DELAY_MS = 6 * 60 * 60_000;

/**
 * When a message that could not be sent is tried again: one minute after the first failure, doubling each time
 * (2, 4, 8 … minutes) up to six hours; null once the last attempt has failed.
 */
export function nextAttemptAfterFailure(attempts: number, failedAt: Date): Date | null {
  if (attempts >= MAX_SEND_ATTEMPTS) {
    return null;
  }
  const delay = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_DELAY_MS);
  return new Date(failedAt.getTime() + delay);
}

/** A mail server's refusal or a connection failure, said briefly for the outbox (never a stack trace). */
export function describeSendError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: string; responseCode?: number }).code;
    const response = (error as Error & { response?: string }).response;
    return [code, response ?? error.message].filter(Boolean).join(': ').slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}
