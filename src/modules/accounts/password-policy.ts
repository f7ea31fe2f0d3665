// Mật khẩu: the password policy of NIST SP 800-63B (§3.1.1.2): a minimum length, a blocklist of
// common, repetitive, sequential and context-specific passwords, and no composition rules (no
// "one capital, one digit, one symbol"), no periodic change. See docs/adr/0036.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldError } from '../../core/errors.js';
// At least 12 characters (the house's choice; 800-63B asks 8 with a second factor, 15 without);
// 200 at most, which bounds the work of hashing one.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './contracts.js';

export const COMMON_PASSWORDS_FILE = fileURLToPath(
  new URL('../../../reference/accounts/common-passwords.txt', import.meta.url),
);

let common: ReadonlySet<string> | undefined;

/** The blocklist (reference/accounts/common-passwords.txt), read once. */
export function commonPasswords(file = COMMON_PASSWORDS_FILE): ReadonlySet<string> {
  if (common && file === COMMON_PASSWORDS_FILE) return common;
  const set = new Set(
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().normalize('NFC').toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  if (file === COMMON_PASSWORDS_FILE) common = set;
  return set;
}

/** Keyboard rows and the alphabet: a password that is a run along one of them is sequential. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isSequential(s: string): boolean {
  if (s.length < 4) return false;
  return RUNS.some((run) => {
    const twice = run + run;
    const back = [...twice].reverse().join('');
    // the password made only of overlapping pieces of one run (abcdabcd…, 123456789012)
    for (let i = 0; i + 4 <= s.length; i += 4) {
      const piece = s.slice(i, i + 4);
      if (!twice.includes(piece) && !back.includes(piece)) return false;
    }
    const tail = s.slice(-4);
    return twice.includes(tail) || back.includes(tail);
  });
}

const text = (vi: string, en: string) => ({ vi, en });

/**
 * What is wrong with a new password, as field errors in both languages (empty: acceptable). `about`
 * gives the context-specific words: the account's username and display name.
 */
export function passwordProblems(
  password: string,
  about: { username?: string | undefined; displayName?: string | undefined } = {},
  path = 'password',
): FieldError[] {
  const problem = (code: string, t: { vi: string; en: string }): FieldError[] => [
    { path, code, message: t.en, text: t },
  ];
  const chars = [...password.normalize('NFC')];
  if (chars.length < PASSWORD_MIN_LENGTH)
    return problem(
      'too_short',
      text(
        `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự (nên dùng một cụm từ dễ nhớ)`,
        `The password must have at least ${PASSWORD_MIN_LENGTH} characters (a memorable phrase is best)`,
      ),
    );
  if (chars.length > PASSWORD_MAX_LENGTH)
    return problem(
      'too_long',
      text(
        `Mật khẩu tối đa ${PASSWORD_MAX_LENGTH} ký tự`,
        `The password must have at most ${PASSWORD_MAX_LENGTH} characters`,
      ),
    );
  const lower = password.normalize('NFC').toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  if (new Set(chars).size < 5 || isSequential(compact))
    return problem(
      'repetitive',
      text(
        'Mật khẩu chỉ gồm ký tự lặp lại hoặc một dãy liên tiếp (như 123456…, abcd…, qwerty…)',
        'The password is only repeated characters or a sequence (like 123456…, abcd…, qwerty…)',
      ),
    );
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = commonPasswords();
  if (list.has(lower) || list.has(compact) || (core && list.has(core)))
    return problem(
      'common',
      text(
        'Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn một cụm từ khác',
        'This password is too common and easily guessed; choose another phrase',
      ),
    );
  // The username, and the display name written together ("Nguyễn Văn An" → "nguyễnvănan"): refused
  // when the password is one of them with digits or symbols around it, or contains one of six or
  // more letters (a short username such as "admin" may be a word of a longer phrase).
  const words = [about.username, about.displayName?.replace(/\s+/g, '')]
    .map((w) => (w ?? '').normalize('NFC').toLowerCase())
    .filter((w) => w.length >= 3);
  if (
    words.some((w) => core === w || (w.length >= 6 && compact.includes(w))) ||
    /y\s*t\s*e\s*c\s*o\s*s\s*o/u.test(lower)
  )
    return problem(
      'contains_name',
      text(
        'Mật khẩu không được chứa tên đăng nhập, họ tên hoặc tên hệ thống',
        'The password must not contain the username, the person’s name or the system’s name',
      ),
    );
  return [];
}
