import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { createDoctor, createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import type { PushResult } from './contracts.js';

/**
 * A resident registered alone on a device (`resident.create`, issue 20): Tiên Yên (06862) with its
 * station, a doctor and a household of one (the head); Hải Lạng (06838) next door has a household too.
 * Residents on record: Nguyễn Văn An (1960-05-01), whom a device registers again by mistake.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
let station: string;
let doctor: string;
let household: string;
let householdNextDoor: string;
let an: string;

async function newHousehold(unitCode: string, head: string, born: string): Promise<string> {
  const res = await admin.request('POST', '/api/v1/households', {
    unitCode,
    addressLine: 'Khu 3',
    members: [{ fullName: head, sex: 'male', birthDate: born, relationToHead: 'head' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'pushres.admin', 'system_admin', 'VN');
  station = await createStation(admin, '06862');
  doctor = await createDoctor(admin, station);
  clinician = await userSession(t, 'pushres.clinician', 'clinician', '06862');
  an = await createResident(admin, 'Nguyễn Văn An', '1960-05-01', '06862');
  household = await newHousehold('06862', 'Hoàng Văn Quang', '1982-02-02');
  householdNextDoor = await newHousehold('06838', 'Lò Văn Sơn', '1979-09-09');
});
afterAll(async () => t?.close());

const push = async (records: unknown[]): Promise<PushResult[]> => {
  const res = await clinician.request('POST', '/api/v1/sync/push', { records });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results as PushResult[];
};

const membersOf = async (id: string): Promise<{ id: string; fullName: string }[]> => {
  const res = await clinician.request('GET', `/api/v1/households/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().members as { id: string; fullName: string }[];
};

describe('sync: a resident registered alone on a device', () => {
  it('registers the resident into a household with the device’s id, takes a visit in the same batch, and a retry changes nothing', async () => {
    const residentId = newId();
    const records = [
      {
        id: newId(),
        kind: 'resident.create',
        payload: {
          id: residentId,
          fullName: 'Hoàng Thị Mai',
          sex: 'female',
          birthDate: '2019-04-12',
          householdId: household,
          relationToHead: 'child',
        },
      },
      {
        id: newId(),
        kind: 'visit.create',
        payload: {
          residentId,
          facilityId: station,
          visitDate: today(),
          clinicianId: doctor,
          reason: 'Sốt',
          diagnoses: { main: { code: 'R50' } },
          finish: true,
        },
      },
    ];
    const [r, v] = await push(records);
    expect(r).toMatchObject({ status: 'accepted', replayed: false, entityId: residentId, problem: null });
    expect(v).toMatchObject({ status: 'accepted', problem: null });
    const person = await clinician.request('GET', `/api/v1/residents/${residentId}`);
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json()).toMatchObject({
      fullName: 'Hoàng Thị Mai',
      householdId: household,
      relationToHead: 'child',
    });
    expect((await membersOf(household)).map((m) => m.fullName).sort()).toEqual([
      'Hoàng Thị Mai',
      'Hoàng Văn Quang',
    ]);

    // The answer was lost: the device sends the batch again and gets the same answers, nothing twice.
    const again = await push(records);
    expect(again.map((x) => [x.status, x.replayed, x.entityId])).toEqual([
      ['accepted', true, residentId],
      ['accepted', true, v!.entityId],
    ]);
    expect(await membersOf(household)).toHaveLength(2);
    const visits = (await clinician.request('GET', `/api/v1/visits?resident=${residentId}`)).json();
    expect(visits.total).toBe(1);
  });

  it('refuses a probable duplicate with the reason and the candidate, writes nothing, and takes it once the user says it is someone else', async () => {
    const residentId = newId();
    const payload = {
      id: residentId,
      fullName: 'Nguyễn Văn An',
      sex: 'male',
      birthDate: '1960-05-01',
      householdId: household,
      relationToHead: 'other_relative',
    };
    const [refused] = await push([{ id: newId(), kind: 'resident.create', payload }]);
    expect(refused!.status).toBe('refused');
    expect(refused!.problem).toMatchObject({ status: 409, kind: 'conflict' });
    expect(refused!.problem!.errors).toEqual([
      {
        path: 'payload',
        code: 'possible_duplicate',
        message:
          'có thể trùng với Nguyễn Văn An (sinh 1960-05-01, 06862) đã có trong hồ sơ: họ tên giống, cùng ngày sinh',
        text: {
          vi: 'có thể trùng với Nguyễn Văn An (sinh 1960-05-01, 06862) đã có trong hồ sơ: họ tên giống, cùng ngày sinh',
          en: 'possibly the same person as Nguyễn Văn An (born 1960-05-01, 06862) on record: similar name, same birth date',
        },
      },
    ]);
    expect(refused!.problem!.candidates).toEqual([
      expect.objectContaining({
        id: an,
        fullName: 'Nguyễn Văn An',
        score: 0.95,
        reasons: ['name', 'birth_date'],
      }),
    ]);
    // Nothing written: not merged, not registered.
    expect((await clinician.request('GET', `/api/v1/residents/${residentId}`)).statusCode).toBe(404);
    expect(await membersOf(household)).toHaveLength(2);
    // The showing of the candidate to the device is a read of that person.
    const audits = await admin.request('GET', `/api/v1/audit?entityId=${an}&limit=50`);
    expect(audits.statusCode, audits.body).toBe(200);
    expect(
      (audits.json().items as { action: string; details: { via?: string } }[]).filter(
        (e) => e.action === 'read' && e.details.via === 'sync_push',
      ),
    ).toHaveLength(1);

    // The user looked and judged them two people: sent again as a new record, it is registered.
    const [taken] = await push([
      { id: newId(), kind: 'resident.create', payload: { ...payload, notDuplicateOf: [an] } },
    ]);
    expect(taken).toMatchObject({ status: 'accepted', entityId: residentId, problem: null });
    expect(await membersOf(household)).toHaveLength(3);
  });

  it('refuses a bad payload field by field, on paths from the payload', async () => {
    const [fields, v4, elsewhere] = await push([
      {
        id: newId(),
        kind: 'resident.create',
        payload: { id: newId(), fullName: 'X', sex: 'unknown', birthDate: '2020-01-01' },
      },
      {
        id: newId(),
        kind: 'resident.create',
        payload: {
          id: '6f1c1c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', // a version 4 uuid
          fullName: 'Hoàng Văn Tú',
          sex: 'male',
          birthYear: 2001,
          householdId: household,
          relationToHead: 'child',
        },
      },
      {
        id: newId(),
        kind: 'resident.create',
        payload: {
          id: newId(),
          fullName: 'Lò Thị Hoa',
          sex: 'female',
          birthYear: 2003,
          householdId: householdNextDoor,
          relationToHead: 'child',
        },
      },
    ]);
    expect(fields!.status).toBe('refused');
    expect(fields!.problem).toMatchObject({ status: 422 });
    expect(fields!.problem!.errors.map((e) => e.path).sort()).toEqual(['payload.fullName', 'payload.sex']);
    expect(v4!.status).toBe('refused');
    expect(v4!.problem!.errors.map((e) => e.path)).toEqual(['payload.id']);
    // A household outside the user's commune is refused as the plain request refuses it (not revealed).
    expect(elsewhere!.status).toBe('refused');
    expect(elsewhere!.problem).toMatchObject({ status: 422, kind: 'validation' });
    expect(elsewhere!.problem!.errors.map((e) => [e.path, e.code])).toEqual([
      ['payload.householdId', 'unknown_household'],
    ]);
    expect(await membersOf(household)).toHaveLength(3);
  });

  it('refuses an id another record already has', async () => {
    const [taken] = await push([
      {
        id: newId(),
        kind: 'resident.create',
        payload: {
          id: an,
          fullName: 'Hoàng Văn Tùng',
          sex: 'male',
          birthYear: 2004,
          householdId: household,
          relationToHead: 'child',
        },
      },
    ]);
    expect(taken!.status).toBe('refused');
    expect(taken!.problem).toMatchObject({ status: 409, kind: 'conflict' });
    expect(taken!.problem!.errors.map((e) => [e.path, e.code])).toEqual([['payload.id', 'id_taken']]);
  });
});
