import { describeSendError, MAX_SEND_ATTEMPTS, nextAttemptAfterFailure } from './outbox-retry';

describe('nextAttemptAfterFailure', () => {
  const failedAt = new Date('2026-01-01T09:00:00.000Z');

  it('waits one minute, then twice as long after each failure, at most six hours', () => {
    expect(nextAttemptAfterFailure(1, failedAt)?.toISOString()).toBe('2026-01-01T09:01:00.000Z');
    expect(nextAttemptAfterFailure(2, failedAt)?.toISOString()).toBe('2026-01-01T09:02:00.000Z');
    expect(nextAttemptAfterFailure(4, failedAt)?.toISOString()).toBe('2026-01-01T09:08:00.000Z');
    expect(
      nextAttemptAfterFailure(MAX_SEND_ATTEMPTS - 1, failedAt)!.getTime() - failedAt.getTime(),
    ).toBeLessThanOrEqual(6 * 60 * 60_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptAfterFailure(MAX_SEND_ATTEMPTS, failedAt)).toBeNull();
  });
});

describe('describeSendError', () => {
  it('says the code and the server’s answer', () => {
    const error = Object.assign(new Error('Mail command failed'), { code: 'EENVELOPE', response: '451 Try later' });
    expect(describeSendError(error)).toBe('EENVELOPE: 451 Try later');
    expect(describeSendError('down')).toBe('down');
  });
});
