import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

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
