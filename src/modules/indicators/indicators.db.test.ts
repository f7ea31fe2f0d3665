import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows } from '../../db/connection.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { today } from '../../core/clock.js';
import { systemActor } from '../../core/actor.js';
import { listAuditEvents } from '../audit/index.js';
import { backdateRecordVersions, backdateRegistration } from '../people/index.js';
import { rebuildIndicators } from './service.js';
import type { IndicatorDefinition } from './contracts.js';
import { keepIndicatorsCurrent, startIndicatorRefresher } from './refresher.js';
import { unplacedSources } from './registry.js';
import { bringUpToDate, changedRegions, periodContext, sourcesOf, watermarkOf } from './store.js';

/**
 * A hand-built network in Quảng Ninh (22): two communes, Tiên Yên (06862) and Bình Liêu (06838).
 *  - Tiên Yên station since 2024-01: a full-time doctor since 2024-01. Hamlets since 2024-01: Đông
 *    (trained VHW) and Tây (untrained VHW).
 *  - Bình Liêu station since 2024-01: a part-time doctor; a full-time doctor from 2026-03-01.
 *    Hamlet Nà Sắn from 2025-06-01 with a trained VHW.
 * The expected numbers below are worked out by hand from that list.
 */
let t: TestApp;
let admin: Session;
let manager: Session;

