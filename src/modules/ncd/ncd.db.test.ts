import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { rows } from '../../db/connection.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { backdateRegistration } from '../people/index.js';
import { importDemoCatalogue } from '../visits/index.js';
import { systemActor } from '../../core/actor.js';
import { unitsRelation } from '../network/index.js';
import { ncdDueItems } from './index.js';

/**
 * Hand-built patients of Tiên Yên (06862) and Bình Liêu (06838), counted for June 2026 (M): the
 * window M−2..M is 1 April – 30 June, "under care" reaches back to 1 July 2025 (M−11), and the cohort
 * is those registered before 1 April 2026 (3 or more calendar months before M).
 */
let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên
let other: Session; // clinician of Bình Liêu
const ids: Record<string, string> = {};
const p: Record<string, string> = {}; // patients by letter

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const T = today();

async function facility(code: string, unitCode: string) {
  const res = await admin.request('POST', '/api/v1/facilities', {
    code,
    name: `Trạm y tế ${code}`,
    kind: 'commune_station',
    stationModel: 2,
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
async function resident(fullName: string, unitCode = '06862', birthYear = 1960) {
  const res = await admin.request('POST', '/api/v1/residents', {
    fullName,
    sex: 'male',
    birthYear,
    currentAddress: { unitCode },
    phones: ['0912345678'],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await backdateRegistration(t.db.orm, [id], '2024-01-01T00:00:00Z');
  return id;
}
async function enrol(
  residentId: string,
  registeredOn: string,
  condition = 'hypertension',
  facilityId = ids.station!,
) {
  const res = await admin.request('POST', '/api/v1/ncd/enrolments', {
    residentId,
    condition,
    diagnosedOn: registeredOn,
    source: 'screened_here',
    registeredOn,
    facilityId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function visit(
  residentId: string,
  visitDate: string,
  vitals: Record<string, number> = {},
  extra: Record<string, unknown> = {},
  facilityId = ids.station!,
  clinicianId = ids.doctor!,
) {
  const res = await admin.request('POST', '/api/v1/visits', {
    residentId,
    facilityId,
    visitDate,
    clinicianId,
    vitals,
    diagnoses: { main: { code: 'I10' } },
    services: [{ code: 'DEMO.KB01', quantity: 1 }],
    paymentMethod: 'self_pay',
    finish: true,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const bp = (systolic: number, diastolic: number) => ({ systolic, diastolic });
async function cohortOf(s: Session, unit: string, period: string, condition = 'hypertension', trend = 0) {
  const res = await s.request(
    'GET',
    `/api/v1/ncd/cohort?unit=${unit}&period=${period}&condition=${condition}&trend=${trend}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'ncd.admin', 'system_admin', 'VN');
  ids.station = await facility('22862', '06862');
  ids.otherStation = await facility('22838', '06838');
  ids.doctor = await doctor(ids.station, 'Bác sĩ Trạm');
  ids.otherDoctor = await doctor(ids.otherStation, 'Bác sĩ Bình Liêu');
  head = await userSession(t, 'ncd.head', 'station_head', '06862');
  other = await userSession(t, 'ncd.other', 'clinician', '06838');

  // --- the cohort story (June 2026)
  for (const k of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'])
    p[k] = await resident(`Bệnh nhân ${k}`);
  await enrol(p.A!, '2025-01-10');
  await visit(p.A!, '2026-03-31', bp(130, 80)); // last day of M−3
  await enrol(p.B!, '2025-01-10');
  await visit(p.B!, '2026-04-01', bp(130, 80)); // first day of M−2
  await enrol(p.C!, '2026-03-15'); // exactly 3 calendar months before M
  await visit(p.C!, '2026-06-10', bp(150, 95));
  await enrol(p.D!, '2026-04-01'); // 2 months before M: not in the cohort yet
  await visit(p.D!, '2026-06-10', bp(120, 70));
  await enrol(p.E!, '2025-01-10');
  await visit(p.E!, '2026-05-20'); // no BP
  await enrol(p.F!, '2025-06-30');
  await visit(p.F!, '2025-06-30', bp(120, 70)); // M−12: lost in June, under care in May
  await enrol(p.G!, '2025-01-10');
  await visit(p.G!, '2025-07-01', bp(120, 70)); // M−11: under care, missed visit
  await enrol(p.H!, '2025-01-10');
  await visit(p.H!, '2026-05-02', bp(120, 70)); // dies on 15 June
  await enrol(p.I!, '2025-01-10');
  await visit(p.I!, '2026-05-05', bp(120, 78)); // transferred to Bình Liêu on 15 June
  await enrol(p.J!, '2025-01-10');
  await enrol(p.J!, '2025-01-10', 'diabetes');
  await visit(p.J!, '2026-06-05', { ...bp(135, 85), hba1c: 6.5 }); // with diabetes the target is 130/80
  await enrol(p.K!, '2025-01-10', 'diabetes');
  await visit(p.K!, '2026-06-01', { fastingGlucose: 8 });
});
afterAll(async () => t?.close());

const JUNE_06862 = {
  registered: 9,
  underCare: 7,
  lostToFollowUp: 1,
  dead: 1,
  cohort: 6,
  controlled: 1,
  uncontrolled: 2,
  visitedNoBp: 1,
  missedVisit: 2,
};
// In May, J (no visit before 5 June, registered in January 2025) is lost to follow-up; F (registered
// 30 June 2025, 11 months before May) is still under care and missed visits, as G.
const MAY_06862 = {
  registered: 10,
  underCare: 9,
  lostToFollowUp: 1,
  dead: 0,
  cohort: 7,
  controlled: 4,
  uncontrolled: 0,
  visitedNoBp: 1,
  missedVisit: 2,
};

describe('control status by month (Simple/HEARTS, calendar months)', () => {
  it('puts each hand-built patient in the bucket the month boundaries say, before the death and the transfer', async () => {
    const may = await cohortOf(head, '06862', '2026-05');
    expect(may.counts).toEqual(MAY_06862);
    const june = await cohortOf(head, '06862', '2026-06');
    // Before H's death and I's transfer are recorded, June counts both alive in Tiên Yên.
    expect(june.counts).toMatchObject({ registered: 11 - 1, dead: 0, controlled: 3 });
  });

  it('counts a death and a mid-month transfer in June and leaves May as it was', async () => {
    const died = await admin.request('POST', `/api/v1/residents/${p.H}/events`, {
      kind: 'death',
      on: '2026-06-15',
    });
    expect(died.statusCode, died.body).toBe(201);
    const moved = await admin.request('POST', `/api/v1/residents/${p.I}/transfer`, {
      toUnitCode: '06838',
      on: '2026-06-15',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const june = await cohortOf(head, '06862', '2026-06');
    expect(june.counts).toEqual(JUNE_06862);
    expect(june.definitionVersion).toBe('2026.1');
    expect(june.controlDefined).toBe(true);
    // I is counted in Bình Liêu from the transfer's month, and May stays in Tiên Yên.
    expect((await cohortOf(other, '06838', '2026-06')).counts).toMatchObject({
      registered: 1,
      cohort: 1,
      controlled: 1,
    });
    expect((await cohortOf(head, '06862', '2026-05')).counts).toEqual(MAY_06862);
    expect((await cohortOf(admin, '06838', '2026-05')).counts.registered).toBe(0);
    // The enrolment moved with the person: place and station of Bình Liêu.
    const card = await other.request('GET', `/api/v1/ncd/patients/${p.I}`);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json().enrolments[0]).toMatchObject({
      facilityId: ids.otherStation,
      condition: 'hypertension',
    });
  });

  it('answers a month before the first control definition as a 422 on the period, not a server error', async () => {
    // Found by the fuzz (period=0090-11 was a 500): the definitions begin on 2019-12-20.
    const old = await head.request('GET', '/api/v1/ncd/cohort?unit=06862&period=1990-11');
    expect(old.statusCode, old.body).toBe(422);
    expect(old.json().errors[0]).toMatchObject({ path: 'query.period', code: 'not_in_force' });
  });

  it('lists the patients behind a bucket and rolls the communes up to the province', async () => {
    const missed = await head.request(
      'GET',
      '/api/v1/ncd/cohort/patients?unit=06862&period=2026-06&condition=hypertension&bucket=missed_visit',
    );
    expect(missed.statusCode, missed.body).toBe(200);
    expect(
      missed
        .json()
        .items.map((i: { fullName: string }) => i.fullName)
        .sort(),
    ).toEqual(['Bệnh nhân A', 'Bệnh nhân G']);
    const c = (
      await head.request('GET', '/api/v1/ncd/cohort/patients?unit=06862&period=2026-06&bucket=uncontrolled')
    ).json();
    const cRow = c.items.find((i: { residentId: string }) => i.residentId === p.C);
    expect(cRow).toMatchObject({
      bucket: 'uncontrolled',
      lastBp: { systolic: 150, diastolic: 95, on: '2026-06-10' },
    });
    const province = await cohortOf(admin, '22', '2026-06');
    expect(province.counts.registered).toBe(JUNE_06862.registered + 1);
    expect(province.counts.controlled).toBe(JUNE_06862.controlled + 1);
    const tienYen = province.children.find((ch: { unit: { code: string } }) => ch.unit.code === '06862');
    expect(tienYen.counts).toEqual(JUNE_06862);
    // The trend ends at the period asked, oldest first.
    const withTrend = await cohortOf(head, '06862', '2026-06', 'hypertension', 2);
    expect(withTrend.trend.map((x: { period: string }) => x.period)).toEqual(['2026-05', '2026-06']);
    expect(withTrend.trend[0].counts).toEqual(MAY_06862);
  });

  it('controls diabetes by the latest glucose measure, HbA1c first', async () => {
    const june = await cohortOf(head, '06862', '2026-06', 'diabetes');
    expect(june.counts).toMatchObject({
      registered: 2,
      cohort: 2,
      controlled: 1,
      uncontrolled: 1,
      visitedNoBp: 0,
    });
  });

  it('counts a quarter’s registrations by the outcome of the next quarter', async () => {
    const q = await head.request(
      'GET',
      '/api/v1/ncd/cohort/quarterly?unit=06862&quarter=2026-Q1&condition=hypertension',
    );
    expect(q.statusCode, q.body).toBe(200);
    // C registered on 15 March 2026, BP 150/95 in the second quarter.
    expect(q.json()).toMatchObject({
      registered: 1,
      uncontrolled: 1,
      outcomeFrom: '2026-04-01',
      outcomeTo: '2026-06-30',
    });
  });

  it('keeps a past month when a follow-up is recorded later, and moves the running month at once', async () => {
    const indicator = async (code: string, period: string) => {
      const res = await admin.request('GET', `/api/v1/indicators/${code}/values?unit=06862&period=${period}`);
      expect(res.statusCode, res.body).toBe(200);
      const [v] = res.json().values;
      return [v.numerator, v.denominator];
    };
    // The catalogue's indicators are the same sums: controlled / cohort, missed visits / cohort.
    expect(await indicator('NCD_HTN_CONTROLLED', '2026-06')).toEqual([1, 6]);
    expect(await indicator('NCD_HTN_MISSED_VISIT', '2026-06')).toEqual([2, 6]);
    expect(await indicator('NCD_HTN_LOST', '2026-06')).toEqual([1, 8]);
    const before = await indicator('NCD_HTN_CONTROLLED', T.slice(0, 7));
    await visit(p.A!, T, bp(128, 78));
    expect((await cohortOf(head, '06862', '2026-06')).counts).toEqual(JUNE_06862);
    expect(await indicator('NCD_HTN_CONTROLLED', '2026-06')).toEqual([1, 6]);
    // The running month moves at once: A, missed since March, is now controlled.
    expect(await indicator('NCD_HTN_CONTROLLED', T.slice(0, 7))).toEqual([before[0] + 1, before[1]]);
    const card = (await head.request('GET', `/api/v1/ncd/patients/${p.A}`)).json();
    expect(card.status).toEqual([{ condition: 'hypertension', period: T.slice(0, 7), bucket: 'controlled' }]);
    expect(card.bp.map((r: { on: string }) => r.on)).toEqual(['2026-03-31', T]);
  });
});

describe('enrolments', () => {
  it('refuses a second enrolment for the same condition (409) and bad dates field by field (422)', async () => {
    const dup = await admin.request('POST', '/api/v1/ncd/enrolments', {
      residentId: p.A,
      condition: 'hypertension',
      diagnosedOn: '2025-01-01',
      source: 'known',
      facilityId: ids.station,
    });
    expect(dup.statusCode).toBe(409);
    const bad = await admin.request('POST', '/api/v1/ncd/enrolments', {
      residentId: p.B,
      condition: 'copd',
      diagnosedOn: '2026-02-01',
      registeredOn: '2026-01-01',
      source: 'referred',
      facilityId: ids.station,
      clinicianId: ids.otherDoctor,
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['clinicianId', 'diagnosedOn']);
    const zod = await admin.request('POST', '/api/v1/ncd/enrolments', { residentId: p.B, condition: 'flu' });
    expect(zod.statusCode).toBe(400);
  });

  it('defaults the registration to today, keeps a plan, and lists the registry in scope only', async () => {
    const r = await resident('Bệnh nhân Mới');
    const res = await head.request('POST', '/api/v1/ncd/enrolments', {
      residentId: r,
      condition: 'asthma',
      diagnosedOn: '2020-05-01',
      source: 'known',
      facilityId: ids.station,
      clinicianId: ids.doctor,
      plan: { medicines: [{ name: 'Salbutamol xịt', dose: '2 nhát khi khó thở' }], followUpDays: 60 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      registeredOn: T,
      clinicianName: 'Bác sĩ Trạm',
      plan: { followUpDays: 60 },
    });
    const plan = await head.request('PUT', `/api/v1/ncd/enrolments/${res.json().id}/plan`, {
      medicines: [],
      targets: { systolic: 130 },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().plan).toMatchObject({
      medicines: [],
      targets: { systolic: 130 },
      updatedBy: 'ncd.head',
    });
    const list = (await head.request('GET', '/api/v1/ncd/enrolments?condition=asthma')).json();
    expect(list.total).toBe(1);
    // Bình Liêu's clinician sees neither the list's people nor the enrolment.
    expect((await other.request('GET', '/api/v1/ncd/enrolments?condition=asthma')).json().total).toBe(0);
    expect((await other.request('GET', `/api/v1/ncd/enrolments/${res.json().id}`)).statusCode).toBe(404);
    const ended = await head.request('PATCH', `/api/v1/ncd/enrolments/${res.json().id}`, { endedOn: T });
    expect(ended.statusCode).toBe(422);
    const audits = await listAuditEvents(t.db.orm, systemActor(), { entityId: r }, { limit: 50, offset: 0 });
    expect(audits.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['create', 'update']),
    );
  });

  it('forbids an auditor to enrol (403): reading roles do not write', async () => {
    const auditor = await userSession(t, 'ncd.auditor', 'auditor', '06862');
    const res = await auditor.request('POST', '/api/v1/ncd/enrolments', {
      residentId: p.B,
      condition: 'copd',
      diagnosedOn: '2025-01-01',
      source: 'known',
      facilityId: ids.station,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the overdue list and calls', () => {
  const o: Record<string, string> = {};
  beforeAll(async () => {
    // Móng Cái 2 (06709): a station of its own, so the cohort story above does not mix in.
    ids.mongCai = await facility('22709', '06709');
    ids.mongCaiDoctor = await doctor(ids.mongCai, 'Bác sĩ Móng Cái');
    const at = (name: string) => resident(name, '06709');
    const follow = async (
      id: string,
      daysAgo: number,
      dueIn: number,
      vitals: Record<string, number>,
      extra = {},
    ) =>
      visit(
        id,
        addDays(T, -daysAgo),
        vitals,
        { reExaminationDate: addDays(T, dueIn), ...extra },
        ids.mongCai!,
        ids.mongCaiDoctor!,
      );
    for (const k of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']) {
      o[k] = await at(`Quá hẹn ${'ABCDEFG'[Number(k.slice(1)) - 1]}`);
      await enrol(o[k]!, '2024-06-01', k === 'P7' ? 'diabetes' : 'hypertension', ids.mongCai);
    }
    await follow(o.P1!, 40, -10, bp(185, 100)); // 10 days overdue, BP ≥ 180: high risk
    await follow(o.P2!, 50, -5, bp(150, 95)); // 5 days
    await visit(
      o.P3!,
      '2024-07-01',
      bp(150, 90),
      { diagnoses: { main: { code: 'I63.9' } } },
      ids.mongCai,
      ids.mongCaiDoctor,
    );
    await follow(o.P3!, 60, -20, bp(145, 92)); // 20 days, prior stroke with BP ≥ 140/90: high risk
    await follow(o.P4!, 30, -3, bp(130, 80)); // 3 days
    await follow(o.P5!, 430, -400, bp(130, 80)); // more than a year: off the list
    await follow(o.P6!, 10, 5, bp(130, 80)); // due in 5 days
    await follow(o.P7!, 60, -30, { fastingGlucose: 12 }); // 30 days, glucose uncontrolled: high risk
  });

  const overdue = async (s: Session = admin) => {
    const res = await s.request('GET', '/api/v1/ncd/overdue?unit=06709');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** P1…P7 by their names' letters A…G (names take no digits). */
  const names = (page: { items: { fullName: string }[] }) =>
    page.items.map((i) => `P${'ABCDEFG'.indexOf(i.fullName.slice(-1)) + 1}`);

  it('puts high risk first, then the least overdue, and leaves out people over a year overdue', async () => {
    const page = await overdue();
    expect(names(page)).toEqual(['P1', 'P3', 'P7', 'P4', 'P2']);
    expect(page.items[0]).toMatchObject({
      daysOverdue: 10,
      highRisk: true,
      riskReasons: ['bp_very_high'],
      phone: '0912345678',
      lastBp: { systolic: 185, diastolic: 100 },
    });
    expect(page.items[1].riskReasons).toEqual(['cardiovascular_history_bp_high']);
    expect(page.items[2]).toMatchObject({
      riskReasons: ['glucose_uncontrolled'],
      lastGlucose: { kind: 'fasting', value: 12 },
    });
    expect(page.items[3]).toMatchObject({ highRisk: false, daysOverdue: 3 });
  });

  it('hides a person by the call outcome, and counts the return to care', async () => {
    const call = (residentId: string, outcome: string, removalReason?: string) =>
      admin.request('POST', '/api/v1/ncd/calls', {
        residentId,
        outcome,
        ...(removalReason ? { removalReason } : {}),
      });
    const noReason = await call(o.P3!, 'removed_from_overdue_list');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.removalReason');
    const agreed = await call(o.P4!, 'agreed_to_visit');
    expect(agreed.statusCode, agreed.body).toBe(201);
    expect(agreed.json()).toMatchObject({
      hiddenUntil: addDays(T, 7),
      dueOn: addDays(T, -3),
      returnedToCare: false,
    });
    expect((await call(o.P2!, 'remind_to_call_later')).json().hiddenUntil).toBe(addDays(T, 30));
    expect((await call(o.P3!, 'removed_from_overdue_list', 'refused')).json().hiddenUntil).toBeNull();
    expect((await call(o.P1!, 'agreed_to_visit')).statusCode).toBe(201);
    expect(names(await overdue())).toEqual(['P7']);
    // P1's call was 8 days ago: hidden 7 days, so back on the list.
    await t.db.orm.execute(sql`UPDATE ncd_calls SET called_on = ${addDays(T, -8)}::date,
      called_at = now() - interval '8 days', hidden_until = ${addDays(T, -1)}::date WHERE resident_id = ${o.P1!}`);
    expect(names(await overdue())).toEqual(['P1', 'P7']);
    // P4 comes as agreed: a new due date, and a return to care after the call.
    await visit(o.P4!, T, bp(128, 80), { reExaminationDate: addDays(T, 30) }, ids.mongCai, ids.mongCaiDoctor);
    const summary = await admin.request(
      'GET',
      `/api/v1/ncd/calls/summary?unit=06709&period=${T.slice(0, 7)}`,
    );
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({
      agreedToVisit: 1,
      remindToCallLater: 1,
      removed: 1,
      returnedToCare: 1,
    });
    const calls = (await admin.request('GET', `/api/v1/ncd/calls?residentId=${o.P4}`)).json();
    expect(calls[0]).toMatchObject({ outcome: 'agreed_to_visit', returnedToCare: true });
    // Removed (P3) stays hidden while the due date is the one the call was about.
    const [n] = await rows<{ n: number }>(
      t.db.orm,
      sql`SELECT count(*)::int AS n FROM ncd_calls WHERE resident_id = ${o.P3!}`,
    );
    expect(n!.n).toBe(1);
  });

  it('publishes follow-ups due for the worklist, high risk first, hidden ones left out', async () => {
    const [unit] = await rows<{ path: string }>(
      t.db.orm,
      sql`SELECT u.path::text AS path FROM ${unitsRelation} u WHERE u.code = '06709' AND map = 'post2025'`,
    );
    const items = await rows<{ ref_id: string; priority: number; reason: string; due_on: string }>(
      t.db.orm,
      sql`SELECT ref_id, priority, reason, due_on::text AS due_on FROM (${ncdDueItems['ncd.follow_up']!({
        today: T,
        until: addDays(T, 7),
        under: unit!.path,
      })}) i ORDER BY priority, due_on`,
    );
    const who = Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
    // After the calls above: P1 (back, high risk) and P7 overdue, P6 due in 5 days, P4 due in 30 (not yet).
    expect(items.map((i) => [who[i.ref_id], i.priority, i.reason])).toEqual([
      ['P7', 0, 'ncd.follow_up_overdue'],
      ['P1', 0, 'ncd.follow_up_overdue'],
      ['P6', 4, 'ncd.follow_up_due'],
    ]);
  });

  it('refuses a call to a person who is not enrolled, and 404 outside the area', async () => {
    const r = await resident('Không quản lý', '06709');
    const res = await admin.request('POST', '/api/v1/ncd/calls', {
      residentId: r,
      outcome: 'agreed_to_visit',
    });
    expect(res.statusCode).toBe(422);
    const out = await other.request('POST', '/api/v1/ncd/calls', {
      residentId: o.P7,
      outcome: 'agreed_to_visit',
    });
    expect(out.statusCode).toBe(404);
  });
});

describe('people at high risk (T6) and yearly checks', () => {
  const r: Record<string, string> = {};
  beforeAll(async () => {
    const year = Number(T.slice(0, 4));
    const at = (name: string, age: number) =>
      resident(`Nguy cơ ${'ABCDE'[Number(name.slice(-1)) - 1]}`, '06838', year - age);
    r.R1 = await at('Nguy cơ R1', 45);
    r.R2 = await at('Nguy cơ R2', 45);
    r.R3 = await at('Nguy cơ R3', 30);
    r.R4 = await at('Nguy cơ R4', 25);
    r.R5 = await at('Nguy cơ R5', 16);
    const history = async (id: string, h: Record<string, unknown>) => {
      const res = await admin.request('PUT', `/api/v1/residents/${id}/health-record`, { history: h });
      expect(res.statusCode, res.body).toBe(200);
    };
    await history(r.R1, { riskFactors: { tobacco: { status: 'current' } } });
    await history(r.R4, {
      familyHistory: [{ relative: 'father', icd10: 'I10', condition: 'Tăng huyết áp' }],
    });
    const check = (id: string, vitals: Record<string, number>) =>
      visit(
        id,
        addDays(T, -30),
        vitals,
        { diagnoses: { main: { code: 'Z00.0' } } },
        ids.otherStation,
        ids.otherDoctor,
      );
    await check(r.R3, bp(132, 86)); // BP ≥ 130/85: enough alone
    await check(r.R4, { heightCm: 160, weightKg: 64 }); // BMI 25 and a family history: two rules
    await check(r.R5, bp(140, 90)); // under 18: not counted
  });

  it('finds people at high risk by the rules in force, those never checked first', async () => {
    const res = await other.request('GET', '/api/v1/ncd/high-risk?unit=06838');
    expect(res.statusCode, res.body).toBe(200);
    const rowsOf = res.json().items as { fullName: string; reasons: string[]; checkDue: boolean }[];
    const risk = Object.fromEntries(
      rowsOf
        .filter((x) => x.fullName.startsWith('Nguy cơ'))
        .map((x) => [`R${'ABCDE'.indexOf(x.fullName.slice(-1)) + 1}`, x]),
    );
    expect(Object.keys(risk).sort()).toEqual(['R1', 'R3', 'R4']);
    expect(risk.R1).toMatchObject({ reasons: ['age_40_plus', 'tobacco'], checkDue: true });
    expect(risk.R3).toMatchObject({ reasons: ['bp_raised'], checkDue: false });
    expect(risk.R4).toMatchObject({ reasons: ['bmi_23_plus', 'family_history'], checkDue: false });
    const due = (await other.request('GET', '/api/v1/ncd/high-risk?unit=06838&due=true')).json();
    expect(due.items.map((x: { fullName: string }) => x.fullName)).toContain('Nguy cơ A');
    expect(due.items.map((x: { fullName: string }) => x.fullName)).not.toContain('Nguy cơ C');
  });

  it('computes T6 from the rules as they stood: the running month and June (before the history and checks)', async () => {
    const value = async (period: string) => {
      const res = await admin.request('GET', `/api/v1/indicators/T6/values?unit=06838&period=${period}`);
      expect(res.statusCode, res.body).toBe(200);
      const [v] = res.json().values;
      return [v.numerator, v.denominator];
    };
    // Now: I (enrolled, seen in May), R3 and R4 checked; R1 never checked.
    expect(await value(T.slice(0, 7))).toEqual([3, 4]);
    // June: only I, transferred in on 15 June, enrolled and seen on 5 May; R1's tobacco was written
    // later, and R3's and R4's measures are of a later visit.
    expect(await value('2026-06')).toEqual([1, 1]);
  });
});
