import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

/**
 * Issue 13: the beneficiary groups of Decision 1351/QĐ-BHXH (and its amendments) with their benefit
 * levels and validity dates, and the plausibility rules of a resident (reference/codes). In Tiên Yên
 * (06862).
 */
let t: TestApp;
let head: Session;
let elder: string; // born 1940: 86 in 2026
let child: string; // born 2020-05-10

const yearsAgo = (n: number) => `${Number(today().slice(0, 4)) - n}${today().slice(4)}`;

/** A request as the station head in a language (Accept-Language). */
const send = (method: 'POST' | 'PATCH', url: string, body: unknown, lang = 'vi') =>
  t.app.inject({
    method,
    url,
    cookies: { ytcs_session: head.cookie },
    headers: { 'x-csrf-token': head.csrf, 'accept-language': lang },
    payload: body as object,
  });

const register = (body: Record<string, unknown>, lang = 'vi') =>
  send('POST', '/api/v1/residents', { currentAddress: { unitCode: '06862' }, sex: 'female', ...body }, lang);

beforeAll(async () => {
  t = await testApp();
  head = await userSession(t, 'plaus.head', 'station_head', '06862');
  const a = await register({ fullName: 'Hoàng Thị Tuất', birthDate: '1940-02-03' });
  expect(a.statusCode, a.body).toBe(201);
  elder = a.json().id;
  const b = await register({ fullName: 'Lý Văn Bé', sex: 'male', birthDate: '2020-05-10' });
  expect(b.statusCode, b.body).toBe(201);
  child = b.json().id;
});
afterAll(async () => t?.close());

const addCard = (id: string, card: Record<string, unknown>, lang = 'vi') =>
  send('POST', `/api/v1/residents/${id}/insurance-cards`, card, lang);

describe('beneficiary groups of Decision 1351/QĐ-BHXH', () => {
  it('accepts the group of people aged 80 or over receiving a survivors allowance (CT, level 4)', async () => {
    const res = await addCard(elder, {
      code: 'CT4220120150001',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      beneficiaryGroup: 'CT',
      benefitLevel: 4,
      beneficiaryGroupName: 'Người từ đủ 80 tuổi trở lên đang hưởng trợ cấp tuất hằng tháng',
    });
  });

  it('accepts the other groups the list lacked (CK, TV) and those added in 2023 (AK)', async () => {
    for (const [code, validFrom] of [
      ['CK2220120150002', '2025-01-01'],
      ['TV4220120150003', '2024-01-01'],
      ['AK2220120150004', '2024-03-01'],
    ] as const) {
      const res = await addCard(elder, { code, validFrom });
      expect(res.statusCode, `${code}: ${res.body}`).toBe(201);
    }
  });

  it('refuses a benefit level the group does not carry, saying which it carries', async () => {
    const vi = await addCard(elder, { code: 'HT4220120150005', validFrom: '2026-01-01' });
    expect(vi.statusCode).toBe(422);
    expect(vi.json().errors).toEqual([
      {
        path: 'code',
        code: 'benefit_level_mismatch',
        message:
          'thẻ mã đối tượng HT có mức hưởng 3, không phải 4 (Quyết định 1351/QĐ-BHXH): kiểm tra lại ký tự thứ 3 của mã thẻ',
      },
    ]);
    // A 10-digit card: the level typed beside it.
    const en = await addCard(
      elder,
      { code: '0120150006', beneficiaryGroup: 'TE', benefitLevel: 4, validFrom: '2026-01-01' },
      'en',
    );
    expect(en.statusCode).toBe(422);
    expect(en.json().errors[0]).toMatchObject({ path: 'benefitLevel', code: 'benefit_level_mismatch' });
    expect(en.json().errors[0].message).toContain('carries benefit level 1, not 4');
  });

  it("checks the group against the list valid on the card's first day", async () => {
    // AK is on the list from 3/12/2023 (Quyết định 1697/QĐ-BHXH).
    const early = await addCard(elder, { code: 'AK2220120150007', validFrom: '2023-06-01' }, 'en');
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({
      path: 'code',
      code: 'unknown_code',
      message: 'the beneficiary group "AK" is not in force on 2023-06-01 (in force from 2023-12-03)',
    });
    // XV (xã viên) is of the list before 1351 only.
    expect((await addCard(elder, { code: 'XV4220120150008', validFrom: '2014-01-01' })).statusCode).toBe(201);
    const late = await addCard(elder, { code: 'XV4220120150009', validFrom: '2024-01-01' });
    expect(late.statusCode).toBe(422);
    expect(late.json().errors[0].message).toBe(
      'mã đối tượng "XV" không có hiệu lực vào ngày 2024-01-01 (có hiệu lực 2009-07-01 – 2016-01-01)',
    );
  });

  it('refuses a card that starts before its holder was born', async () => {
    const res = await addCard(child, { code: 'TE1220120150010', validFrom: '2019-01-01' }, 'en');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      {
        path: 'validFrom',
        code: 'below_minimum',
        message: 'The card starts on 2019-01-01, before the resident was born (2020-05-10)',
      },
    ]);
    expect((await addCard(child, { code: 'TE1220120150010', validFrom: '2020-05-10' })).statusCode).toBe(201);
  });
});

