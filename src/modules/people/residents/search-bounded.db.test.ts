import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../core/actor.js';
import {
  signIn,
  TEST_PASSWORD,
  testApp,
  userActor,
  userSession,
  type Session,
  type TestApp,
} from '../../../test-support/server.js';
import { residentSearchPage, type ResidentSearchPage } from './contracts.js';
import { searchResidents, type SearchOptions } from './search.js';

/**
 * A search outside one commune ranks and counts a bounded number of matches (docs/adr/0023), lowered
 * here to 3 so that a handful of residents exceed it. Quảng Ninh (22): in Tiên Yên (06862) four names
 * that contain "Nguyễn Văn Hùng" registered before the one that is exactly that, a Lê Thị Lan; in Bình
 * Liêu (06838) another Nguyễn Văn Hùng and a Phạm Hùng; in the hamlet Đồng Mạ of Tiên Yên, Lý Văn Tài.
 * Hà Nội (01), Ba Đình (00004): a Nguyễn Văn Hùng and a Phạm Hùng no user of Quảng Ninh may see.
 */
let t: TestApp;
let province: Actor;
let otherProvince: Actor;
let commune: Actor;
let country: Actor;

const PEOPLE: [string, 'male' | 'female', number, string][] = [
  ['Nguyễn Văn Hùng Anh', 'male', 1991, '06862'],
  ['Nguyễn Văn Hùng Cường', 'male', 1993, '06862'],
  ['Nguyễn Văn Hưng Thịnh', 'male', 1995, '06862'],
  ['Trần Nguyễn Văn Hùng', 'male', 1997, '06862'],
  ['Nguyễn Văn Hùng', 'male', 1980, '06862'],
  ['Lê Thị Lan', 'female', 1985, '06862'],
  ['Nguyễn Văn Hùng', 'male', 1975, '06838'],
  ['Phạm Hùng', 'male', 1960, '06838'],
  ['Nguyễn Văn Hùng', 'male', 1970, '00004'],
  ['Phạm Hùng', 'male', 1961, '00004'],
];

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'bounded.admin', 'system_admin', 'VN');
  const hamlet = await admin.request('POST', '/api/v1/units/06862/hamlets', {
    name: 'Đồng Mạ',
    unitType: 'Thôn',
  });
  expect(hamlet.statusCode, hamlet.body).toBe(201);
  // One at a time, in this order: the order the rows are stored in is the order the indexes give them.
  for (const [fullName, sex, birthYear, unitCode] of [
    ...PEOPLE,
    ['Lý Văn Tài', 'male', 1950, hamlet.json().code] as const,
  ]) {
    const res = await admin.request('POST', '/api/v1/residents', {
      fullName,
      sex,
      birthYear,
      currentAddress: { unitCode },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  province = await userActor(t, 'bounded.province', 'province_manager', '22');
  otherProvince = await userActor(t, 'bounded.hanoi', 'province_manager', '01');
  commune = await userActor(t, 'bounded.commune', 'station_head', '06862');
  country = await userActor(t, 'bounded.country', 'system_admin', 'VN');
});
afterAll(async () => t?.close());

const search = (
  who: Actor,
  q: string | undefined,
  options: SearchOptions = { bound: 3 },
  paging = { limit: 20, offset: 0 },
  unit?: string,
): Promise<ResidentSearchPage> => searchResidents(t.db.orm, who, { q, unit }, paging, options);

const people = (page: ResidentSearchPage) => page.items.map((i) => `${i.fullName} ${i.birthYear}`);

describe('a search outside one commune', () => {
  it('says "more than N" when more residents match than it counts, and shows only its province', async () => {
    const found = await search(province, 'hung');
    expect(found).toMatchObject({ total: 3, moreThanTotal: true });
    expect(found.items).toHaveLength(3);
    for (const item of found.items) expect(item.unitPath).toMatch(/^post2025\.p22\./);
  });

  it('counts every match when they are no more than N', async () => {
    const found = await search(province, 'hung', {});
    expect(found).toMatchObject({ total: 7, moreThanTotal: false });
    expect(people(found).sort()).toEqual([
      'Nguyễn Văn Hùng 1975',
      'Nguyễn Văn Hùng 1980',
      'Nguyễn Văn Hùng Anh 1991',
      'Nguyễn Văn Hùng Cường 1993',
      'Nguyễn Văn Hưng Thịnh 1995',
      'Phạm Hùng 1960',
      'Trần Nguyễn Văn Hùng 1997',
    ]);
    expect(await search(province, 'pham hung')).toMatchObject({ total: 1, moreThanTotal: false });
    expect(people(await search(province, 'pham hung'))).toEqual(['Phạm Hùng 1960']);
  });

  it('puts every exact match of the name first, though the first N matches found only contain its words', async () => {
    const found = await search(province, 'Nguyễn Văn Hùng');
    expect(found).toMatchObject({ total: 3, moreThanTotal: true });
    expect(people(found).slice(0, 2)).toEqual(['Nguyễn Văn Hùng 1975', 'Nguyễn Văn Hùng 1980']);
    expect(people(found)).not.toContain('Nguyễn Văn Hùng 1970');
  });

  it('lists only exact matches when they alone are more than N', async () => {
    const found = await search(province, 'nguyen van hung', { bound: 1 });
    expect(found).toMatchObject({ total: 1, moreThanTotal: true });
    expect(people(found)).toEqual(['Nguyễn Văn Hùng 1975']);
  });

  it('pages within the N best', async () => {
    const first = await search(province, 'nguyen van hung', { bound: 3 }, { limit: 2, offset: 0 });
    const second = await search(province, 'nguyen van hung', { bound: 3 }, { limit: 2, offset: 2 });
    expect(people(first)).toEqual(['Nguyễn Văn Hùng 1975', 'Nguyễn Văn Hùng 1980']);
    expect(second.items).toHaveLength(1);
    expect(second).toMatchObject({ total: 3, moreThanTotal: true });
    expect(people(second)).not.toContain('Nguyễn Văn Hùng 1970');
  });

  it("never shows another province's residents", async () => {
    expect(people(await search(otherProvince, 'nguyen van hung'))).toEqual(['Nguyễn Văn Hùng 1970']);
    expect(people(await search(otherProvince, 'hung'))).toEqual(['Phạm Hùng 1961', 'Nguyễn Văn Hùng 1970']);
    expect((await search(otherProvince, 'lan')).items).toEqual([]);
    // A misspelt name: the province's own residents only, through the beginnings of their words.
    const misspelt = await search(province, 'nguyen van hugn', {});
    expect(people(misspelt)).toEqual(
      expect.arrayContaining(['Nguyễn Văn Hùng 1975', 'Nguyễn Văn Hùng 1980']),
    );
    for (const item of misspelt.items) expect(item.unitPath).toMatch(/^post2025\.p22\./);
  });

  it("finds the people of a hamlet by the hamlet's name", async () => {
    expect(people(await search(province, 'dong ma'))).toEqual(['Lý Văn Tài 1950']);
    expect((await search(otherProvince, 'dong ma')).items).toEqual([]);
  });

  it('counts a list without a name up to N too', async () => {
    expect(await search(province, undefined)).toMatchObject({ total: 3, moreThanTotal: true });
    expect(await search(province, undefined, {})).toMatchObject({ total: 9, moreThanTotal: false });
    expect(await search(province, '1960')).toMatchObject({ total: 1, moreThanTotal: false });
  });

  it('searches the whole country for a national user, and one province when a unit is given', async () => {
    const all = await search(country, 'nguyen van hung', {});
    expect(all).toMatchObject({ total: 7, moreThanTotal: false });
    expect(people(all).slice(0, 3)).toEqual([
      'Nguyễn Văn Hùng 1970',
      'Nguyễn Văn Hùng 1975',
      'Nguyễn Văn Hùng 1980',
    ]);
    expect(await search(country, 'nguyen van hung')).toMatchObject({ total: 3, moreThanTotal: true });
    const hanoi = await search(country, 'hung', {}, undefined, '01');
    expect(people(hanoi)).toEqual(['Phạm Hùng 1961', 'Nguyễn Văn Hùng 1970']);
  });
});

describe('a search inside one commune', () => {
  it('ranks and counts every match of the commune, and only those', async () => {
    const found = await search(commune, 'hung');
    expect(found).toMatchObject({ total: 5, moreThanTotal: false });
    for (const item of found.items) expect(item.unitPath).toMatch(/^post2025\.p22\.c06862/);
    expect(people(found)[0]).toBe('Nguyễn Văn Hùng 1980');
  });
});

describe('over HTTP', () => {
  let session: Session;
  beforeAll(async () => {
    session = await signIn(t.app, 'bounded.province', TEST_PASSWORD);
  });

  it('answers with the page the contract describes, written by the database', async () => {
    const res = await session.request('GET', '/api/v1/residents?q=hung&limit=5');
    expect(res.statusCode, res.body).toBe(200);
    const found = res.json();
    expect(residentSearchPage.parse(found)).toEqual(found);
    expect(found).toMatchObject({ total: 7, moreThanTotal: false, limit: 5, offset: 0 });
    expect(found.items).toHaveLength(5);
  });
});
