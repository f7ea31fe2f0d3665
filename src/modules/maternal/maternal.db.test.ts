import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { maternalDueItems } from './index.js';
import { backdateRegistration } from '../people/index.js';

/**
 * Tiên Yên (06862) station with a doctor. Mai (born 1990-05-01, 35 at registration: high risk) has
 * her LMP on 2025-06-01 (EDD 2026-03-08), four antenatal contacts from the first trimester, and gives
 * birth on 2026-03-05 at the station. Lan (born 1998) has an ultrasound EDD of 2026-03-20 (pregnancy
 * from 2025-06-13), a first contact at 141 days (second trimester) and gives birth at home on
 * 2026-03-31, the last day of March.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let other: Session;
let station: string;
let doctor: string;
let mai: string;
let lan: string;
let man: string;
let maiPregnancy: string;
let lanPregnancy: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'mat.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station);
  clinician = await userSession(t, 'mat.clinician', 'clinician', '06862');
  other = await userSession(t, 'mat.other', 'clinician', '06838');
  mai = await createResident(admin, 'Trần Thị Mai', '1990-05-01', '06862', { sex: 'female' });
  lan = await createResident(admin, 'Phạm Thị Lan', '1998-02-10', '06862', { sex: 'female' });
  man = await createResident(admin, 'Hoàng Văn Nam', '1990-01-01', '06862');
});
afterAll(async () => t?.close());

const register = (as: Session, who: string, body: Record<string, unknown>) =>
  as.request('POST', `/api/v1/maternal/residents/${who}/pregnancies`, body);
const contact = (pregnancy: string, contactOn: string, extra: Record<string, unknown> = {}) =>
  clinician.request('POST', `/api/v1/maternal/pregnancies/${pregnancy}/antenatal`, {
    facilityId: station,
    clinicianId: doctor,
    contactOn,
    ...extra,
  });
const due = async (kind: string, today: string, until: string) =>
  rows<{ ref_id: string; due_on: string; priority: number; reason: string; detail: { contact: number } }>(
    t.db.orm,
    maternalDueItems[kind]!({ today, until, under: 'post2025' }),
  );

describe('maternal: pregnancies, antenatal contacts, births and their indicators', () => {
  it('registers a pregnancy with the EDD from the LMP and a high risk from the age', async () => {
    const res = await register(clinician, mai, {
      registeredOn: '2025-07-10',
      lmp: '2025-06-01',
      gravidity: 2,
      parity: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    maiPregnancy = p.id;
    expect(p.edd).toBe('2026-03-08');
    expect(p.eddSource).toBe('lmp');
    expect(p.riskFactors.map((f: { code: string }) => f.code)).toEqual(['age_35_plus']);
    expect(p.riskLevel).toBe('high');
  });

  it('refuses a man, a second pregnancy under way, an LMP after the registration and a malformed body', async () => {
    const male = await register(clinician, man, {
      registeredOn: '2025-07-10',
      lmp: '2025-06-01',
      gravidity: 1,
      parity: 0,
    });
    expect(male.statusCode).toBe(422);
    expect(male.json().errors[0].code).toBe('not_female');
    const again = await register(clinician, mai, {
      registeredOn: '2025-08-10',
      lmp: '2025-06-01',
      gravidity: 2,
      parity: 1,
    });
    expect(again.statusCode).toBe(409);
    const late = await register(clinician, lan, {
      registeredOn: '2025-07-10',
      lmp: '2025-08-01',
      gravidity: 1,
      parity: 0,
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['lmp', 'after_registration'],
    ]);
    const bad = await register(clinician, lan, { registeredOn: '2025-07-10', gravidity: 1, parity: 1 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.lmp', 'body.parity']);
    expect(
      (await register(other, lan, { registeredOn: '2025-07-10', lmp: '2025-06-01', gravidity: 1, parity: 0 }))
        .statusCode,
    ).toBe(404);
  });

  it('records the first antenatal contact as a finished visit and puts the second on the worklist at 22 weeks', async () => {
    const res = await contact(maiPregnancy, '2025-07-10', {
      weightKg: 52,
      systolic: 118,
      diastolic: 72,
      haemoglobin: 11.8,
    });
    expect(res.statusCode, res.body).toBe(201);
    const anc = res.json().antenatal;
    expect(anc).toHaveLength(1);
    expect(anc[0]).toMatchObject({ gestationDays: 39, trimester: 1, haemoglobin: 11.8 });
    const visits = await clinician.request(
      'GET',
      `/api/v1/visits?resident=${mai}&from=2025-07-01&to=2025-07-31`,
    );
    expect(visits.statusCode, visits.body).toBe(200);
    expect(
      visits.json().items.map((v: { visitDate: string; status: string }) => [v.visitDate, v.status]),
    ).toEqual([['2025-07-10', 'finished']]);
    // LMP + 22 weeks = 2025-11-02.
    expect(await due('maternal.antenatal', '2025-10-01', '2025-10-08')).toEqual([]);
    const items = await due('maternal.antenatal', '2025-11-05', '2025-11-12');
    expect(items.map((i) => [i.ref_id, i.due_on, i.priority, i.reason, i.detail.contact])).toEqual([
      [maiPregnancy, '2025-11-02', 1, 'maternal.antenatal_due', 2],
    ]);
  });

  it('refuses a delivery before the registration, then records three more contacts and the birth', async () => {
    for (const day of ['2025-10-15', '2026-01-10', '2026-02-20'])
      expect((await contact(maiPregnancy, day)).statusCode).toBe(201);
    const early = await clinician.request('POST', `/api/v1/maternal/pregnancies/${maiPregnancy}/outcome`, {
      endedOn: '2025-07-01',
      outcome: 'live_birth',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ path: 'endedOn', code: 'before_registration' });
    const birth = await clinician.request('POST', `/api/v1/maternal/pregnancies/${maiPregnancy}/outcome`, {
      endedOn: '2026-03-05',
      outcome: 'live_birth',
      deliveryPlace: 'station',
      deliveryAttendant: 'midwife',
      deliveryMode: 'vaginal',
      birthWeightG: 2400,
      child: { fullName: 'Nguyễn Thị Bé Mai', sex: 'female' },
    });
    expect(birth.statusCode, birth.body).toBe(200);
    expect(birth.json().antenatal.map((a: { trimester: number }) => a.trimester)).toEqual([1, 2, 3, 3]);
    // The live birth registered the child: born that day, the mother's child, in the 831 record the
    // condition at birth as the delivery gave it.
    const childId = birth.json().childId as string;
    expect(childId).toMatch(/^[0-9a-f-]{36}$/);
    const child = await clinician.request('GET', `/api/v1/residents/${childId}`);
    expect(child.statusCode, child.body).toBe(200);
    expect(child.json()).toMatchObject({
      fullName: 'Nguyễn Thị Bé Mai',
      sex: 'female',
      birthDate: '2026-03-05',
    });
    const record = (await clinician.request('GET', `/api/v1/residents/${childId}/health-record`)).json();
    expect(JSON.stringify(record)).toContain('2400');
    // No antenatal item once born; the first postnatal contact is due on day 3.
    expect(await due('maternal.antenatal', '2026-03-06', '2026-03-13')).toEqual([]);
    const pnc = await due('maternal.postnatal', '2026-03-06', '2026-03-13');
    expect(pnc.map((i) => [i.ref_id, i.due_on, i.detail.contact])).toEqual([[maiPregnancy, '2026-03-08', 1]]);
    const visit = await clinician.request('POST', `/api/v1/maternal/pregnancies/${maiPregnancy}/postnatal`, {
      facilityId: station,
      clinicianId: doctor,
      contactOn: '2026-03-08',
      breastfeeding: 'exclusive',
      newbornWeightG: 2450,
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().postnatal[0]).toMatchObject({ dayAfterBirth: 3, newbornWeightG: 2450 });
    expect(await due('maternal.postnatal', '2026-03-09', '2026-03-13')).toEqual([]);
  });

  it('counts births with ≥ 4 contacts and a first-trimester contact in the month of the birth only', async () => {
    const reg = await register(clinician, lan, {
      registeredOn: '2025-11-01',
      edd: '2026-03-20',
      gravidity: 1,
      parity: 0,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    lanPregnancy = reg.json().id;
    expect(reg.json()).toMatchObject({ eddSource: 'ultrasound', riskLevel: 'normal' });
    const c = await contact(lanPregnancy, '2025-11-01');
    expect(c.json().antenatal[0]).toMatchObject({ gestationDays: 141, trimester: 2 });
    expect(
      (
        await clinician.request('POST', `/api/v1/maternal/pregnancies/${lanPregnancy}/outcome`, {
          endedOn: '2026-03-31',
          outcome: 'live_birth',
          deliveryPlace: 'home',
          birthWeightG: 3100,
        })
      ).statusCode,
    ).toBe(200);
    const value = async (code: string, period: string) => {
      const res = await admin.request('GET', `/api/v1/indicators/${code}/values?unit=06862&period=${period}`);
      expect(res.statusCode, res.body).toBe(200);
      const v = res.json().values[0];
      return [v.numerator, v.denominator, v.value];
    };
    expect(await value('MAT_ANC4', '2026-03')).toEqual([1, 2, 50]);
    expect(await value('MAT_ANC_T1', '2026-03')).toEqual([1, 2, 50]);
    expect(await value('MAT_FACILITY_BIRTHS', '2026-03')).toEqual([1, 2, 50]);
    expect(await value('MAT_LOW_BIRTH_WEIGHT', '2026-03')).toEqual([1, 2, 50]);
    expect(await value('MAT_ANC4', '2026-04')).toEqual([0, 0, null]);
    expect(await value('MAT_ANC4', '2026-02')).toEqual([0, 0, null]);
  });

  it('lists the month’s contacts in register A3 and its births in register A4, within the area only', async () => {
    const res = await clinician.request('GET', '/api/v1/maternal/registers/a3?month=2025-11');
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .map((r: { fullName: string; contactNumber: number; gestationWeeks: number }) => [
          r.fullName,
          r.contactNumber,
          r.gestationWeeks,
        ]),
    ).toEqual([['Phạm Thị Lan', 1, 20]]);
    const oct = await clinician.request('GET', '/api/v1/maternal/registers/a3?month=2025-10');
    expect(oct.json().map((r: { contactNumber: number }) => r.contactNumber)).toEqual([2]);
    expect((await other.request('GET', '/api/v1/maternal/registers/a3?month=2025-11')).json()).toEqual([]);
    // One commune of the area by its code; another's is not found, whatever it holds.
    expect(
      (await admin.request('GET', '/api/v1/maternal/registers/a3?month=2025-11&unit=06862')).json(),
    ).toHaveLength(1);
    expect(
      (await admin.request('GET', '/api/v1/maternal/registers/a3?month=2025-11&unit=06838')).json(),
    ).toEqual([]);
    expect(
      (await clinician.request('GET', '/api/v1/maternal/registers/a3?month=2025-11&unit=06838')).statusCode,
    ).toBe(404);
    const a4 = await clinician.request('GET', '/api/v1/maternal/registers/a4?month=2026-03');
    expect(a4.statusCode, a4.body).toBe(200);
    expect(
      a4
        .json()
        .map(
          (r: {
            fullName: string;
            antenatalContacts: number;
            gestationWeeks: number;
            deliveryPlace: string;
            birthWeightG: number;
          }) => [r.fullName, r.antenatalContacts, r.gestationWeeks, r.deliveryPlace, r.birthWeightG],
        ),
    ).toEqual([
      // Mai: LMP 2025-06-01 to 2026-03-05 = 277 days; Lan: from 2025-06-13 to 2026-03-31 = 291 days.
      ['Trần Thị Mai', 4, 39, 'station', 2400],
      ['Phạm Thị Lan', 1, 41, 'home', 3100],
    ]);
    expect((await clinician.request('GET', '/api/v1/maternal/registers/a4?month=2026-13')).statusCode).toBe(
      400,
    );
    // The same register as the Excel form: title, the commune and month, the header, then the rows.
    const xlsx = await clinician.request('GET', '/api/v1/maternal/registers/a4.xlsx?month=2026-03');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('A4')!;
    expect(ws.getRow(1).getCell(1).value).toBe('SỔ ĐẺ (A4/YTCS)');
    expect(ws.getRow(2).getCell(1).value).toBe('Xã Tiên Yên — Tháng 03 năm 2026');
    expect([2, 3, 8, 9, 10, 14].map((c) => ws.getRow(4).getCell(c).value)).toEqual([
      '05/03/2026',
      'Trần Thị Mai',
      4,
      'Đẻ sống',
      'Trạm y tế',
      2400,
    ]);
    expect(ws.getRow(7).getCell(1).value).toBe(
      'Tổng số ca đẻ: 2; đẻ sống: 2; tại cơ sở y tế: 1; khám thai ≥ 4 lần: 1; cân nặng < 2500 g: 1',
    );
    const pdf = await clinician.request('GET', '/api/v1/maternal/registers/a3.pdf?month=2025-11');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await other.request('GET', `/api/v1/maternal/residents/${mai}/pregnancies`)).statusCode).toBe(
      404,
    );
  });

  it('shows the mother’s tetanus doses up to the birth and whether they protected the newborn', async () => {
    const doses = await clinician.request('POST', `/api/v1/residents/${mai}/vaccinations`, {
      doses: [
        { vaccine: 'TT', givenOn: '2025-08-01', facilityId: station },
        // 14 days after the first: kept, not counted (the second needs 28 days).
        { vaccine: 'TD', givenOn: '2025-08-15', facilityId: station },
        { vaccine: 'TT', givenOn: '2025-09-10', facilityId: station },
        // After the birth: not this pregnancy's.
        { vaccine: 'TT', givenOn: '2026-04-01', facilityId: station },
      ],
    });
    expect(doses.statusCode, doses.body).toBe(201);
    const [p] = (await clinician.request('GET', `/api/v1/maternal/residents/${mai}/pregnancies`)).json();
    expect(p.tetanus).toEqual({
      doses: [
        { vaccine: 'TT', givenOn: '2025-08-01', counted: 1 },
        { vaccine: 'TD', givenOn: '2025-08-15', counted: null },
        { vaccine: 'TT', givenOn: '2025-09-10', counted: 2 },
      ],
      counted: 2,
      // 14 days after the second dose, for 1,095 days; the birth on 2026-03-05 falls inside.
      protectedFrom: '2025-09-24',
      protectedUntil: '2028-09-09',
      protectedAtBirth: true,
      nextDose: 3,
      nextFrom: '2026-03-12',
    });
  });

  it('keeps family planning methods, switching and stopping them, and counts users per 100 women 15–49 at the month’s end', async () => {
    await backdateRegistration(t.db.orm, [mai, lan, man], '2025-01-01T00:00:00Z');
    const start = (who: string, method: string, startedOn: string) =>
      clinician.request('POST', `/api/v1/maternal/residents/${who}/family-planning`, { method, startedOn });
    expect((await start(lan, 'pill', '2026-04-10')).statusCode).toBe(201);
    const early = await start(lan, 'iud', '2026-04-05');
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ path: 'startedOn', code: 'before_current' });
    expect((await start(lan, 'spell', '2026-05-01')).json().errors[0]).toMatchObject({
      path: 'method',
      code: 'unknown_code',
    });
    const switched = await start(lan, 'iud', '2026-05-20');
    expect(switched.statusCode, switched.body).toBe(201);
    expect(
      switched
        .json()
        .map((e: { method: string; stoppedOn: string | null; stopReason: string | null }) => [
          e.method,
          e.stoppedOn,
          e.stopReason,
        ]),
    ).toEqual([
      ['iud', null, null],
      ['pill', '2026-05-20', 'switched'],
    ]);
    const condom = await start(mai, 'condom', '2026-04-30');
    const stop = await clinician.request(
      'POST',
      `/api/v1/maternal/family-planning/${condom.json()[0].id}/stop`,
      {
        stoppedOn: '2026-05-31',
        reason: 'wants_child',
      },
    );
    expect(stop.statusCode, stop.body).toBe(200);
    const value = async (period: string) => {
      const v = (
        await admin.request('GET', `/api/v1/indicators/MAT_FP_USERS/values?unit=06862&period=${period}`)
      ).json().values[0];
      return [v.numerator, v.denominator, v.value];
    };
    // 30 April: Lan's pill and Mai's condom, of two women 15–49 (the man is not counted).
    expect(await value('2026-04')).toEqual([2, 2, 100]);
    // 31 May: Lan's IUD; Mai's condom stopped that day.
    expect(await value('2026-05')).toEqual([1, 2, 50]);
    const a5 = (await clinician.request('GET', '/api/v1/maternal/registers/a5?month=2026-05')).json();
    expect(a5.started.map((e: { fullName: string; method: string }) => [e.fullName, e.method])).toEqual([
      ['Phạm Thị Lan', 'iud'],
    ]);
    expect(a5.stopped.map((e: { method: string; stopReason: string }) => [e.method, e.stopReason])).toEqual([
      ['pill', 'switched'],
      ['condom', 'wants_child'],
    ]);
    expect(a5.usersByMethod).toEqual([{ method: 'iud', methodVi: 'Dụng cụ tử cung', users: 1 }]);
    const a5Excel = await clinician.request('GET', '/api/v1/maternal/registers/a5.xlsx?month=2026-05');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(a5Excel.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('A5')!;
    // Events by day, a start before a stop of the same day.
    expect([4, 5, 6].map((r) => [6, 7, 8].map((c) => ws.getRow(r).getCell(c).value))).toEqual([
      ['Dụng cụ tử cung', 'Bắt đầu', ''],
      ['Thuốc uống tránh thai', 'Ngừng', 'Chuyển biện pháp'],
      ['Bao cao su', 'Ngừng', 'Muốn có con'],
    ]);
    expect(ws.getRow(9).getCell(1).value).toBe('Đang sử dụng cuối tháng: Dụng cụ tử cung 1');
  });
});
