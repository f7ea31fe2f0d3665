import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../test-support/server.js';

/**
 * Field messages come in the language of Accept-Language (Vietnamese first) and state the rule they
 * break: the limit, the format, the allowed values.
 */
let t: TestApp;
let head: Session;

beforeAll(async () => {
  t = await testApp();
  head = await userSession(t, 'messages.head', 'station_head', '06862');
});
afterAll(async () => t?.close());

type Problem = { title: string; detail: string; errors: { path: string; code: string; message: string }[] };

async function registerResident(body: object, acceptLanguage?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/residents',
    cookies: { ytcs_session: head.cookie },
    headers: {
      'x-csrf-token': head.csrf,
      ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
    },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(400);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  return res.json() as Problem;
}

const tooLongName = {
  fullName: 'Nguyễn Văn ' + 'A'.repeat(115), // 126 characters, the limit is 120
  sex: 'male',
  birthYear: 1990,
  personalId: '0221',
  currentAddress: { unitCode: '06862' },
};

describe('field messages in the user language', () => {
  it('given a name over 120 characters, when asked in Vietnamese, then states the limit in Vietnamese', async () => {
    const problem = await registerResident(tooLongName, 'vi-VN,vi;q=0.9,en;q=0.5');
    expect(problem.title).toBe('Dữ liệu không hợp lệ');
    expect(problem.detail).toBe('Yêu cầu có 2 trường không hợp lệ');
    expect(problem.errors.find((e) => e.path === 'body.fullName')).toEqual({
      path: 'body.fullName',
      code: 'too_big',
      message: 'tối đa 120 ký tự',
    });
  });

  it('given the same name, when asked in English, then states the limit in English', async () => {
    const problem = await registerResident(tooLongName, 'en-GB,en;q=0.9');
    expect(problem.title).toBe('Invalid input');
    expect(problem.detail).toBe('The request has 2 invalid field(s)');
    expect(problem.errors.find((e) => e.path === 'body.fullName')).toEqual({
      path: 'body.fullName',
      code: 'too_big',
      message: 'must have at most 120 characters',
    });
  });

  it('given no Accept-Language, then answers in Vietnamese', async () => {
    const problem = await registerResident(tooLongName);
    expect(problem.errors.find((e) => e.path === 'body.fullName')?.message).toBe('tối đa 120 ký tự');
  });

  it('lists a malformed personal ID once, with its format', async () => {
    const vi = await registerResident(tooLongName, 'vi');
    expect(vi.errors.filter((e) => e.path === 'body.personalId')).toEqual([
      {
        path: 'body.personalId',
        code: 'invalid_format',
        message: 'số định danh cá nhân phải có đúng 12 chữ số',
      },
    ]);
    const en = await registerResident(tooLongName, 'en');
    expect(en.errors.filter((e) => e.path === 'body.personalId')).toEqual([
      { path: 'body.personalId', code: 'invalid_format', message: 'a personal ID has exactly 12 digits' },
    ]);
  });

  it('given an unknown sex, then lists the allowed values', async () => {
    const body = { ...tooLongName, fullName: 'Nguyễn Văn An', personalId: undefined, sex: 'other' };
    const vi = await registerResident(body, 'vi');
    expect(vi.errors).toEqual([
      { path: 'body.sex', code: 'invalid_value', message: 'phải là một trong: "male", "female"' },
    ]);
    const en = await registerResident(body, 'en');
    expect(en.errors).toEqual([
      { path: 'body.sex', code: 'invalid_value', message: 'must be one of: "male", "female"' },
    ]);
  });

  it('names a missing field, a wrong type and a number limit in both languages', async () => {
    const body = {
      sex: 'female',
      birthYear: 1850,
      phones: [912000111],
      currentAddress: { unitCode: '06862' },
    };
    const vi = await registerResident(body, 'vi');
    expect(vi.errors).toEqual([
      { path: 'body.fullName', code: 'invalid_type', message: 'bắt buộc phải có' },
      { path: 'body.birthYear', code: 'too_small', message: 'phải từ 1880 trở lên' },
      { path: 'body.phones.0', code: 'invalid_type', message: 'phải là chuỗi ký tự' },
    ]);
    const en = await registerResident(body, 'en');
    expect(en.errors.map((e) => e.message)).toEqual(['is required', 'must be at least 1880', 'must be text']);
  });

  it('translates a rule written by a refinement and keeps its own code', async () => {
    const body = { ...tooLongName, fullName: 'Nguyễn Văn An', personalId: '022090000001', birthYear: 1991 };
    const vi = await registerResident(body, 'vi');
    expect(vi.errors).toEqual([
      {
        path: 'body.personalId',
        code: 'birth_year_mismatch',
        message: 'chữ số 4–6 (090) cho năm sinh 1990, nhưng người dân sinh năm 1991',
      },
    ]);
  });
});
