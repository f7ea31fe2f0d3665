import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { createResident } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { shippedRetentionRules } from './service.js';

let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên (06862): reviews requests
let vhw: Session; // village health worker of Tiên Yên
let stranger: Session; // station head of Bình Liêu (06838)
let manager: Session; // province manager (22)
let lan: string; // Phạm Thị Lan, of Tiên Yên, with two phone numbers and an occupation

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'priv.admin', 'system_admin', 'VN');
  head = await userSession(t, 'priv.head', 'station_head', '06862');
  vhw = await userSession(t, 'priv.vhw', 'village_health_worker', '06862');
  stranger = await userSession(t, 'priv.stranger', 'station_head', '06838');
  manager = await userSession(t, 'priv.so', 'province_manager', '22');
  lan = await createResident(head, 'Phạm Thị Lan', '1990-02-10', '06862', {
    sex: 'female',
    phones: ['0912345678', '0203876543'],
    occupation: 'Giáo viên',
  });
});
afterAll(async () => t?.close());

const events = async (username: string, action?: string) =>
  (
    await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: username, ...(action ? { action } : {}) },
      { limit: 100, offset: 0 },
    )
  ).items;

const ask = (as: Session, categories: string[], receivedOn = '2026-03-02') =>
  as.request('POST', `/api/v1/privacy/residents/${lan}/erasure-requests`, {
    categories,
    requestedBy: 'subject',
    requesterName: 'Phạm Thị Lan',
    receivedOn,
  });

