import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today as todayInVietnam } from '../../../core/clock.js';
import { rows } from '../../../db/connection.js';
import { backdateRegistration } from '../testing.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';

/**
 * Life events in Tiên Yên (06862): a birth in a household, a death, a move out and back, and a
 * transfer to Bình Liêu (06838) that takes the whole record along.
 */
let t: TestApp;
let admin: Session;
let tienYen: Session;
let binhLieu: Session;
let household: { id: string; members: { id: string; fullName: string }[] };
let hamlet: string;

const thisYear = new Date().getUTCFullYear();
// Days as the server counts them (Vietnam's): from 17:00 UTC on, UTC's date is a day behind.
const today = todayInVietnam();
const daysAgo = (n: number) => todayInVietnam(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'ev.admin', 'system_admin', 'VN');
  hamlet = (
    await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Khe Lầy', unitType: 'Bản' })
  ).json().code;
  await admin.request('POST', '/api/v1/units/06838/hamlets', { name: 'Nà Áng', unitType: 'Bản' });
  tienYen = await userSession(t, 'ev.tienyen', 'station_head', '06862');
  binhLieu = await userSession(t, 'ev.binhlieu', 'station_head', '06838');
  const res = await tienYen.request('POST', '/api/v1/households', {
    unitCode: hamlet,
    members: [
      {
        fullName: 'Lý Văn Sơn',
        sex: 'male',
        birthDate: '1990-03-03',
        relationToHead: 'head',
        ethnicity: '09',
      },
      {
        fullName: 'Bàn Thị Hoa',
        sex: 'female',
        birthDate: '1995-06-06',
        relationToHead: 'spouse',
        ethnicity: '09',
      },
      { fullName: 'Lý Văn Páo', sex: 'male', birthYear: 1938, relationToHead: 'parent', ethnicity: '09' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  household = res.json();
});
afterAll(async () => t?.close());

const member = (name: string) => household.members.find((m) => m.fullName === name)!.id;

describe('a birth', () => {
  it("registers the baby in the mother's household, linked to her, with an 831 record opened at birth", async () => {
    const res = await tienYen.request('POST', `/api/v1/residents/${member('Bàn Thị Hoa')}/births`, {
      fullName: 'Lý Thị Mai',
      sex: 'female',
      birthDate: today,
      fatherId: member('Lý Văn Sơn'),
      birthWeightGrams: 2900,
      deliveryType: 'normal',
      place: 'health_facility',
    });
    expect(res.statusCode, res.body).toBe(201);
    const baby = res.json();
    expect(baby).toMatchObject({
      householdId: household.id,
      relationToHead: 'child',
      motherId: member('Bàn Thị Hoa'),
      fatherId: member('Lý Văn Sơn'),
      ethnicity: '09',
      currentAddress: { unitCode: hamlet },
      healthRecord: { version: 1, healthManaged: true },
    });
    const record = (await tienYen.request('GET', `/api/v1/residents/${baby.id}/health-record`)).json();
    expect(record.record.current.document.history.birth).toEqual({
      deliveryType: 'normal',
      birthWeightGrams: 2900,
    });
    const events = (await tienYen.request('GET', `/api/v1/residents/${baby.id}/events`)).json();
    expect(events).toMatchObject([
      {
        kind: 'birth',
        on: today,
        relatedResidentId: member('Bàn Thị Hoa'),
        details: { place: 'health_facility' },
      },
    ]);
  });

  it('refuses a birth to a man', async () => {
    const res = await tienYen.request('POST', `/api/v1/residents/${member('Lý Văn Sơn')}/births`, {
      fullName: 'Lý Văn Tý',
      sex: 'male',
      birthDate: today,
    });
    expect(res.statusCode).toBe(422);
  });
});

describe('a death', () => {
  it('closes the record with the cause, keeps it readable, and lists it for register A6', async () => {
    const id = member('Lý Văn Páo');
    const res = await tienYen.request('POST', `/api/v1/residents/${id}/events`, {
      kind: 'death',
      on: daysAgo(10),
      causeIcd10: 'i21.9',
      cause: 'Nhồi máu cơ tim',
      place: 'home',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'death',
      details: { causeIcd10: 'I21.9', place: 'home' },
      unitCode: hamlet,
    });
    const profile = (await tienYen.request('GET', `/api/v1/residents/${id}`)).json();
    expect(profile).toMatchObject({ status: 'dead', diedOn: daysAgo(10) });
    const a6 = (
      await tienYen.request('GET', `/api/v1/life-events?kind=death&from=${daysAgo(30)}&unit=06862`)
    ).json();
    expect(a6.items.map((e: { residentName: string }) => e.residentName)).toEqual(['Lý Văn Páo']);
    // The dead are not in the default list, nor among the household's members.
    const living = (await tienYen.request('GET', `/api/v1/residents?household=${household.id}`)).json();
    expect(living.items.map((r: { fullName: string }) => r.fullName)).not.toContain('Lý Văn Páo');
    expect(
      (await tienYen.request('GET', `/api/v1/residents?household=${household.id}&status=dead`)).json().total,
    ).toBe(1);
  });

  it('refuses a second death, a death before birth, and a date in the future', async () => {
    const id = member('Lý Văn Páo');
    expect(
      (await tienYen.request('POST', `/api/v1/residents/${id}/events`, { kind: 'death', on: today }))
        .statusCode,
    ).toBe(409);
    const early = await tienYen.request('POST', `/api/v1/residents/${member('Lý Văn Sơn')}/events`, {
      kind: 'death',
      on: '1980-01-01',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0].code).toBe('before_birth');
    const future = await tienYen.request('POST', `/api/v1/residents/${member('Lý Văn Sơn')}/events`, {
      kind: 'death',
      on: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('body.on');
  });
});

describe('moves out of and back into the system', () => {
  it('marks the person moved out, then active again on return', async () => {
    const r = await tienYen.request('POST', '/api/v1/residents', {
      fullName: 'Vi Văn Đức',
      sex: 'male',
      birthYear: 2000,
      currentAddress: { unitCode: '06862' },
    });
    const id = r.json().id;
    const out = await tienYen.request('POST', `/api/v1/residents/${id}/events`, {
      kind: 'move_out',
      on: daysAgo(5),
      destination: 'Đi làm ở Bình Dương',
    });
    expect(out.statusCode, out.body).toBe(201);
    expect((await tienYen.request('GET', `/api/v1/residents/${id}`)).json().status).toBe('moved_out');
    const back = await tienYen.request('POST', `/api/v1/residents/${id}/events`, {
      kind: 'move_in',
      on: today,
      origin: 'Bình Dương',
      currentAddress: { unitCode: hamlet, line: 'Nhà trọ' },
    });
    expect(back.statusCode, back.body).toBe(201);
    const profile = (await tienYen.request('GET', `/api/v1/residents/${id}`)).json();
    expect(profile).toMatchObject({
      status: 'active',
      currentAddress: { unitCode: hamlet, line: 'Nhà trọ' },
    });
    const events = (await tienYen.request('GET', `/api/v1/residents/${id}/events`)).json();
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['move_in', 'move_out']);
  });
});

describe('the population of a day around moves out and back (issue 13, item 1)', () => {
  const residentsOn = async (on: string) => {
    const res = await tienYen.request('GET', `/api/v1/people/coverage?unit=06862&on=${on}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().residents as number;
  };
  const event = async (id: string, body: object) => {
    const res = await tienYen.request('POST', `/api/v1/residents/${id}/events`, body);
    expect(res.statusCode, res.body).toBe(201);
  };

  it('leaves a person out only while away: out 40 days ago, back 30 days ago, out again 10 days ago', async () => {
    const id = (
      await tienYen.request('POST', '/api/v1/residents', {
        fullName: 'Vi Văn Đi Về',
        sex: 'male',
        birthYear: 1995,
        currentAddress: { unitCode: '06862' },
      })
    ).json().id as string;
    await backdateRegistration(t.db.orm, [id], `${daysAgo(60)}T08:00:00+07`);
    const days = [50, 35, 20, 5].map(daysAgo);
    const before = await Promise.all(days.map(residentsOn));
    await event(id, { kind: 'move_out', on: daysAgo(40), destination: 'Bình Dương' });
    await event(id, { kind: 'move_in', on: daysAgo(30), origin: 'Bình Dương' });
    await event(id, { kind: 'move_out', on: daysAgo(10), destination: 'Hà Nội' });
    // Counted 50 days ago (home), not 35 (away), again 20 (back), not 5 (away again).
    expect(await Promise.all(days.map(residentsOn))).toEqual([
      before[0],
      before[1]! - 1,
      before[2],
      before[3]! - 1,
    ]);
  });
});

describe('a move to another hamlet of the commune (chuyển thôn)', () => {
  it('is dated: a past day still finds the person in the hamlet they left', async () => {
    const other = (
      await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Khe Mo', unitType: 'Bản' })
    ).json().code as string;
    const residentsOf = async (unit: string, on: string) =>
      (await tienYen.request('GET', `/api/v1/people/coverage?unit=${unit}&on=${on}`)).json()
        .residents as number;
    const id = (
      await tienYen.request('POST', '/api/v1/residents', {
        fullName: 'Vi Thị Chuyển Thôn',
        sex: 'female',
        birthYear: 1988,
        currentAddress: { unitCode: hamlet },
      })
    ).json().id as string;
    await backdateRegistration(t.db.orm, [id], `${daysAgo(60)}T08:00:00+07`);
    const before = {
      left: await residentsOf(hamlet, daysAgo(10)),
      joined: await residentsOf(other, daysAgo(10)),
    };
    const moved = await tienYen.request('PATCH', `/api/v1/residents/${id}`, {
      currentAddress: { unitCode: other },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Ten days ago she lived in Khe Lầy; from today in Khe Mo.
    expect(await residentsOf(hamlet, daysAgo(10))).toBe(before.left);
    expect(await residentsOf(other, daysAgo(10))).toBe(before.joined);
    expect(await residentsOf(other, today)).toBe(before.joined + 1);
    const events = (await tienYen.request('GET', `/api/v1/residents/${id}/events`)).json();
    expect(events).toEqual([expect.objectContaining({ kind: 'hamlet_move', on: today, unitCode: hamlet })]);
  });
});

describe('a transfer to another commune', () => {
  let son: string;
  let cardId: string;

  beforeAll(async () => {
    son = member('Lý Văn Sơn');
    cardId = (
      await tienYen.request('POST', `/api/v1/residents/${son}/insurance-cards`, {
        code: 'DT2220212345678',
        validFrom: `${thisYear}-01-01`,
        validTo: `${thisYear}-12-31`,
      })
    ).json().id;
    await tienYen.request('PUT', `/api/v1/residents/${son}/health-record`, {
      history: { riskFactors: { tobacco: { status: 'current', perDay: 10 } } },
    });
    await tienYen.request('POST', `/api/v1/residents/${son}/health-record/review`, {});
  });

  it('refuses a move within the same commune (that is a change of address)', async () => {
    const res = await tienYen.request('POST', `/api/v1/residents/${son}/transfer`, {
      toUnitCode: hamlet,
      on: today,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('same_commune');
  });

  it('moves the record with its cards, 831 versions and events; the old commune no longer sees it', async () => {
    const res = await tienYen.request('POST', `/api/v1/residents/${son}/transfer`, {
      toUnitCode: '06838',
      addressLine: 'Khu 2',
      on: today,
      reason: 'Đi làm ăn',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: son,
      householdId: null,
      currentAddress: { communeCode: '06838', line: 'Khu 2' },
    });
    expect(res.json().unitPath).toMatch(/\.c06838$/);

    expect((await tienYen.request('GET', `/api/v1/residents/${son}`)).statusCode).toBe(404);
    expect((await tienYen.request('GET', `/api/v1/residents/${son}/health-record`)).statusCode).toBe(404);

    const profile = await binhLieu.request('GET', `/api/v1/residents/${son}`);
    expect(profile.statusCode).toBe(200);
    expect(profile.json().insurance).toMatchObject({ insuredToday: true, currentCard: { id: cardId } });
    const record = (await binhLieu.request('GET', `/api/v1/residents/${son}/health-record`)).json();
    expect(
      record.versions.map((v: { version: number; createdBy: string }) => [v.version, v.createdBy]),
    ).toEqual([
      [2, 'ev.tienyen'],
      [1, 'ev.tienyen'],
    ]);
    expect(record.record.current.document.history.riskFactors.tobacco).toEqual({
      status: 'current',
      perDay: 10,
    });
    const found = (await binhLieu.request('GET', '/api/v1/residents?q=ly%20van%20son')).json();
    expect(found.items.map((r: { id: string }) => r.id)).toEqual([son]);
  });

  it('writes the transfer in the registers of both communes', async () => {
    const out = (await tienYen.request('GET', '/api/v1/life-events?kind=transfer')).json();
    expect(out.items).toHaveLength(1);
    expect(out.items[0]).toMatchObject({
      residentId: son,
      details: { direction: 'out', toUnitCode: '06838' },
    });
    const into = (await binhLieu.request('GET', '/api/v1/life-events?kind=transfer')).json();
    expect(into.items).toHaveLength(1);
    expect(into.items[0]).toMatchObject({
      residentId: son,
      details: { direction: 'in', reason: 'Đi làm ăn' },
    });
    // The household he left loses its head; the rest stay in Tiên Yên.
    const h = (await tienYen.request('GET', `/api/v1/households/${household.id}`)).json();
    expect(h.headId).toBeNull();
    expect(h.members.map((m: { fullName: string }) => m.fullName).sort()).toEqual([
      'Bàn Thị Hoa',
      'Lý Thị Mai',
    ]);
  });

  it('transfers a whole household with its living members', async () => {
    const res = await tienYen.request('POST', `/api/v1/households/${household.id}/transfer`, {
      toUnitCode: '06838',
      on: today,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().residentIds).toHaveLength(2);
    expect((await tienYen.request('GET', `/api/v1/households/${household.id}`)).statusCode).toBe(404);
    const h = (await binhLieu.request('GET', `/api/v1/households/${household.id}`)).json();
    expect(h.address.communeCode).toBe('06838');
    expect(h.members).toHaveLength(2);
    // The dead grandfather stays where he died: his record is history of Tiên Yên.
    expect((await tienYen.request('GET', `/api/v1/residents/${member('Lý Văn Páo')}`)).statusCode).toBe(200);
  });

  it('never deletes: life events refuse changes and deletes', async () => {
    await expect(t.db.orm.execute(sql`DELETE FROM life_events`)).rejects.toThrow();
    await expect(t.db.orm.execute(sql`UPDATE life_events SET kind = 'birth'`)).rejects.toThrow();
    const [n] = await rows<{ n: number }>(t.db.orm, sql`SELECT count(*)::int AS n FROM life_events`);
    expect(n!.n).toBeGreaterThanOrEqual(9);
  });
});
