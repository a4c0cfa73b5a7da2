import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const secret = 'a secret of the app';

  it('carries the user and the kind of message, checked by its signature', () => {
    const token = signUnsubscribe(secret, { userId: 42, kind: 'digest' });
    expect(verifyUnsubscribe(secret, token)).toEqual({ userId: 42, kind: 'digest' });
  });

  it('refuses a token signed with another secret, altered, or malformed', () => {
    const token = signUnsubscribe(secret, { userId: 42, kind: 'digest' });
    expect(verifyUnsubscribe('another secret', token)).toBeNull();
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ u: 43, k: 'digest' })).toString('base64url')}.${signature}`;
    expect(verifyUnsubscribe(secret, forged)).toBeNull();
    expect(verifyUnsubscribe(secret, 'nonsense')).toBeNull();
    expect(verifyUnsubscribe(secret, `${token}.x`)).toBeNull();
  });

  it('refuses a signed token naming no known kind', () => {
    const token = signUnsubscribe(secret, { userId: 1, kind: 'nothing' as 'digest' });
    expect(verifyUnsubscribe(secret, token)).toBeNull();
  });
});
