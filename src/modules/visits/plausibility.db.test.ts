import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

/**
 * Issue 13: a visit's vitals and date against the plausibility rules (reference/codes/
 * plausibility-rule.csv) — impossible values refused field by field, unusual ones saved with warnings.
 * Tiên Yên (06862) station, March 2026.
 */
let t: TestApp;
let admin: Session;
const ids = {} as Record<'station' | 'doctor' | 'adult' | 'child', string>;
const DAY = '2026-03-10';

const send = (method: 'POST' | 'PUT', url: string, body: unknown, lang = 'vi') =>
  t.app.inject({
    method,
    url,
    cookies: { ytcs_session: admin.cookie },
    headers: { 'x-csrf-token': admin.csrf, 'accept-language': lang },
    payload: body as object,
  });

const resident = (fullName: string, birthDate: string) => createResident(admin, fullName, birthDate, '06862');

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'plaus.visits.admin', 'system_admin', 'VN');
  ids.station = await createStation(admin, '06862', { code: '22862', name: 'Trạm y tế Tiên Yên' });
  ids.doctor = await createDoctor(admin, ids.station);
  ids.adult = await resident('Nguyễn Văn Áp', '1970-05-05');
  ids.child = await resident('Nguyễn Văn Nhỏ', '2022-01-15');
});
afterAll(async () => t?.close());

const visit = (residentId: string, vitals: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  residentId,
  facilityId: ids.station,
  visitDate: DAY,
  clinicianId: ids.doctor,
  reason: 'Khám sức khỏe',
  vitals,
  ...extra,
});

describe('vitals of a visit', () => {
  it('refuses an inverted blood pressure (60/140), saying why in the language asked', async () => {
    const vi = await send('POST', '/api/v1/visits', visit(ids.adult, { systolic: 60, diastolic: 140 }));
    expect(vi.statusCode).toBe(422);
    expect(vi.json().errors).toEqual([
      {
        path: 'vitals.systolic',
        code: 'below_minimum',
        message:
          'Huyết áp tâm thu (60 mmHg) phải lớn hơn huyết áp tâm trương (140 mmHg): có thể đã nhập ngược hai số',
      },
    ]);
    const en = await send('POST', '/api/v1/visits', visit(ids.adult, { systolic: 60, diastolic: 140 }), 'en');
    expect(en.json().errors[0].message).toBe(
      'Systolic pressure (60 mmHg) must be greater than diastolic pressure (140 mmHg): the two values may be swapped',
    );
  });

  it('refuses values no patient can have, each on its field with its limit', async () => {
    const res = await send(
      'POST',
      '/api/v1/visits',
      visit(ids.adult, { systolic: 120, diastolic: 80, temperatureC: 48, pulse: 400, spo2: 30 }),
      'en',
    );
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { path: string; code: string; message: string }) => [e.path, e.code, e.message]),
    ).toEqual([
      [
        'vitals.pulse',
        'above_maximum',
        'Pulse 400 beats/min is above the highest possible value of 250 beats/min: check the value entered',
      ],
      [
        'vitals.temperatureC',
        'above_maximum',
        'Temperature 48 °C is above the highest possible value of 45 °C: check the value entered',
      ],
      [
        'vitals.spo2',
        'below_minimum',
        'SpO2 30 % is below the lowest possible value of 50 %: check the value entered',
      ],
    ]);
  });

  it('saves unusual but possible values with warnings, in the answer and the preview', async () => {
    const body = visit(ids.adult, { systolic: 190, diastolic: 100, spo2: 90, pulse: 72 });
    const preview = await send('POST', '/api/v1/visits/preview', body);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().warnings.map((w: { rule: string }) => w.rule)).toEqual([
      'visit.vitals.systolic',
      'visit.vitals.spo2',
    ]);
    const res = await send('POST', '/api/v1/visits', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().vitals).toMatchObject({ systolic: 190, diastolic: 100, spo2: 90 });
    expect(res.json().warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'vitals.systolic',
        code: 'unusually_high',
        value: 190,
        limit: 180,
        unit: 'mmHg',
        text: {
          vi: 'Huyết áp tâm thu 190 mmHg cao bất thường (thường không quá 180 mmHg): đã lưu, hãy kiểm tra lại',
          en: 'Systolic blood pressure 190 mmHg is unusually high (usually at most 180 mmHg): saved, please check it',
        },
      }),
      expect.objectContaining({ path: 'vitals.spo2', code: 'unusually_low', value: 90, limit: 92 }),
    ]);
    // Saved again with usual values: no warning.
    const again = await send('PUT', `/api/v1/visits/${res.json().id}`, {
      ...body,
      residentId: undefined,
      facilityId: undefined,
      vitals: { systolic: 130, diastolic: 85, spo2: 97, pulse: 72 },
      baseVersion: 1,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().warnings).toEqual([]);
  });

  it("judges what is usual by the patient's age", async () => {
    // A pulse of 140 and 35 breaths a minute: usual at 4 years old, unusual at 55.
    const vitals = { pulse: 140, respiration: 35 };
    const child = await send('POST', '/api/v1/visits', visit(ids.child, vitals));
    expect(child.statusCode, child.body).toBe(201);
    expect(child.json().warnings).toEqual([]);
    const adult = await send('POST', '/api/v1/visits', visit(ids.adult, vitals));
    expect(adult.statusCode, adult.body).toBe(201);
    expect(adult.json().warnings.map((w: { rule: string }) => w.rule)).toEqual([
      'visit.vitals.pulse.adult',
      'visit.vitals.respiration.adult',
    ]);
  });

  it("refuses a visit dated before the patient's birth", async () => {
    const res = await send('POST', '/api/v1/visits', visit(ids.child, {}, { visitDate: '2021-06-01' }), 'en');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual({
      path: 'visitDate',
      code: 'below_minimum',
      message: 'The visit date 2021-06-01 is before the patient was born (2022-01-15)',
    });
  });
});
