import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { addDays } from './ages.js';

/**
 * Vaccine lots and vial use (docs/adr/0035). Tiên Yên (06862, province 22) has a station and its
 * doctor; the province manager of 22 keeps the province's list of lots. Three babies of about three
 * months (Ba, Bốn, Năm) are vaccinated at the station today.
 */
let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên
let manager: Session; // province 22
const ids = {} as Record<'station' | 'doctor' | 'ba' | 'bon' | 'nam', string>;
const TODAY = today();
const FAR = '2099-12-31';

const created = async (res: { statusCode: number; body: string; json(): { id: string } }) => {
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const lot = (vaccine: string, lotNumber: string, expiresOn = FAR, manufacturer = 'IVAC') =>
  manager.request('POST', '/api/v1/immunization/lots', { vaccine, lotNumber, expiresOn, manufacturer });
const dose = (vaccine: string, lotNumber?: string, more: Record<string, unknown> = {}) => ({
  vaccine,
  givenOn: TODAY,
  facilityId: ids.station,
  vaccinatorId: ids.doctor,
  ...(lotNumber ? { lot: lotNumber } : {}),
  ...more,
});
const record = (residentId: string, doses: unknown[]) =>
  head.request('POST', `/api/v1/residents/${residentId}/vaccinations`, { doses });
const card = async (residentId: string) =>
  (await head.request('GET', `/api/v1/residents/${residentId}/immunization`)).json() as {
    vaccinations: { vaccine: string; lot: string | null; expiresOn: string | null }[];
  };

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'lots.admin', 'system_admin', 'VN');
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
  for (const [key, name] of [
    ['ba', 'Ngô Thị Ba'],
    ['bon', 'Ngô Văn Bốn'],
    ['nam', 'Ngô Thị Năm'],
  ] as const)
    ids[key] = (
      await created(
        await admin.request('POST', '/api/v1/residents', {
          fullName: name,
          sex: 'female',
          birthDate: addDays(TODAY, -95),
          currentAddress: { unitCode: '06862' },
        }),
      )
    ).id;
  head = await userSession(t, 'lots.head', 'station_head', '06862');
  manager = await userSession(t, 'lots.manager', 'province_manager', '22');
});
afterAll(async () => t?.close());

