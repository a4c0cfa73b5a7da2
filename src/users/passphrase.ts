import { randomInt } from 'node:crypto';

/** Lower-case letters and digits that cannot be misread for one another (no i, l, o, 0 or 1). */
export const PASSPHRASE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A new password an administrator or lead reads out or copies to the person: four groups of five
 * characters joined by dashes (23 characters, about 99 bits), each character chosen by a
 * cryptographically secure random number (`pick` is swapped only in tests).
 */
export function readablePassphrase(pick: (max: number) => number = randomInt): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let text = '';
    for (let index = 0; index < GROUP_LENGTH; index += 1) {
      text += PASSPHRASE_ALPHABET[pick(PASSPHRASE_ALPHABET.length)];
    }
    groups.push(text);
  }
  return groups.join('-');
}
