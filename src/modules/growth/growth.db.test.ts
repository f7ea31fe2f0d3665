import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { systemActor } from '../../core/actor.js';

/**
 * Tiên Yên (06862): a boy born 2025-09-01 (A) and a girl born 2025-03-15 (B). WHO 2006 rows used by
 * hand: boy day 181 weight-for-age L 0.1264 M 7.9131 S 0.10962, length-for-age M 67.5371 S 0.03167;
 * girl day 365 weight-for-age M 8.9462, length-for-age M 74.0049 S 0.03479.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let other: Session;
let boy: string;
let girl: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'growth.admin', 'system_admin', 'VN');
  await createStation(admin, '06862');
  clinician = await userSession(t, 'growth.clinician', 'clinician', '06862');
  other = await userSession(t, 'growth.other', 'clinician', '06838');
  boy = await createResident(admin, 'Nguyễn Văn An', '2025-09-01', '06862');
  girl = await createResident(admin, 'Lê Thị Bình', '2025-03-15', '06862', { sex: 'female' });
});
afterAll(async () => t?.close());

const measure = (as: Session, child: string, body: Record<string, unknown>) =>
  as.request('POST', `/api/v1/growth/children/${child}/measurements`, body);

describe('growth: z-scores of a child and the nutrition indicators', () => {
  it('computes z-scores statelessly for any tool (boy of 181 days at the median weight: 0)', async () => {
    const res = await clinician.request('POST', '/api/v1/growth/zscores', {
      sex: 'male',
      birthDate: '2025-09-01',
      measuredOn: '2026-03-01',
      weightKg: 7.9131,
      lengthCm: 67.5,
      measured: 'lying',
    });
    expect(res.statusCode, res.body).toBe(200);
    const z = res.json();
    expect(z.ageDays).toBe(181);
    expect(z.weightForAge).toBe(0);
    // (67.5 / 67.5371 − 1) / 0.03167 = −0.0173
    expect(z.lengthForAge).toBe(-0.02);
    expect(z.headForAge).toBeNull();
    expect(z.flags).toEqual([]);
    expect(z.statuses).toEqual([]);
  });

  it('refuses a measurement before the birth (422 on the field) and a malformed body (400)', async () => {
    const before = await clinician.request('POST', '/api/v1/growth/zscores', {
      sex: 'male',
      birthDate: '2025-09-01',
      measuredOn: '2025-08-01',
      weightKg: 3,
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().errors[0].path).toBe('measuredOn');
    const bad = await clinician.request('POST', '/api/v1/growth/zscores', { sex: 'boy', birthDate: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('body.sex');
  });

  it('records a stunted girl of one year with her statuses, and audits it', async () => {
    // (68 / 74.0049 − 1) / 0.03479 = −2.33: stunting, not severe
    const res = await measure(clinician, girl, {
      measuredOn: '2026-03-15',
      weightKg: 8.9462,
      lengthCm: 68,
      measured: 'lying',
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m.ageDays).toBe(365);
    expect(m.lengthForAge).toBe(-2.33);
    expect(m.weightForAge).toBe(0);
    expect(m.statuses).toEqual(['stunting']);
    const events = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityId: girl },
      { limit: 20, offset: 0 },
    );
    expect(
      events.items.some(
        (e) => e.action === 'create' && (e.details as { op?: string }).op === 'growth_measurement',
      ),
    ).toBe(true);
  });

  it('refuses a 30 kg newborn as WHO flags it, field by field, and saves it flagged only when asked', async () => {
    const baby = await createResident(admin, 'Trẻ sơ sinh', '2026-03-01', '06862');
    const body = { measuredOn: '2026-03-01', weightKg: 30, lengthCm: 50, measured: 'lying' };
    const refused = await measure(clinician, baby, body);
    expect(refused.statusCode).toBe(422);
    const errors = refused.json().errors as { path: string; code: string; message: string }[];
    expect(errors.map((e) => [e.path, e.code])).toEqual([['weightKg', 'implausible']]);
    expect(errors[0]!.message).toMatch(/vượt ngưỡng bất thường của WHO \(5 SD\)/);
    const saved = await measure(clinician, baby, { ...body, acceptFlagged: true });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().flags).toEqual(['weightForAge', 'weightForLength', 'bmiForAge']);
    expect(saved.json().statuses).toEqual([]);
  });

  it('keeps another commune out (404) and lists the child’s measurements newest first', async () => {
    expect((await measure(other, boy, { measuredOn: '2026-03-01', weightKg: 7.9 })).statusCode).toBe(404);
    expect((await other.request('GET', `/api/v1/growth/children/${boy}`)).statusCode).toBe(404);
    expect(
      (await measure(clinician, boy, { measuredOn: '2026-02-20', lengthCm: 60, measured: 'lying' }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await measure(clinician, boy, {
          measuredOn: '2026-03-01',
          weightKg: 7.9131,
          lengthCm: 67.5,
          measured: 'lying',
        })
      ).statusCode,
    ).toBe(201);
    const res = await clinician.request('GET', `/api/v1/growth/children/${boy}`);
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json();
    expect(g.measurements.map((m: { measuredOn: string }) => m.measuredOn)).toEqual([
      '2026-03-01',
      '2026-02-20',
    ]);
    expect(g.measurements[1].statuses).toEqual(['stunting', 'severe_stunting']);
    expect(g.statusNames.stunting.vi).toBe('Suy dinh dưỡng thể thấp còi');
  });

  it('counts stunting from each child’s latest measurement in the month, and a later month leaves it alone', async () => {
    const value = async (period: string) => {
      const res = await admin.request(
        'GET',
        `/api/v1/indicators/NUT_STUNTING_U5/values?unit=06862&period=${period}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const v = res.json().values[0];
      return [v.numerator, v.denominator, v.value];
    };
    // February: the boy at 60 cm (stunted). March: the boy normal on 1 March, the girl stunted on the 15th;
    // the newborn's length-for-age was not flagged (50 cm at birth) and she is normal.
    expect(await value('2026-02')).toEqual([1, 1, 100]);
    expect(await value('2026-03')).toEqual([1, 3, 33.33]);
    // Drill-down names the stunted child, and the resident behind the fact.
    const drill = await admin.request(
      'GET',
      '/api/v1/indicators/NUT_STUNTING_U5/records?unit=06862&period=2026-03&part=numerator',
    );
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json().items.map((r: { id: string; label: string }) => [r.id, r.label])).toEqual([
      [girl, 'Lê Thị Bình'],
    ]);
    // A normal length for the girl in April changes April, not March.
    expect(
      (await measure(clinician, girl, { measuredOn: '2026-04-01', lengthCm: 74.5, measured: 'lying' }))
        .statusCode,
    ).toBe(201);
    expect(await value('2026-03')).toEqual([1, 3, 33.33]);
    expect(await value('2026-04')).toEqual([0, 1, 0]);
    // Underweight: the boy's flagged-free weighings in March (7.9131 kg: 0) and the girl's (0); the newborn's is flagged.
    const u = await admin.request(
      'GET',
      '/api/v1/indicators/NUT_UNDERWEIGHT_U5/values?unit=06862&period=2026-03',
    );
    expect([u.json().values[0].numerator, u.json().values[0].denominator]).toEqual([0, 2]);
  });

  it('lists the children below −2 SD at their latest measurement for the village health worker', async () => {
    // A boy of one year at 7 kg and 74 cm: weight-for-age −2.90, weight-for-length −3.56 (length normal).
    const thin = await createResident(admin, 'Đỗ Văn Gầy', '2025-06-01', '06862');
    expect(
      (
        await measure(clinician, thin, {
          measuredOn: '2026-06-01',
          weightKg: 7,
          lengthCm: 74,
          measured: 'lying',
        })
      ).statusCode,
    ).toBe(201);
    const res = await clinician.request('GET', '/api/v1/growth/nutrition-list');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    // The girl's and the boy's latest measurements are normal; the newborn's is flagged: only the thin boy.
    expect(
      list.hamlets.flatMap(
        (h: { children: { fullName: string; weightForAge: number; statuses: string[] }[] }) =>
          h.children.map((c) => [c.fullName, c.weightForAge, c.statuses]),
      ),
    ).toEqual([['Đỗ Văn Gầy', -2.9, ['underweight', 'wasting', 'severe_wasting']]]);
    expect(list.statusNames.wasting.vi).toBe('Suy dinh dưỡng thể gầy còm');
    expect((await other.request('GET', '/api/v1/growth/nutrition-list?unit=06862')).statusCode).toBe(404);
    expect((await clinician.request('GET', '/api/v1/growth/nutrition-list?unit=abc')).statusCode).toBe(400);
  });
});
