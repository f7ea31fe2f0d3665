import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { rows } from '../../db/connection.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { importDemoCatalogue } from './catalogues.js';
import { visitForClaim, visitsForMonth } from './index.js';
import { listAuditEvents } from '../audit/index.js';
import { importIcd10Vietnamese } from '../terminology/index.js';

/**
 * Tiên Yên (06862) has a commune station and a health centre, each with a doctor; Bình Liêu (06838)
 * has its own station. Visits are dated in March 2026 (base salary 2,340,000: a visit under 351,000
 * is paid in full). Demo catalogue prices: general exam 30,500; ECG 32,800; stitching 178,000;
 * amlodipine 350 a tablet; health check on request 100,000 (not covered).
 */
let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên
let auditor: Session; // read-only, Tiên Yên
let other: Session; // clinician of Bình Liêu
const LEVEL_NAMES = ['', 'Một', 'Hai', 'Ba', 'Bốn', 'Năm'];
const GROUP_OF_LEVEL = ['', 'CC', 'HN', 'HT', 'GD', 'QN'];
const ids = {} as Record<
  'station' | 'centre' | 'otherStation' | 'doctor' | 'centreDoctor' | 'otherDoctor' | 'expired' | 'noCard',
  string
> & { levels: Record<number, string> };
const DAY = '2026-03-10';

