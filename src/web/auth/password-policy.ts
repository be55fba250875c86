/**
 * What a web account's password must be: long enough, and not a common one (data/common-passwords.txt
 * says where the list comes from). A common word padded with digits or punctuation, or repeated,
 * is as easy to guess as the word, so those are refused too.
 */
import { readFileSync } from 'node:fs';

export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set(
  readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')),
);

/** Digits, punctuation, symbols and spaces: what people pad a word with. */
const PADDING = /[\p{N}\p{P}\p{S}\s]/u;

/** `text` without padding at either end (a loop, not an anchored regex, so it stays linear). */
function core(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && PADDING.test(chars[start]!)) start++;
  while (end > start && PADDING.test(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** The shortest unit `text` is a repetition of ("abcabc" → "abc"), or `text` itself. */
function repeatedUnit(text: string): string {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) return text.slice(0, size);
  }
  return text;
}

export type PasswordProblem = 'user.shortPassword' | 'user.commonPassword';

/** Why the password may not be used, or null when it may. */
export function passwordProblem(password: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'user.shortPassword';
  const lower = password.normalize('NFC').toLowerCase();
  const candidates = [lower, core(lower), repeatedUnit(lower), repeatedUnit(core(lower))];
  return candidates.some((c) => COMMON.has(c)) ? 'user.commonPassword' : null;
}