type Value = { unitCode: string; numerator: number; denominator: number; value: number | null };
async function values(
  s: Session,
  code: string,
  unit: string,
  period: string,
  children = false,
): Promise<Value[]> {
  const res = await s.request(
    'GET',
    `/api/v1/indicators/${code}/values?unit=${unit}&period=${period}&children=${children}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().values;
}
const byUnit = (vs: Value[]) =>
  Object.fromEntries(vs.map((v) => [v.unitCode, { n: v.numerator, d: v.denominator, v: v.value }]));

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'ind.admin', 'system_admin', 'VN');
  manager = await userSession(t, 'ind.manager', 'province_manager', '22');
  const station = async (code: string, unit: string) =>
    (
      await admin.request('POST', '/api/v1/facilities', {
        code,
        name: `Trạm y tế ${unit}`,
        kind: 'commune_station',
        stationModel: 2,
        unitCode: unit,
        activeFrom: '2024-01-01',
      })
    ).json();
  const hamlet = async (unit: string, name: string, validFrom: string) =>
    (await admin.request('POST', `/api/v1/units/${unit}/hamlets`, { name, validFrom })).json();
  const staff = async (body: object) => {
    const res = await admin.request('POST', '/api/v1/staff', { sex: 'female', ...body });
    expect(res.statusCode, res.body).toBe(201);
  };
  const tienYen = await station('22862', '06862');
  const binhLieu = await station('22838', '06838');
  const dong = await hamlet('06862', 'Đông', '2024-01-01');
  const tay = await hamlet('06862', 'Tây', '2024-01-01');
  const naSan = await hamlet('06838', 'Nà Sắn', '2025-06-01');
  await staff({
    fullName: 'Bác Sĩ Tiên Yên',
    title: 'doctor',
    facilityId: tienYen.id,
    fullTime: true,
    activeFrom: '2024-01-01',
  });
  await staff({
    fullName: 'Bác Sĩ Bán Thời Gian',
    title: 'doctor',
    facilityId: binhLieu.id,
    fullTime: false,
    activeFrom: '2024-01-01',
  });
  await staff({
    fullName: 'Y Tế Thôn Đông',
    title: 'village_health_worker',
    hamletId: dong.id,
    activeFrom: '2024-01-01',
  });
  await staff({
    fullName: 'Y Tế Thôn Tây',
    title: 'village_health_worker',
    hamletId: tay.id,
    trained: false,
    activeFrom: '2024-01-01',
  });
  await staff({
    fullName: 'Y Tế Bản Nà Sắn',
    title: 'village_health_worker',
    hamletId: naSan.id,
    activeFrom: '2025-06-01',
  });
});
afterAll(async () => t?.close());

describe('indicator catalogue', () => {
  it('lists T1 and T2 with their targets', async () => {
    const res = await manager.request('GET', '/api/v1/indicators');
    expect(res.statusCode).toBe(200);
    const t1 = res.json().find((d: { code: string }) => d.code === 'T1');
    expect(t1).toMatchObject({
      numerator: 'stations_with_fulltime_doctor',
      denominator: 'stations',
      factor: 100,
      target: { value: 100 },
    });
  });
});

describe('T1 and T2 on the hand-built network', () => {
  it('computes T1 per commune and for the province in January 2025', async () => {
    const children = byUnit(await values(manager, 'T1', '22', '2025-01', true));
    expect(children['06862']).toEqual({ n: 1, d: 1, v: 100 });
    expect(children['06838']).toEqual({ n: 0, d: 1, v: 0 });
    expect(children['06724']).toEqual({ n: 0, d: 0, v: null });
    expect(byUnit(await values(manager, 'T1', '22', '2025-01'))['22']).toEqual({ n: 1, d: 2, v: 50 });
  });

  it('counts the full-time doctor who arrived in March 2026 from that month on, and leaves 2025 as it was', async () => {
    await admin.request('POST', '/api/v1/staff', {
      fullName: 'Bác Sĩ Mới',
      sex: 'male',
      title: 'doctor',
      facilityId: (await admin.request('GET', '/api/v1/facilities?q=22838')).json().items[0].id,
      fullTime: true,
      activeFrom: '2026-03-01',
    });
    expect(byUnit(await values(manager, 'T1', '22', '2026-02'))['22']).toEqual({ n: 1, d: 2, v: 50 });
    expect(byUnit(await values(manager, 'T1', '22', '2026-03'))['22']).toEqual({ n: 2, d: 2, v: 100 });
    expect(byUnit(await values(manager, 'T1', '22', '2025-01'))['22']).toEqual({ n: 1, d: 2, v: 50 });
    expect(byUnit(await values(manager, 'T1', '22', '2025'))['22']).toEqual({ n: 1, d: 2, v: 50 });
  });

  it('computes T2: hamlets with a trained village health worker', async () => {
    const jan = byUnit(await values(manager, 'T2', '22', '2025-01', true));
    expect(jan['06862']).toEqual({ n: 1, d: 2, v: 50 });
    expect(jan['06838']).toEqual({ n: 0, d: 0, v: null });
    const dec = byUnit(await values(manager, 'T2', '22', '2025-12', true));
    expect(dec['06838']).toEqual({ n: 1, d: 1, v: 100 });
    expect(byUnit(await values(manager, 'T2', '22', '2025-Q4'))['22']).toEqual({ n: 2, d: 3, v: 66.67 });
    // Per hamlet, under a commune.
    const hamlets = await values(manager, 'T2', '06862', '2025-12', true);
    expect(hamlets.map((h) => h.value)).toEqual([100, 0]);
  });

  it('rolls up: the province’s numerator and denominator are the sums of its communes’', async () => {
    for (const code of ['T1', 'T2', 'T12_DOCTORS'])
      for (const period of ['2025-01', '2026-06']) {
        const kids = await values(manager, code, '22', period, true);
        const [whole] = await values(manager, code, '22', period);
        expect(
          kids.reduce((s, v) => s + v.numerator, 0),
          `${code} ${period}`,
        ).toBe(whole!.numerator);
        expect(
          kids.reduce((s, v) => s + v.denominator, 0),
          `${code} ${period}`,
        ).toBeCloseTo(whole!.denominator, 6);
      }
  });

  it('gives a monthly trend that shows the doctor arriving in March 2026', async () => {
    const res = await manager.request('GET', '/api/v1/indicators/T1/trend?unit=22&to=2026-04&months=3');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((v: Value & { period: string }) => [v.period, v.value])).toEqual([
      ['2026-02', 50],
      ['2026-03', 100],
      ['2026-04', 100],
    ]);
  });

  it('drills down to exactly the records counted', async () => {
    const num = await manager.request(
      'GET',
      '/api/v1/indicators/T2/records?unit=22&period=2025-12&part=numerator',
    );
    expect(num.statusCode).toBe(200);
    expect(
      num
        .json()
        .items.map((r: { label: string }) => r.label)
        .sort(),
    ).toEqual(['Thôn Nà Sắn', 'Thôn Đông']);
    const den = await manager.request(
      'GET',
      '/api/v1/indicators/T2/records?unit=22&period=2025-12&part=denominator',
    );
    expect(den.json().total).toBe(3);
  });

  it('keeps a commune user to its commune and rejects a bad period', async () => {
    const head = await userSession(t, 'ind.head', 'station_head', '06862');
    expect(
      (await head.request('GET', '/api/v1/indicators/T1/values?unit=06838&period=2025-01')).statusCode,
    ).toBe(404);
    expect(
      (await head.request('GET', '/api/v1/indicators/T1/values?unit=06862&period=2025-01')).statusCode,
    ).toBe(200);
    const bad = await head.request('GET', '/api/v1/indicators/T1/values?unit=06862&period=2025-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.period');
    const future = await head.request('GET', '/api/v1/indicators/T1/values?unit=06862&period=2099-01');
    expect(future.statusCode).toBe(422);
  });
});

/**
 * T3 and T5 on four hand-built residents, all registered on 2025-01-10:
 *  - Tiên Yên (06862): An — card 2025-01-01..2025-12-31, 831 record written 2025-02-01;
 *    Bình — card 2025-07-01..2026-12-31, record written 2025-02-01 and reviewed 2026-01-15;
 *    Cúc — no card, no record, died 2026-03-15.
 *  - Bình Liêu (06838): Dũng — card from 2024-01-01 with no end, no record.
 * Worked out by hand:
 *  T3 2025-06: Tiên Yên 1/3, Bình Liêu 1/1, province 2/4 · 2025-12: 2/3, 1/1, 3/4 · 2026-06 (Cúc dead): 1/2, 1/1, 2/3
 *  T5 2025-06: Tiên Yên 2/3, province 2/4 · 2026-06: Tiên Yên 1/2 (An's record is 16 months old), province 1/3
 *  Before 2025-01-10 nobody is registered: 2024-12 has no value.
 */
describe('T3 and T5 on hand-built residents', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const person = async (name: string, unit: string, sex: 'male' | 'female', birthDate: string) => {
      const res = await admin.request('POST', '/api/v1/residents', {
        fullName: name,
        sex,
        birthDate,
        currentAddress: { unitCode: unit },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    };
    await person('Lý Văn An', '06862', 'male', '1970-03-01');
    await person('Lý Thị Bình', '06862', 'female', '1972-05-05');
    await person('Lý Thị Cúc', '06862', 'female', '1940-01-01');
    await person('Hoàng Văn Dũng', '06838', 'male', '1985-09-09');
    const card = async (name: string, code: string, validFrom: string, validTo: string | null) => {
      const res = await admin.request('POST', `/api/v1/residents/${ids[name]}/insurance-cards`, {
        code,
        validFrom,
        validTo,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await card('Lý Văn An', 'GD4220120152431', '2025-01-01', '2025-12-31');
    await card('Lý Thị Bình', 'HT3222212345678', '2025-07-01', '2026-12-31');
    await card('Hoàng Văn Dũng', 'DT2220212345679', '2024-01-01', null);
    const history = { allergies: [{ kind: 'drug', agent: 'Penicillin' }] };
    for (const name of ['Lý Văn An', 'Lý Thị Bình']) {
      const res = await admin.request('PUT', `/api/v1/residents/${ids[name]}/health-record`, { history });
      expect(res.statusCode, res.body).toBe(200);
    }
    const review = await admin.request(
      'POST',
      `/api/v1/residents/${ids['Lý Thị Bình']}/health-record/review`,
      {},
    );
    expect(review.statusCode, review.body).toBe(200);
    const death = await admin.request('POST', `/api/v1/residents/${ids['Lý Thị Cúc']}/events`, {
      kind: 'death',
      on: '2026-03-15',
    });
    expect(death.statusCode, death.body).toBe(201);
    // Put the records and registrations on the story's dates (versions are append-only: lift the
    // guard for this one update).
    const idsOf = (...names: string[]) => names.map((n) => ids[n]!);
    const story = idsOf('Lý Văn An', 'Lý Thị Bình', 'Lý Thị Cúc', 'Hoàng Văn Dũng');
    await backdateRegistration(t.db.orm, story, '2025-01-10T09:00:00+07');
    await backdateRecordVersions(t.db.orm, idsOf('Lý Văn An', 'Lý Thị Bình'), {
      first: '2025-02-01T10:00:00+07',
      later: '2026-01-15T10:00:00+07',
    });
  });

  it('computes T3 per commune and for the province, month by month', async () => {
    const expected: Record<string, [number, number][]> = {
      '2025-06': [
        [1, 3],
        [1, 1],
        [2, 4],
      ],
      '2025-12': [
        [2, 3],
        [1, 1],
        [3, 4],
      ],
      '2026-06': [
        [1, 2],
        [1, 1],
        [2, 3],
      ],
    };
    for (const [period, [tienYen, binhLieu, province]] of Object.entries(expected)) {
      const kids = byUnit(await values(manager, 'T3', '22', period, true));
      expect([kids['06862']!.n, kids['06862']!.d], period).toEqual(tienYen);
      expect([kids['06838']!.n, kids['06838']!.d], period).toEqual(binhLieu);
      const whole = byUnit(await values(manager, 'T3', '22', period))['22']!;
      expect([whole.n, whole.d], period).toEqual(province);
    }
    expect(byUnit(await values(manager, 'T3', '22', '2025-12'))['22']!.v).toBe(75);
    expect(byUnit(await values(manager, 'T3', '22', '2024-12'))['22']).toEqual({ n: 0, d: 0, v: null });
  });

  it('computes T5 from the record versions of the 12 months up to the period’s end', async () => {
    const jun25 = byUnit(await values(manager, 'T5', '22', '2025-06', true));
    expect(jun25['06862']).toEqual({ n: 2, d: 3, v: 66.67 });
    expect(byUnit(await values(manager, 'T5', '22', '2025-06'))['22']).toEqual({ n: 2, d: 4, v: 50 });
    const jun26 = byUnit(await values(manager, 'T5', '22', '2026-06', true));
    expect(jun26['06862']).toEqual({ n: 1, d: 2, v: 50 });
    expect(byUnit(await values(manager, 'T5', '22', '2026-06'))['22']).toEqual({ n: 1, d: 3, v: 33.33 });
  });

  it('leaves past months as they were when a record is reviewed today, and counts it now', async () => {
    const before = byUnit(await values(manager, 'T5', '22', '2026-06'))['22'];
    const now = currentMonth();
    const nowBefore = byUnit(await values(manager, 'T5', '22', now))['22']!;
    const res = await admin.request('POST', `/api/v1/residents/${ids['Lý Văn An']}/health-record/review`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(byUnit(await values(manager, 'T5', '22', '2026-06'))['22']).toEqual(before);
    expect(byUnit(await values(manager, 'T5', '22', now))['22']!.n).toBe(nowBefore.n + 1);
  });

  it('drills down to exactly the people counted, and the province equals the sum of its communes', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/indicators/T3/records?unit=22&period=2025-12&part=numerator',
    );
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((r: { label: string }) => r.label)
        .sort(),
    ).toEqual(['Hoàng Văn Dũng', 'Lý Thị Bình', 'Lý Văn An']);
    for (const code of ['T3', 'T5'])
      for (const period of ['2025-06', '2026-06']) {
        const kids = await values(manager, code, '22', period, true);
        const [whole] = await values(manager, code, '22', period);
        expect(kids.reduce((s, v) => s + v.numerator, 0)).toBe(whole!.numerator);
        expect(kids.reduce((s, v) => s + v.denominator, 0)).toBe(whole!.denominator);
      }
  });
});

describe('exports', () => {
  const sheetRows = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const out: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
    return out;
  };

  it('exports the ranking of the communes to Excel, best first, with the definition on top', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/indicators/T3/values.xlsx?unit=22&period=2025-12&children=true',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(res.rawPayload);
    expect(String(rows[0]![0])).toContain('T3');
    const table = rows.filter((r) => typeof r[0] === 'number');
    // Bình Liêu 100 % first, then Tiên Yên 66.67 %; units without residents after them.
    expect(table[0]!.slice(1, 6)).toEqual(['06838', expect.any(String), 100, 1, 1]);
    expect(table[1]!.slice(1, 6)).toEqual(['06862', expect.any(String), 66.67, 2, 3]);
  });

  it('exports the people behind a number to Excel, and audits it', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/indicators/T3/records.xlsx?unit=22&period=2025-12&part=numerator&lang=en',
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    const names = rows.filter((r) => typeof r[0] === 'number').map((r) => r[1]);
    expect(names.sort()).toEqual(['Hoàng Văn Dũng', 'Lý Thị Bình', 'Lý Văn An']);
    const audited = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'indicator_records', entityId: 'T3/numerator' },
      { limit: 1, offset: 0 },
    );
    expect(audited.total).toBeGreaterThanOrEqual(1);
  });

  it('keeps the export inside the user’s area (404) and checks its query (400)', async () => {
    const head = await userSession(t, 'ind.head2', 'station_head', '06862');
    expect(
      (await head.request('GET', '/api/v1/indicators/T3/values.xlsx?unit=06838&period=2025-12')).statusCode,
    ).toBe(404);
    const bad = await head.request(
      'GET',
      '/api/v1/indicators/T3/records.xlsx?unit=06862&period=2025-12&part=all',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.part');
  });
});

describe('summary report', () => {
  it('prints the sơ kết of the province as a PDF with a page of summary and pages of charts', async () => {
    const res = await manager.request('GET', '/api/v1/indicators/report.pdf?unit=22&period=2025-12');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    // The summary table (a page, or two for a long catalogue), then the charts of every indicator, 3 or
    // 4 to a page; no empty pages (a footer written in the margin used to add one after every page,
    // and a table crossing the margin one per cell).
    const indicators = (await manager.request('GET', '/api/v1/indicators?on=2025-12-31')).json() as unknown[];
    const chartPages = Math.ceil(indicators.length / 3);
    expect(pages).toBeGreaterThanOrEqual(1 + Math.ceil(indicators.length / 4));
    expect(pages).toBeLessThanOrEqual(2 + chartPages);
    const head = await userSession(t, 'ind.head3', 'station_head', '06862');
    expect(
      (await head.request('GET', '/api/v1/indicators/report.pdf?unit=06838&period=2025-12')).statusCode,
    ).toBe(404);
  });
});

describe('stored values', () => {
  const computedAt = async (code: string, period: string) =>
    (
      await rows_<{ at: string }>(
        sql`SELECT computed_at::text AS at FROM indicator_computations WHERE code = ${code} AND period = ${period}`,
      )
    )[0]?.at;

  it('reads a quiet indicator from the stored values, and recomputes it after a write to its facts', async () => {
    const first = await values(manager, 'T2', '22', '2025-12');
    const stored = await computedAt('T2', '2025-12');
    expect(stored).toBeDefined();
    expect(await values(manager, 'T2', '22', '2025-12')).toEqual(first);
    expect(await computedAt('T2', '2025-12')).toBe(stored);
    // A trained village health worker arrives in Tây hamlet, dated back to 2025-11.
    const hamlets = await admin.request('GET', '/api/v1/units?parent=06862&level=hamlet');
    const hamlet = (hamlets.json().items as { id: string; fullName: string }[]).find((h) =>
      h.fullName.endsWith('Tây'),
    );
    const res = await admin.request('POST', '/api/v1/staff', {
      fullName: 'Y Tế Thôn Tây Mới',
      sex: 'female',
      title: 'village_health_worker',
      hamletId: hamlet!.id,
      activeFrom: '2025-11-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = byUnit(await values(manager, 'T2', '22', '2025-12'))['22']!;
    expect(after.n).toBe(byUnit(first)['22']!.n + 1);
    expect(await computedAt('T2', '2025-12')).not.toBe(stored);
  });

  it('rebuilds every indicator of the catalogue for a range of months, the same numbers as on demand', async () => {
    const progress: string[] = [];
    const result = await rebuildIndicators(t.db.orm, { from: '2025-11', to: '2025-12' }, (_d, _t, step) =>
      progress.push(step),
    );
    const codes = (await manager.request('GET', '/api/v1/indicators?on=2025-12-31')).json().length;
    expect(result.computations).toBe(codes * 2);
    expect(progress).toContain('T3 2025-12');
    const province = (await manager.request('GET', '/api/v1/units/22')).json() as { id: string };
    const [stored] = await rows_<{ n: number; d: number }>(
      sql`SELECT v.numerator AS n, v.denominator AS d FROM indicator_values v
          WHERE v.code = 'T3' AND v.period = '2025-12' AND v.unit_id = ${province.id}`,
    );
    expect(stored).toEqual({ n: 3, d: 4 });
    await expect(rebuildIndicators(t.db.orm, { from: '2025-12', to: '2025-11' })).rejects.toThrow();
  });
});

/**
 * T3 and T5 count a resident through a duplicate merged into them (ADR 0014), once. In Bình Liêu
 * (06838), registered today: Mai, whose card and 831 record were written on her duplicate; Nga, who
 * holds a card as does her duplicate. After both merges, this month: T3 +2 / +2 (Mai through her
 * duplicate, Nga once), T5 +1 / +2 (Mai's record); the merged records count in no denominator.
 */
describe('T3 and T5 through a merged duplicate', () => {
  it('counts the survivor once, insured and health-managed through the duplicate’s card and record', async () => {
    const now = currentMonth();
    const year = now.slice(0, 4);
    const commune = async (code: string) => byUnit(await values(manager, code, '22', now, true))['06838']!;
    const [t3, t5] = [await commune('T3'), await commune('T5')];
    const person = async (fullName: string) => {
      const res = await admin.request('POST', '/api/v1/residents', {
        fullName,
        sex: 'female',
        birthDate: '1980-04-04',
        currentAddress: { unitCode: '06838' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const card = async (id: string, code: string) => {
      const res = await admin.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
        code,
        validFrom: `${year}-01-01`,
        validTo: `${year}-12-31`,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const merge = async (survivor: string, duplicate: string) => {
      const res = await admin.request('POST', `/api/v1/residents/${survivor}/merge`, {
        duplicateId: duplicate,
        reason: 'Cùng một người, đăng ký hai lần',
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const [mai, maiAgain, nga, ngaAgain] = [
      await person('Hoàng Thị Mai'),
      await person('Hoàng Thị Mai'),
      await person('Vi Thị Nga'),
      await person('Vi Thị Nga'),
    ];
    await card(maiAgain, 'GD4220120152432');
    const record = await admin.request('PUT', `/api/v1/residents/${maiAgain}/health-record`, {
      history: { allergies: [{ kind: 'drug', agent: 'Penicillin' }] },
    });
    expect(record.statusCode, record.body).toBe(200);
    await card(nga, 'GD4220120152433');
    await card(ngaAgain, 'GD4220120152434');
    await merge(mai, maiAgain);
    await merge(nga, ngaAgain);

    expect(await commune('T3')).toMatchObject({ n: t3.n + 2, d: t3.d + 2 });
    expect(await commune('T5')).toMatchObject({ n: t5.n + 1, d: t5.d + 2 });
    const drill = await manager.request(
      'GET',
      `/api/v1/indicators/T3/records?unit=06838&period=${now}&part=numerator&limit=100`,
    );
    expect(drill.statusCode, drill.body).toBe(200);
    const ids = drill.json().items.map((r: { id: string }) => r.id);
    expect(ids.filter((id: string) => [mai, nga].includes(id)).sort()).toEqual([mai, nga].sort());
    expect(ids).not.toContain(maiAgain);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('T3 and T5 read each person where they lived on the period’s day (issue 13)', () => {
  /**
   * Three people registered on 2024-01-10, none of the others registered before 2025:
   *  - Ánh, Tiên Yên (06862), card from 2024-01-01 with no end; transferred to Bình Liêu today;
   *  - Bảo, Tiên Yên, no card; transferred to Bình Liêu (06838) on 2024-06-15;
   *  - Chi, Bình Liêu, card from 2024-01-01.
   * By hand, T3 (insured / population):
   *  - May 2024 (before Bảo's transfer): Tiên Yên 1/2 (Ánh; Ánh, Bảo), Bình Liêu 1/1 (Chi);
   *  - June 2024 (Bảo moved on the 15th): Tiên Yên 1/1 (Ánh), Bình Liêu 1/2 (Chi; Chi, Bảo);
   *  - last month: whatever it was before today's transfer of Ánh, the transfer leaves it unchanged.
   */
  const ids: Record<string, string> = {};
  const commune = async (code: string, period: string, unit: string) =>
    byUnit(await values(manager, code, '22', period, true))[unit]!;
  const transfer = async (name: string, on: string) => {
    const res = await admin.request('POST', `/api/v1/residents/${ids[name]}/transfer`, {
      toUnitCode: '06838',
      on,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  let lastMonth: { tienYen: unknown; binhLieu: unknown; t5: unknown };
  beforeAll(async () => {
    const person = async (name: string, unit: string, card?: string) => {
      const res = await admin.request('POST', '/api/v1/residents', {
        fullName: name,
        sex: 'female',
        birthDate: '1990-02-02',
        currentAddress: { unitCode: unit },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
      if (card) {
        const c = await admin.request('POST', `/api/v1/residents/${ids[name]}/insurance-cards`, {
          code: card,
          validFrom: '2024-01-01',
          validTo: null,
        });
        expect(c.statusCode, c.body).toBe(201);
      }
    };
    await person('Đặng Thị Ánh', '06862', 'GD4220120152501');
    await person('Đặng Thị Bảo', '06862');
    await person('Đặng Thị Chi', '06838', 'GD4220120152502');
    await backdateRegistration(t.db.orm, Object.values(ids), '2024-01-10T09:00:00+07');
    await transfer('Đặng Thị Bảo', '2024-06-15');
    const last = previousMonth();
    lastMonth = {
      tienYen: await commune('T3', last, '06862'),
      binhLieu: await commune('T3', last, '06838'),
      t5: await commune('T5', last, '06862'),
    };
    await transfer('Đặng Thị Ánh', today());
  });

  it('keeps a person transferred today in the old commune for last month and for a past month', async () => {
    expect(await commune('T3', previousMonth(), '06862')).toEqual(lastMonth.tienYen);
    expect(await commune('T3', previousMonth(), '06838')).toEqual(lastMonth.binhLieu);
    expect(await commune('T5', previousMonth(), '06862')).toEqual(lastMonth.t5);
    expect(await commune('T3', '2024-06', '06862')).toEqual({ n: 1, d: 1, v: 100 });
    const drill = await manager.request(
      'GET',
      `/api/v1/indicators/T3/records?unit=06862&period=${previousMonth()}&part=denominator&limit=100`,
    );
    expect(drill.statusCode, drill.body).toBe(200);
    const labels = drill.json().items.map((r: { label: string }) => r.label);
    expect(labels).toContain('Đặng Thị Ánh');
    expect(labels).not.toContain('Đặng Thị Bảo');
  });

  it('moves a person transferred in the past from the transfer’s date, in counts, drill-down and coverage', async () => {
    expect(await commune('T3', '2024-05', '06862')).toEqual({ n: 1, d: 2, v: 50 });
    expect(await commune('T3', '2024-05', '06838')).toEqual({ n: 1, d: 1, v: 100 });
    expect(await commune('T3', '2024-06', '06838')).toEqual({ n: 1, d: 2, v: 50 });
    expect(await commune('T5', '2024-06', '06838')).toMatchObject({ n: 0, d: 2 });
    const drill = await manager.request(
      'GET',
      '/api/v1/indicators/T3/records?unit=06838&period=2024-06&part=denominator',
    );
    expect(
      drill
        .json()
        .items.map((r: { label: string }) => r.label)
        .sort(),
    ).toEqual(['Đặng Thị Bảo', 'Đặng Thị Chi']);
    const may = await admin.request('GET', '/api/v1/people/coverage?unit=06862&on=2024-05-31');
    expect(may.statusCode, may.body).toBe(200);
    expect(may.json()).toMatchObject({ residents: 2, insured: 1 });
    const june = await admin.request('GET', '/api/v1/people/coverage?unit=06862&on=2024-06-30');
    expect(june.json()).toMatchObject({ residents: 1, insured: 1 });
  });

  it('counts the person transferred today in the new commune from today', async () => {
    const now = byUnit(await values(manager, 'T3', '22', currentMonth(), true));
    const drill = await manager.request(
      'GET',
      `/api/v1/indicators/T3/records?unit=06838&period=${currentMonth()}&part=numerator&limit=100`,
    );
    const labels = drill.json().items.map((r: { label: string }) => r.label);
    expect(labels).toEqual(expect.arrayContaining(['Đặng Thị Ánh', 'Đặng Thị Chi']));
    expect(now['06838']!.n).toBe(labels.length);
  });
});

describe('T1 and T2 read each staff member’s post as it was on the period’s day (issue 13)', () => {
  const patchStaff = async (name: string, patch: object) => {
    const found = await admin.request('GET', `/api/v1/staff?q=${encodeURIComponent(name)}`);
    expect(found.statusCode, found.body).toBe(200);
    const [member] = found.json().items as { id: string }[];
    const res = await admin.request('PATCH', `/api/v1/staff/${member!.id}`, patch);
    expect(res.statusCode, res.body).toBe(200);
  };
  const tienYen = async (code: string, period: string) =>
    byUnit(await values(manager, code, '22', period, true))['06862'];

  it('when the doctor of Tiên Yên turns part-time today, then January 2025 still counts her and this month does not', async () => {
    await patchStaff('Bác Sĩ Tiên Yên', { fullTime: false });
    // Before issue 13 the change was read for every month: January 2025 fell to 0 of 1.
    expect(await tienYen('T1', '2025-01')).toEqual({ n: 1, d: 1, v: 100 });
    expect(await tienYen('T1', currentMonth())).toEqual({ n: 0, d: 1, v: 0 });
  });

  it('when the worker of Đông is marked untrained today, then January 2025 keeps Đông and this month counts only Tây', async () => {
    await patchStaff('Y Tế Thôn Đông', { trained: false });
    // January 2025: Đông (trained then), not Tây (untrained; its trained worker came in 2025-11).
    expect(await tienYen('T2', '2025-01')).toEqual({ n: 1, d: 2, v: 50 });
    expect(await tienYen('T2', currentMonth())).toEqual({ n: 1, d: 2, v: 50 });
    const hamlets = byUnit(await values(manager, 'T2', '06862', '2025-12', true));
    expect(Object.values(hamlets).map((h) => h.n)).toEqual([1, 1]);
  });

  it('dates a change of post back when told: the part-time doctor of Bình Liêu full time from 2025-02-01', async () => {
    // Bình Liêu: a part-time doctor since 2024-01, a full-time one from 2026-03 (T1: 0 of 1 in 2025).
    const binhLieu = async (period: string) =>
      byUnit(await values(manager, 'T1', '22', period, true))['06838'];
    expect(await binhLieu('2025-03')).toEqual({ n: 0, d: 1, v: 0 });
    const found = await admin.request('GET', `/api/v1/staff?q=${encodeURIComponent('Bác Sĩ Bán Thời Gian')}`);
    const [member] = found.json().items as { id: string }[];
    const future = await admin.request('PATCH', `/api/v1/staff/${member!.id}`, {
      fullTime: true,
      postChangedOn: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      expect.objectContaining({ path: 'body.postChangedOn', message: 'không được ở tương lai' }),
    ]);
    const early = await admin.request('PATCH', `/api/v1/staff/${member!.id}`, {
      fullTime: true,
      postChangedOn: '2023-12-31',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ path: 'postChangedOn', code: 'before_start' });
    await patchStaff('Bác Sĩ Bán Thời Gian', { fullTime: true, postChangedOn: '2025-02-01' });
    expect(await binhLieu('2025-01')).toEqual({ n: 0, d: 1, v: 0 });
    expect(await binhLieu('2025-03')).toEqual({ n: 1, d: 1, v: 100 });
    // A later change may not be dated before it.
    const before = await admin.request('PATCH', `/api/v1/staff/${member!.id}`, {
      fullTime: false,
      postChangedOn: '2025-01-15',
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().errors[0]).toMatchObject({ path: 'postChangedOn', code: 'before_last_change' });
  });
});

describe('the people behind a number say who they are and where (issue 13, item 7)', () => {
  it('gives a resident of hamlet Đông their birth date, personal ID, hamlet and commune names, in the drawer and the Excel', async () => {
    const res = await admin.request('POST', '/api/v1/residents', {
      fullName: 'Vi Văn Giang',
      sex: 'male',
      birthDate: '1980-04-02',
      personalId: '022080001234',
      currentAddress: { unitCode: '06862-001' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id: string = res.json().id;
    const url = `/api/v1/indicators/T3/records?unit=06862&period=${currentMonth()}&part=denominator&limit=100`;
    const list = await manager.request('GET', url);
    expect(list.statusCode, list.body).toBe(200);
    const giang = list.json().items.find((r: { id: string }) => r.id === id);
    expect(giang).toEqual({
      id,
      label: 'Vi Văn Giang',
      unitPath: expect.stringMatching(/\.h001$/),
      weight: 1,
      placeName: 'Thôn Đông',
      communeName: 'Xã Tiên Yên',
      resident: { birthDate: '1980-04-02', birthYear: 1980, personalId: '022080001234' },
    });
    const xlsx = await manager.request(
      'GET',
      `/api/v1/indicators/T3/records.xlsx?unit=06862&period=${currentMonth()}&part=denominator&lang=en`,
    );
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => sheet.push((row.values as unknown[]).slice(1)));
    // Every weight is 1, so no weight column.
    expect(sheet.find((r) => r[0] === '#')).toEqual([
      '#',
      'Record',
      'Birth date',
      'Personal ID',
      'Hamlet or commune',
      'Commune',
    ]);
    expect(sheet.find((r) => r[1] === 'Vi Văn Giang')!.slice(1)).toEqual([
      'Vi Văn Giang',
      '1980-04-02',
      '022080001234',
      'Thôn Đông',
      'Xã Tiên Yên',
    ]);
  });

  it('names the place of facts that are not people, and drops the column of 1s', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/indicators/T2/records?unit=06862&period=2025-12&part=denominator',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .items.map((r: { label: string; placeName: string; communeName: string; resident: unknown }) => [
          r.label,
          r.placeName,
          r.communeName,
          r.resident,
        ]),
    ).toEqual([
      ['Thôn Đông', 'Thôn Đông', 'Xã Tiên Yên', null],
      ['Thôn Tây', 'Thôn Tây', 'Xã Tiên Yên', null],
    ]);
  });
});

/**
 * Kept current commune by commune (docs/adr/0021): a write is placed by the owner of its table, only
 * the communes it touched are recomputed, and the stored values end as a full computation leaves them.
 * Here: a new insured resident in Bình Liêu today, then a transfer from Tiên Yên to Bình Liêu today.
 */
describe('stored values kept current commune by commune', () => {
  const definition = async (code: string) =>
    (
      await rows_<{ definition: IndicatorDefinition }>(
        sql`SELECT definition FROM indicator_definitions WHERE code = ${code} ORDER BY version DESC LIMIT 1`,
      )
    )[0]!.definition;
  const storedMark = async (code: string, period: string) =>
    (
      await rows_<{ watermark: Record<string, number> }>(
        sql`SELECT watermark FROM indicator_computations WHERE code = ${code} AND period = ${period}`,
      )
    )[0]!.watermark;
  const pathOf = async (unit: string) =>
    ((await manager.request('GET', `/api/v1/units/${unit}`)).json() as { path: string }).path;
  const communes = async (code: string, period: string) => {
    const all = byUnit(await values(manager, code, '22', period, true));
    return {
      tienYen: all['06862']!,
      binhLieu: all['06838']!,
      province: byUnit(await values(manager, code, '22', period))['22']!,
    };
  };
  const resident = async (fullName: string, unit: string) => {
    const res = await admin.request('POST', '/api/v1/residents', {
      fullName,
      sex: 'male',
      birthDate: '1990-02-02',
      currentAddress: { unitCode: unit },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('finds the one commune a new card touched, and catches up only there, as a full computation would', async () => {
    const now = currentMonth();
    const t3 = await definition('T3');
    const before = await communes('T3', now);
    const last = await communes('T3', previousMonth());
    const from = await storedMark('T3', now);
    const id = await resident('Nông Văn Khải', '06838');
    const card = await admin.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      code: 'GD4220120152499',
      validFrom: '2025-01-01',
      validTo: null,
    });
    expect(card.statusCode, card.body).toBe(201);
    const { mark: to } = await watermarkOf(t.db.orm, sourcesOf(t3));
    // Registered at the commune itself (no hamlet): that place exactly, not the commune's hamlets.
    expect(await changedRegions(t.db.orm, sourcesOf(t3), from, to)).toEqual([
      { path: await pathOf('06838'), exact: true },
    ]);

    // While a refresher runs, a request reads what is stored; the refresher's pass catches up.
    const ctx = periodContext(now);
    expect(await bringUpToDate(t.db.orm, t3, now, ctx, { leaveToRefresher: true })).toBe('left');
    const pass = await keepIndicatorsCurrent(t.db.orm);
    expect(pass.computed).toBe(0);
    expect(pass.caughtUp).toBeGreaterThanOrEqual(2); // T3 this month and last month at least
    expect(await bringUpToDate(t.db.orm, t3, now, ctx, { leaveToRefresher: false })).toBe('stored');

    const after = await communes('T3', now);
    expect(after.binhLieu).toMatchObject({ n: before.binhLieu.n + 1, d: before.binhLieu.d + 1 });
    expect(after.tienYen).toEqual(before.tienYen);
    expect(after.province).toMatchObject({ n: before.province.n + 1, d: before.province.d + 1 });
    expect(await communes('T3', previousMonth())).toEqual(last); // registered today: not last month

    // The same numbers as computing every unit again from the facts.
    await rebuildIndicators(t.db.orm, { from: now, to: now, code: 'T3' });
    expect(await communes('T3', now)).toEqual(after);
  });

  it('recomputes both communes of a transfer, and a request without a refresher catches up itself', async () => {
    const now = currentMonth();
    const t3 = await definition('T3');
    await values(manager, 'T3', '22', now);
    const before = await communes('T3', now);
    const from = await storedMark('T3', now);
    const id = await resident('Nông Văn Lộc', '06862');
    const moved = await admin.request('POST', `/api/v1/residents/${id}/transfer`, {
      toUnitCode: '06838',
      on: today(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { mark: to } = await watermarkOf(t.db.orm, sourcesOf(t3));
    expect(await changedRegions(t.db.orm, sourcesOf(t3), from, to)).toEqual(
      [await pathOf('06838'), await pathOf('06862')].sort().map((path) => ({ path, exact: true })),
    );
    const ctx = periodContext(now);
    expect(await bringUpToDate(t.db.orm, t3, now, ctx, { leaveToRefresher: false })).toBe('caught_up');
    const after = await communes('T3', now);
    expect(after.tienYen).toEqual(before.tienYen); // registered and gone on the same day
    expect(after.binhLieu.d).toBe(before.binhLieu.d + 1);
    expect(after.province.d).toBe(before.province.d + 1);
  });

  it('recomputes exactly the two hamlets of a move between them, and ends as a full computation', async () => {
    const now = currentMonth();
    const t3 = await definition('T3');
    const id = await resident('Nông Thị Nga', '06862-001');
    await values(manager, 'T3', '06862', now, true);
    const from = await storedMark('T3', now);
    const moved = await admin.request('PATCH', `/api/v1/residents/${id}`, {
      currentAddress: { unitCode: '06862-002' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { mark: to } = await watermarkOf(t.db.orm, sourcesOf(t3));
    expect(await changedRegions(t.db.orm, sourcesOf(t3), from, to)).toEqual([
      { path: await pathOf('06862-001'), exact: true },
      { path: await pathOf('06862-002'), exact: true },
    ]);
    const hamlets = async () => byUnit(await values(manager, 'T3', '06862', now, true));
    const caughtUp = await hamlets();
    await rebuildIndicators(t.db.orm, { from: now, to: now, code: 'T3' });
    expect(await hamlets()).toEqual(caughtUp);
  });

  it('does nothing in a pass when nothing was written since the last one', async () => {
    const first = await keepIndicatorsCurrent(t.db.orm);
    const idle = await keepIndicatorsCurrent(t.db.orm, { after: first });
    expect(idle).toMatchObject({ pairs: 0, caughtUp: 0, computed: 0 });
  });

  // The refresher runs on PostgreSQL only (a timer's query beside the requests' is unsafe on the
  // embedded database: docs/adr/0013).
  it.runIf(process.env.YTCS_TEST_DB === 'postgres')(
    'brings a new card into the stored values in the background, while requests read what is stored',
    async () => {
      const now = currentMonth();
      await values(manager, 'T3', '22', now);
      const before = (await communes('T3', now)).binhLieu;
      const refresher = startIndicatorRefresher(t.db.orm, 20, (err) => {
        throw err;
      });
      try {
        const id = await resident('Nông Văn Minh', '06838');
        const card = await admin.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
          code: 'GD4220120152477',
          validFrom: '2025-01-01',
          validTo: null,
        });
        expect(card.statusCode, card.body).toBe(201);
        let seen = before;
        for (let i = 0; i < 400 && seen.n === before.n; i++) {
          await new Promise((r) => setTimeout(r, 50));
          seen = (await communes('T3', now)).binhLieu;
        }
        expect(seen).toMatchObject({ n: before.n + 1, d: before.d + 1 });
      } finally {
        await refresher.stop();
      }
    },
  );

  it('says where every table a counter reads is written', () => {
    expect(unplacedSources()).toEqual([]);
  });
});

const rows_ = <T>(query: ReturnType<typeof sql>) => rows<T>(t.db.orm, query);

/** The month before today's (YYYY-MM). */
function previousMonth(): string {
  const [y, m] = today().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function currentMonth(): string {
  return today().slice(0, 7);
}
