import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.js';
import { pageOf } from '../../../core/paging.js';
import { listAuditEvents } from '../../audit/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import { dismissalInArea, duplicatePairsOut, mergeInArea } from './contracts.js';

/**
 * A commune's review of likely duplicates (Tiên Yên, 06862): Phạm Văn Tùng registered twice (once
 * without diacritics, the same birth date), Hoàng Văn Nam twice (merged, then the merge undone), two
 * Đỗ Thị Lan born in different years (not a pair), a Phạm Văn Tùng of another generation (not a pair)
 * and the same Phạm Văn Tùng in Bình Liêu (06838, outside the station's area).
 */
let t: TestApp;
let head: Session;
let manager: Session;
const ids = {} as Record<'tung1' | 'tung2' | 'nam1' | 'nam2' | 'lan1' | 'lan2' | 'elsewhere', string>;
const thisYear = new Date().getUTCFullYear();

async function resident(
  session: Session,
  fullName: string,
  sex: string,
  birthDate: string,
  unitCode = '06862',
) {
  const res = await session.request('POST', '/api/v1/residents', {
    fullName,
    sex,
    birthDate,
    currentAddress: { unitCode },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'pairs.admin', 'system_admin', 'VN');
  head = await userSession(t, 'pairs.head', 'station_head', '06862');
  manager = await userSession(t, 'pairs.manager', 'province_manager', '22');
  ids.tung1 = await resident(head, 'Phạm Văn Tùng', 'male', '1968-03-10');
  ids.tung2 = await resident(head, 'Pham Van Tung', 'male', '1968-03-10');
  await resident(head, 'Phạm Văn Tùng', 'male', '1995-01-01');
  ids.nam1 = await resident(head, 'Hoàng Văn Nam', 'male', '1977-07-07');
  ids.nam2 = await resident(head, 'Hoàng Văn Nam', 'male', '1977-07-07');
  ids.lan1 = await resident(head, 'Đỗ Thị Lan', 'female', '1950-05-05');
  ids.lan2 = await resident(head, 'Đỗ Thị Lan', 'female', '1951-06-05');
  ids.elsewhere = await resident(admin, 'Phạm Văn Tùng', 'male', '1968-03-10', '06838');
  const card = await head.request('POST', `/api/v1/residents/${ids.tung2}/insurance-cards`, {
    code: 'HT3222212345678',
    validFrom: `${thisYear}-01-01`,
    validTo: `${thisYear}-12-31`,
  });
  expect(card.statusCode, card.body).toBe(201);
});
afterAll(async () => t?.close());

const pairKeys = (body: { pairs: { first: { id: string }; second: { id: string } }[] }) =>
  body.pairs.map((p) => [p.first.id, p.second.id].sort().join(' '));
const pair = (a: string, b: string) => [a, b].sort().join(' ');

