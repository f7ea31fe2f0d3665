import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { rows } from '../../db/connection.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { backdateRegistration } from '../people/index.js';
import { addDays } from './ages.js';
import { immunizationDueItems } from './index.js';

/**
 * Tiên Yên (06862, province 22) has a hamlet Đông, a station and its doctor; Bình Liêu (06838) has a
 * clinician who must not see Tiên Yên's children. Children born in March 2025 turn 1 in March 2026
 * (T11's denominator); Chi, born 1 April 2025, turns 1 on the first day of April. Em is a newborn of
 * 65 days for the session day (today).
 */
let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên
let other: Session; // clinician of Bình Liêu
let manager: Session; // province 22
const ids = {} as Record<'station' | 'doctor' | 'an' | 'binh' | 'chi' | 'em', string>;
let hamlet = '';
const TODAY = today();
const EM_BIRTH = addDays(TODAY, -65);

const created = async (res: { statusCode: number; body: string; json(): { id: string; code?: string } }) => {
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
async function child(fullName: string, birthDate: string) {
  const r = await created(
    await admin.request('POST', '/api/v1/residents', {
      fullName,
      sex: 'female',
      birthDate,
      currentAddress: { unitCode: hamlet },
    }),
  );
  return r.id;
}
const own = (vaccine: string, givenOn: string) => ({
  vaccine,
  givenOn,
  facilityId: ids.station,
  vaccinatorId: ids.doctor,
});
const record = (who: Session, residentId: string, doses: unknown[]) =>
  who.request('POST', `/api/v1/residents/${residentId}/vaccinations`, { doses });
/** The primary series of the first year, on time from a birth in March 2025. */
const firstYear = (birth: string) => [
  own('BCG', addDays(birth, 1)),
  own('DPT_VGB_HIB', '2025-05-20'),
  own('OPV', '2025-05-20'),
  own('DPT_VGB_HIB', '2025-06-20'),
  own('OPV', '2025-06-20'),
  own('DPT_VGB_HIB', '2025-07-21'),
  own('OPV', '2025-07-21'),
  own('IPV', '2025-08-20'),
];

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'imm.admin', 'system_admin', 'VN');
  const h = await created(await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Đông' }));
  hamlet = h.code!;
  ids.station = (
    await created(
      await admin.request('POST', '/api/v1/facilities', {
        code: '22862',
        name: 'Trạm y tế Tiên Yên',
        kind: 'commune_station',
        stationModel: 2,
        unitCode: '06862',
        activeFrom: '2020-01-01',
      }),
    )
  ).id;
  ids.doctor = (
    await created(
      await admin.request('POST', '/api/v1/staff', {
        fullName: 'Bác sĩ Tiêm',
        sex: 'female',
        title: 'doctor',
        facilityId: ids.station,
        activeFrom: '2020-01-01',
      }),
    )
  ).id;
  ids.an = await child('Trần Thị An', '2025-03-15');
  ids.binh = await child('Lê Thị Bình', '2025-03-31');
  ids.chi = await child('Phạm Thị Chi', '2025-04-01');
  ids.em = await child('Vũ Thị Em', EM_BIRTH);
  await backdateRegistration(t.db.orm, [ids.an, ids.binh, ids.chi], '2025-04-02T00:00:00Z');
  head = await userSession(t, 'imm.head', 'station_head', '06862');
  other = await userSession(t, 'imm.other', 'clinician', '06838');
  manager = await userSession(t, 'imm.manager', 'province_manager', '22');
  // The lots the session day gives: in the province's list (docs/adr/0035).
  for (const [vaccine, lotNumber] of [
    ['BCG', 'B123'],
    ['DPT_VGB_HIB', 'P77'],
  ])
    await created(
      await manager.request('POST', '/api/v1/immunization/lots', {
        vaccine,
        lotNumber,
        expiresOn: '2099-12-31',
        manufacturer: 'IVAC',
      }),
    );
});
afterAll(async () => t?.close());

