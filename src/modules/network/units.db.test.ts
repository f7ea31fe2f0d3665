import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { countUnits } from './units.js';
import { unitsFromCsv } from './unit-sources.js';

const shipped = (file: string) =>
  readFileSync(new URL(`../../../reference/units/${file}`, import.meta.url), 'utf8');

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'units.admin', 'system_admin', 'VN');
});
afterAll(async () => t?.close());

describe('the two maps', () => {
  it('loads the current map as shipped: 34 provinces and 3,321 communes', async () => {
    const counts = await countUnits(t.db.orm, 'post2025');
    const file = unitsFromCsv(shipped('units-post2025.csv'), 'post2025');
    expect(counts).toEqual({ country: 1, province: 34, commune: 3321 });
    expect(file.filter((u) => u.level === 'commune')).toHaveLength(counts.commune!);
  });

  it('loads the old map as shipped: 63 provinces, 696 districts, 10,035 communes', async () => {
    const counts = await countUnits(t.db.orm, 'pre2025');
    expect(counts).toEqual({ country: 1, province: 63, district: 696, commune: 10035 });
    expect(unitsFromCsv(shipped('units-pre2025.csv'), 'pre2025')).toHaveLength(63 + 696 + 10035);
  });

  it('finds "Quảng Ninh" when typed without diacritics, best match first', async () => {
    const res = await admin.request('GET', '/api/v1/units?q=quang%20ninh&limit=5');
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ code: '22', fullName: 'Tỉnh Quảng Ninh', level: 'province' });
  });

  it('lists the communes of a province with paging', async () => {
    const res = await admin.request('GET', '/api/v1/units?parent=22&limit=10&offset=0');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(54);
    expect(body.items).toHaveLength(10);
    expect(
      body.items.every(
        (u: { level: string; parentCode: string }) => u.level === 'commune' && u.parentCode === '22',
      ),
    ).toBe(true);
  });

  it('shows a unit with its breadcrumb', async () => {
    const res = await admin.request('GET', '/api/v1/units/07030');
    expect(res.statusCode).toBe(200);
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['VN', '22']);
  });

  it('maps an old commune to its new commune and back', async () => {
    // Old Phúc Xá (00001, Ba Đình district) became part of today's Hồng Hà ward (00097).
    const old = await admin.request('GET', '/api/v1/units/00001/mapping?map=pre2025');
    expect(old.statusCode).toBe(200);
    expect(old.json().map((m: { unit: { code: string } }) => m.unit.code)).toContain('00097');
    const back = await admin.request('GET', '/api/v1/units/00097/mapping');
    expect(back.json().map((m: { unit: { code: string } }) => m.unit.code)).toContain('00001');
  });
});

