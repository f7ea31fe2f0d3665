import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import ExcelJS from 'exceljs';
import { testApp, userActor, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { getUnit } from '../network/index.js';
import { validUntil } from './scoring.js';
import { prefillFor } from './service.js';
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

describe('a criteria version from a table, and the pre-filled values its indicators name', () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const upload = {
    fileName: 'tieu-chi.csv',
    code: 'TINH-22',
    version: 1,
    validFrom: '2099-01-01',
    source: 'Bảng thử nghiệm',
  };
  const csv = [
    'criterion_no,criterion_name,indicator_no,indicator_text,max_points,mandatory,prefill',
    '1,Chỉ đạo điều hành,,,40,',
    '1,,1.1,Xã có Ban Chỉ đạo chăm sóc sức khỏe Nhân dân,10,có,',
    '1,,1.2,Trẻ dưới 1 tuổi tiêm chủng đầy đủ,30,không,full_immunization',
    '2,Nhân lực y tế,,,60,',
  ].join('\n');

  it('dry-runs a table with errors by row, stores nothing, and lets only an administrator load it', async () => {
    const bad = csv.replace(
      '1,,1.2,Trẻ dưới 1 tuổi tiêm chủng đầy đủ,30',
      '1,,1.2,Trẻ dưới 1 tuổi tiêm chủng đầy đủ,25',
    );
    const dry = await admin.request('POST', '/api/v1/criteria/sets/file', {
      ...upload,
      contentBase64: b64(bad),
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 4, definition: null, set: null });
    expect(dry.json().errors).toEqual([
      {
        row: 2,
        column: 'max_points',
        code: 'points_do_not_add_up',
        message: {
          vi: 'Các chỉ tiêu của tiêu chí 1 cộng được 35 điểm, tiêu chí có 40 điểm',
          en: 'The indicators of criterion 1 add up to 35 points, the criterion has 40',
        },
      },
    ]);
    const forbidden = await manager.request('POST', '/api/v1/criteria/sets/file', {
      ...upload,
      contentBase64: b64(csv),
    });
    expect(forbidden.statusCode).toBe(403);
    const sets = (await admin.request('GET', '/api/v1/criteria/sets')).json().items;
    expect(sets.some((x: { code: string }) => x.code === 'TINH-22')).toBe(false);
  });

  it('loads the same table from an Excel workbook, the indicators stored as a version', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Tiêu chí');
    for (const line of csv.split('\n')) sheet.addRow(line.split(','));
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await admin.request('POST', '/api/v1/criteria/sets/file', {
      ...upload,
      fileName: 'tieu-chi.xlsx',
      contentBase64: bytes.toString('base64'),
      dryRun: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, rows: 4, criteria: 2, indicators: 3, errors: [] });
    expect(res.json().set).toMatchObject({ code: 'TINH-22', version: 1, validFrom: '2099-01-01' });
    const stored = res.json().set.definition;
    expect(
      stored.criteria[0].indicators.map((i: { code: string; mandatory: boolean }) => [i.code, i.mandatory]),
    ).toEqual([
      ['1.1', true],
      ['1.2', false],
    ]);
    expect(stored.criteria[1].indicators[0]).toMatchObject({ code: '2.1', maxPoints: 60 });
  });

  it('answers 422 on the file for a CSV it cannot read, not 500', async () => {
    const res = await admin.request('POST', '/api/v1/criteria/sets/file', {
      ...upload,
      contentBase64: b64('criterion_no,criterion_name\n"1,Một\n'),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'body.contentBase64', code: 'unreadable_file' });
  });

  it('pre-fills every value the indicators name, each with its indicator and month as the source', async () => {
    const actor = await userActor(t, 'criteria.prefill', 'station_head', '06862');
    const unit = await getUnit(t.db.orm, actor, '06862');
    const asked: string[] = [];
    const values = await prefillFor(
      t.db.orm,
      actor,
      unit,
      async (_db, _actor, code) => {
        asked.push(code);
        return {
          values: [{ value: code === 'T11' ? 92.5 : null, numerator: 0, denominator: 0, asOf: '2026-12-01' }],
        };
      },
      ['full_immunization', 'station_doctor'],
    );
    expect(asked).toEqual(['T3', 'T5', 'T11']);
    expect(values.map((v) => v.key)).toEqual([
      'station_doctor',
      'insurance_coverage',
      'health_managed_share',
      'full_immunization',
    ]);
    expect(values[3]).toMatchObject({
      value: 92.5,
      asOf: '2026-12-01',
      source: {
        vi: `Chỉ tiêu T11, tháng ${today().slice(0, 7)}`,
        en: `Indicator T11, month ${today().slice(0, 7)}`,
      },
    });
    expect(values[3]!.display.vi).toBe('Trẻ dưới 1 tuổi được tiêm chủng đầy đủ: 92,5%');
  });
});