describe('the province’s list of vaccine lots', () => {
  it('lets the province add a lot and the station read it; refuses the station, a duplicate and an unknown vaccine', async () => {
    const added = await lot('BCG', 'BCG-A1', FAR, 'IVAC');
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      province: '22',
      vaccine: 'BCG',
      lotNumber: 'BCG-A1',
      expiresOn: FAR,
      manufacturer: 'IVAC',
      receivedQuantity: null,
      sourceName: 'web',
    });
    const byHead = await head.request('POST', '/api/v1/immunization/lots', {
      vaccine: 'BCG',
      lotNumber: 'X1',
      expiresOn: FAR,
      manufacturer: 'IVAC',
    });
    expect(byHead.statusCode).toBe(403);
    const twice = await lot('BCG', 'BCG-A1');
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toMatchObject([
      {
        path: 'lotNumber',
        code: 'duplicate_lot',
        message: 'lô BCG-A1 của vắc xin BCG đã có trong danh sách',
      },
    ]);
    const unknown = await lot('NOPE', 'N1');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'vaccine', code: 'unknown_vaccine' });
    // An administrator (whole country) names the province.
    const noProvince = await admin.request('POST', '/api/v1/immunization/lots', {
      vaccine: 'OPV',
      lotNumber: 'O1',
      expiresOn: FAR,
      manufacturer: 'Polyvac',
    });
    expect(noProvince.statusCode).toBe(422);
    expect(noProvince.json().errors[0]).toMatchObject({ path: 'province', code: 'required' });
    const list = await head.request('GET', '/api/v1/immunization/lots?vaccine=BCG');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().map((l: { lotNumber: string }) => l.lotNumber)).toEqual(['BCG-A1']);
    // The session day's page names its commune: the list of the commune's province.
    const ofUnit = await admin.request('GET', '/api/v1/immunization/lots?unit=06862');
    expect(ofUnit.json().map((l: { lotNumber: string }) => l.lotNumber)).toEqual(['BCG-A1']);
  });

  it('checks a file in a dry run with its errors by row, stores nothing, then loads a clean one (CSV and XLSX)', async () => {
    const csv = [
      'vaccine,lot_number,expires_on,manufacturer,received_quantity',
      'OPV,OPV-1,2099-06-30,Polyvac,2000',
      'NOPE,N-1,2099-06-30,Nobody,',
      'IPV,IPV-1,2099-02-30,Sanofi,',
      'OPV,OPV-1,2099-06-30,Polyvac,',
      'BCG,BCG-A1,2098-01-01,IVAC,',
      'MR,MR-1,2099-06-30,Polyvac,-5',
    ].join('\n');
    const upload = (text: string | Buffer, dryRun: boolean, fileName = 'lo-vac-xin.csv') =>
      manager.request('POST', '/api/v1/immunization/lots/import', {
        fileName,
        contentBase64: Buffer.from(text).toString('base64'),
        dryRun,
      });
    const dry = await upload(csv, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, province: '22', rows: 6, added: 0, unchanged: 0 });
    expect(
      dry
        .json()
        .errors.map((e: { row: number; column: string; code: string }) => `${e.row} ${e.column} ${e.code}`),
    ).toEqual([
      '3 vaccine unknown_vaccine',
      '4 expires_on invalid_date',
      '5 lot_number duplicate',
      '6 expires_on lot_conflict',
      '7 received_quantity invalid_quantity',
    ]);
    // Even asked to store, a file with errors stores nothing.
    expect((await upload(csv, false)).json().added).toBe(0);
    expect((await head.request('GET', '/api/v1/immunization/lots')).json()).toHaveLength(1);
    expect(
      (
        await head.request('POST', '/api/v1/immunization/lots/import', {
          fileName: 'a.csv',
          contentBase64: 'AAAA',
        })
      ).statusCode,
    ).toBe(403);

    const clean = [
      'vaccine,lot_number,expires_on,manufacturer,received_quantity',
      'OPV,OPV-1,2099-06-30,Polyvac,2000',
      'BCG,BCG-A1,2099-12-31,IVAC,',
      `DPT_VGB_HIB,P5-OLD,${addDays(TODAY, -1)},LG Chem,`,
      `DPT_VGB_HIB,P5-TODAY,${TODAY},LG Chem,`,
    ].join('\n');
    const loaded = await upload(clean, false);
    expect(loaded.json()).toMatchObject({ dryRun: false, rows: 4, added: 3, unchanged: 1, errors: [] });

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Lô');
    sheet.addRow(['vaccine', 'lot_number', 'expires_on', 'manufacturer', 'received_quantity']);
    sheet.addRow(['DPT_VGB_HIB', 'P5-NEW', FAR, 'LG Chem', 500]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    expect((await upload(xlsx, false, 'lo.xlsx')).json()).toMatchObject({ added: 1, errors: [] });
    const usable = await head.request(
      'GET',
      `/api/v1/immunization/lots?vaccine=DPT_VGB_HIB&usableOn=${TODAY}`,
    );
    expect(usable.json().map((l: { lotNumber: string }) => l.lotNumber)).toEqual(['P5-TODAY', 'P5-NEW']);
  });
});