async function facility(code: string, unitCode: string, kind: string) {
  const res = await admin.request('POST', '/api/v1/facilities', {
    code,
    name: `${kind === 'health_centre' ? 'Trung tâm y tế' : 'Trạm y tế'} ${code}`,
    kind,
    ...(kind === 'commune_station' ? { stationModel: 2 } : {}),
    unitCode,
    activeFrom: '2020-01-01',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function doctor(facilityId: string, fullName: string) {
  const res = await admin.request('POST', '/api/v1/staff', {
    fullName,
    sex: 'female',
    title: 'doctor',
    facilityId,
    activeFrom: '2020-01-01',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function resident(fullName: string, card?: { code: string; validFrom: string; validTo: string }) {
  const res = await admin.request('POST', '/api/v1/residents', {
    fullName,
    sex: 'male',
    birthYear: 1960,
    currentAddress: { unitCode: '06862' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (card) {
    const c = await admin.request('POST', `/api/v1/residents/${id}/insurance-cards`, card);
    expect(c.statusCode, c.body).toBe(201);
  }
  return id;
}

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'visits.admin', 'system_admin', 'VN');
  ids.station = await facility('22862', '06862', 'commune_station');
  ids.centre = await facility('22800', '06862', 'health_centre');
  ids.otherStation = await facility('22838', '06838', 'commune_station');
  ids.doctor = await doctor(ids.station, 'Bác sĩ Trạm');
  ids.centreDoctor = await doctor(ids.centre, 'Bác sĩ Trung tâm');
  ids.otherDoctor = await doctor(ids.otherStation, 'Bác sĩ Bình Liêu');
  ids.levels = {};
  for (const level of [1, 2, 3, 4, 5])
    ids.levels[level] = await resident(`Người Mức ${LEVEL_NAMES[level]}`, {
      // A real group of each benefit level (Quyết định 1351/QĐ-BHXH): CC 1, HN 2, HT 3, GD 4, QN 5.
      code: `${GROUP_OF_LEVEL[level]}${level}22012015243${level}`,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
  ids.expired = await resident('Người Thẻ Hết Hạn', {
    code: 'GD4220199999999',
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
  });
  ids.noCard = await resident('Người Không Thẻ');
  head = await userSession(t, 'visits.head', 'station_head', '06862');
  auditor = await userSession(t, 'visits.auditor', 'auditor', '06862');
  other = await userSession(t, 'visits.other', 'clinician', '06838');
});
afterAll(async () => t?.close());

/** A visit at the health centre with ECG + stitching + 100 amlodipine = 32,800 + 178,000 + 35,000 + 30,500 = 276,300… */
const centreVisit = (residentId: string, extra: Record<string, unknown> = {}) => ({
  residentId,
  facilityId: ids.centre,
  visitDate: DAY,
  clinicianId: ids.centreDoctor,
  reason: 'Đau ngực, tăng huyết áp',
  vitals: { pulse: 80, systolic: 150, diastolic: 95, heightCm: 160, weightKg: 64 },
  diagnoses: { main: { code: 'I10' }, others: [{ code: 'E11.9' }] },
  // 2 × 178,000 + 30,500 + 32,800 = 419,300 in services; 100 × 350 = 35,000 in drugs → 454,300
  services: [
    { code: 'DEMO.KB01', quantity: 1 },
    { code: 'DEMO.TT04', quantity: 1 },
    { code: 'DEMO.TT02', quantity: 2 },
  ],
  prescriptions: [{ code: 'DEMO.T001', dose: '1 viên sáng', days: 100, quantity: 100 }],
  finish: true,
  ...extra,
});

describe('payment of a visit', () => {
  it.each([
    [1, 454_300, 0],
    [2, 454_300, 0],
    [3, 431_585, 22_715],
    [4, 363_440, 90_860],
    [5, 454_300, 0],
  ])(
    'given a level-%i card valid on the day, when a 454,300 visit is finished at the health centre, then the fund pays %i and the patient %i',
    async (level, insurer, patient) => {
      const res = await head.request('POST', '/api/v1/visits', centreVisit(ids.levels[level]!));
      expect(res.statusCode, res.body).toBe(201);
      const v = res.json();
      expect(v.payment).toMatchObject({
        method: 'insurance',
        reason: 'benefit_level',
        total: 454_300,
        insurerAmount: insurer,
        patientAmount: patient,
      });
      expect(v.payment.card.benefitLevel).toBe(level);
      expect(v.vitals.bmi).toBe(25);
      const [stored] = await rows<{ insurer: number; patient: number }>(
        t.db.orm,
        sql`SELECT insurer_amount::float8 AS insurer, patient_amount::float8 AS patient FROM visits WHERE id = ${v.id}`,
      );
      expect(stored).toEqual({ insurer, patient });
    },
  );

  it('given a level-4 card, when the visit costs 63,300 (below 15 % of the base salary), then the fund pays all of it', async () => {
    const res = await head.request(
      'POST',
      '/api/v1/visits',
      centreVisit(ids.levels[4]!, {
        services: [
          { code: 'DEMO.KB01', quantity: 1 },
          { code: 'DEMO.TT04', quantity: 1 },
        ],
        prescriptions: [],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().payment).toMatchObject({
      reason: 'below_threshold',
      total: 63_300,
      insurerAmount: 63_300,
      patientAmount: 0,
    });
  });

  it('given a card that ended before the visit, when the visit is finished, then it is self-pay and says why', async () => {
    const res = await head.request('POST', '/api/v1/visits', centreVisit(ids.expired));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().payment).toMatchObject({
      method: 'self_pay',
      reason: 'card_expired',
      card: null,
      insurerAmount: 0,
      patientAmount: 454_300,
    });
  });

  it('given a card and a visit at the commune station, then the commune-level rule pays it in full', async () => {
    const res = await head.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.levels[4]!),
      facilityId: ids.station,
      clinicianId: ids.doctor,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().payment).toMatchObject({ reason: 'commune_level', insurerAmount: 454_300 });
  });
});

describe('versions of a visit', () => {
  it('given a finished visit, when it is corrected, then the old version stays readable with who and when, and the 831 record holds the corrected examination', async () => {
    const created = await head.request('POST', '/api/v1/visits', {
      residentId: ids.noCard,
      facilityId: ids.station,
      visitDate: DAY,
      clinicianId: ids.doctor,
      reason: 'Ho, sốt',
      diagnoses: { main: { code: 'J06.9', note: 'Viêm họng cấp' } },
      services: [{ code: 'DEMO.KB01' }],
      prescriptions: [{ code: 'DEMO.T003', dose: '1 viên khi sốt', days: 3, quantity: 6 }],
      finish: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const v = created.json();
    expect(v.payment).toMatchObject({ method: 'self_pay', reason: 'no_card', total: 31_580 });
    const refused = await head.request('PUT', `/api/v1/visits/${v.id}`, {
      visitDate: DAY,
      clinicianId: ids.doctor,
      diagnoses: { main: { code: 'J02.9' } },
      baseVersion: 1,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe('correctionReason');
    const corrected = await head.request('PUT', `/api/v1/visits/${v.id}`, {
      visitDate: DAY,
      clinicianId: ids.doctor,
      reason: 'Ho, sốt',
      diagnoses: { main: { code: 'J02.9', note: 'Viêm họng' } },
      services: [{ code: 'DEMO.KB01' }],
      baseVersion: 1,
      correctionReason: 'sai mã bệnh, bỏ thuốc',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const c = corrected.json();
    expect(c).toMatchObject({ version: 2, status: 'finished', payment: { total: 30_500 } });
    expect(c.versions.map((x: { version: number; kind: string }) => [x.version, x.kind])).toEqual([
      [2, 'correct'],
      [1, 'create'],
    ]);
    expect(c.versions[0]).toMatchObject({ createdBy: 'visits.head', reason: 'sai mã bệnh, bỏ thuốc' });
    const old = await head.request('GET', `/api/v1/visits/${v.id}/versions/1`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({
      version: 1,
      diagnoses: { main: { code: 'J06.9' } },
      payment: { total: 31_580 },
    });
    expect(old.json().prescriptions).toHaveLength(1);
    const stale = await head.request('PUT', `/api/v1/visits/${v.id}`, {
      visitDate: DAY,
      clinicianId: ids.doctor,
      diagnoses: { main: { code: 'J02.9' } },
      baseVersion: 1,
      correctionReason: 'x',
    });
    expect(stale.statusCode).toBe(409);
    const record = (await head.request('GET', `/api/v1/residents/${ids.noCard}/health-record`)).json();
    const exams = record.record.current.document.examinations.items.filter(
      (e: { visitId: string }) => e.visitId === v.id,
    );
    expect(exams).toHaveLength(1);
    expect(exams[0].diagnoses[0]).toMatchObject({ icd10: 'J02.9', primary: true });
    await expect(
      t.db.orm.execute(sql`UPDATE visit_versions SET reason = 'x' WHERE visit_id = ${v.id}`),
    ).rejects.toThrow();
  });

  it('given a draft, when it is finished, then it counts in the claims and a draft is not claimable', async () => {
    const draft = await head.request('POST', '/api/v1/visits', {
      residentId: ids.levels[3],
      facilityId: ids.station,
      visitDate: DAY,
      clinicianId: ids.doctor,
      diagnoses: { main: { code: 'E11' } },
      services: [{ code: 'DEMO.XN01' }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id;
    expect(draft.json().status).toBe('draft');
    const actor = { ...systemActor(), scopePath: draft.json().facility.unitPath };
    await expect(visitForClaim(t.db.orm, actor, id)).rejects.toMatchObject({ status: 409 });
    const finished = await head.request('POST', `/api/v1/visits/${id}/finish`, { baseVersion: 1 });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toMatchObject({ status: 'finished', version: 2 });
    const claim = await visitForClaim(t.db.orm, actor, id);
    expect(claim.patient.fullName).toBe('Người Mức Ba');
    expect(claim.services[0]).toMatchObject({ code: 'DEMO.XN01', unitPrice: 15_200, amount: 15_200 });
    const month = await visitsForMonth(t.db.orm, actor, { facilityId: ids.station, month: '2026-03' });
    expect(month.map((m) => m.id)).toContain(id);
    expect(month.every((m) => m.status === 'finished')).toBe(true);
  });
});

describe('diagnoses and input', () => {
  it('given a code not on the ICD-10 list, then the field is named in a 422', async () => {
    const res = await head.request(
      'POST',
      '/api/v1/visits',
      centreVisit(ids.noCard, { diagnoses: { main: { code: 'I10' }, others: [{ code: 'Z99.99' }] } }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: 'diagnoses.others.0.code', code: 'unknown_icd10' }),
    ]);
  });

  it('given malformed input, then each bad field is named', async () => {
    const res = await head.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.noCard),
      diagnoses: { main: { code: 'hypertension' } },
      // Malformed (a negative count); a well-formed but impossible 900 is the plausibility rules' (422).
      vitals: { pulse: -5 },
      services: [{ code: 'NOPE' }],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringContaining('diagnoses.main.code'),
        expect.stringContaining('vitals.pulse'),
      ]),
    );
    const unknown = await head.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.noCard),
      services: [{ code: 'NOPE' }],
      clinicianId: ids.otherDoctor,
    });
    expect(unknown.statusCode).toBe(422);
    expect(
      unknown
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['clinicianId', 'services.0.code']);
  });

  it('given a visit date before any payment rule, then the date is named instead of a server error', async () => {
    const res = await head.request('POST', '/api/v1/visits', {
      residentId: ids.noCard,
      facilityId: ids.station,
      visitDate: '1990-05-01',
      clinicianId: ids.doctor,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('visitDate');
  });

  it('given Vietnamese titles imported, then the diagnosis shows them', async () => {
    await importIcd10Vietnamese(t.db.orm, 'code,title_vi\nI10,Tăng huyết áp vô căn (nguyên phát)\n');
    const res = await head.request('GET', '/api/v1/icd10?q=I10');
    expect(res.json()[0]).toMatchObject({
      code: 'I10',
      title: 'Tăng huyết áp vô căn (nguyên phát)',
      titleEn: 'Essential (primary) hypertension',
    });
  });
});

describe('scope and roles', () => {
  let visitId: string;
  beforeAll(async () => {
    const res = await head.request('POST', '/api/v1/visits', centreVisit(ids.levels[1]!));
    visitId = res.json().id;
  });

  it("given another commune's user, then every visit endpoint about Tiên Yên answers 404 or names the field, each audited", async () => {
    const get = await other.request('GET', `/api/v1/visits/${visitId}`);
    expect(get.statusCode).toBe(404);
    expect((await other.request('GET', `/api/v1/visits/${visitId}/versions/1`)).statusCode).toBe(404);
    const put = await other.request('PUT', `/api/v1/visits/${visitId}`, {
      visitDate: DAY,
      clinicianId: ids.otherDoctor,
      baseVersion: 1,
      correctionReason: 'x',
    });
    expect(put.statusCode).toBe(404);
    expect(
      (await other.request('POST', `/api/v1/visits/${visitId}/finish`, { baseVersion: 1 })).statusCode,
    ).toBe(404);
    const create = await other.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.levels[1]!),
      facilityId: ids.otherStation,
      clinicianId: ids.otherDoctor,
    });
    expect(create.statusCode).toBe(422);
    expect(create.json().errors[0]).toMatchObject({ path: 'residentId', code: 'unknown_resident' });
    const list = await other.request('GET', `/api/v1/visits?facility=${ids.centre}&date=${DAY}`);
    expect(list.json().total).toBe(0);
    const history = await other.request('GET', `/api/v1/visits?resident=${ids.levels[1]}`);
    expect(history.json().total).toBe(0);
    expect((await other.request('GET', `/api/v1/station-services/${ids.station}`)).statusCode).toBe(404);
    const denied = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'visits.other', outcome: 'denied' },
      { limit: 1, offset: 0 },
    );
    expect(denied.total).toBeGreaterThanOrEqual(5);
  });

  it('given a read-only role, then reading works and writing is 403', async () => {
    expect((await auditor.request('GET', `/api/v1/visits/${visitId}`)).statusCode).toBe(200);
    expect((await auditor.request('POST', '/api/v1/visits', centreVisit(ids.levels[1]!))).statusCode).toBe(
      403,
    );
    expect(
      (await auditor.request('POST', `/api/v1/visits/${visitId}/finish`, { baseVersion: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await auditor.request('PUT', `/api/v1/station-services/${ids.station}`, { serviceCodes: [] }))
        .statusCode,
    ).toBe(403);
  });

  it("given the station's head, then today's list and a person's history are audited reads", async () => {
    const list = await head.request('GET', `/api/v1/visits?facility=${ids.centre}&date=${DAY}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBeGreaterThan(5);
    const history = await head.request('GET', `/api/v1/visits?resident=${ids.levels[1]}`);
    expect(history.json().items.every((i: { residentId: string }) => i.residentId === ids.levels[1])).toBe(
      true,
    );
    const audited = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'visits.head', action: 'list', entityType: 'person' },
      { limit: 1, offset: 0 },
    );
    expect(audited.total).toBeGreaterThanOrEqual(2);
  });

  it('given the station head, when the station declares two services, then T8 counts 2 of the 9 listed', async () => {
    const res = await head.request('PUT', `/api/v1/station-services/${ids.station}`, {
      serviceCodes: ['DEMO.KB01', 'DEMO.XN01'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ listed: 9, able: 2 });
    const bad = await head.request('PUT', `/api/v1/station-services/${ids.station}`, {
      serviceCodes: ['NOPE'],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('serviceCodes.0');
  });
});

describe('targets T4 and T8', () => {
  const value = async (code: string, period: string) => {
    const res = await admin.request('GET', `/api/v1/indicators/${code}/values?unit=06862&period=${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const [v] = res.json().values;
    return { n: v.numerator, d: v.denominator, v: v.value };
  };

  it('given May 2026 at the station: two insured visits, one self-pay, one draft and one at the health centre, then T4 is 2 of 3', async () => {
    const may = { visitDate: '2026-05-12', facilityId: ids.station, clinicianId: ids.doctor };
    for (const [who, finish] of [
      [ids.levels[1]!, true],
      [ids.levels[2]!, true],
      [ids.expired, true],
      [ids.levels[3]!, false],
    ] as const) {
      const res = await head.request('POST', '/api/v1/visits', centreVisit(who, { ...may, finish }));
      expect(res.statusCode, res.body).toBe(201);
    }
    const centre = await head.request(
      'POST',
      '/api/v1/visits',
      centreVisit(ids.levels[4]!, { visitDate: '2026-05-12' }),
    );
    expect(centre.statusCode, centre.body).toBe(201);
    expect(await value('T4', '2026-05')).toEqual({ n: 2, d: 3, v: 66.67 });
    // April had none of them.
    expect(await value('T4', '2026-04')).toEqual({ n: 0, d: 0, v: null });
  });

  it('given the station declared 2 of the 9 listed services, then T8 is 22.22 % for its commune', async () => {
    const month = today().slice(0, 7);
    expect(await value('T8', month)).toEqual({ n: 2, d: 9, v: 22.22 });
  });

  it('given the 2 services were declared today, then last month and June 2026 count none of them', async () => {
    // Before issue 13 a declaration had no date: today's declaration raised every past month to 2.
    expect(await value('T8', '2026-06')).toEqual({ n: 0, d: 9, v: 0 });
    expect(await value('T8', previousMonth())).toEqual({ n: 0, d: 9, v: 0 });
  });

  it('when the station withdraws one service today, then this month counts 1 and past months are unchanged', async () => {
    const before = await value('T8', previousMonth());
    const res = await head.request('PUT', `/api/v1/station-services/${ids.station}`, {
      serviceCodes: ['DEMO.KB01'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ listed: 9, able: 1 });
    // The stored value goes stale with the withdrawal (a closed row, not a deleted one).
    expect(await value('T8', today().slice(0, 7))).toEqual({ n: 1, d: 9, v: 11.11 });
    expect(await value('T8', previousMonth())).toEqual(before);
    // Declared again the same day: the declaration continues, still one row in force.
    const again = await head.request('PUT', `/api/v1/station-services/${ids.station}`, {
      serviceCodes: ['DEMO.KB01', 'DEMO.XN01'],
    });
    expect(again.json()).toMatchObject({ listed: 9, able: 2 });
    expect(await value('T8', today().slice(0, 7))).toEqual({ n: 2, d: 9, v: 22.22 });
    const listed = await head.request('GET', `/api/v1/station-services/${ids.station}?on=2026-06-30`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({ listed: 9, able: 0 });
  });
});

describe('chronic-disease follow-ups (issue 14)', () => {
  it('keeps glucose, HbA1c, adherence and complications screening, and the measures programmes count by', async () => {
    const res = await head.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.noCard),
      facilityId: ids.station,
      clinicianId: ids.doctor,
      services: [{ code: 'DEMO.KB01', quantity: 1 }],
      prescriptions: [],
      vitals: { systolic: 142, diastolic: 88, fastingGlucose: 7.4, hba1c: 7.1, waistCm: 92 },
      reExaminationDate: '2026-04-10',
      chronicCare: { adherence: 'irregular', complications: { foot: 'normal', eye: 'abnormal' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().vitals).toMatchObject({ fastingGlucose: 7.4, hba1c: 7.1, waistCm: 92 });
    expect(res.json().chronicCare).toEqual({
      adherence: 'irregular',
      complications: { foot: 'normal', eye: 'abnormal' },
    });
    const [row] = await rows<Record<string, unknown>>(
      t.db.orm,
      sql`SELECT systolic, diastolic, fasting_glucose::float8 AS fasting, hba1c::float8 AS hba1c,
            random_glucose AS random, re_examination_date::text AS re_exam FROM visits WHERE id = ${res.json().id}`,
    );
    expect(row).toEqual({
      systolic: 142,
      diastolic: 88,
      fasting: 7.4,
      hba1c: 7.1,
      random: null,
      re_exam: '2026-04-10',
    });
    // A correction rewrites them.
    const fix = await head.request('PUT', `/api/v1/visits/${res.json().id}`, {
      visitDate: DAY,
      clinicianId: ids.doctor,
      vitals: { systolic: 132, diastolic: 84 },
      diagnoses: { main: { code: 'I10' } },
      services: [{ code: 'DEMO.KB01', quantity: 1 }],
      baseVersion: 1,
      correctionReason: 'Nhập nhầm',
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const [after] = await rows<Record<string, unknown>>(
      t.db.orm,
      sql`SELECT systolic, fasting_glucose AS fasting, re_examination_date AS re_exam FROM visits WHERE id = ${res.json().id}`,
    );
    expect(after).toEqual({ systolic: 132, fasting: null, re_exam: null });
    const bad = await head.request('POST', '/api/v1/visits', {
      ...centreVisit(ids.noCard),
      chronicCare: { adherence: 'sometimes' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('preview', () => {
  it('given a visit being typed, when previewed, then it is priced and split as saving would, and nothing is saved', async () => {
    const count = async () =>
      (await rows<{ n: number }>(t.db.orm, sql`SELECT count(*)::int AS n FROM visits`))[0]!.n;
    const before = await count();
    const res = await head.request('POST', '/api/v1/visits/preview', centreVisit(ids.levels[3]!));
    expect(res.statusCode, res.body).toBe(200);
    // The same 454,300 visit as the level-3 case above: 95 % by the fund.
    expect(res.json().payment).toMatchObject({
      total: 454_300,
      insurerAmount: 431_585,
      patientAmount: 22_715,
    });
    expect(await count()).toBe(before);
    const bad = await head.request('POST', '/api/v1/visits/preview', {
      ...centreVisit(ids.levels[3]!),
      diagnoses: { main: { code: 'X99.99' } },
    });
    expect(bad.statusCode).toBe(422);
    // Another commune's clinician cannot price a visit at this station: the facility is outside the
    // area, named on its field (a reference in a body, as on every create).
    const outside = await other.request('POST', '/api/v1/visits/preview', centreVisit(ids.levels[3]!));
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].path).toBe('facilityId');
  });
});

/** The month before today's (YYYY-MM). */
function previousMonth(): string {
  const [y, m] = today().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
