import { hashPassword, passwordProblems, randomPassword, UNUSABLE_HASH, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    await expect(verifyPassword('correct horse battery', first)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', first)).resolves.toBe(false);
  });

  it('never matches the unusable hash', async () => {
    await expect(verifyPassword('', UNUSABLE_HASH)).resolves.toBe(false);
  });

  it('applies the minimum policy', () => {
    expect(passwordProblems('short', 'amy')).toContain('Password must be at least 12 characters');
    expect(passwordProblems('aaaaaaaaaaaaaa', 'amy')).toContain('Password must not be one character repeated');
    expect(passwordProblems('amy-is-great-2026', 'amy')).toContain('Password must not contain the username');
    expect(passwordProblems('Password1234', 'amy')).toContain('Password is too common');
    expect(passwordProblems('a long enough passphrase', 'amy')).toEqual([]);
  });

  it('makes random passwords that pass the policy', () => {
    const password = randomPassword();
    expect(passwordProblems(password, 'admin')).toEqual([]);
  });
});
