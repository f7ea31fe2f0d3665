import { describe, expect, it } from 'vitest';
import { issueMessage, translate } from './messages.js';

describe('field messages', () => {
  it('states limits of lists, numbers and exact lengths in both languages', () => {
    const items = { code: 'too_big', origin: 'array', maximum: 5, inclusive: true };
    expect(issueMessage(items, 'vi')).toBe('tối đa 5 mục');
    expect(issueMessage(items, 'en')).toBe('must have at most 5 items');
    const positive = { code: 'too_small', origin: 'number', minimum: 0, inclusive: false };
    expect(issueMessage(positive, 'vi')).toBe('phải lớn hơn 0');
    expect(issueMessage(positive, 'en')).toBe('must be greater than 0');
    const exact = { code: 'too_small', origin: 'string', minimum: 15, inclusive: true, exact: true };
    expect(issueMessage(exact, 'vi')).toBe('phải có đúng 15 ký tự');
    const empty = { code: 'too_small', origin: 'string', minimum: 1, inclusive: true };
    expect(issueMessage(empty, 'en')).toBe('must not be empty');
  });

  it('names the format, and a module’s own format message through the table', () => {
    expect(issueMessage({ code: 'invalid_format', format: 'date', message: 'Invalid ISO date' }, 'vi')).toBe(
      'phải là ngày dạng YYYY-MM-DD (ví dụ 2025-07-01)',
    );
    const phone = {
      code: 'invalid_format',
      format: 'regex',
      message: 'must be a Vietnamese phone number (10–11 digits, starting with 0)',
    };
    expect(issueMessage(phone, 'vi')).toBe('phải là số điện thoại Việt Nam (10–11 chữ số, bắt đầu bằng 0)');
    expect(issueMessage(phone, 'en')).toBe(phone.message);
  });

  it('translates service messages with values, and leaves Vietnamese ones as they are', () => {
    expect(translate('no unit with code 06838', 'vi')).toBe('không có đơn vị mã 06838');
    expect(translate('no unit with code 06838', 'en')).toBe('no unit with code 06838');
    expect(translate('Họ và tên', 'vi')).toBe('Họ và tên');
  });
});
