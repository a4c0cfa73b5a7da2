import { passwordProblems } from '../auth/passwords';
import { PASSPHRASE_ALPHABET, readablePassphrase } from './passphrase';

describe('readablePassphrase', () => {
  it('gives four dash-separated groups of five unambiguous characters', () => {
    const passphrase = readablePassphrase();
    expect(passphrase).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(passphrase.length).toBeGreaterThanOrEqual(16);
    expect(passphrase).not.toMatch(/[il01o]/);
    expect(passwordProblems(passphrase, 'someone')).toEqual([]);
  });

  it('takes every character from the random source', () => {
    let next = 0;
    const passphrase = readablePassphrase((max) => {
      expect(max).toBe(PASSPHRASE_ALPHABET.length);
      return next++ % max;
    });
    expect(passphrase).toBe('abcde-fghjk-mnpqr-stuvw');
  });

  it('differs each time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => readablePassphrase()));
    expect(seen.size).toBe(50);
  });
});
