import { bearerTokenOf } from './access.guard';
import { tokenState } from './api-tokens.service';

describe('bearerTokenOf', () => {
  const withHeader = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } });

  it('reads the token of a Bearer header, whatever the scheme’s case', () => {
    expect(bearerTokenOf(withHeader('Bearer ift_abc-DEF_123'))).toBe('ift_abc-DEF_123');
    expect(bearerTokenOf(withHeader('bearer   ift_abc'))).toBe('ift_abc');
  });

  it('is null without a Bearer header, and empty for one without a usable token', () => {
    expect(bearerTokenOf(withHeader())).toBeNull();
    expect(bearerTokenOf(withHeader('Basic dXNlcjpwYXNz'))).toBeNull();
    expect(bearerTokenOf(withHeader('Bearer'))).toBe('');
    expect(bearerTokenOf(withHeader('Bearer two tokens'))).toBe('');
    expect(bearerTokenOf(withHeader(`Bearer ${'a'.repeat(201)}`))).toBe('');
  });
});

describe('tokenState', () => {
  const now = '2026-06-01T12:00:00.000Z';

  it('is active until its expiry, expired from it, and revoked once revoked whatever its expiry', () => {
    expect(tokenState({ expiresAt: '2026-06-01T12:00:00.001Z', revokedAt: null }, now)).toBe('active');
    expect(tokenState({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(tokenState({ expiresAt: '2026-05-01T00:00:00.000Z', revokedAt: '2026-04-01T00:00:00.000Z' }, now)).toBe(
      'revoked',
    );
  });
});
