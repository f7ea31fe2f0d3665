import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { listAuditEvents } from '../audit/index.js';
import { createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

let t: TestApp;
let head: Session;
let manager: Session;
let stationId: string;

let gia: string;

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'fd.admin', 'system_admin', 'VN');
  stationId = await createStation(admin, '06862');
  head = await userSession(t, 'fd.head', 'station_head', '06862');
  manager = await userSession(t, 'fd.so', 'province_manager', '22');
});
afterAll(async () => t?.close());

const t10 = async (unit: string, period: string) => {
  const res = await manager.request('GET', `/api/v1/indicators/T10/values?unit=${unit}&period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  const v = res.json().values[0];
  return [v.numerator, v.denominator];
};

describe('family-doctor practices (T10)', () => {
  let practiceId: string;

  it("opens the station's practice, refusing a closing day before the opening", async () => {
    const bad = await head.request('POST', '/api/v1/family-practices', {
      name: 'Phòng khám BSGĐ Trạm y tế',
      kind: 'station',
      facilityId: stationId,
      unitCode: '06862',
      openedOn: '2025-09-10',
      closedOn: '2025-09-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.closedOn');
    const res = await head.request('POST', '/api/v1/family-practices', {
      name: 'Phòng khám BSGĐ Trạm y tế',
      kind: 'station',
      facilityId: stationId,
      unitCode: '06862',
      openedOn: '2025-09-10',
    });
    expect(res.statusCode, res.body).toBe(201);
    practiceId = res.json().id;
    const other = await userSession(t, 'fd.other', 'station_head', '06838');
    const outside = await other.request('POST', `/api/v1/family-practices/${practiceId}/doctors`, {
      fullName: 'Bác sĩ Khác',
      fromDay: '2025-09-10',
    });
    expect(outside.statusCode).toBe(404);
  });

  it('counts a commune only while its practice is open with a doctor practising (period boundaries)', async () => {
    // Open from 10/09/2025 but no doctor yet: not active.
    expect(await t10('06862', '2025-09')).toEqual([0, 1]);
    const d = await head.request('POST', `/api/v1/family-practices/${practiceId}/doctors`, {
      fullName: 'Bác sĩ Gia Đình',
      fromDay: '2025-10-01',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(await t10('06862', '2025-09')).toEqual([0, 1]);
    expect(await t10('06862', '2025-10')).toEqual([1, 1]);
    const closed = await head.request('POST', `/api/v1/family-practices/${practiceId}/closure`, {
      closedOn: '2026-01-31',
    });
    expect(closed.json().closedOn).toBe('2026-01-31');
    expect(await t10('06862', '2026-01')).toEqual([1, 1]);
    expect(await t10('06862', '2026-02')).toEqual([0, 1]);
    const [num, den] = await t10('22', '2025-12');
    expect(num).toBe(1);
    expect(den).toBeGreaterThan(50);
  });

  it('registers a resident on the panel once, audited as a write of their record', async () => {
    const residentId = (gia = await createResident(head, 'Nguyễn Văn Gia', '1960-05-01', '06862'));
    const first = await head.request('POST', `/api/v1/family-practices/${practiceId}/panel`, {
      residentId,
      contractNo: 'HĐ-001',
      registeredOn: '2025-11-01',
    });
    expect(first.statusCode, first.body).toBe(201);
    const again = await head.request('POST', `/api/v1/family-practices/${practiceId}/panel`, {
      residentId,
      registeredOn: '2025-11-02',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toBe('Người dân đã đăng ký với một bác sĩ gia đình');
    const list = await manager.request('GET', '/api/v1/family-practices?unit=06862');
    expect(list.json().items[0]).toMatchObject({ panelSize: 1, doctors: [{ fullName: 'Bác sĩ Gia Đình' }] });
    const audited = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'fd.head', action: 'update', entityType: 'person', entityId: residentId },
      { limit: 5, offset: 0 },
    );
    expect(audited.items.map((e) => e.details)).toEqual([
      expect.objectContaining({ familyPractice: practiceId }),
    ]);
  });

  it('lists the panel, ends a registration on a day and then lets the resident register again', async () => {
    const panel = await head.request('GET', `/api/v1/family-practices/${practiceId}/panel`);
    expect(panel.statusCode, panel.body).toBe(200);
    expect(panel.json().items).toEqual([
      expect.objectContaining({
        residentId: gia,
        fullName: 'Nguyễn Văn Gia',
        birthYear: 1960,
        contractNo: 'HĐ-001',
        registeredOn: '2025-11-01',
        endedOn: null,
      }),
    ]);
    const other = await userSession(t, 'fd.other2', 'station_head', '06838');
    expect((await other.request('GET', `/api/v1/family-practices/${practiceId}/panel`)).statusCode).toBe(404);
    const registrationId = panel.json().items[0].id;
    const end = (endedOn: string) =>
      head.request('POST', `/api/v1/family-panel/${registrationId}/end`, { endedOn });
    const early = await end('2025-10-01');
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({
      path: 'endedOn',
      code: 'before_registration',
      message: 'Ngày kết thúc không được trước ngày đăng ký (2025-11-01)',
    });
    expect(
      (await other.request('POST', `/api/v1/family-panel/${registrationId}/end`, { endedOn: '2026-01-31' }))
        .statusCode,
    ).toBe(404);
    const ended = await end('2026-01-31');
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ id: registrationId, endedOn: '2026-01-31' });
    expect((await end('2026-02-01')).statusCode).toBe(409);
    expect((await head.request('GET', `/api/v1/family-practices/${practiceId}/panel`)).json().items).toEqual(
      [],
    );
    const all = (await head.request('GET', `/api/v1/family-practices/${practiceId}/panel?all=true`)).json();
    expect(all.items.map((m: { endedOn: string }) => m.endedOn)).toEqual(['2026-01-31']);
    const again = await head.request('POST', `/api/v1/family-practices/${practiceId}/panel`, {
      residentId: gia,
      registeredOn: '2026-02-01',
    });
    expect(again.statusCode, again.body).toBe(201);
  });
});
