import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { AppError } from '../../core/errors.js';
import { testApp, userActor, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { recordBeds, recordInventory } from './index.js';

let t: TestApp;
let admin: Session;
let head: Session;
let manager: Session;
let stationA: string; // commune 06862, model 2
let stationB: string; // commune 06838
let centre: string;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'res.admin', 'system_admin', 'VN');
  stationA = await createStation(admin, '06862');
  stationB = await createStation(admin, '06838');
  const c = await admin.request('POST', '/api/v1/facilities', {
    code: '22901',
    name: 'Trung tâm y tế khu vực',
    kind: 'health_centre',
    unitCode: '06862',
    activeFrom: '2020-01-01',
  });
  expect(c.statusCode, c.body).toBe(201);
  centre = c.json().id;
  head = await userSession(t, 'res.head', 'station_head', '06862');
  manager = await userSession(t, 'res.so', 'province_manager', '22');
});
afterAll(async () => t?.close());

const values = async (code: string, unit: string, period: string) => {
  const res = await manager.request('GET', `/api/v1/indicators/${code}/values?unit=${unit}&period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().values[0] as { numerator: number; denominator: number; value: number | null };
};

describe('station building and beds', () => {
  it('keeps every survey of the building, newest first, and refuses codes off the lists', async () => {
    const first = await head.request('POST', `/api/v1/facilities/${stationA}/building`, {
      recordedOn: '2024-03-01',
      yearBuilt: 1998,
      condition: 'degraded',
      floorAreaM2: 180.5,
      rooms: 8,
      cleanWater: false,
      latrine: 'unhygienic',
      power: true,
      internet: false,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().conditionVi).toBe('Xuống cấp, cần sửa chữa');
    const second = await head.request('POST', `/api/v1/facilities/${stationA}/building`, {
      recordedOn: '2025-10-01',
      yearBuilt: 1998,
      yearRenovated: 2025,
      condition: 'solid',
      floorAreaM2: 240,
      rooms: 12,
      cleanWater: true,
      latrine: 'flush',
      power: true,
      internet: true,
    });
    expect(second.statusCode, second.body).toBe(201);
    const history = await head.request('GET', `/api/v1/facilities/${stationA}/building`);
    expect(history.json().items.map((b: { condition: string }) => b.condition)).toEqual([
      'solid',
      'degraded',
    ]);
    const bad = await head.request('POST', `/api/v1/facilities/${stationA}/building`, {
      recordedOn: '2025-10-02',
      yearBuilt: 2026,
      condition: 'palace',
      cleanWater: true,
      latrine: 'flush',
      power: true,
      internet: true,
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.condition', 'body.yearBuilt']);
    // Another commune's station head does not see it (404, not 403).
    const other = await userSession(t, 'res.other', 'station_head', '06838');
    expect((await other.request('GET', `/api/v1/facilities/${stationA}/building`)).statusCode).toBe(404);
  });

  it('refuses a negative bed count', async () => {
    const res = await head.request('POST', `/api/v1/facilities/${stationA}/beds`, {
      fromDay: '2025-01-01',
      beds: -3,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.beds');
  });

  it('computes beds per 10,000 from the dated records, by hand, and leaves doctors per 10,000 as it was', async () => {
    await createDoctor(admin, stationA);
    const doctorsBefore = await values('T12_DOCTORS', '06862', '2025-07');
    expect(doctorsBefore.numerator).toBe(1);
    for (const [facility, fromDay, beds] of [
      [stationA, '2025-01-01', 5],
      [stationA, '2025-06-01', 8],
      [centre, '2025-03-15', 40],
      [stationB, '2025-01-01', 4],
    ] as const) {
      const res = await admin.request('POST', `/api/v1/facilities/${facility}/beds`, { fromDay, beds });
      expect(res.statusCode, res.body).toBe(201);
    }
    // February 2025: station A's first record only (the centre's starts in March).
    const feb = await values('T12_BEDS', '06862', '2025-02');
    expect(feb.numerator).toBe(5);
    expect(feb.denominator).toBeGreaterThan(0);
    expect(feb.value).toBeCloseTo(Math.round((5 / feb.denominator) * 10000 * 100) / 100, 2);
    // July 2025: station A's second record (8) and the centre's 40.
    const jul = await values('T12_BEDS', '06862', '2025-07');
    expect(jul.numerator).toBe(48);
    expect(jul.value).toBeCloseTo(Math.round((48 / jul.denominator) * 10000 * 100) / 100, 2);
    // The province sums its communes: 48 + 4.
    expect((await values('T12_BEDS', '22', '2025-07')).numerator).toBe(52);
    expect(await values('T12_DOCTORS', '06862', '2025-07')).toEqual(doctorsBefore);
    const history = await head.request('GET', `/api/v1/facilities/${stationA}/beds`);
    expect(history.json().current).toBe(8);
  });
});

describe('equipment against the required list', () => {
  it('reads the inventory of a model-2 station against the list: complete, broken, short, missing, not required', async () => {
    const res = await head.request('POST', `/api/v1/facilities/${stationA}/equipment`, {
      countedOn: '2025-09-01',
      items: [
        { code: 'KB02', working: 1, broken: 1 }, // blood pressure monitors: 2 required
        { code: 'KB04', working: 2, broken: 0 }, // stethoscopes: 2 required
        { code: 'KB05', working: 2, broken: 0 }, // thermometers: 5 required
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const inv = res.json();
    expect(inv.list.version).toBe(1);
    const item = (code: string) => inv.items.find((i: { code: string }) => i.code === code);
    expect(item('KB02')).toMatchObject({
      required: 2,
      working: 1,
      broken: 1,
      present: 2,
      missing: 1,
      status: 'broken',
    });
    expect(item('KB04')).toMatchObject({ required: 2, present: 2, missing: 0, status: 'complete' });
    expect(item('KB05')).toMatchObject({ required: 5, present: 2, missing: 3, status: 'short' });
    expect(item('KB13')).toMatchObject({ required: 1, present: 0, missing: 1, status: 'missing' }); // ECG
    expect(item('SK03')).toMatchObject({ required: 0, status: 'not_required' }); // delivery table: model 3
    // 35 items, of which 5 are for model 3 only (KB14, SK03, SK04, SK05) or model 3… count by hand:
    const required = inv.items.filter((i: { required: number }) => i.required > 0).length;
    expect(inv.totals).toEqual({ required, complete: 1, broken: 1, short: 1, missing: required - 3 });
    expect(required).toBe(31);
    // Before the count, nothing was present.
    const before = await head.request('GET', `/api/v1/facilities/${stationA}/equipment?on=2025-08-31`);
    expect(before.json().totals.missing).toBe(31);
  });

  it('refuses counts below zero and items not on the list', async () => {
    const negative = await head.request('POST', `/api/v1/facilities/${stationA}/equipment`, {
      countedOn: '2025-09-02',
      items: [{ code: 'KB02', working: -1, broken: 0 }],
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].path).toBe('body.items.0.working');
    const unknown = await head.request('POST', `/api/v1/facilities/${stationA}/equipment`, {
      countedOn: '2025-09-02',
      items: [
        { code: 'KB02', working: 2, broken: 0 },
        { code: 'ZZ99', working: 1, broken: 0 },
      ],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('body.items.1.code');
    expect(unknown.json().errors[0].message).toContain('không có trong danh mục');
  });

  it('refuses a negative count in the service too (422), as the demo and imports call it', async () => {
    const actor = await userActor(t, 'res.head.svc', 'station_head', '06862');
    const refused = await recordInventory(t.db.orm, actor, stationA, {
      countedOn: '2025-09-03',
      items: [{ code: 'KB04', working: 2, broken: -1 }],
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).errors[0]!.path).toBe('body.items.0.broken');
    const beds = await recordBeds(t.db.orm, actor, stationA, { fromDay: '2025-09-03', beds: -1 }).catch(
      (e: unknown) => e,
    );
    expect((beds as AppError).status).toBe(422);
  });

  it('loads a new version of the list: a dry run reports errors by row, the stored version applies from its day', async () => {
    const file = [
      'code,group,name_vi,name_en,unit,model_1,model_2,model_3,checked',
      'KB02,Khám bệnh,Huyết áp kế người lớn,Adult blood pressure monitor,cái,2,3,3,true',
      'KB02,Khám bệnh,Trùng mã,Duplicate,cái,1,1,1,false',
      'KB99,Khám bệnh,Máy đo SpO2,Pulse oximeter,cái,1,-1,x,false',
    ].join('\n');
    const dry = await admin.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64(file),
      validFrom: '2026-01-01',
      source: 'Thử nghiệm',
      dryRun: true,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '3:code',
      '4:model_2',
      '4:model_3',
    ]);
    const good = file
      .split('\n')
      .filter((_, i) => i !== 2 && i !== 3)
      .join('\n');
    const forbidden = await head.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64(good),
      validFrom: '2026-01-01',
      source: 'Thử nghiệm',
      dryRun: false,
    });
    expect(forbidden.statusCode).toBe(403);
    const stored = await admin.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64(good),
      validFrom: '2026-01-01',
      source: 'Thử nghiệm',
      dryRun: false,
    });
    expect(stored.json()).toMatchObject({ version: 2, stored: 1, errors: [] });
    const old = await head.request('GET', `/api/v1/facilities/${stationA}/equipment?on=2025-12-31`);
    expect(old.json().list.version).toBe(1);
    const now = await head.request('GET', `/api/v1/facilities/${stationA}/equipment?on=2026-02-01`);
    expect(now.json().list.version).toBe(2);
    expect(now.json().items).toHaveLength(1);
    expect(now.json().items[0]).toMatchObject({
      code: 'KB02',
      required: 3,
      working: 1,
      present: 2,
      status: 'short',
    });
    const again = await admin.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64(good),
      validFrom: '2025-06-01',
      source: 'Thử nghiệm',
      dryRun: true,
    });
    expect(again.json().errors[0]).toMatchObject({ column: 'validFrom', code: 'before_latest' });
  });
});

describe('files the loaders cannot read (were 500s the fuzz found)', () => {
  const problem = (res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }) => {
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    return res.json() as { status: number; errors: { path: string; code: string; message: string }[] };
  };

  it('answers 422 on body.contentBase64 naming the line for a CSV with a quote left open or misplaced', async () => {
    const open = await admin.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64('code,group,name_vi\nKB01,"Khám bệnh,Ống nghe\n'),
      validFrom: '2027-01-01',
      source: 'Thử nghiệm',
      dryRun: true,
    });
    expect(open.statusCode, open.body).toBe(422);
    expect(problem(open).errors).toEqual([
      {
        path: 'body.contentBase64',
        code: 'unreadable_file',
        message: 'Không đọc được tệp CSV ở dòng 2: dấu ngoặc kép chưa đóng (CSV_QUOTE_NOT_CLOSED)',
      },
    ]);
    const misplaced = await admin.request('POST', '/api/v1/ethnic-minority-communes', {
      fileName: 'xa.csv',
      contentBase64: b64('unit_code,valid_from,decision\n06862,"2021-06-04"x,861/QĐ-TTg\n'),
      dryRun: true,
    });
    expect(misplaced.statusCode, misplaced.body).toBe(422);
    expect(problem(misplaced).errors[0]).toMatchObject({
      path: 'body.contentBase64',
      code: 'unreadable_file',
    });
    expect(problem(misplaced).errors[0]!.message).toContain('dòng 2');
  });

  it('answers 422 for bytes named .xlsx that are not a workbook, and for base64 of nothing readable', async () => {
    for (const path of ['/api/v1/equipment-lists', '/api/v1/ethnic-minority-communes']) {
      const res = await admin.request('POST', path, {
        fileName: 'danh-sach.xlsx',
        contentBase64: b64('this is not a zip file'),
        validFrom: '2027-01-01',
        source: 'Thử nghiệm',
        dryRun: true,
        ...(path.includes('ethnic') ? { validFrom: undefined, source: undefined } : {}),
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'body.contentBase64',
        code: 'unreadable_file',
        message: 'Tệp không phải bảng tính Excel (.xlsx) đọc được',
      });
    }
  });

  it('refuses a first day of year 0 for a list (400 on body.validFrom), not a database error', async () => {
    const res = await admin.request('POST', '/api/v1/equipment-lists', {
      fileName: 'tb.csv',
      contentBase64: b64('code\n'),
      validFrom: '0000-01-01',
      source: 'Thử nghiệm',
      dryRun: true,
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors[0]!.path).toBe('body.validFrom');
  });

  it('reports days off the calendar and a commune listed twice from one day as row errors', async () => {
    const file = [
      'unit_code,valid_from,valid_to,decision,area',
      '06862,2024-02-30,,Quyết định 861/QĐ-TTg,III',
      '06838,0000-01-01,,Quyết định 861/QĐ-TTg,III',
      '06838,2021-06-04,,Quyết định 861/QĐ-TTg,III',
      '06838,2021-06-04,,Quyết định 861/QĐ-TTg,II',
    ].join('\n');
    const res = await admin.request('POST', '/api/v1/ethnic-minority-communes', {
      fileName: 'xa.csv',
      contentBase64: b64(file),
      dryRun: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stored: 0 });
    expect(
      res
        .json()
        .errors.map((e: { row: number; column: string; code: string }) => `${e.row}:${e.column}:${e.code}`),
    ).toEqual(['2:valid_from:invalid_date', '3:valid_from:invalid_date', '5:unit_code:duplicate']);
  });
});

describe('investment projects and the ethnic-minority target', () => {
  let ntp: string;

  it('loads ethnic-minority communes with their decision, errors by row on a dry run', async () => {
    const file = [
      'unit_code,valid_from,valid_to,decision,area',
      '06862,2021-06-04,,Quyết định 861/QĐ-TTg,III',
      '06838,2021-06-04,2025-12-31,Quyết định 861/QĐ-TTg,II',
      '99999,2021-06-04,,Quyết định 861/QĐ-TTg,IV',
    ].join('\n');
    const dry = await admin.request('POST', '/api/v1/ethnic-minority-communes', {
      fileName: 'vung-dttz.csv',
      contentBase64: b64(file),
      dryRun: true,
    });
    expect(dry.json().errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '4:unit_code',
      '4:area',
    ]);
    const stored = await admin.request('POST', '/api/v1/ethnic-minority-communes', {
      fileName: 'vung-dttz.csv',
      contentBase64: b64(file.split('\n').slice(0, 3).join('\n')),
      dryRun: false,
    });
    expect(stored.json()).toMatchObject({ stored: 2, errors: [] });
    const list = await manager.request('GET', '/api/v1/ethnic-minority-communes?unit=22');
    expect(list.json().items.map((i: { unitCode: string }) => i.unitCode)).toEqual(['06838', '06862']);
  });

  it('refuses a disbursement over the budget (422) and tracks progress', async () => {
    const created = await manager.request('POST', '/api/v1/investment-projects', {
      name: 'Cải tạo, nâng cấp Trạm y tế xã',
      fundingSource: 'ntp_ethnic_minority',
      kind: 'renovation',
      unitCode: '22',
      approvedOn: '2025-02-01',
      budget: 1_500_000_000,
      facilityIds: [stationA],
      milestones: [{ name: 'Khởi công', dueOn: '2025-04-01' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    ntp = created.json().id;
    expect(created.json().status).toBe('approved');
    const first = await manager.request('POST', `/api/v1/investment-projects/${ntp}/disbursements`, {
      paidOn: '2025-04-10',
      amount: 1_000_000_000,
    });
    expect(first.json()).toMatchObject({ disbursed: 1_000_000_000, status: 'in_progress' });
    const over = await manager.request('POST', `/api/v1/investment-projects/${ntp}/disbursements`, {
      paidOn: '2025-06-10',
      amount: 600_000_000,
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0]).toMatchObject({ path: 'body.amount', code: 'over_budget' });
    expect(over.json().errors[0].message).toContain('500.000.000');
    const rest = await manager.request('POST', `/api/v1/investment-projects/${ntp}/disbursements`, {
      paidOn: '2025-06-10',
      amount: 500_000_000,
    });
    expect(rest.json().disbursed).toBe(1_500_000_000);
    // The station head sees the province's project for their station, and may not pay from it.
    const seen = await head.request('GET', `/api/v1/investment-projects?facility=${stationA}`);
    expect(seen.json().items.map((p: { id: string }) => p.id)).toEqual([ntp]);
    const pay = await head.request('POST', `/api/v1/investment-projects/${ntp}/disbursements`, {
      paidOn: '2025-06-11',
      amount: 1,
    });
    expect(pay.statusCode).toBe(403);
  });

  it('counts stations in ethnic-minority communes invested from the programme, by hand, as of each period', async () => {
    // Station B gets a project from the provincial budget: it does not count for the programme's target.
    const other = await manager.request('POST', '/api/v1/investment-projects', {
      name: 'Sửa chữa Trạm y tế',
      fundingSource: 'provincial_budget',
      kind: 'renovation',
      unitCode: '22',
      approvedOn: '2025-02-01',
      budget: 300_000_000,
      facilityIds: [stationB],
    });
    expect(other.statusCode, other.body).toBe(201);
    for (const [id, completedOn] of [
      [ntp, '2025-08-15'],
      [other.json().id, '2025-05-20'],
    ]) {
      const res = await manager.request('POST', `/api/v1/investment-projects/${id}/status`, {
        status: 'completed',
        completedOn,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // July 2025: two stations in ethnic-minority communes, none invested from the programme yet.
    expect(await values('RES_EM_STATIONS_INVESTED', '22', '2025-07')).toMatchObject({
      numerator: 0,
      denominator: 2,
      value: 0,
    });
    // September 2025: station A's renovation completed on 15/08.
    expect(await values('RES_EM_STATIONS_INVESTED', '22', '2025-09')).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    // January 2026: commune 06838 is no longer listed (valid to 31/12/2025).
    expect(await values('RES_EM_STATIONS_INVESTED', '22', '2026-01')).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it('counts health centres equipped from the recovery programme', async () => {
    const p = await manager.request('POST', '/api/v1/investment-projects', {
      name: 'Mua sắm trang thiết bị Trung tâm y tế',
      fundingSource: 'recovery_programme',
      kind: 'equipment',
      unitCode: '22',
      approvedOn: '2024-05-01',
      budget: 9_000_000_000,
      facilityIds: [centre],
    });
    expect(p.statusCode, p.body).toBe(201);
    await manager.request('POST', `/api/v1/investment-projects/${p.json().id}/status`, {
      status: 'completed',
      completedOn: '2025-03-31',
    });
    expect(await values('RES_CENTRES_EQUIPPED', '22', '2025-02')).toMatchObject({
      numerator: 0,
      denominator: 1,
    });
    expect(await values('RES_CENTRES_EQUIPPED', '22', '2025-04')).toMatchObject({ numerator: 1, value: 100 });
  });

  it('refuses a funding source off the code list and a facility outside the project unit', async () => {
    const res = await head.request('POST', '/api/v1/investment-projects', {
      name: 'Dự án',
      fundingSource: 'lottery',
      kind: 'construction',
      unitCode: '06862',
      approvedOn: '2025-01-01',
      budget: 1000,
      facilityIds: [stationA],
    });
    expect(res.statusCode).toBe(403); // a station head does not manage investment
    const bad = await manager.request('POST', '/api/v1/investment-projects', {
      name: 'Dự án',
      fundingSource: 'lottery',
      kind: 'construction',
      unitCode: '06862',
      approvedOn: '2025-01-01',
      budget: 1000,
      facilityIds: [stationB],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.fundingSource',
      'body.facilityIds.0',
    ]);
  });
});
