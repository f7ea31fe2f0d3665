import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { importDemoCatalogue } from '../visits/index.js';

/**
 * Register A1's referral column (chuyển tuyến) from the referral module: Tiên Yên station (22862) sees
 * three patients on 2026-02-11. An's slip to the health centre is written at his visit; Bình's is
 * written the same day from the referral page without naming the visit; Cúc is not referred, and
 * An's re-examination on 2026-02-12 is not a referral either (nor does his slip of the 11th count then).
 */
let t: TestApp;
let admin: Session;
let head: Session;
const ids = {} as Record<'centre' | 'station' | 'doctor' | 'an' | 'binh' | 'cuc', string>;

const visit = async (residentId: string, visitDate: string) => {
  const res = await admin.request('POST', '/api/v1/visits', {
    residentId,
    facilityId: ids.station,
    clinicianId: ids.doctor,
    visitDate,
    reason: 'Sốt, ho',
    diagnoses: { main: { code: 'J18.9' }, others: [] },
    services: [{ code: 'DEMO.KB01', quantity: 1 }],
    finish: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

const slip = async (residentId: string, visitId?: string) => {
  const res = await head.request('POST', '/api/v1/referrals', {
    residentId,
    originFacilityId: ids.station,
    destinationFacilityId: ids.centre,
    issuedOn: '2026-02-11',
    ...(visitId ? { visitId } : {}),
    clinicalSigns: 'Sốt 39°C, ho đờm, ran ẩm đáy phổi phải',
    diagnosisCode: 'J18.9',
    course: 'Sốt 3 ngày, kháng sinh uống 2 ngày không đỡ',
    reasonCode: 2,
    treatmentPlan: 'Chụp X-quang phổi',
    conditionAtTransfer: 'Tỉnh',
    transport: 'Xe cứu thương',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slipNumber as string;
};

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'a1ref.admin', 'system_admin', 'VN');
  const centre = await admin.request('POST', '/api/v1/facilities', {
    activeFrom: '2020-01-01',
    code: '22901',
    name: 'Trung tâm Y tế Hải Lạng',
    kind: 'health_centre',
    unitCode: '06886',
  });
  expect(centre.statusCode, centre.body).toBe(201);
  ids.centre = centre.json().id;
  ids.station = await createStation(admin, '06862', { code: '22862', name: 'Trạm y tế Tiên Yên' });
  ids.doctor = await createDoctor(admin, ids.station, 'Bác sĩ Lan');
  head = await userSession(t, 'a1ref.head', 'station_head', '06862');
  ids.an = await createResident(head, 'Nguyễn Văn An', '1960-01-01', '06862');
  ids.binh = await createResident(head, 'Trần Văn Bình', '1962-02-02', '06862');
  ids.cuc = await createResident(head, 'Lê Thị Cúc', '1970-03-03', '06862');
});
afterAll(async () => t?.close());

describe('register A1: the referral column', () => {
  it('names the receiving facility and the slip of a visit, or of the same person at the station that day', async () => {
    const anVisit = await visit(ids.an, '2026-02-11');
    await visit(ids.binh, '2026-02-11');
    await visit(ids.cuc, '2026-02-11');
    await visit(ids.an, '2026-02-12');
    const anSlip = await slip(ids.an, anVisit);
    const binhSlip = await slip(ids.binh);
    expect([anSlip, binhSlip]).toEqual(['1/2026/22862', '2/2026/22862']);

    const res = await head.request('GET', `/api/v1/registers/a1?facility=${ids.station}&month=2026-02`);
    expect(res.statusCode, res.body).toBe(200);
    const a1 = res.json();
    expect(
      a1.rows.map((r: { date: string; fullName: string; referral: string | null }) => [
        r.date,
        r.fullName,
        r.referral,
      ]),
    ).toEqual([
      ['2026-02-11', 'Nguyễn Văn An', 'Trung tâm Y tế Hải Lạng (giấy 1/2026/22862)'],
      ['2026-02-11', 'Trần Văn Bình', 'Trung tâm Y tế Hải Lạng (giấy 2/2026/22862)'],
      ['2026-02-11', 'Lê Thị Cúc', null],
      ['2026-02-12', 'Nguyễn Văn An', null],
    ]);
    expect(a1.totals.referred).toBe(2);
  });
});
