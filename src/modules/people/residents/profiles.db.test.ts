import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../db/connection.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import { today } from '../../../core/clock.js';
import { loadResident } from './profile.js';

/**
 * Stored renderings of profiles (resident_profiles, docs/adr/0019): a read is served from the store
 * only while nothing the profile shows has changed. Each write below is followed by a read that must
 * equal a rendering made afresh from the tables.
 */
let t: TestApp;
let head: Session;
let admin: Session;
let hamlet: { code: string; fullName: string };
let ha: string;
let tu: string;
let householdId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'prof.admin', 'system_admin', 'VN');
  head = await userSession(t, 'prof.head', 'station_head', '06862');
  const made = await admin.request('POST', '/api/v1/units/06862/hamlets', {
    name: 'Khe Lánh',
    unitType: 'Thôn',
  });
  expect(made.statusCode, made.body).toBe(201);
  hamlet = made.json();
  const h = await head.request('POST', '/api/v1/households', {
    unitCode: hamlet.code,
    code: 'HGĐ-01',
    members: [
      { fullName: 'Lò Thị Hà', sex: 'female', birthDate: '1984-04-09', relationToHead: 'head' },
      { fullName: 'Lò Văn Tú', sex: 'male', birthYear: 2012, relationToHead: 'child' },
    ],
  });
  expect(h.statusCode, h.body).toBe(201);
  householdId = h.json().id;
  [ha, tu] = h.json().members.map((m: { id: string }) => m.id);
});
afterAll(async () => t?.close());