describe('recording doses', () => {
  it('records a full first year and shows it on the card as given and valid, with the next doses forecast', async () => {
    const res = await record(head, ids.an, firstYear('2025-03-15'));
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(card.vaccinations).toHaveLength(8);
    expect(card.vaccinations[0]).toMatchObject({
      vaccine: 'BCG',
      facilityName: 'Trạm y tế Tiên Yên',
      vaccinatorName: 'Bác sĩ Tiêm',
    });
    const status = Object.fromEntries(
      card.forecast.doses.map((d: { code: string; status: string }) => [d.code, d.status]),
    );
    expect(status).toMatchObject({
      BCG: 'given',
      DTP1: 'given',
      DTP3: 'given',
      OPV3: 'given',
      IPV1: 'given',
      HEPB0: 'too_late',
    });
    const more = await record(head, ids.an, [own('MEASLES', '2025-12-15')]);
    expect(more.statusCode, more.body).toBe(201);
  });

  it('refuses a dose before birth, an unknown vaccine and a duplicate of the same day, field by field, storing nothing', async () => {
    const res = await record(head, ids.binh, [
      own('BCG', '2025-04-01'),
      own('BCG', '2025-03-30'),
      own('NOPE', '2025-04-02'),
      own('BCG', '2025-04-01'),
    ]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      'doses.1.givenOn before_birth',
      'doses.2.vaccine unknown_vaccine',
      'doses.3.givenOn duplicate_dose',
    ]);
    const card = (await head.request('GET', `/api/v1/residents/${ids.binh}/immunization`)).json();
    expect(card.vaccinations).toEqual([]);
    const future = await record(head, ids.binh, [own('BCG', addDays(TODAY, 1))]);
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('body.doses.0.givenOn');
  });

  it('records a dose given elsewhere with its place, and refuses one without', async () => {
    const none = await record(head, ids.binh, [
      { vaccine: 'HEXA', givenOn: '2025-05-31', givenElsewhere: true },
    ]);
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0]).toMatchObject({
      path: 'doses.0.place',
      code: 'required',
      message: 'cần ghi nơi tiêm',
    });
    const res = await record(head, ids.binh, [
      { vaccine: 'HEXA', givenOn: '2025-05-31', givenElsewhere: true, place: 'Bệnh viện Sản Nhi Quảng Ninh' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json().forecast;
    // At 2 months it counts for DTP1 and OPV1, not for IPV1 (before 14 weeks: from 07/07/2025).
    expect(f.given[0]).toMatchObject({
      countedFor: ['DTP1', 'OPV1'],
      notCounted: [{ dose: 'IPV1', reason: 'before_min_age', validFrom: '2025-07-07' }],
    });
  });

  it('lists the month’s doses in the immunization register, numbered per vaccine, and prints it', async () => {
    const res = await head.request('GET', '/api/v1/immunization/register?month=2025-05');
    expect(res.statusCode, res.body).toBe(200);
    const reg = res.json();
    expect(reg.unit).toEqual({ code: '06862', name: 'Xã Tiên Yên' });
    expect(
      reg.rows.map(
        (r: { givenOn: string; fullName: string; vaccine: string; doseNumber: number; place: string }) => [
          r.givenOn,
          r.fullName,
          r.vaccine,
          r.doseNumber,
          r.place,
        ],
      ),
    ).toEqual([
      ['2025-05-20', 'Trần Thị An', 'DPT_VGB_HIB', 1, 'Trạm y tế Tiên Yên'],
      ['2025-05-20', 'Trần Thị An', 'OPV', 1, 'Trạm y tế Tiên Yên'],
      ['2025-05-31', 'Lê Thị Bình', 'HEXA', 1, 'Bệnh viện Sản Nhi Quảng Ninh'],
    ]);
    // Doses given at the station, by vaccine; the one given elsewhere is listed, not counted.
    expect(reg.byVaccine.map((v: { vaccine: string; doses: number }) => [v.vaccine, v.doses])).toEqual([
      ['DPT_VGB_HIB', 1],
      ['OPV', 1],
    ]);
    const june = (await head.request('GET', '/api/v1/immunization/register?month=2025-06')).json();
    expect(june.rows.filter((r: { vaccine: string }) => r.vaccine === 'OPV')[0].doseNumber).toBe(2);
    const xlsx = await head.request('GET', '/api/v1/immunization/register.xlsx?month=2025-05&unit=06862');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe('Xã Tiên Yên — Tháng 05 năm 2025');
    expect(ws.getRow(6).getCell(10).value).toBe('Bệnh viện Sản Nhi Quảng Ninh (nơi khác)');
    expect(ws.getRow(8).getCell(1).value).toBe(
      'Tổng số mũi tiêm tại trạm: 2 (Vắc xin phối hợp DPT-VGB-Hib (5 trong 1): 1; Vắc xin bại liệt uống (OPV): 1)',
    );
    expect(
      (await other.request('GET', '/api/v1/immunization/register?month=2025-05&unit=06862')).statusCode,
    ).toBe(404);
  });

  it('hides a child of another commune (404) and audits the card read', async () => {
    const res = await other.request('GET', `/api/v1/residents/${ids.an}/immunization`);
    expect(res.statusCode).toBe(404);
    await head.request('GET', `/api/v1/residents/${ids.an}/immunization`);
    const after = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'person', entityId: ids.an },
      { limit: 50, offset: 0 },
    );
    const seen = after.items.map((e) => `${e.actorUsername} ${e.action}`);
    expect(seen).toContain('imm.other denied');
    expect(seen).toContain('imm.head read');
    expect(after.items.some((e) => e.action === 'create' && e.actorUsername === 'imm.head')).toBe(true);
  });

  it('reports a severe adverse event as serious, listed for the province', async () => {
    const card = (await head.request('GET', `/api/v1/residents/${ids.an}/immunization`)).json();
    const measles = card.vaccinations.find((v: { vaccine: string }) => v.vaccine === 'MEASLES');
    const early = await head.request('POST', '/api/v1/immunization/aefi', {
      vaccinationId: measles.id,
      onsetOn: '2025-12-14',
      symptoms: 'Sốt cao, co giật',
      severity: 'severe',
      outcome: 'recovered',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ path: 'onsetOn', code: 'before_dose' });
    const res = await head.request('POST', '/api/v1/immunization/aefi', {
      vaccinationId: measles.id,
      onsetOn: '2025-12-16',
      symptoms: 'Sốt cao, co giật',
      severity: 'severe',
      outcome: 'recovered',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ serious: true, vaccine: 'MEASLES' });
    const list = await manager.request('GET', '/api/v1/immunization/aefi/serious');
    expect(list.json().map((a: { id: string }) => a.id)).toEqual([res.json().id]);
    const theirs = await other.request('GET', '/api/v1/immunization/aefi/serious');
    expect(theirs.json()).toEqual([]);
  });
});

