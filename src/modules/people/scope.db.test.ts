import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { listAuditEvents } from '../audit/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

/**
 * Bình Liêu (06838) has a household, a resident with a card and an 831 record. The station head of
 * Tiên Yên (06862) must neither see nor change any of it: every people endpoint answers 404 and the
 * refusal is in the audit log. The endpoints are read from the OpenAPI document, so a new one is
 * covered (or fails here until it is given a body below).
 */
let t: TestApp;
let admin: Session;
let tienYen: Session;
let other: { residentId: string; householdId: string; cardId: string; ownId: string; dismissalId: string };
const today = new Date().toISOString().slice(0, 10);

/** A valid body for each people endpoint that takes one (the service, not the schema, must refuse). */
const BODIES: Record<string, unknown> = {
  'DELETE /api/v1/duplicates/dismissals/{id}': undefined,
  'PATCH /api/v1/residents/{id}': { occupation: 'Nông dân' },
  'POST /api/v1/residents/{id}/merge': {
    duplicateId: '00000000-0000-7000-8000-000000000000',
    reason: 'trùng',
  },
  'POST /api/v1/residents/{id}/unmerge': { reason: 'khác người' },
  'POST /api/v1/residents/{id}/insurance-cards': { code: 'GD4220120152431', validFrom: '2026-01-01' },
  'PATCH /api/v1/insurance-cards/{id}': { voidReason: 'nhập nhầm' },
  'POST /api/v1/residents/{id}/events': { kind: 'move_out', on: today, destination: 'Hà Nội' },
  'POST /api/v1/residents/{id}/births': { fullName: 'Bé Lạ', sex: 'female', birthDate: today },
  'POST /api/v1/residents/{id}/transfer': { toUnitCode: '06862', on: today },
  'PUT /api/v1/residents/{id}/health-record': { history: { other: 'x' } },
  'POST /api/v1/residents/{id}/health-record/review': {},
  'PATCH /api/v1/households/{id}': { addressLine: 'Lấn sang' },
  'POST /api/v1/households/{id}/transfer': { toUnitCode: '06862', on: today },
};

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'scope.p.admin', 'system_admin', 'VN');
  const h = await admin.request('POST', '/api/v1/households', {
    unitCode: '06838',
    members: [
      {
        fullName: 'Hoàng Thị Lìn',
        sex: 'female',
        birthYear: 1970,
        relationToHead: 'head',
        ethnicity: '02',
        personalId: '022170012345',
        phones: ['0987654321'],
      },
    ],
  });
  expect(h.statusCode, h.body).toBe(201);
  const residentId = h.json().members[0].id;
  const card = await admin.request('POST', `/api/v1/residents/${residentId}/insurance-cards`, {
    code: 'DT2220212345679',
    validFrom: '2026-01-01',
  });
  await admin.request('PUT', `/api/v1/residents/${residentId}/health-record`, {
    history: { other: 'hồ sơ' },
  });
  tienYen = await userSession(t, 'scope.p.tienyen', 'station_head', '06862');
  const own = await tienYen.request('POST', '/api/v1/residents', {
    fullName: 'Hoàng Thị Lìn',
    sex: 'female',
    birthYear: 1970,
    currentAddress: { unitCode: '06862' },
  });
  // Two people of Bình Liêu judged different (a "not a duplicate" the other commune may not undo).
  const namesake = await admin.request('POST', '/api/v1/residents', {
    fullName: 'Hoàng Thị Lìn',
    sex: 'female',
    birthYear: 1971,
    currentAddress: { unitCode: '06838' },
  });
  const dismissal = await admin.request('POST', '/api/v1/duplicates/dismissals', {
    firstId: residentId,
    secondId: namesake.json().id,
    reason: 'Hai người khác nhau',
  });
  expect(dismissal.statusCode, dismissal.body).toBe(201);
  other = {
    residentId,
    householdId: h.json().id,
    cardId: card.json().id,
    ownId: own.json().id,
    dismissalId: dismissal.json().id,
  };
});
afterAll(async () => t?.close());

/** The refusals audited for a user, oldest first. */
async function denied(username: string): Promise<{ entityType: string; entityId: string | null }[]> {
  const { items } = await listAuditEvents(
    t.db.orm,
    systemActor(),
    { actorUsername: username, outcome: 'denied' },
    { limit: 10_000, offset: 0 },
  );
  return items.reverse().map(({ entityType, entityId }) => ({ entityType, entityId }));
}

