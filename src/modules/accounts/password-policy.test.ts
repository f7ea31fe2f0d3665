import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test-support/server.js';
import { commonPasswords, passwordProblems } from './password-policy.js';

const codes = (pw: string, about = {}) => passwordProblems(pw, about).map((p) => p.code);

describe('the password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases of any composition, the demo and test passwords among them', () => {
    expect(codes('con mèo trèo cây cau')).toEqual([]);
    expect(codes('trạm y tế bình liêu mùa xuân')).toEqual([]);
    expect(codes('alllowercaseletters')).toEqual([]); // no composition rules
    expect(codes('ytcs-demo-2025', { username: 'truongtram' })).toEqual([]); // the demo's (src/demo)
    expect(codes(TEST_PASSWORD, { username: 'acc.admin' })).toEqual([]);
    expect(codes('crash-drill-admin-1', { username: 'admin' })).toEqual([]);
  });

  it('refuses fewer than 12 characters, counted as characters, not bytes', () => {
    expect(codes('Ab1!Ab1!Ab1')).toEqual(['too_short']);
    expect(codes('ệệệệệệệệệệệ')).toEqual(['too_short']); // 11 characters, 33 bytes
    const [p] = passwordProblems('short-pass');
    expect(p).toMatchObject({
      path: 'password',
      code: 'too_short',
      text: { vi: 'Mật khẩu phải có ít nhất 12 ký tự (nên dùng một cụm từ dễ nhớ)' },
    });
  });

  it('refuses repeated characters and sequences along the alphabet, the digits or a keyboard row', () => {
    expect(codes('aaaaaaaaaaaaaa')).toEqual(['repetitive']);
    expect(codes('abababababab')).toEqual(['repetitive']);
    expect(codes('123456789012')).toEqual(['repetitive']);
    expect(codes('987654321098')).toEqual(['repetitive']);
    expect(codes('qwertyuiopqw')).toEqual(['repetitive']);
    expect(codes('abcdefghijkl')).toEqual(['repetitive']);
  });

  it('refuses common passwords, also with digits or symbols around them', () => {
    expect(codes('Matkhau@2025!')).toEqual(['common']);
    expect(codes('password123456')).toEqual(['common']);
    expect(codes('PASSWORD-2025-!!')).toEqual(['common']);
    expect(codes('iloveyou1234')).toEqual(['common']);
    expect(codes('correct horse battery staple')).toEqual(['common']);
    expect(codes('2025anhyeuem!!')).toEqual(['common']);
  });

  it('refuses the username, the name or the service’s name as the password', () => {
    expect(codes('nguyenvana1990', { username: 'nguyenvana' })).toEqual(['contains_name']);
    expect(codes('my-nguyenvana-pass', { username: 'nguyenvana' })).toEqual(['contains_name']);
    expect(codes('Lê Thị Hoa 1985!', { displayName: 'Lê Thị Hoa' })).toEqual(['contains_name']);
    expect(codes('y te co so 2025')).toEqual(['contains_name']);
    expect(codes('ytcs20252025')).toEqual(['common']); // the service's name is on the list
  });

  it('reads the blocklist from its file, comments left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ytcs-pw-'));
    const file = join(dir, 'list.txt');
    writeFileSync(file, '# a comment\nMatKhau\n\n  hello world  \n');
    expect([...commonPasswords(file)]).toEqual(['matkhau', 'hello world']);
    expect(commonPasswords().has('matkhau')).toBe(true);
    expect(commonPasswords().has('# passwords refused')).toBe(false);
  });
});