describe('a dose given at the station names a lot of the list', () => {
  it('refuses an unknown lot, a lot expired on the day and a lot of another vaccine on the lot field, storing nothing', async () => {
    const res = await record(ids.ba, [
      dose('BCG', 'NO-SUCH-LOT'),
      dose('DPT_VGB_HIB', 'P5-OLD'),
      dose('OPV', 'BCG-A1'),
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toMatchObject([
      {
        path: 'doses.0.lot',
        code: 'unknown_lot',
        message: 'lô NO-SUCH-LOT không có trong danh sách lô vắc xin của tỉnh',
      },
      { path: 'doses.1.lot', code: 'lot_expired' },
      {
        path: 'doses.2.lot',
        code: 'lot_of_other_vaccine',
        message: 'lô BCG-A1 là lô của vắc xin BCG, không phải OPV',
      },
    ]);
    expect((await card(ids.ba)).vaccinations).toEqual([]);
    // The session day's entries are checked the same way.
    const session = await head.request('POST', '/api/v1/immunization/session', {
      facilityId: ids.station,
      sessionOn: TODAY,
      entries: [{ residentId: ids.ba, vaccine: 'BCG', lot: 'P5-NEW' }],
    });
    expect(session.statusCode).toBe(422);
    expect(session.json().errors).toMatchObject([{ path: 'entries.0.lot', code: 'lot_of_other_vaccine' }]);
  });

  it('records a lot expiring on the day given with the expiry of the list, and a dose given elsewhere with a lot not listed', async () => {
    const res = await record(ids.ba, [
      dose('DPT_VGB_HIB', 'P5-TODAY'),
      dose('BCG', 'PRIVATE-9', { givenElsewhere: true, facilityId: undefined, place: 'Phòng tiêm dịch vụ' }),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await card(ids.ba)).vaccinations.map((v) => `${v.vaccine} ${v.lot} ${v.expiresOn}`).sort(),
    ).toEqual(['BCG PRIVATE-9 null', `DPT_VGB_HIB P5-TODAY ${TODAY}`]);
  });
});

describe('vial use and wastage of the session day', () => {
  it('counts the doses given, refuses bad vials by field, and gives the wastage by hand', async () => {
    // Today at the station: BCG lot BCG-A1 to Bốn and Năm (20 doses a vial); DPT-VGB-Hib P5-NEW to
    // Bốn and Năm and P5-TODAY to Ba (earlier test) (1 a vial); OPV OPV-1 to all three (20 a vial).
    const session = await head.request('POST', '/api/v1/immunization/session', {
      facilityId: ids.station,
      sessionOn: TODAY,
      vaccinatorId: ids.doctor,
      entries: [
        { residentId: ids.bon, vaccine: 'BCG', lot: 'BCG-A1' },
        { residentId: ids.nam, vaccine: 'BCG', lot: 'BCG-A1' },
        { residentId: ids.bon, vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW' },
        { residentId: ids.nam, vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW' },
        { residentId: ids.ba, vaccine: 'OPV', lot: 'OPV-1' },
        { residentId: ids.bon, vaccine: 'OPV', lot: 'OPV-1' },
        { residentId: ids.nam, vaccine: 'OPV', lot: 'OPV-1' },
      ],
    });
    expect(session.statusCode, session.body).toBe(201);
    const vials = (entries: unknown[]) =>
      head.request('POST', '/api/v1/immunization/vial-use', {
        facilityId: ids.station,
        sessionOn: TODAY,
        entries,
      });
    const bad = await vials([
      { vaccine: 'BCG', lot: 'BCG-A1', vialsOpened: -1 },
      { vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW', vialsOpened: 1 },
      { vaccine: 'NOPE', vialsOpened: 1 },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toMatchObject([
      { path: 'entries.0.vialsOpened', code: 'negative' },
      { path: 'entries.2.vaccine', code: 'unknown_vaccine' },
    ]);
    const few = await vials([{ vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW', vialsOpened: 1 }]);
    expect(few.statusCode).toBe(422);
    expect(few.json().errors).toMatchObject([
      {
        path: 'entries.0.vialsOpened',
        code: 'fewer_vials_than_doses',
        message: '2 liều đã tiêm cần ít nhất 2 lọ (1 liều/lọ)',
      },
    ]);
    const ok = await vials([
      { vaccine: 'BCG', lot: 'BCG-A1', vialsOpened: 1 },
      { vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW', vialsOpened: 3 },
      { vaccine: 'OPV', vialsOpened: 1 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    const line = (d: {
      vaccine: string;
      lot: string | null;
      vialsOpened: number | null;
      dosesPerVial: number | null;
      dosesGiven: number;
      wastage: number | null;
    }) =>
      `${d.vaccine} ${d.lot} opened ${d.vialsOpened} × ${d.dosesPerVial} given ${d.dosesGiven} wastage ${d.wastage}`;
    // BCG: 1 − 2 / (1 × 20) = 0.9; DPT-VGB-Hib P5-NEW: 1 − 2 / (3 × 1) = 0.3333; P5-TODAY: no vials
    // entered; OPV without a lot counts every OPV dose of the day: 1 − 3 / (1 × 20) = 0.85.
    expect(ok.json().days.map(line)).toEqual([
      'BCG BCG-A1 opened 1 × 20 given 2 wastage 0.9',
      'DPT_VGB_HIB P5-NEW opened 3 × 1 given 2 wastage 0.3333',
      'DPT_VGB_HIB P5-TODAY opened null × 1 given 1 wastage null',
      'OPV null opened 1 × 20 given 3 wastage 0.85',
    ]);
    // Entered again: replaced, not added.
    expect((await vials([{ vaccine: 'DPT_VGB_HIB', lot: 'P5-NEW', vialsOpened: 2 }])).statusCode).toBe(200);
    const month = await head.request(
      'GET',
      `/api/v1/immunization/vial-use?unit=06862&month=${TODAY.slice(0, 7)}`,
    );
    expect(month.statusCode, month.body).toBe(200);
    expect(month.json().days.map(line)).toContain('DPT_VGB_HIB P5-NEW opened 2 × 1 given 2 wastage 0');
    expect(
      month
        .json()
        .byVaccine.map(
          (v: { vaccine: string; vialsOpened: number; dosesGiven: number; wastage: number }) =>
            `${v.vaccine} ${v.vialsOpened} ${v.dosesGiven} ${v.wastage}`,
        ),
    ).toEqual(['BCG 1 2 0.9', 'DPT_VGB_HIB 2 2 0', 'OPV 1 3 0.85']);
  });
});
