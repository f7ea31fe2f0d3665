import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { newId } from '../../core/ids.js';
import { systemActor } from '../../core/actor.js';
import { listAuditEvents } from '../audit/index.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import type { PullOut, PushResult, SyncChange } from './contracts.js';

/**
 * Tiên Yên (06862) and its station, a doctor, three residents (one with a card); Hải Lạng (06838) is
 * the commune next door. Two devices of the station's clinicians pull, edit offline and push.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let nurse: Session;
let other: Session;
let station: string;
let doctor: string;
let an: string;
let binh: string;
let chi: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'sync.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station);
  clinician = await userSession(t, 'sync.clinician', 'clinician', '06862');
  nurse = await userSession(t, 'sync.nurse', 'clinician', '06862');
  other = await userSession(t, 'sync.other', 'clinician', '06838');
  an = await createResident(admin, 'Nguyễn Văn An', '1960-05-01', '06862', { phones: ['0912000001'] });
  binh = await createResident(admin, 'Lê Thị Bình', '1975-03-15', '06862', { sex: 'female' });
  chi = await createResident(admin, 'Trần Văn Chí', '1990-01-01', '06862');
  const card = await admin.request('POST', `/api/v1/residents/${an}/insurance-cards`, {
    code: 'GD4220120152431',
    validFrom: '2025-01-01',
    validTo: '2027-12-31',
  });
  expect(card.statusCode, card.body).toBe(201);
});
afterAll(async () => t?.close());

/** A device: its store (entity/id → row), its cursor and code stamp, its outbox. */
class Device {
  store = new Map<string, Record<string, unknown>>();
  cursor = 0;
  codes: string | undefined;
  outbox: { id: string; kind: string; payload: unknown }[] = [];
  received: SyncChange[] = [];
  constructor(readonly as: Session) {}

  apply(page: PullOut) {
    for (const c of page.changes) {
      this.received.push(c);
      const key = `${c.entity}/${c.id}`;
      if (c.removed) {
        this.store.delete(key);
        if (c.entity === 'resident')
          for (const [k, v] of this.store) if (v.residentId === c.id) this.store.delete(k);
      } else this.store.set(key, c.data!);
    }
    this.cursor = page.next;
    if (page.codes) this.codes = page.codes.stamp;
  }