describe('plausibility of a resident', () => {
  it('refuses a birth date in 1850, in both languages, naming the limit', async () => {
    const vi = await register({ fullName: 'Người Quá Già', birthDate: '1850-01-01' });
    expect(vi.statusCode).toBe(422);
    expect(vi.json().errors).toEqual([
      {
        path: 'birthDate',
        code: 'above_maximum',
        message: expect.stringMatching(
          /^Ngày sinh cho tuổi 17\d, vượt tuổi tối đa có thể \(120 tuổi\): hãy kiểm tra lại ngày, năm sinh$/,
        ),
      },
    ]);
    const en = await register({ fullName: 'Người Quá Già', birthYear: 1890 }, 'en');
    expect(en.statusCode).toBe(422);
    expect(en.json().errors[0]).toMatchObject({ path: 'birthYear', code: 'above_maximum' });
    expect(en.json().errors[0].message).toContain('beyond the oldest possible age (120 years)');
  });

  it('saves a person over 100 with a warning', async () => {
    const birthDate = yearsAgo(101);
    const res = await register({ fullName: 'Cụ Trăm Tuổi', birthDate });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'birthDate',
        code: 'unusually_high',
        rule: 'resident.age',
        value: 101,
        limit: 100,
        text: {
          vi: 'Người này 101 tuổi (trên 100 tuổi): hiếm gặp; đã lưu, hãy kiểm tra lại ngày sinh',
          en: 'This person is 101 years old (over 100): rare; saved, please check the birth date',
        },
      }),
    ]);
  });

  it('checks a changed birth the same way', async () => {
    const bad = await send('PATCH', `/api/v1/residents/${child}`, { birthDate: '1850-06-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: 'birthDate', code: 'above_maximum' });
    const old = await send('PATCH', `/api/v1/residents/${elder}`, { birthDate: yearsAgo(102) });
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json().warnings).toMatchObject([{ code: 'unusually_high', value: 102 }]);
    const phone = await send('PATCH', `/api/v1/residents/${elder}`, { phones: ['0912345678'] });
    expect(phone.statusCode, phone.body).toBe(200);
    expect(phone.json().warnings).toEqual([]);
  });

  it('checks the members of a household registered together', async () => {
    const res = await send('POST', '/api/v1/households', {
      unitCode: '06862',
      members: [
        { fullName: 'Chủ Hộ Một', sex: 'male', birthDate: '1980-01-01', relationToHead: 'head' },
        { fullName: 'Mẹ Chủ Hộ', sex: 'female', birthYear: 1890, relationToHead: 'parent' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'members.1.birthYear', code: 'above_maximum' });
  });
});