describe('T11 and coverage at period boundaries', () => {
  const value = async (code: string, period: string) => {
    const res = await admin.request('GET', `/api/v1/indicators/${code}/values?unit=06862&period=${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const [v] = res.json().values;
    return [v.numerator, v.denominator];
  };

  it('counts children turning 1 in the month, fully immunized only with every dose before the birthday', async () => {
    // Bình: the rest of the first year, measles on her first birthday (31/03/2026): not under 1.
    const res = await record(head, ids.binh, [
      own('BCG', '2025-04-01'),
      own('DPT_VGB_HIB', '2025-07-01'),
      own('OPV', '2025-07-01'),
      own('DPT_VGB_HIB', '2025-08-01'),
      own('OPV', '2025-08-01'),
      own('IPV', '2025-08-01'),
      own('MEASLES', '2026-03-31'),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    // Chi, born 01/04/2025, everything before her birthday (01/04/2026): April's, not March's.
    const chi = await record(head, ids.chi, [...firstYear('2025-04-01'), own('MEASLES', '2026-01-05')]);
    expect(chi.statusCode, chi.body).toBe(201);
    expect(await value('T11', '2026-03')).toEqual([1, 2]); // An, not Bình
    expect(await value('IMM_DTP3', '2026-03')).toEqual([2, 2]);
    expect(await value('IMM_MCV1', '2026-03')).toEqual([1, 2]);
    expect(await value('IMM_BCG', '2026-03')).toEqual([2, 2]);
    expect(await value('IMM_HEPB0_24H', '2026-03')).toEqual([0, 2]);
    expect(await value('T11', '2026-04')).toEqual([1, 1]); // Chi
    expect(await value('T11', '2026-02')).toEqual([0, 0]);
  });

  it('leaves a past month as it was when a dose is recorded today, and is corrected by a dose dated in it', async () => {
    const res = await record(head, ids.chi, [own('JE', TODAY)]);
    expect(res.statusCode, res.body).toBe(201);
    expect(await value('T11', '2026-04')).toEqual([1, 1]);
    // Bình's hepatitis B birth dose, given at the maternity hospital and told today.
    const hepb = await record(head, ids.binh, [
      { vaccine: 'HEPB', givenOn: '2025-03-31', givenElsewhere: true, place: 'Bệnh viện huyện' },
    ]);
    expect(hepb.statusCode, hepb.body).toBe(201);
    expect(await value('IMM_HEPB0_24H', '2026-03')).toEqual([1, 2]);
  });
});

describe('voiding a dose', () => {
  it('keeps a dose recorded by mistake as voided, no longer counted, and refuses voiding it twice', async () => {
    const card = (await head.request('GET', `/api/v1/residents/${ids.chi}/immunization`)).json();
    const je = card.vaccinations.find((v: { vaccine: string }) => v.vaccine === 'JE');
    expect(card.forecast.doses.find((d: { code: string }) => d.code === 'JE1')).toMatchObject({
      status: 'given',
    });
    const outside = await other.request('POST', `/api/v1/vaccinations/${je.id}/void`, { reason: 'nhầm trẻ' });
    expect(outside.statusCode).toBe(404);
    const res = await head.request('POST', `/api/v1/vaccinations/${je.id}/void`, { reason: 'ghi nhầm trẻ' });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.vaccinations.find((v: { id: string }) => v.id === je.id)).toMatchObject({
      voided: true,
      voidReason: 'ghi nhầm trẻ',
    });
    expect(after.forecast.doses.find((d: { code: string }) => d.code === 'JE1').status).not.toBe('given');
    const again = await head.request('POST', `/api/v1/vaccinations/${je.id}/void`, {
      reason: 'ghi nhầm trẻ',
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('the 831 record filled from here', () => {
  type Dose = { vaccine: string; doseNumber?: number; date?: string; sourceId?: string; program?: string };
  const doses = async (): Promise<Dose[]> =>
    (await head.request('GET', `/api/v1/residents/${ids.chi}/health-record`)).json().record.current.document
      .vaccinations.doses;
  const line = (d: Dose) => `${d.vaccine}#${d.doseNumber ?? '-'} ${d.date}${d.sourceId ? '' : ' typed'}`;

  it('writes every dose not voided into the vaccinations part, numbered per vaccine, never typed twice', async () => {
    const written = await doses();
    expect(written.map(line)).toEqual([
      'BCG#1 2025-04-02',
      'DPT_VGB_HIB#1 2025-05-20',
      'OPV#1 2025-05-20',
      'DPT_VGB_HIB#2 2025-06-20',
      'OPV#2 2025-06-20',
      'DPT_VGB_HIB#3 2025-07-21',
      'OPV#3 2025-07-21',
      'IPV#1 2025-08-20',
      'MEASLES#1 2026-01-05',
    ]);
    // A health worker types a rabies dose into the record with a form that drops the programme's mark.
    const current = (await head.request('GET', `/api/v1/residents/${ids.chi}/health-record`)).json();
    const typed = await head.request('PUT', `/api/v1/residents/${ids.chi}/health-record`, {
      vaccinations: {
        doses: [
          ...written.map(({ sourceId: _mark, ...d }) => d),
          { vaccine: 'Dại', doseNumber: 1, date: '2025-09-01', program: 'service' },
        ],
      },
      baseVersion: current.record.currentVersion,
    });
    expect(typed.statusCode, typed.body).toBe(200);
    // The measles dose is voided: the programme's dose leaves the record; what a person saved stays
    // (the rabies dose, and the unmarked copy of the measles dose); nothing is listed twice.
    const card = (await head.request('GET', `/api/v1/residents/${ids.chi}/immunization`)).json();
    const measles = card.vaccinations.find((v: { vaccine: string }) => v.vaccine === 'MEASLES');
    const voided = await head.request('POST', `/api/v1/vaccinations/${measles.id}/void`, {
      reason: 'ghi nhầm ngày',
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect((await doses()).map(line)).toEqual([
      'BCG#1 2025-04-02',
      'DPT_VGB_HIB#1 2025-05-20',
      'OPV#1 2025-05-20',
      'DPT_VGB_HIB#2 2025-06-20',
      'OPV#2 2025-06-20',
      'DPT_VGB_HIB#3 2025-07-21',
      'OPV#3 2025-07-21',
      'IPV#1 2025-08-20',
      'Dại#1 2025-09-01 typed',
      'MEASLES#1 2026-01-05 typed',
    ]);
  });
});

describe('the session day and the worklist', () => {
  const due = async () =>
    (
      await rows<{ ref_id: string; reason: string }>(
        t.db.orm,
        immunizationDueItems['immunization.dose']!({ today: TODAY, until: TODAY, under: 'post2025' }),
      )
    )
      .filter((r) => r.ref_id.startsWith(ids.em))
      .map((r) => `${r.ref_id.split(':')[1]} ${r.reason}`)
      .sort();

  it('lists a newborn never vaccinated on the worklist, then her due doses by hamlet, and records them in a row', async () => {
    expect(await due()).toEqual(['none immunization_no_record']);
    const list = await head.request('GET', `/api/v1/immunization/session?unit=06862&on=${TODAY}`);
    expect(list.statusCode, list.body).toBe(200);
    const hamlets = list.json().hamlets as {
      name: string;
      children: { residentId: string; doses: { dose: string }[] }[];
    }[];
    const em = hamlets.find((h) => h.name === 'Đông')!.children.find((c) => c.residentId === ids.em)!;
    // 65 days old: BCG (overdue from 1 month), DTP1 and OPV1 from 6 weeks; HepB birth dose too late.
    expect(em.doses.map((d) => d.dose).sort()).toEqual(['BCG', 'DTP1', 'OPV1']);
    expect(await due()).toEqual([
      'BCG immunization_overdue',
      'DTP1 immunization_due',
      'OPV1 immunization_due',
    ]);
    const bad = await head.request('POST', '/api/v1/immunization/session', {
      facilityId: ids.station,
      sessionOn: TODAY,
      vaccinatorId: ids.doctor,
      entries: [
        { residentId: ids.em, vaccine: 'BCG' },
        { residentId: ids.em, vaccine: 'NOPE' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: 'entries.1.vaccine', code: 'unknown_vaccine' });
    const res = await head.request('POST', '/api/v1/immunization/session', {
      facilityId: ids.station,
      sessionOn: TODAY,
      vaccinatorId: ids.doctor,
      entries: [
        { residentId: ids.em, vaccine: 'BCG', lot: 'B123', site: 'left_arm', route: 'intradermal' },
        {
          residentId: ids.em,
          vaccine: 'DPT_VGB_HIB',
          lot: 'P77',
          site: 'left_thigh',
          route: 'intramuscular',
        },
        { residentId: ids.em, vaccine: 'OPV', route: 'oral' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ recorded: 3 });
    expect(await due()).toEqual([]);
    const again = (await head.request('GET', `/api/v1/immunization/session?unit=06862&on=${TODAY}`)).json();
    expect(
      again.hamlets
        .flatMap((h: { children: { residentId: string }[] }) => h.children)
        .map((c: { residentId: string }) => c.residentId),
    ).not.toContain(ids.em);
  });
});

describe('the schedule as data', () => {
  const upload = (who: Session, text: string, dryRun: boolean) =>
    who.request('POST', '/api/v1/immunization/schedule', {
      fileName: 'lich-tiem.csv',
      contentBase64: Buffer.from(text).toString('base64'),
      dryRun,
    });
  const shipped = readFileSync('reference/immunization/schedule.csv', 'utf8');

  it('refuses a station head, and a file changing a dose in force in the past, by row', async () => {
    expect((await upload(head, shipped, true)).statusCode).toBe(403);
    const changed = shipped.replace(
      'dose,BCG,bcg,1,Lao (BCG),BCG,tb,,,,0 days,0 days,1 month,12 months',
      'dose,BCG,bcg,1,Lao (BCG),BCG,tb,,,,0 days,0 days,2 months,12 months',
    );
    expect(changed).not.toBe(shipped);
    const res = await upload(admin, changed, false);
    expect(res.statusCode, res.body).toBe(200);
    const line = shipped.split('\n').findIndex((l) => l.startsWith('dose,BCG,')) + 1;
    expect(res.json()).toMatchObject({
      version: null,
      errors: [{ row: line, column: 'code', code: 'past_row_changed' }],
    });
  });

  it('loads a province variant from a file without a release: rotavirus in province 22 from today', async () => {
    const variant = `${shipped.trimEnd()}\nantigen,rota,,,Bệnh tiêu chảy do rota vi rút,Rotavirus,,,,,,,,,,,,,${TODAY},,,test\nvaccine,ROTA,,,Vắc xin rota,Rotavirus,rota,,false,,,,,,,,,,${TODAY},,,test\ndose,ROTA1,rota,1,Rota liều 1,Rotavirus 1,rota,,,22,6 weeks,2 months,3 months,8 months,,,,,${TODAY},,false,test\n`;
    const dry = await upload(admin, variant, true);
    expect(dry.json()).toMatchObject({ dryRun: true, version: null, errors: [] });
    const res = await upload(admin, variant, false);
    expect(res.json()).toMatchObject({ dryRun: false, version: 2, errors: [] });
    const card = (await head.request('GET', `/api/v1/residents/${ids.em}/immunization`)).json();
    expect(card.forecast.scheduleVersion).toBe(2);
    expect(card.forecast.doses.find((d: { code: string }) => d.code === 'ROTA1')).toMatchObject({
      status: 'due',
    });
  });
});

describe('the stateless forecast', () => {
  it('answers per dose for any tool, and refuses an unknown vaccine by field', async () => {
    const res = await other.request('POST', '/api/v1/immunization/forecast', {
      birthDate: '2026-01-10',
      asOf: '2026-03-01',
      given: [{ vaccine: 'DPT_VGB_HIB', on: '2026-02-14' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().given[0].notCounted).toEqual([
      { dose: 'DTP1', reason: 'before_min_age', validFrom: '2026-02-21' },
    ]);
    const bad = await other.request('POST', '/api/v1/immunization/forecast', {
      birthDate: '2026-01-10',
      given: [{ vaccine: 'XX', on: '2026-02-14' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: 'given.0.vaccine', code: 'unknown_vaccine' });
  });

  it('keeps its stored forecasts without a row for a dose not in the schedule', async () => {
    const [n] = await rows<{ n: number }>(
      t.db.orm,
      sql`SELECT count(*)::int AS n FROM immunization_forecasts WHERE dose = 'NOPE'`,
    );
    expect(n!.n).toBe(0);
  });
});