describe("a person's copy of their data (right of access)", () => {
  it('gathers each module’s part, the access log and the rules in force, recorded and audited as an export', async () => {
    expect((await vhw.request('GET', `/api/v1/residents/${lan}`)).statusCode).toBe(200);
    const res = await vhw.request('GET', `/api/v1/privacy/residents/${lan}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="du-lieu-ca-nhan-${lan}.json"`);
    const data = res.json();
    expect(data).toMatchObject({
      format: 'ytcs-personal-data-1',
      exportedBy: 'priv.vhw',
      resident: { id: lan, fullName: 'Phạm Thị Lan', phones: ['0912345678', '0203876543'] },
      retention: { version: '2024-01', validFrom: '2024-01-01' },
    });
    expect(Object.keys(data.parts).sort()).toEqual([
      'chronicDisease',
      'communicableDiseaseCases',
      'familyPlanning',
      'growth',
      'healthRecord',
      'immunization',
      'insuranceCards',
      'outpatientVisits',
      'pregnancyCare',
      'referralHistory',
    ]);
    expect(data.parts.outpatientVisits).toEqual([]);
    expect(data.parts.insuranceCards).toEqual([]);
    expect(data.parts.pregnancyCare).toEqual([]);
    // The access log: registered by the station head, read by the village health worker.
    const log = data.accessLog.map(
      (e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`,
    );
    expect(log[0]).toBe('create:station_head');
    expect(log).toContain('read:village_health_worker');
    expect(data.accessLog[0]).not.toHaveProperty('ip');

    const [exported] = await events('priv.vhw', 'export');
    expect(exported).toMatchObject({
      entityType: 'person',
      entityId: lan,
      unitPath: expect.stringMatching(/06862$/),
    });
    const requests = await head.request('GET', `/api/v1/privacy/requests?residentId=${lan}`);
    expect(requests.json().items).toMatchObject([
      { kind: 'access', status: 'carried_out', receivedBy: 'priv.vhw', residentName: 'Phạm Thị Lan' },
    ]);
  });

  it('answers 404 outside the area, audited as a refusal', async () => {
    const res = await stranger.request('GET', `/api/v1/privacy/residents/${lan}/export`);
    expect(res.statusCode).toBe(404);
    const [denied] = await events('priv.stranger', 'denied');
    expect(denied).toMatchObject({ outcome: 'denied', entityType: 'person', entityId: lan });
  });
});

describe('an erasure request, decided against the retention rules', () => {
  it('records what may be erased and what must be kept, and for how long, before anyone decides', async () => {
    const res = await ask(vhw, ['contact', 'outpatient_record', 'access_log']);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'erasure',
      status: 'received',
      rulesVersion: '2024-01',
      receivedBy: 'priv.vhw',
      decidedBy: null,
    });
    expect(
      res
        .json()
        .outcomes.map(
          (o: { category: string; outcome: string; keepYears: number | null; keptFrom: string | null }) => [
            o.category,
            o.outcome,
            o.keepYears,
            o.keptFrom,
          ],
        ),
    ).toEqual([
      ['contact', 'erasable', null, null],
      ['outpatient_record', 'kept', 10, 'last_entry'],
      ['access_log', 'kept', null, null],
    ]);
    expect(res.json().outcomes[1].vi).toBe(
      'Lượt khám ngoại trú, chẩn đoán, đơn thuốc: lưu ít nhất 10 năm (20 năm nếu người bệnh tử vong)',
    );
  });

  it('lets only a reviewer decide (403 audited), erases the contact details through people, keeps the rest, once', async () => {
    const request = (await ask(vhw, ['contact', 'health_record'])).json();
    const refused = await vhw.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
      decision: 'carry_out',
    });
    expect(refused.statusCode).toBe(403);
    const [denied] = await events('priv.vhw', 'denied');
    expect(denied).toMatchObject({ entityType: 'permission', entityId: 'privacy.review', outcome: 'denied' });
    expect(denied!.details).toMatchObject({ permission: 'privacy.review', method: 'POST' });
    expect(
      (
        await stranger.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
          decision: 'carry_out',
        })
      ).statusCode,
    ).toBe(404);

    const done = await head.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
      decision: 'carry_out',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'carried_out', decidedBy: 'priv.head', reason: null });
    expect(
      done.json().outcomes.map((o: { category: string; outcome: string }) => [o.category, o.outcome]),
    ).toEqual([
      ['contact', 'erased'],
      ['health_record', 'kept'],
    ]);
    const person = (await head.request('GET', `/api/v1/residents/${lan}`)).json();
    expect(person).toMatchObject({
      fullName: 'Phạm Thị Lan',
      phones: [],
      occupation: null,
      birthDate: '1990-02-10',
    });
    // The versions people keeps of her identity hold no phone either, the one before the erasure included.
    const history = (await head.request('GET', `/fhir/Patient/${lan}/_history`)).json();
    expect(history.total).toBeGreaterThan(1);
    expect(JSON.stringify(history)).not.toContain('0912345678');
    expect(JSON.stringify(history)).not.toContain('0203876543');
    const [decision] = (await events('priv.head', 'update')).filter(
      (e) => e.details.op === 'erasure_decision',
    );
    expect(decision).toMatchObject({
      entityId: lan,
      details: { decision: 'carry_out', erased: ['contact'], kept: ['health_record'] },
    });
    const again = await head.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
      decision: 'refuse',
      reason: 'đã xử lý',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses with the reason only, and erases nothing', async () => {
    await head.request('PATCH', `/api/v1/residents/${lan}`, { phones: ['0912345678'] });
    const request = (await ask(vhw, ['contact'])).json();
    const noReason = await head.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
      decision: 'refuse',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'body.reason' });
    const res = await head.request('POST', `/api/v1/privacy/requests/${request.id}/decision`, {
      decision: 'refuse',
      reason: 'Số điện thoại cần để gọi nhắc lịch khám thai',
    });
    expect(res.json()).toMatchObject({
      status: 'refused',
      reason: 'Số điện thoại cần để gọi nhắc lịch khám thai',
    });
    expect(res.json().outcomes).toMatchObject([{ category: 'contact', outcome: 'refused' }]);
    expect((await head.request('GET', `/api/v1/residents/${lan}`)).json().phones).toEqual(['0912345678']);
  });
});

describe('the retention rules as versioned data', () => {
  it('applies the version in force on the day a request was received; only national administrators load one', async () => {
    const next = {
      ...shippedRetentionRules(),
      version: '2026-07',
      validFrom: '2026-07-01',
      source: 'Luật Bảo vệ dữ liệu cá nhân 2025 (a test version)',
    };
    next.rules = next.rules.map((r) =>
      r.category === 'contact' ? { ...r, erasable: false, keepYears: 2, keptFrom: 'last_entry' as const } : r,
    );
    expect((await manager.request('PUT', '/api/v1/privacy/retention-rules', next)).statusCode).toBe(403);
    expect((await admin.request('PUT', '/api/v1/privacy/retention-rules', next)).statusCode).toBe(204);
    expect((await admin.request('PUT', '/api/v1/privacy/retention-rules', next)).statusCode).toBe(409);
    const list = (await vhw.request('GET', '/api/v1/privacy/retention-rules')).json();
    expect(list.map((v: { version: string; validTo: string | null }) => [v.version, v.validTo])).toEqual([
      ['2026-07', null],
      ['2024-01', '2026-07-01'],
    ]);
    const before = (await ask(vhw, ['contact'], '2026-06-30')).json();
    expect(before).toMatchObject({ rulesVersion: '2024-01', outcomes: [{ outcome: 'erasable' }] });
    const after = (await ask(vhw, ['contact'], '2026-07-01')).json();
    expect(after).toMatchObject({ rulesVersion: '2026-07', outcomes: [{ outcome: 'kept', keepYears: 2 }] });
    const early = await ask(vhw, ['contact'], '2023-12-31');
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ path: 'receivedOn', code: 'before_first_rules' });
  });
});
