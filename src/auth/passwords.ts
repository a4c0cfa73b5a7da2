import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are hashed with scrypt (memory-hard), N = 2^15, r = 8, p = 1 (32 MiB per hash), a
 * 16-byte random salt and a 32-byte key. The parameters are stored with the hash so they can be
 * raised later without invalidating existing passwords.
 */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) {
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches, to spend the same time checking an unknown username. */
export const UNUSABLE_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

export const MIN_PASSWORD_LENGTH = 12;
const COMMON_PASSWORDS = new Set([
  'password1234',
  'passwordpassword',
  '123456789012',
  'qwertyuiopas',
  'letmein12345',
  'changeme1234',
  'welcome12345',
]);

/** The minimum password policy: 12+ characters, not one repeated character, not the username, not a common password. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 200) {
    problems.push('Password must be 200 characters or fewer');
  }
  if (/^(.)\1*$/.test(password)) {
    problems.push('Password must not be one character repeated');
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('Password must not contain the username');
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    problems.push('Password is too common');
  }
  return problems;
}

/** A random password for the first administrator when none is given. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
