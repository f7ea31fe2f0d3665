import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';

/**
 * Two communes of Quảng Ninh: Tiên Yên (06862) and Bình Liêu (06838). The station head of Tiên Yên
 * must not see or change anything of Bình Liêu, and each refusal is in the audit log.
 */
let t: TestApp;
let admin: Session;
let tienYen: Session;
let other: { stationId: string; staffId: string; hamletCode: string };

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'scope.admin', 'system_admin', 'VN');
  const station = (
    await admin.request('POST', '/api/v1/facilities', {
      code: '22838',
      name: 'Trạm y tế xã Bình Liêu',
      kind: 'commune_station',
      stationModel: 2,
      unitCode: '06838',
    })
  ).json();
  const hamlet = (
    await admin.request('POST', '/api/v1/units/06838/hamlets', { name: 'Pắc Pằng', unitType: 'Bản' })
  ).json();
  const staff = (
    await admin.request('POST', '/api/v1/staff', {
      fullName: 'Hoàng Văn Bình',
      sex: 'male',
      title: 'nurse',
      facilityId: station.id,
      activeFrom: '2020-01-01',
    })
  ).json();
  other = { stationId: station.id, staffId: staff.id, hamletCode: hamlet.code };
  await admin.request('POST', '/api/v1/facilities', {
    code: '22862',
    name: 'Trạm y tế xã Tiên Yên',
    kind: 'commune_station',
    stationModel: 2,
    unitCode: '06862',
  });
  tienYen = await userSession(t, 'head.tienyen', 'station_head', '06862');
});
afterAll(async () => t?.close());

async function deniedCount(username: string): Promise<number> {
  const denied = await listAuditEvents(
    t.db.orm,
    systemActor(),
    { actorUsername: username, outcome: 'denied' },
    { limit: 1, offset: 0 },
  );
  return denied.total;
}

describe('a commune user stays inside the commune', () => {
  it('sees its own commune and the units above it, not a neighbour', async () => {
    expect((await tienYen.request('GET', '/api/v1/units/06862')).statusCode).toBe(200);
    expect((await tienYen.request('GET', '/api/v1/units/22')).statusCode).toBe(200);
    const before = await deniedCount('head.tienyen');
    const res = await tienYen.request('GET', '/api/v1/units/06838');
    expect(res.statusCode).toBe(404);
    expect(await deniedCount('head.tienyen')).toBe(before + 1);
  });

  it("cannot read another commune's station or staff member (404, audited)", async () => {
    const before = await deniedCount('head.tienyen');
    expect((await tienYen.request('GET', `/api/v1/facilities/${other.stationId}`)).statusCode).toBe(404);
    expect((await tienYen.request('GET', `/api/v1/staff/${other.staffId}`)).statusCode).toBe(404);
    expect(await deniedCount('head.tienyen')).toBe(before + 2);
  });

  it("lists only its own commune's facilities and staff", async () => {
    const facilities = (await tienYen.request('GET', '/api/v1/facilities?limit=500')).json();
    expect(facilities.items.map((f: { code: string }) => f.code)).toEqual(['22862']);
    const filtered = (await tienYen.request('GET', '/api/v1/staff?unit=06838')).json();
    expect(filtered.total).toBe(0);
  });

  it("cannot change another commune's staff, hamlets or station (404, audited)", async () => {
    const before = await deniedCount('head.tienyen');
    expect(
      (await tienYen.request('PATCH', `/api/v1/staff/${other.staffId}`, { fullName: 'Đổi Tên' })).statusCode,
    ).toBe(404);
    expect(
      (await tienYen.request('PATCH', `/api/v1/hamlets/${other.hamletCode}`, { name: 'Đổi Tên' })).statusCode,
    ).toBe(404);
    expect(
      (await tienYen.request('POST', '/api/v1/units/06838/hamlets', { name: 'Lấn Sang' })).statusCode,
    ).toBe(404);
    expect(
      (await tienYen.request('PUT', `/api/v1/facilities/${other.stationId}/hamlets`, { hamletIds: [] }))
        .statusCode,
    ).toBe(404);
    expect(await deniedCount('head.tienyen')).toBe(before + 4);
    const staff = (await admin.request('GET', `/api/v1/staff/${other.staffId}`)).json();
    expect(staff.fullName).toBe('Hoàng Văn Bình');
  });

  it('cannot add staff to another commune’s station', async () => {
    const res = await tienYen.request('POST', '/api/v1/staff', {
      fullName: 'Người Lạ',
      sex: 'female',
      title: 'nurse',
      facilityId: other.stationId,
      activeFrom: '2024-01-01',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'facilityId', code: 'unknown_facility' });
  });

  it('is forbidden (403) from actions its role does not have', async () => {
    const clinician = await userSession(t, 'bs.tienyen', 'clinician', '06862');
    const res = await clinician.request('POST', '/api/v1/units/06862/hamlets', { name: 'Không Được' });
    expect(res.statusCode).toBe(403);
    expect((await clinician.request('GET', '/api/v1/audit')).statusCode).toBe(403);
    expect(
      (
        await clinician.request('POST', '/api/v1/facilities', {
          code: '22999',
          name: 'Phòng khám X',
          kind: 'private_clinic',
          unitCode: '06862',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('does not see the old map except through its own units', async () => {
    expect((await tienYen.request('GET', '/api/v1/units?map=pre2025')).statusCode).toBe(404);
  });

  it('gives an auditor of the province the audit trail of its area only', async () => {
    const auditor = await userSession(t, 'audit.qn', 'auditor', '22');
    const res = await auditor.request('GET', '/api/v1/audit?limit=500');
    expect(res.statusCode).toBe(200);
    const paths: (string | null)[] = res.json().items.map((e: { unitPath: string | null }) => e.unitPath);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p !== null && p.startsWith('post2025.p22'))).toBe(true);
  });
});
