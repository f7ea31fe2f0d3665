import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../db/connection.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';

/**
 * Tiên Yên commune (06862, Quảng Ninh): a household registered with its members and their insurance
 * cards, all or nothing. (Households registered, listed and given a new head: residents.db.test.ts,
 * whose residents are theirs.)
 */
let t: TestApp;
let head: Session;

beforeAll(async () => {
  t = await testApp();
  head = await userSession(t, 'households.head', 'station_head', '06862');
});
afterAll(async () => t?.close());

describe('a household registered with its members’ cards', () => {
  const body = (cardCode: string) => ({
    unitCode: '06862',
    code: `HK-THE-${cardCode.slice(-3)}`,
    members: [
      {
        fullName: 'Phan Văn Thẻ',
        sex: 'male',
        birthYear: 1966,
        relationToHead: 'head',
        card: { code: 'HT3222212340001', validFrom: '2026-01-01', validTo: '2026-12-31' },
      },
      {
        fullName: 'Phan Thị Hợp',
        sex: 'female',
        birthYear: 1969,
        relationToHead: 'spouse',
        card: { code: cardCode, validFrom: '2026-01-01', validTo: '2026-12-31' },
      },
    ],
  });
  const count = async () =>
    (
      await rows<{ n: number }>(
        t.db.orm,
        sql`SELECT count(*)::int AS n FROM residents WHERE full_name IN ('Phan Văn Thẻ', 'Phan Thị Hợp')`,
      )
    )[0]!.n;

  it('stores nothing when one member’s card is refused, and names that card’s field', async () => {
    // "ZZ" is no beneficiary group on the code list.
    const res = await head.request('POST', '/api/v1/households', body('ZZ3222212340002'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['members.1.card.code']);
    expect(await count()).toBe(0);
  });

  it('stores the household, its members and their cards together', async () => {
    const res = await head.request('POST', '/api/v1/households', body('HT3222212340003'));
    expect(res.statusCode, res.body).toBe(201);
    expect(await count()).toBe(2);
    for (const m of res.json().members as { id: string; fullName: string }[]) {
      const profile = (await head.request('GET', `/api/v1/residents/${m.id}`)).json();
      expect(profile.insurance.insuredToday, m.fullName).toBe(true);
    }
  });
});