  async pullPage(limit = 1000, due = false): Promise<PullOut> {
    const q = `since=${this.cursor}&limit=${limit}${this.codes ? `&codes=${this.codes}` : ''}${due ? '&due=true' : ''}`;
    const res = await this.as.request('GET', `/api/v1/sync/pull?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as PullOut;
    this.apply(page);
    return page;
  }

  async pull(limit = 1000) {
    for (let i = 0; i < 100; i++) if (!(await this.pullPage(limit)).more) return;
    throw new Error('the pull did not end');
  }

  resident(id: string) {
    return this.store.get(`resident/${id}`);
  }

  edit(id: string, fields: Record<string, unknown>) {
    const row = this.resident(id)!;
    const base = Object.fromEntries(Object.keys(fields).map((f) => [f, row[f]]));
    this.outbox.push({ id: newId(), kind: 'resident.update', payload: { residentId: id, fields, base } });
    Object.assign(row, fields);
  }

  async push(): Promise<PushResult[]> {
    const res = await this.as.request('POST', '/api/v1/sync/push', { records: this.outbox });
    expect(res.statusCode, res.body).toBe(200);
    const results = (res.json() as { results: PushResult[] }).results;
    this.outbox = this.outbox.filter((r) => results.find((x) => x.id === r.id)?.status === 'failed');
    return results;
  }

  /** Push before pull (docs/adr/0033, point 1). */
  async sync() {
    const results = await this.push();
    await this.pull();
    return results;
  }
}

const residentsOf = (d: Device) =>
  [...d.store.entries()].filter(([k]) => k.startsWith('resident/')).map(([, v]) => v);

const visitBody = (residentId: string) => ({
  residentId,
  facilityId: station,
  visitDate: '2026-01-05',
  clinicianId: doctor,
  reason: 'Đau đầu',
  vitals: { systolic: 150, diastolic: 95 },
  diagnoses: { main: { code: 'I10' } },
  finish: true,
});

describe('sync: pull a commune by the change sequence', () => {
  it('gives the commune’s residents and cards, the code lists and the due items, audited as one read', async () => {
    const d = new Device(clinician);
    const page = await d.pullPage(1000, true);
    expect(page.more).toBe(false);
    expect(page.scope).toMatchObject({ code: '06862', level: 'commune' });
    expect(
      residentsOf(d)
        .map((r) => r.fullName)
        .sort(),
    ).toEqual(['Lê Thị Bình', 'Nguyễn Văn An', 'Trần Văn Chí']);
    const cards = page.changes.filter((c) => c.entity === 'card');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.data).toMatchObject({ residentId: an, code: 'GD4220120152431', validTo: '2027-12-31' });
    expect(page.codes!.values.some((v) => v.system === 'ethnicity' && v.code === '01')).toBe(true);
    expect(page.due).toEqual(expect.any(Array));
    expect(page.station!.facilities).toEqual([
      expect.objectContaining({ id: station, kind: 'commune_station' }),
    ]);
    expect(page.station!.staff).toEqual([expect.objectContaining({ id: doctor, facilityId: station })]);
    // Nothing changed since: an empty page at the same cursor, and the code lists not sent again.
    const again = await d.pullPage();
    expect(again.changes).toEqual([]);
    expect(again.next).toBe(page.next);
    expect(again.codes).toBeUndefined();
    expect(again.due).toBeUndefined();
    const audited = (
      await listAuditEvents(
        t.db.orm,
        systemActor(),
        { actorUsername: 'sync.clinician' },
        { limit: 500, offset: 0 },
      )
    ).items.filter((e) => e.details.op === 'sync_pull');
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ action: 'read', entityType: 'person' });
  });

  it('compresses a page when the device accepts gzip', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sync/pull?since=0',
      cookies: { ytcs_session: clinician.cookie },
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const page = JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as PullOut;
    expect(page.changes.filter((c) => c.entity === 'resident')).toHaveLength(3);
    expect(res.rawPayload.length).toBeLessThan(JSON.stringify(page).length / 3);
  });

  it('resumes an interrupted pull from the stored cursor without a row twice', async () => {
    const whole = new Device(clinician);
    await whole.pull();
    const paged = new Device(clinician);
    // One row a page; the device "crashes" after the second page and starts again from its cursor.
    await paged.pullPage(1);
    await paged.pullPage(1);
    const resumed = new Device(clinician);
    resumed.cursor = paged.cursor;
    resumed.store = new Map(paged.store);
    resumed.received = [...paged.received];
    await resumed.pull(1);
    const keys = resumed.received.map((c) => `${c.entity}/${c.id}/${c.seq}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...resumed.store.keys()].sort()).toEqual([...whole.store.keys()].sort());
    expect(resumed.cursor).toBe(whole.cursor);
  });

  it('holds the cursor below a write still in flight, so a row committed late is not skipped (PostgreSQL)', async () => {
    // On the embedded database one session runs one statement at a time: nothing is ever in flight.
    if (t.db.kind !== 'postgres') return;
    const d = new Device(clinician);
    await d.pull();
    const path = d.resident(an)!.unitPath as string;
    const slow = await t.db.pool.connect();
    const late = newId();
    try {
      // A transaction takes a sequence value and has not committed yet …
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO sync_conflicts (id, push_id, entity, entity_id, field, username, unit_path)
         VALUES ($1, $2, 'resident', $3, 'occupation', 'test', $4::ltree)`,
        [late, newId(), an, path],
      );
      // … while a later write commits.
      const patched = await admin.request('PATCH', `/api/v1/residents/${binh}`, { occupation: 'Thợ dệt' });
      expect(patched.statusCode, patched.body).toBe(200);
      const held = await d.pullPage();
      expect(held.changes.find((c) => c.id === binh)).toBeUndefined();
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await d.pull();
    expect(d.received.filter((c) => c.id === late)).toHaveLength(1);
    expect(d.resident(binh)).toMatchObject({ occupation: 'Thợ dệt' });
  });

  it('refuses a commune outside the actor’s area (404) and a province (422)', async () => {
    const out = await other.request('GET', '/api/v1/sync/pull?scope=06862');
    expect(out.statusCode).toBe(404);
    const province = await admin.request('GET', '/api/v1/sync/pull?scope=22');
    expect(province.statusCode).toBe(422);
    expect(province.json().errors[0].path).toBe('query.scope');
  });

  it('sends a person who moved to another commune as a removal, with their cards', async () => {
    const d = new Device(clinician);
    await d.pull();
    expect(d.resident(chi)).toBeDefined();
    const moved = await admin.request('POST', `/api/v1/residents/${chi}/transfer`, {
      toUnitCode: '06838',
      on: '2026-01-02',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const page = await d.pullPage();
    expect(page.changes).toContainEqual(
      expect.objectContaining({ entity: 'resident', id: chi, removed: true }),
    );
    expect(d.resident(chi)).toBeUndefined();
    // The commune next door gets the person.
    const there = new Device(other);
    await there.pull();
    expect(there.resident(chi)).toMatchObject({ fullName: 'Trần Văn Chí', status: 'active' });
  });
});

describe('sync: push a device’s outbox', () => {
  it('records a visit made offline once, however often the record is sent', async () => {
    const record = { id: newId(), kind: 'visit.create', payload: visitBody(binh) };
    const first = await clinician.request('POST', '/api/v1/sync/push', { records: [record] });
    expect(first.statusCode, first.body).toBe(200);
    const [r1] = first.json().results as PushResult[];
    expect(r1).toMatchObject({ id: record.id, status: 'accepted', replayed: false, problem: null });
    // The answer was lost on the way: the device sends the same record again.
    const second = await clinician.request('POST', '/api/v1/sync/push', { records: [record] });
    const [r2] = second.json().results as PushResult[];
    expect(r2).toMatchObject({ status: 'accepted', replayed: true, entityId: r1!.entityId });
    const visits = await clinician.request('GET', `/api/v1/visits?resident=${binh}`);
    expect(visits.statusCode, visits.body).toBe(200);
    expect(visits.json().items).toHaveLength(1);
    expect(visits.json().items[0].id).toBe(r1!.entityId);
  });

  it('refuses a record with its reason and field paths, applies the rest of the batch, and keeps the refusal', async () => {
    const bad = { id: newId(), kind: 'visit.create', payload: { ...visitBody(an), visitDate: 'yesterday' } };
    const outside = { id: newId(), kind: 'visit.create', payload: visitBody(chi) }; // moved away
    const good = {
      id: newId(),
      kind: 'resident.update',
      payload: { residentId: an, fields: { occupation: 'Nông dân' } },
    };
    const res = await clinician.request('POST', '/api/v1/sync/push', { records: [bad, outside, good] });
    expect(res.statusCode, res.body).toBe(200);
    const [r1, r2, r3] = res.json().results as PushResult[];
    expect(r1!.status).toBe('refused');
    expect(r1!.problem).toMatchObject({ status: 422, kind: 'validation' });
    expect(r1!.problem!.errors.map((e) => e.path)).toContain('payload.visitDate');
    expect(r2!.status).toBe('refused');
    expect(r2!.problem).toMatchObject({ status: 422, kind: 'validation' });
    expect(r2!.problem!.errors[0]).toMatchObject({ path: 'payload.residentId', code: 'unknown_resident' });
    expect(r3).toMatchObject({ status: 'accepted', entityId: an });
    const again = await clinician.request('POST', '/api/v1/sync/push', { records: [bad] });
    expect(again.json().results[0]).toMatchObject({ status: 'refused', replayed: true });
    // The refusal out of the area is audited as a denial.
    const denied = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'sync.clinician', outcome: 'denied' },
      { limit: 50, offset: 0 },
    );
    expect(denied.items).toContainEqual(
      expect.objectContaining({ entityId: chi, details: expect.objectContaining({ op: 'record_visit' }) }),
    );
  });

  it('registers a household made offline and records a child’s measurement once, through their modules', async () => {
    const d = new Device(clinician);
    await d.pull();
    const household = {
      id: newId(),
      kind: 'household.create',
      payload: {
        unitCode: '06862',
        addressLine: 'Khu 3',
        members: [
          { fullName: 'Hoàng Văn Giang', sex: 'male', birthDate: '1985-04-04', relationToHead: 'head' },
          { fullName: 'Hoàng Thị Hoa', sex: 'female', birthDate: '2025-09-01', relationToHead: 'child' },
        ],
      },
    };
    const [h] = (await clinician.request('POST', '/api/v1/sync/push', { records: [household] })).json()
      .results as PushResult[];
    expect(h, JSON.stringify(h)).toMatchObject({ status: 'accepted', problem: null });
    await d.pull();
    expect(d.store.get(`household/${h!.entityId}`)).toMatchObject({ addressLine: 'Khu 3', status: 'active' });
    const child = residentsOf(d).find((r) => r.fullName === 'Hoàng Thị Hoa')!;
    expect(child).toMatchObject({ householdId: h!.entityId, relationToHead: 'child' });

    const measurement = {
      id: newId(),
      kind: 'growth.measurement',
      payload: {
        residentId: child.id,
        measurement: { measuredOn: '2026-03-01', weightKg: 7.9, lengthCm: 67.5, measured: 'lying' },
      },
    };
    for (let i = 0; i < 2; i++) {
      const [m] = (await clinician.request('POST', '/api/v1/sync/push', { records: [measurement] })).json()
        .results as PushResult[];
      expect(m).toMatchObject({ status: 'accepted', replayed: i === 1 });
    }
    const growth = await clinician.request('GET', `/api/v1/growth/children/${child.id}`);
    expect(growth.statusCode, growth.body).toBe(200);
    expect(growth.json().measurements).toHaveLength(1);
  });

  it('does not let another user read a record’s answer by its id', async () => {
    const record = {
      id: newId(),
      kind: 'resident.update',
      payload: { residentId: an, fields: { occupation: 'Thợ may' } },
    };
    expect(
      (await clinician.request('POST', '/api/v1/sync/push', { records: [record] })).json().results[0].status,
    ).toBe('accepted');
    const stolen = await nurse.request('POST', '/api/v1/sync/push', { records: [record] });
    expect(stolen.json().results[0]).toMatchObject({ status: 'refused', entityId: null });
  });
});

describe('sync: two devices editing offline reach the same state, in either order', () => {
  for (const order of ['A then B', 'B then A'] as const)
    it(`merges field by field and records the overwritten value (${order})`, async () => {
      const person = await createResident(
        admin,
        `Phạm Văn ${order === 'A then B' ? 'Dũng' : 'Em'}`,
        '1980-02-02',
        '06862',
        {
          phones: ['0912000009'],
        },
      );
      const a = new Device(clinician);
      const b = new Device(nurse);
      await a.pull();
      await b.pull();
      // Offline: both change the phone; A also the occupation, B the blood group.
      a.edit(person, { phones: ['0912000111'], occupation: 'Giáo viên' });
      b.edit(person, { phones: ['0912000222'], bloodGroup: 'O+' });
      const first = order === 'A then B' ? a : b;
      const second = order === 'A then B' ? b : a;
      const [r1] = await first.sync();
      const [r2] = await second.sync();
      expect(r1).toMatchObject({ status: 'accepted', conflicts: [] });
      expect(r2!.status).toBe('merged');
      expect(r2!.conflicts).toEqual([
        {
          field: 'phones',
          serverValue: first === a ? ['0912000111'] : ['0912000222'],
          baseValue: ['0912000009'],
          pushedValue: second === a ? ['0912000111'] : ['0912000222'],
        },
      ]);
      await first.pull();
      // Both devices hold what the server holds: each one's other field kept, the later phone won.
      const server = (await admin.request('GET', `/api/v1/residents/${person}`)).json();
      expect(server.phones).toEqual(second === a ? ['0912000111'] : ['0912000222']);
      expect(server.occupation).toBe('Giáo viên');
      expect(server.bloodGroup).toBe('O+');
      for (const d of [a, b]) {
        expect(d.resident(person)).toMatchObject({
          phones: server.phones,
          occupation: 'Giáo viên',
          bloodGroup: 'O+',
        });
        // The conflict reached both devices, to be shown.
        expect([...d.store.values()]).toContainEqual(
          expect.objectContaining({ entity: 'resident', entityId: person, field: 'phones' }),
        );
      }
      expect(
        residentsOf(a)
          .map((r) => JSON.stringify(r))
          .sort(),
      ).toEqual(
        residentsOf(b)
          .map((r) => JSON.stringify(r))
          .sort(),
      );
    });
});

describe('sync: records registered offline keep the ids the device minted', () => {
  it('registers a household with the device’s ids and takes a visit to its new member in the same push, in order', async () => {
    const householdId = newId();
    const headId = newId();
    const babyId = newId();
    const records = [
      {
        id: newId(),
        kind: 'household.create',
        payload: {
          id: householdId,
          unitCode: '06862',
          addressLine: 'Khu 5',
          members: [
            {
              id: headId,
              fullName: 'Đào Văn Khải',
              sex: 'male',
              birthDate: '1988-08-08',
              relationToHead: 'head',
            },
            {
              id: babyId,
              fullName: 'Đào Thị Lụa',
              sex: 'female',
              birthDate: '2026-06-01',
              relationToHead: 'child',
            },
          ],
        },
      },
      { id: newId(), kind: 'visit.create', payload: visitBody(headId) },
    ];
    const res = await clinician.request('POST', '/api/v1/sync/push', { records });
    expect(res.statusCode, res.body).toBe(200);
    const [h, v] = res.json().results as PushResult[];
    expect(h).toMatchObject({ status: 'accepted', entityId: householdId, problem: null });
    expect(v).toMatchObject({ status: 'accepted', problem: null });
    const person = await clinician.request('GET', `/api/v1/residents/${headId}`);
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json()).toMatchObject({ fullName: 'Đào Văn Khải', householdId });
    const visits = (await clinician.request('GET', `/api/v1/visits?resident=${headId}`)).json();
    expect(visits.items.map((x: { id: string }) => x.id)).toEqual([v!.entityId]);
    // The device's copies are the server's: a pull brings the same ids (and the visit), no second copy.
    const d = new Device(clinician);
    await d.pull();
    expect(d.resident(headId)).toMatchObject({ householdId, relationToHead: 'head' });
    expect(d.resident(babyId)).toMatchObject({ fullName: 'Đào Thị Lụa', householdId });
    expect(d.store.get(`visit/${v!.entityId}`)).toMatchObject({
      residentId: headId,
      visitDate: '2026-01-05',
      mainDiagnosis: 'I10',
      systolic: 150,
    });
    // Sent again: nothing applied twice.
    const again = (await clinician.request('POST', '/api/v1/sync/push', { records })).json()
      .results as PushResult[];
    expect(again.map((r) => [r.status, r.replayed])).toEqual([
      ['accepted', true],
      ['accepted', true],
    ]);
    expect((await clinician.request('GET', `/api/v1/visits?resident=${headId}`)).json().items).toHaveLength(
      1,
    );
  });

  it('refuses an id that is not a UUIDv7 or is already another record’s, on its path', async () => {
    const body = (id: string, memberId: string) => ({
      id: newId(),
      kind: 'household.create',
      payload: {
        id,
        unitCode: '06862',
        members: [
          { id: memberId, fullName: 'Vi Văn Mạnh', sex: 'male', birthYear: 1970, relationToHead: 'head' },
        ],
      },
    });
    const res = await clinician.request('POST', '/api/v1/sync/push', {
      records: [
        body('6f1c1c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', newId()), // a version 4 uuid
        body(newId(), an), // An's id
      ],
    });
    const [v4, taken] = res.json().results as PushResult[];
    expect(v4!.status).toBe('refused');
    expect(v4!.problem).toMatchObject({ status: 422 });
    expect(v4!.problem!.errors.map((e) => e.path)).toEqual(['payload.id']);
    expect(taken!.status).toBe('refused');
    expect(taken!.problem).toMatchObject({ status: 409, kind: 'conflict' });
    expect(taken!.problem!.errors).toEqual([
      expect.objectContaining({
        path: 'payload.members',
        code: 'id_taken',
        message: 'mã này đã là mã của một hồ sơ khác: máy cần tạo mã mới',
      }),
    ]);
    // Nothing of the refused household is on the server: An is still An.
    expect((await admin.request('GET', `/api/v1/residents/${an}`)).json().fullName).toBe('Nguyễn Văn An');
  });
});

describe('sync: household edits and doses pushed from a device', () => {
  it('merges two devices’ edits of a household field by field and records the overwritten address', async () => {
    const householdId = newId();
    const made = await clinician.request('POST', '/api/v1/sync/push', {
      records: [
        {
          id: newId(),
          kind: 'household.create',
          payload: {
            id: householdId,
            unitCode: '06862',
            addressLine: 'Số 1',
            members: [
              { id: newId(), fullName: 'Lò Văn Nam', sex: 'male', birthYear: 1966, relationToHead: 'head' },
            ],
          },
        },
      ],
    });
    expect(made.json().results[0].status).toBe('accepted');
    const edit = (fields: Record<string, unknown>, base: Record<string, unknown>) => ({
      id: newId(),
      kind: 'household.update',
      payload: { householdId, fields, base },
    });
    const [a] = (
      await clinician.request('POST', '/api/v1/sync/push', {
        records: [edit({ addressLine: 'Số 2' }, { addressLine: 'Số 1' })],
      })
    ).json().results as PushResult[];
    expect(a).toMatchObject({ status: 'accepted', conflicts: [] });
    const [b] = (
      await nurse.request('POST', '/api/v1/sync/push', {
        records: [edit({ addressLine: 'Số 3', code: 'H-17' }, { addressLine: 'Số 1', code: null })],
      })
    ).json().results as PushResult[];
    expect(b).toMatchObject({
      status: 'merged',
      conflicts: [{ field: 'addressLine', serverValue: 'Số 2', baseValue: 'Số 1', pushedValue: 'Số 3' }],
    });
    const server = (await admin.request('GET', `/api/v1/households/${householdId}`)).json();
    expect(server).toMatchObject({ code: 'H-17', address: expect.objectContaining({ line: 'Số 3' }) });
    const d = new Device(clinician);
    await d.pull();
    expect(d.store.get(`household/${householdId}`)).toMatchObject({ addressLine: 'Số 3', code: 'H-17' });
    expect([...d.store.values()]).toContainEqual(
      expect.objectContaining({ entity: 'household', entityId: householdId, field: 'addressLine' }),
    );
    // Another commune's household is not found (404), on the record, and the rest goes on.
    const [outside] = (
      await other.request('POST', '/api/v1/sync/push', { records: [edit({ code: 'X' }, {})] })
    ).json().results as PushResult[];
    expect(outside).toMatchObject({ status: 'refused', problem: expect.objectContaining({ status: 404 }) });
    const [badField] = (
      await clinician.request('POST', '/api/v1/sync/push', { records: [edit({ headId: an }, {})] })
    ).json().results as PushResult[];
    expect(badField!.problem!.errors[0]).toMatchObject({ path: 'payload.fields', code: 'unrecognized_keys' });
  });

  it('records a child’s doses once through immunization, and refuses an impossible one on its field', async () => {
    const childId = newId();
    const register = {
      id: newId(),
      kind: 'household.create',
      payload: {
        id: newId(),
        unitCode: '06862',
        members: [
          {
            id: newId(),
            fullName: 'Mã Thị Oanh',
            sex: 'female',
            birthDate: '1995-01-01',
            relationToHead: 'head',
          },
          {
            id: childId,
            fullName: 'Mã Văn Phúc',
            sex: 'male',
            birthDate: '2026-09-01',
            relationToHead: 'child',
          },
        ],
      },
    };
    const doses = {
      id: newId(),
      kind: 'immunization.doses',
      payload: {
        residentId: childId,
        doses: [{ vaccine: 'BCG', givenOn: '2026-09-02', facilityId: station, vaccinatorId: doctor }],
      },
    };
    const before = {
      id: newId(),
      kind: 'immunization.doses',
      payload: {
        residentId: childId,
        doses: [{ vaccine: 'OPV', givenOn: '2026-08-01', facilityId: station, vaccinatorId: doctor }],
      },
    };
    const first = (
      await clinician.request('POST', '/api/v1/sync/push', { records: [register, doses, before] })
    ).json().results as PushResult[];
    expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted', 'refused']);
    expect(first[1]).toMatchObject({ entityId: childId });
    expect(first[2]!.problem!.errors).toEqual([
      expect.objectContaining({ path: 'payload.doses.0.givenOn', code: 'before_birth' }),
    ]);
    const [again] = (await clinician.request('POST', '/api/v1/sync/push', { records: [doses] })).json()
      .results as PushResult[];
    expect(again).toMatchObject({ status: 'accepted', replayed: true });
    const card = await clinician.request('GET', `/api/v1/residents/${childId}/immunization`);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json().vaccinations).toEqual([
      expect.objectContaining({ vaccine: 'BCG', givenOn: '2026-09-02', facilityId: station }),
    ]);
  });
});