describe('a commune user and the people of another commune', () => {
  it('gets 404 from every people endpoint about them, each refusal audited', async () => {
    const doc = (await admin.request('GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const calls: { method: string; path: string }[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        if (op.tags?.includes('people') && path.includes('{id}'))
          calls.push({ method: method.toUpperCase(), path });
    expect(calls.length).toBeGreaterThanOrEqual(20);
    for (const { method, path } of calls) {
      const key = `${method} ${path}`;
      if (method !== 'GET') expect(BODIES, `a body for ${key}`).toHaveProperty([key]);
      const id = path.startsWith('/api/v1/households/')
        ? other.householdId
        : path.startsWith('/api/v1/insurance-cards/')
          ? other.cardId
          : path.startsWith('/api/v1/duplicates/dismissals/')
            ? other.dismissalId
            : other.residentId;
      const url = path.replace('{id}', id).replace('{version}', '1');
      const before = (await denied('scope.p.tienyen')).length;
      const res = await tienYen.request(method as 'GET', url, method === 'GET' ? undefined : BODIES[key]);
      expect(res.statusCode, `${key}: ${res.body}`).toBe(404);
      const after = await denied('scope.p.tienyen');
      expect(after.length, `${key} audited`).toBe(before + 1);
      expect(['person', 'household']).toContain(after.at(-1)!.entityType);
    }
    // Nothing changed.
    const r = (await admin.request('GET', `/api/v1/residents/${other.residentId}`)).json();
    expect(r).toMatchObject({ status: 'active', occupation: null, insurance: { insuredToday: true } });
  });

  it('does not find them in searches, lists, registers or counts', async () => {
    const search = (await tienYen.request('GET', '/api/v1/residents?q=hoang%20thi%20lin')).json();
    expect(search.items.map((r: { id: string }) => r.id)).toEqual([other.ownId]);
    expect((await tienYen.request('GET', '/api/v1/residents?q=DT2220212345679')).json().total).toBe(0);
    // Personal ID, phone and card look-ups check the area on the rows they find (not through the
    // area's index): still nobody from another commune, with or without a birth year.
    for (const q of ['022170012345', '0987654321', '0987654321 1970', 'DT2220212345679 1970']) {
      const found = (await admin.request('GET', `/api/v1/residents?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((r: { id: string }) => r.id),
        q,
      ).toEqual([other.residentId]);
      expect(
        (await tienYen.request('GET', `/api/v1/residents?q=${encodeURIComponent(q)}`)).json().total,
        q,
      ).toBe(0);
    }
    expect((await tienYen.request('GET', '/api/v1/residents?unit=06838')).json().total).toBe(0);
    expect((await tienYen.request('GET', '/api/v1/households?unit=06838')).json().total).toBe(0);
    expect((await tienYen.request('GET', '/api/v1/life-events?unit=06838')).json().total).toBe(0);
    expect((await tienYen.request('GET', '/api/v1/people/coverage?unit=06838')).json().residents).toBe(0);
    // Nor as a likely duplicate of their own resident of the same name.
    expect((await tienYen.request('GET', `/api/v1/residents/${other.ownId}/duplicates`)).json()).toEqual([]);
  });

  it('cannot reference them from its own records (422 naming the field, audited)', async () => {
    const before = (await denied('scope.p.tienyen')).length;
    const join = await tienYen.request('POST', '/api/v1/residents', {
      fullName: 'Người Lạ',
      sex: 'male',
      birthYear: 1990,
      householdId: other.householdId,
      relationToHead: 'child',
    });
    expect(join.statusCode).toBe(422);
    expect(join.json().errors[0]).toMatchObject({ path: 'householdId', code: 'unknown_household' });
    const merge = await tienYen.request('POST', `/api/v1/residents/${other.ownId}/merge`, {
      duplicateId: other.residentId,
      reason: 'trùng',
    });
    expect(merge.statusCode).toBe(422);
    expect(merge.json().errors[0]).toMatchObject({ path: 'duplicateId', code: 'unknown_resident' });
    const mother = await tienYen.request('POST', '/api/v1/residents', {
      fullName: 'Người Lạ',
      sex: 'male',
      birthYear: 1990,
      motherId: other.residentId,
      currentAddress: { unitCode: '06862' },
    });
    expect(mother.statusCode).toBe(422);
    expect(mother.json().errors[0]).toMatchObject({ path: 'motherId', code: 'unknown_resident' });
    expect((await denied('scope.p.tienyen')).length).toBe(before + 2);
  });

  it('lets read-only roles read but not write (403)', async () => {
    const manager = await userSession(t, 'scope.p.sogiamdoc', 'province_manager', '22');
    expect((await manager.request('GET', `/api/v1/residents/${other.residentId}`)).statusCode).toBe(200);
    expect(
      (await manager.request('PATCH', `/api/v1/residents/${other.residentId}`, { occupation: 'x' }))
        .statusCode,
    ).toBe(403);
    const auditor = await userSession(t, 'scope.p.thanhtra', 'auditor', '22');
    expect(
      (await auditor.request('GET', `/api/v1/residents/${other.residentId}/health-record`)).statusCode,
    ).toBe(200);
    expect(
      (await auditor.request('PUT', `/api/v1/residents/${other.residentId}/health-record`, { history: {} }))
        .statusCode,
    ).toBe(403);
  });
});