describe('hamlets', () => {
  it('numbers hamlets under their commune and keeps them in the tree', async () => {
    const a = await admin.request('POST', '/api/v1/units/07030/hamlets', {
      name: 'Đồng Tâm',
      unitType: 'Thôn',
    });
    const b = await admin.request('POST', '/api/v1/units/07030/hamlets', { name: 'Bắc Sơn' });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({
      code: '07030-001',
      level: 'hamlet',
      parentCode: '07030',
      fullName: 'Thôn Đồng Tâm',
    });
    expect(b.json().code).toBe('07030-002');
    expect(b.json().path).toBe(`${a.json().path.split('.').slice(0, -1).join('.')}.h002`);
    const children = await admin.request('GET', '/api/v1/units?parent=07030');
    expect(children.json().items.map((u: { code: string }) => u.code)).toEqual(['07030-001', '07030-002']);
  });

  it('ends a hamlet instead of deleting it', async () => {
    const created = await admin.request('POST', '/api/v1/units/07030/hamlets', { name: 'Sáp Nhập' });
    const ended = await admin.request('PATCH', `/api/v1/hamlets/${created.json().code}`, {
      validTo: '2026-01-01',
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().validTo).toBe('2026-01-01');
    const current = await admin.request('GET', '/api/v1/units?parent=07030');
    expect(current.json().items.map((u: { code: string }) => u.code)).not.toContain(created.json().code);
    const all = await admin.request('GET', '/api/v1/units?parent=07030&all=true');
    expect(all.json().items.map((u: { code: string }) => u.code)).toContain(created.json().code);
  });

  it('refuses a hamlet under a province', async () => {
    const res = await admin.request('POST', '/api/v1/units/22/hamlets', { name: 'Sai Chỗ' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ code: 'not_a_commune' });
  });
});

describe('facilities, staff and the overview', () => {
  it('counts stations with a full-time doctor and hamlets with a trained village health worker', async () => {
    const station = await admin.request('POST', '/api/v1/facilities', {
      code: '22901',
      name: 'Trạm y tế xã Thử',
      kind: 'commune_station',
      stationModel: 2,
      unitCode: '07060',
    });
    expect(station.statusCode).toBe(201);
    const h1 = (await admin.request('POST', '/api/v1/units/07060/hamlets', { name: 'Một' })).json();
    const h2 = (await admin.request('POST', '/api/v1/units/07060/hamlets', { name: 'Hai' })).json();
    expect(
      (
        await admin.request('PUT', `/api/v1/facilities/${station.json().id}/hamlets`, {
          hamletIds: [h1.id, h2.id],
        })
      ).statusCode,
    ).toBe(200);
    const staff = (body: object) =>
      admin.request('POST', '/api/v1/staff', { sex: 'female', activeFrom: '2024-01-01', ...body });
    expect(
      (
        await staff({
          fullName: 'Nguyễn Thị Bác Sĩ',
          title: 'doctor',
          facilityId: station.json().id,
          fullTime: false,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await staff({ fullName: 'Trần Văn Y Tế', title: 'village_health_worker', hamletId: h1.id }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await staff({
          fullName: 'Lê Thị Chưa Học',
          title: 'village_health_worker',
          hamletId: h2.id,
          trained: false,
        })
      ).statusCode,
    ).toBe(201);

    let overview = (await admin.request('GET', '/api/v1/units/07060/overview')).json();
    expect(overview.totals).toEqual({
      stations: 1,
      stationsWithDoctor: 0,
      hamlets: 2,
      hamletsWithVhw: 1,
      staff: 3,
    });
    expect(
      overview.hamlets.map((h: { hasVillageHealthWorker: boolean }) => h.hasVillageHealthWorker),
    ).toEqual([true, false]);

    // A full-time doctor arrives: the station now counts for T1.
    await staff({
      fullName: 'Phạm Văn Toàn Thời',
      title: 'doctor',
      facilityId: station.json().id,
      fullTime: true,
      sex: 'male',
    });
    overview = (await admin.request('GET', '/api/v1/units/07060/overview')).json();
    expect(overview.totals.stationsWithDoctor).toBe(1);
    expect(overview.stations[0]).toMatchObject({
      code: '22901',
      doctorCount: 2,
      hasFullTimeDoctor: true,
      staffCount: 2,
    });
    const province = (await admin.request('GET', '/api/v1/units/22/overview')).json();
    const child = province.children.find((c: { unit: { code: string } }) => c.unit.code === '07060');
    expect(child).toMatchObject({
      stations: 1,
      stationsWithDoctor: 1,
      hamlets: 2,
      hamletsWithVhw: 1,
      staff: 4,
    });
  });

  it('refuses a professional title that is not in the code list', async () => {
    const f = (
      await admin.request('POST', '/api/v1/facilities', {
        code: '22902',
        name: 'Trạm y tế 2',
        kind: 'commune_station',
        stationModel: 1,
        unitCode: '07054',
      })
    ).json();
    const res = await admin.request('POST', '/api/v1/staff', {
      fullName: 'Ai Đó',
      sex: 'male',
      title: 'wizard',
      facilityId: f.id,
      activeFrom: '2024-01-01',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'title', code: 'unknown_code' })]);
  });

  it('keeps former staff out of today’s list but in the full list', async () => {
    const f = (
      await admin.request('POST', '/api/v1/facilities', {
        code: '22903',
        name: 'Trạm y tế 3',
        kind: 'commune_station',
        stationModel: 1,
        unitCode: '07069',
      })
    ).json();
    await admin.request('POST', '/api/v1/staff', {
      fullName: 'Đã Nghỉ Hưu',
      sex: 'male',
      title: 'nurse',
      facilityId: f.id,
      activeFrom: '2000-01-01',
      activeTo: '2020-12-31',
    });
    const today = await admin.request('GET', `/api/v1/staff?facility=${f.id}`);
    const all = await admin.request('GET', `/api/v1/staff?facility=${f.id}&all=true`);
    expect(today.json().total).toBe(0);
    expect(all.json().total).toBe(1);
  });
});

describe('importing the official list (ytcs units import)', () => {
  it('updates names of existing units, adds new ones, and refuses to move a unit to another province', async () => {
    const { parseGsoCsv } = await import('./unit-sources.js');
    const { loadUnits } = await import('./units.js');
    const csv = [
      'Mã tỉnh,Tên tỉnh,Mã xã,Tên xã,Cấp',
      '22,Tỉnh Quảng Ninh,06862,Xã Tiên Yên Mới,Xã',
      '22,Tỉnh Quảng Ninh,99990,Xã Thử Nghiệm,Xã',
      '01,Thành phố Hà Nội,06838,Xã Bình Liêu,Xã',
    ].join('\n');
    const report = await loadUnits(t.db.orm, 'post2025', parseGsoCsv(csv, 'post2025'));
    expect(report.inserted).toBe(1);
    expect(report.skipped).toEqual([{ code: '06838', reason: 'would move from 22 to 01' }]);
    const renamed = (await admin.request('GET', '/api/v1/units/06862')).json();
    expect(renamed.fullName).toBe('Xã Tiên Yên Mới');
    const added = (await admin.request('GET', '/api/v1/units/99990')).json();
    expect(added).toMatchObject({ parentCode: '22', path: 'post2025.p22.c99990', validFrom: '2025-07-01' });
    const binhLieu = (await admin.request('GET', '/api/v1/units/06838')).json();
    expect(binhLieu.parentCode).toBe('22');
  });
});
