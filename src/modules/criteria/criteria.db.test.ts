import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { validUntil } from './scoring.js';
import { TEST_SET } from './test-set.js';

let t: TestApp;
let admin: Session;
let head: Session;
let otherHead: Session;
let manager: Session;
const FULL = { '1.1': 5, '1.2': 15, '2.1': 10, '2.2': 10, '3.1': 30, '3.2': 30 };

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'criteria.admin', 'system_admin', 'VN');
  const station = await createStation(admin, '06862');
  await createDoctor(admin, station);
  head = await userSession(t, 'criteria.head', 'station_head', '06862');
  otherHead = await userSession(t, 'criteria.other', 'station_head', '06838');
  manager = await userSession(t, 'criteria.so', 'province_manager', '22');
});
afterAll(async () => t?.close());

const t7 = async (unit: string, period: string) => {
  const res = await manager.request('GET', `/api/v1/indicators/T7/values?unit=${unit}&period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  const v = res.json().values[0];
  return [v.numerator, v.denominator];
};

describe('the national commune health criteria (1300/QĐ-BYT)', () => {
  it('ships the 10 criteria of 100 points, loaded from reference/criteria', async () => {
    const res = await head.request('GET', '/api/v1/criteria/sets');
    expect(res.statusCode).toBe(200);
    const shipped = res.json().items.find((s: { code: string }) => s.code === '1300/QĐ-BYT');
    expect(shipped.definition.criteria).toHaveLength(10);
    expect(
      shipped.definition.criteria.reduce((s: number, c: { maxPoints: number }) => s + c.maxPoints, 0),
    ).toBe(100);
    expect(shipped.definition.criteria[4].maxPoints).toBe(19);
  });

  it('lets only an administrator load a version, and refuses one whose points do not add up', async () => {
    expect((await manager.request('POST', '/api/v1/criteria/sets', TEST_SET)).statusCode).toBe(403);
    const bad = structuredClone(TEST_SET);
    bad.criteria[2]!.maxPoints = 61;
    const refused = await admin.request('POST', '/api/v1/criteria/sets', bad);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('body.criteria.2.maxPoints');
    const loaded = await admin.request('POST', '/api/v1/criteria/sets', TEST_SET);
    expect(loaded.statusCode, loaded.body).toBe(201);
  });

  it('opens a pre-filled self-assessment, each value with its source', async () => {
    const res = await head.request('POST', '/api/v1/criteria/assessments', { unitCode: '06862', year: 2026 });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ status: 'draft', unitCode: '06862', year: 2026, set: { code: 'TEST' } });
    const doctor = a.prefill.find((p: { key: string }) => p.key === 'station_doctor');
    expect(doctor).toMatchObject({ value: 1, asOf: today() });
    expect(doctor.source.vi).toContain('nhân viên của trạm');
    const insurance = a.prefill.find((p: { key: string }) => p.key === 'insurance_coverage');
    expect(insurance.source).toEqual({
      vi: `Chỉ tiêu T3, tháng ${today().slice(0, 7)}`,
      en: `Indicator T3, month ${today().slice(0, 7)}`,
    });
    const again = await head.request('POST', '/api/v1/criteria/assessments', {
      unitCode: '06862',
      year: 2026,
    });
    expect(again.statusCode).toBe(409);
    expect((await otherHead.request('GET', `/api/v1/criteria/assessments/${a.id}`)).statusCode).toBe(404);
  });

  it('refuses points above an indicator maximum, field by field, in Vietnamese', async () => {
    const [a] = (await head.request('GET', '/api/v1/criteria/assessments?unit=06862')).json().items;
    const res = await head.request('PUT', `/api/v1/criteria/assessments/${a.id}`, {
      scores: { ...FULL, '3.1': 31, '1.1': 7 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['body.scores.1.1', 'Chỉ tiêu 1.1 tối đa 5 điểm (đã nhập 7)'],
      ['body.scores.3.1', 'Chỉ tiêu 3.1 tối đa 30 điểm (đã nhập 31)'],
    ]);
    const negative = await head.request('PUT', `/api/v1/criteria/assessments/${a.id}`, {
      scores: { '1.1': -1 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].path).toBe('body.scores.1.1');
  });

  it('scores, refuses an incomplete submission, and the province approves for three years', async () => {
    const [a] = (await head.request('GET', '/api/v1/criteria/assessments?unit=06862')).json().items;
    const partial = await head.request('PUT', `/api/v1/criteria/assessments/${a.id}`, {
      scores: { '1.1': 0, '1.2': 15, '2.1': 10, '2.2': 10, '3.1': 30 },
    });
    expect(partial.json().score).toMatchObject({ total: 65, passed: false, failedKnockouts: ['1.1'] });
    const early = await head.request('POST', `/api/v1/criteria/assessments/${a.id}/submit`);
    expect(early.statusCode).toBe(422);
    expect(early.json().errors.map((e: { path: string }) => e.path)).toEqual(['scores.3.2']);
    const saved = await head.request('PUT', `/api/v1/criteria/assessments/${a.id}`, {
      scores: FULL,
      note: 'đủ minh chứng',
    });
    expect(saved.json().score).toMatchObject({ total: 100, passed: true });
    const pdf = Buffer.from('%PDF-1.4 biên bản').toString('base64');
    const ev = await head.request('POST', `/api/v1/criteria/assessments/${a.id}/evidence`, {
      indicatorCode: '2.1',
      fileName: 'bien-ban.pdf',
      mediaType: 'application/pdf',
      contentBase64: pdf,
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const file = ev.json().evidence[0];
    const download = await manager.request('GET', `/api/v1/criteria/assessments/${a.id}/evidence/${file.id}`);
    expect(download.body).toBe('%PDF-1.4 biên bản');
    expect(
      (await head.request('POST', `/api/v1/criteria/assessments/${a.id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect((await head.request('POST', `/api/v1/criteria/assessments/${a.id}/submit`)).json().status).toBe(
      'submitted',
    );
    const locked = await head.request('PUT', `/api/v1/criteria/assessments/${a.id}`, { scores: FULL });
    expect(locked.statusCode).toBe(409);
    const noReason = await manager.request('POST', `/api/v1/criteria/assessments/${a.id}/review`, {
      decision: 'return',
    });
    expect(noReason.statusCode).toBe(422);
    const approved = await manager.request('POST', `/api/v1/criteria/assessments/${a.id}/review`, {
      decision: 'approve',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedOn: today(),
      validUntil: validUntil(today(), 3),
      reviewedBy: 'criteria.so',
    });
  });

  it('counts T7 for the months its approval stands, and not before or after (period boundaries)', async () => {
    const month = today().slice(0, 7);
    expect(await t7('06862', month)).toEqual([1, 1]);
    // Move the approval into the past (the map's communes exist from 01/07/2025): approved 15/08/2025,
    // and a standing shortened to 14/03/2026 so that its end is a past month too.
    await t.db.orm.execute(
      sql`UPDATE criteria_assessments SET approved_on = '2025-08-15', valid_until = '2026-03-14' WHERE status = 'approved'`,
    );
    expect(await t7('06862', '2025-07')).toEqual([0, 1]);
    expect(await t7('06862', '2025-08')).toEqual([1, 1]);
    expect(await t7('06862', '2026-02')).toEqual([1, 1]);
    expect(await t7('06862', '2026-03')).toEqual([0, 1]);
    // The province: one commune of all its communes.
    const [num, den] = await t7('22', '2025-09');
    expect(num).toBe(1);
    expect(den).toBeGreaterThan(50);
  });

  it('counts a commune whose latest approved assessment failed as not meeting, though an older one passed', async () => {
    const res = await head.request('POST', '/api/v1/criteria/assessments', { unitCode: '06862', year: 2025 });
    const id = res.json().id;
    await head.request('PUT', `/api/v1/criteria/assessments/${id}`, { scores: { ...FULL, '1.1': 0 } });
    await head.request('POST', `/api/v1/criteria/assessments/${id}/submit`);
    const failed = await manager.request('POST', `/api/v1/criteria/assessments/${id}/review`, {
      decision: 'approve',
    });
    expect(failed.json()).toMatchObject({
      status: 'approved',
      score: { passed: false, reasons: ['knockout:1.1'] },
    });
    await t.db.orm.execute(
      sql`UPDATE criteria_assessments SET approved_on = '2025-11-01', valid_until = '2028-10-31' WHERE id = ${id}`,
    );
    expect(await t7('06862', '2025-10')).toEqual([1, 1]);
    expect(await t7('06862', '2025-11')).toEqual([0, 1]);
  });
});