describe('likely duplicates of a commune', () => {
  it('given two registrations of the same man and other look-alikes, when the station lists pairs, then only the likely ones of its commune come, most likely first, with what to compare', async () => {
    const res = await head.request('GET', '/api/v1/duplicates');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(duplicatePairsOut.parse(body)).toEqual(body);
    expect(body.area).toBe('post2025.p22.c06862');
    expect(body.truncated).toBe(false);
    expect(pairKeys(body).sort()).toEqual([pair(ids.tung1, ids.tung2), pair(ids.nam1, ids.nam2)].sort());
    const tung = body.pairs.find((p: { first: { id: string } }) =>
      [ids.tung1, ids.tung2].includes(p.first.id),
    );
    // 0.5 × similarity (1 without diacritics) + 0.45 for the same birth date.
    expect(tung).toMatchObject({ score: 0.95, reasons: ['name', 'birth_date'] });
    const second = tung.first.id === ids.tung2 ? tung.first : tung.second;
    expect(second).toMatchObject({
      fullName: 'Pham Van Tung',
      birthDate: '1968-03-10',
      cardCode: 'HT3222212345678',
      unitCode: '06862',
      status: 'active',
    });
    const audit = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'pairs.head', action: 'list' },
      { limit: 5, offset: 0 },
    );
    expect(audit.items[0]!.details).toMatchObject({ op: 'duplicate_pairs' });
    expect((audit.items[0]!.details.residents as string[]).sort()).toEqual(
      [ids.tung1, ids.tung2, ids.nam1, ids.nam2].sort(),
    );
  });

  it('given a province user, when listing without a commune, then 422 in Vietnamese; with a commune of the province, the same pairs; outside the area, refused', async () => {
    const none = await manager.request('GET', '/api/v1/duplicates');
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0]).toMatchObject({
      path: 'unit',
      code: 'commune_required',
      message: 'hãy chọn một xã hoặc một thôn: hồ sơ có thể trùng được rà soát theo từng xã',
    });
    const commune = await manager.request('GET', '/api/v1/duplicates?unit=06862');
    expect(commune.statusCode, commune.body).toBe(200);
    expect(pairKeys(commune.json())).toHaveLength(2);
    const outside = await head.request('GET', '/api/v1/duplicates?unit=06838');
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ path: 'unit', code: 'unknown_unit' });
  });

  it('given a pair judged to be two people, when dismissed, then it is listed no more, not even for one record, and a second dismissal is refused', async () => {
    const res = await head.request('POST', '/api/v1/duplicates/dismissals', {
      firstId: ids.tung2,
      secondId: ids.tung1,
      reason: 'Hai anh em họ, khác cha mẹ',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      firstId: [ids.tung1, ids.tung2].sort()[0],
      secondId: [ids.tung1, ids.tung2].sort()[1],
      reason: 'Hai anh em họ, khác cha mẹ',
      dismissedBy: 'pairs.head',
    });
    expect(pairKeys((await head.request('GET', '/api/v1/duplicates')).json())).toEqual([
      pair(ids.nam1, ids.nam2),
    ]);
    expect((await head.request('GET', `/api/v1/residents/${ids.tung1}/duplicates`)).json()).toEqual([]);
    const again = await head.request('POST', '/api/v1/duplicates/dismissals', {
      firstId: ids.tung1,
      secondId: ids.tung2,
      reason: 'lần nữa',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].code).toBe('already_dismissed');
    const self = await head.request('POST', '/api/v1/duplicates/dismissals', {
      firstId: ids.tung1,
      secondId: ids.tung1,
      reason: 'chính nó',
    });
    expect(self.statusCode).toBe(409);
    const outside = await head.request('POST', '/api/v1/duplicates/dismissals', {
      firstId: ids.tung1,
      secondId: ids.elsewhere,
      reason: 'ngoài địa bàn',
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ path: 'secondId', code: 'unknown_resident' });
  });

  it('given a pair merged then undone, when the merges of the area are listed, then both names are shown with who undid it, and the pair is listed no more', async () => {
    const merged = await head.request('POST', `/api/v1/residents/${ids.nam1}/merge`, {
      duplicateId: ids.nam2,
      reason: 'Đăng ký hai lần',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    // Merged: the duplicate is out of the review.
    expect(pairKeys((await head.request('GET', '/api/v1/duplicates')).json())).toEqual([]);
    const list = await head.request('GET', '/api/v1/merges');
    expect(list.statusCode, list.body).toBe(200);
    expect(pageOf(mergeInArea).parse(list.json())).toEqual(list.json());
    expect(list.json()).toMatchObject({
      total: 1,
      items: [
        {
          survivorId: ids.nam1,
          mergedId: ids.nam2,
          survivor: { fullName: 'Hoàng Văn Nam', status: 'active' },
          merged: { fullName: 'Hoàng Văn Nam', status: 'merged' },
          undoneAt: null,
        },
      ],
    });
    const undone = await head.request('POST', `/api/v1/residents/${ids.nam2}/unmerge`, {
      reason: 'Hai người khác nhau',
    });
    expect(undone.statusCode, undone.body).toBe(200);
    const after = (await head.request('GET', '/api/v1/merges')).json();
    expect(after.items[0]).toMatchObject({
      undoneBy: 'pairs.head',
      merged: { status: 'active' },
    });
    expect(pairKeys((await head.request('GET', '/api/v1/duplicates')).json())).toEqual([]);
    // Another commune's station sees none of it.
    const other = await userSession(t, 'pairs.other', 'station_head', '06838');
    expect((await other.request('GET', '/api/v1/merges')).json().total).toBe(0);
  });

  it('given a pair dismissed in error, when the dismissal is undone, then the pair is reviewed again; another commune can neither see nor undo it', async () => {
    const list = await head.request('GET', '/api/v1/duplicates/dismissals');
    expect(list.statusCode, list.body).toBe(200);
    expect(pageOf(dismissalInArea).parse(list.json())).toEqual(list.json());
    const [tungFirst, tungSecond] = [ids.tung1, ids.tung2].sort();
    expect(list.json()).toMatchObject({
      total: 1,
      items: [
        {
          firstId: tungFirst,
          secondId: tungSecond,
          reason: 'Hai anh em họ, khác cha mẹ',
          dismissedBy: 'pairs.head',
          first: { fullName: tungFirst === ids.tung1 ? 'Phạm Văn Tùng' : 'Pham Van Tung' },
        },
      ],
    });
    const id = list.json().items[0].id as string;
    const other = await userSession(t, 'pairs.other2', 'station_head', '06838');
    expect((await other.request('GET', '/api/v1/duplicates/dismissals')).json().total).toBe(0);
    expect((await other.request('DELETE', `/api/v1/duplicates/dismissals/${id}`)).statusCode).toBe(404);
    expect((await manager.request('DELETE', `/api/v1/duplicates/dismissals/${id}`)).statusCode).toBe(403);

    const undone = await head.request('DELETE', `/api/v1/duplicates/dismissals/${id}`);
    expect(undone.statusCode, undone.body).toBe(204);
    expect(pairKeys((await head.request('GET', '/api/v1/duplicates')).json())).toEqual([
      pair(ids.tung1, ids.tung2),
    ]);
    expect((await head.request('GET', '/api/v1/duplicates/dismissals')).json().total).toBe(0);
    expect((await head.request('DELETE', `/api/v1/duplicates/dismissals/${id}`)).statusCode).toBe(404);
  });
});