const read = async (id: string, as: Session = head) => {
  const res = await as.request('GET', `/api/v1/residents/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown>;
};

const storedOf = async (id: string) =>
  (
    await rows<{ kept: boolean; stamp: number }>(
      t.db.orm,
      sql`SELECT body IS NOT NULL AS kept, stamp::int AS stamp FROM resident_profiles WHERE resident_id = ${id}`,
    )
  )[0];

/** Reads twice (the second from the store) and holds both to a rendering made afresh. */
async function expectCurrent(id: string, as: Session = head): Promise<Record<string, unknown>> {
  const first = await read(id, as);
  expect(first).toEqual(await loadResident(t.db.orm, id));
  expect((await storedOf(id))?.kept).toBe(true);
  expect(await read(id, as)).toEqual(first);
  return first;
}

describe('a stored profile', () => {
  it('serves the reads that follow the first, from the store', async () => {
    await expectCurrent(ha);
    // Change the stored text behind the application's back: the next read returns it, so reads do
    // come from the store (the triggers fire only on the tables the profile is made from).
    await t.db.orm.execute(
      sql`UPDATE resident_profiles SET body = replace(body, 'Lò Thị Hà', 'Lò Thị Hà (stored)') WHERE resident_id = ${ha}`,
    );
    expect((await read(ha)).fullName).toBe('Lò Thị Hà (stored)');
    await t.db.orm.execute(sql`UPDATE resident_profiles SET body = NULL WHERE resident_id = ${ha}`);
    expect((await read(ha)).fullName).toBe('Lò Thị Hà');
  });

  it('is made again after each write that changes what the profile shows', async () => {
    await expectCurrent(ha);
    const card = await head.request('POST', `/api/v1/residents/${ha}/insurance-cards`, {
      code: 'GD4222284000123',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
    });
    expect(card.statusCode, card.body).toBe(201);
    expect(await expectCurrent(ha)).toMatchObject({
      insurance: { insuredToday: true, currentCard: { code: 'GD4222284000123' } },
    });

    const voided = await head.request('PATCH', `/api/v1/insurance-cards/${card.json().id}`, {
      voidReason: 'nhập nhầm thẻ',
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ insurance: { insuredToday: false, currentCard: null } });

    const record = await head.request('PUT', `/api/v1/residents/${ha}/health-record`, {
      history: { allergies: [{ kind: 'drug', agent: 'Penicillin' }] },
    });
    expect(record.statusCode, record.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ healthRecord: { version: 1, healthManaged: true } });
    const review = await head.request('POST', `/api/v1/residents/${ha}/health-record/review`, {});
    expect(review.statusCode, review.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ healthRecord: { version: 2 } });

    const patch = await head.request('PATCH', `/api/v1/residents/${ha}`, { occupation: 'Nông dân' });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ occupation: 'Nông dân' });

    // A household's code is shown on every member's profile.
    await expectCurrent(tu);
    const code = await head.request('PATCH', `/api/v1/households/${householdId}`, { code: 'HGĐ-07' });
    expect(code.statusCode, code.body).toBe(200);
    expect(await expectCurrent(tu)).toMatchObject({ householdCode: 'HGĐ-07' });
  });

  it("shows a merged duplicate's card on the survivor, and drops it again when the merge is undone", async () => {
    const dupe = await head.request('POST', '/api/v1/residents', {
      fullName: 'Lo Thi Ha',
      sex: 'female',
      birthDate: '1984-04-09',
      currentAddress: { unitCode: hamlet.code },
    });
    expect(dupe.statusCode, dupe.body).toBe(201);
    const dupeId = dupe.json().id as string;
    const card = await head.request('POST', `/api/v1/residents/${dupeId}/insurance-cards`, {
      code: 'HN2222284000999',
      validFrom: '2026-01-01',
    });
    expect(card.statusCode, card.body).toBe(201);
    await expectCurrent(ha);
    const merge = await head.request('POST', `/api/v1/residents/${ha}/merge`, {
      duplicateId: dupeId,
      reason: 'đăng ký trùng',
    });
    expect(merge.statusCode, merge.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({
      mergedIds: [dupeId],
      insurance: { insuredToday: true, currentCard: { code: 'HN2222284000999' } },
    });
    const unmerge = await head.request('POST', `/api/v1/residents/${dupeId}/unmerge`, {
      reason: 'hai người khác nhau',
    });
    expect(unmerge.statusCode, unmerge.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ mergedIds: [], insurance: { insuredToday: false } });
  });

  it('is made again when a unit is renamed, and when the day has changed', async () => {
    await expectCurrent(ha);
    // Renamed through the network module: "Thôn Khe Lánh" → "Thôn Khe Lánh Mới".
    const renamed = await admin.request('PATCH', `/api/v1/hamlets/${hamlet.code}`, { name: 'Khe Lánh Mới' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await expectCurrent(ha)).toMatchObject({ hamletName: `${hamlet.fullName} Mới` });
    // Rendered yesterday: "insured today" and "health-managed" may have changed since.
    await t.db.orm.execute(
      sql`UPDATE resident_profiles SET as_of = ${today()}::date - 1, body = '{"stale":true}' WHERE resident_id = ${ha}`,
    );
    expect(await expectCurrent(ha)).toMatchObject({ fullName: 'Lò Thị Hà' });
  });

  it('follows the resident out of the area: a transfer shows at once, and the old area reads nothing', async () => {
    await expectCurrent(tu);
    const moved = await head.request('POST', `/api/v1/residents/${tu}/transfer`, {
      toUnitCode: '06838',
      on: today(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await head.request('GET', `/api/v1/residents/${tu}`)).statusCode).toBe(404);
    expect(await expectCurrent(tu, admin)).toMatchObject({
      communeName: expect.stringContaining('Bình Liêu'),
    });
  });

  it.runIf(process.env.YTCS_TEST_DB === 'postgres')(
    'is not stored by a read that rendered it before a write committed',
    async () => {
      await t.db.orm.execute(sql`UPDATE resident_profiles SET body = NULL WHERE resident_id = ${ha}`);
      const writer = await t.db.pool.connect();
      try {
        await writer.query('BEGIN');
        await writer.query(`UPDATE residents SET occupation = 'Thợ mỏ' WHERE id = $1`, [ha]);
        // The read renders what is committed (not the miner), then waits on the writer's hold on the
        // stored row before storing its rendering.
        const reading = read(ha);
        await new Promise((r) => setTimeout(r, 300));
        await writer.query('COMMIT');
        expect((await reading).occupation).toBe('Nông dân');
      } finally {
        writer.release();
      }
      expect(await expectCurrent(ha)).toMatchObject({ occupation: 'Thợ mỏ' });
    },
  );
});
