import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.js';
import { listAuditEvents } from '../../audit/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import { residentOut, residentSearchPage } from '../residents/contracts.js';
import { residentCreated } from './contracts.js';
import { duplicateScore } from './service.js';

/** The same woman registered twice in Tiên Yên (06862): found, merged, un-merged. */
let t: TestApp;
let head: Session;
let first: string;
let second: string;
const thisYear = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'dup.admin', 'system_admin', 'VN');
  await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Hà Dong', unitType: 'Thôn' });
  head = await userSession(t, 'dup.head', 'station_head', '06862');
  const res = await head.request('POST', '/api/v1/residents', {
    fullName: 'Nguyễn Thị Thu Hà',
    sex: 'female',
    birthDate: '1975-08-19',
    phones: ['0987654321'],
    currentAddress: { unitCode: '06862', line: 'Khu 5' },
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().warnings).toEqual([]);
  first = res.json().id;
  // Another woman, same name, other year: not a duplicate.
  await head.request('POST', '/api/v1/residents', {
    fullName: 'Nguyễn Thị Thu Hà',
    sex: 'female',
    birthDate: '1990-01-01',
    currentAddress: { unitCode: '06862' },
  });
  // Someone else entirely.
  await head.request('POST', '/api/v1/residents', {
    fullName: 'Trần Văn Bảy',
    sex: 'male',
    birthDate: '1975-08-19',
    currentAddress: { unitCode: '06862' },
  });
});
afterAll(async () => t?.close());

describe('scoring a likely duplicate', () => {
  const probe = { fullName: 'x', sex: 'female', birthDate: '1975-08-19', birthYear: 1975 } as const;
  const other = {
    sex: 'female' as const,
    birthDate: '1975-08-19',
    birthYear: 1975,
    personalId: null,
    householdId: null,
    phones: [],
    motherId: null,
  };

  it('is near-certain for the same personal ID, likely for the same name and birth date', () => {
    expect(
      duplicateScore(
        { ...probe, personalId: '022175000001' },
        { ...other, personalId: '022175000001', similarity: 0.9 },
      ),
    ).toEqual({
      score: 1,
      reasons: ['personal_id', 'name'],
    });
    expect(duplicateScore(probe, { ...other, similarity: 1 })).toEqual({
      score: 0.95,
      reasons: ['name', 'birth_date'],
    });
  });

  it('weighs a birth year alone less, and drops different sexes, unlike names and different IDs', () => {
    const yearOnly = duplicateScore(
      { ...probe, birthDate: null },
      { ...other, birthDate: null, similarity: 1 },
    );
    expect(yearOnly).toEqual({ score: 0.85, reasons: ['name', 'birth_year'] });
    expect(duplicateScore(probe, { ...other, sex: 'male', similarity: 1 })).toBeNull();
    expect(duplicateScore(probe, { ...other, similarity: 0.4 })).toBeNull();
    expect(
      duplicateScore(
        { ...probe, personalId: '022175000001' },
        { ...other, personalId: '022175000002', similarity: 1 },
      ),
    ).toBeNull();
    // Both full dates known and different: the same year is weak evidence.
    expect(duplicateScore(probe, { ...other, birthDate: '1975-01-01', similarity: 1 })).toBeNull();
    // … unless day and month look swapped.
    expect(
      duplicateScore(
        { ...probe, birthDate: '1975-05-08' },
        { ...other, birthDate: '1975-08-05', similarity: 1 },
      ),
    ).toEqual({
      score: 0.85,
      reasons: ['name', 'birth_year'],
    });
  });
});

describe('duplicates', () => {
  it('warns on create when the same person seems to be on record already', async () => {
    const res = await head.request('POST', '/api/v1/residents', {
      fullName: 'Nguyen Thi Thu Ha',
      sex: 'female',
      birthDate: '1975-08-19',
      personalId: '022175004321',
      phones: ['0912000111'],
      currentAddress: { unitCode: '06862-001' },
    });
    expect(res.statusCode, res.body).toBe(201);
    // Written by the database and sent as it is: it must be the contract exactly, warnings included.
    expect(residentCreated.parse(res.json())).toEqual(res.json());
    second = res.json().id;
    const warnings = res.json().warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'possible_duplicate',
      candidate: { id: first, fullName: 'Nguyễn Thị Thu Hà', reasons: ['name', 'birth_date'] },
    });
    expect(warnings[0].candidate.score).toBeGreaterThan(0.9);
  });

  it('lists them on demand, most likely first', async () => {
    const res = await head.request('GET', `/api/v1/residents/${first}/duplicates`);
    expect(res.statusCode).toBe(200);
    expect(res.json().map((c: { id: string }) => c.id)).toEqual([second]);
  });

  it('merges the duplicate: both histories kept, empty fields filled, audited', async () => {
    await head.request('POST', `/api/v1/residents/${second}/insurance-cards`, {
      code: 'HT3222212345678',
      validFrom: `${thisYear}-01-01`,
      validTo: `${thisYear}-12-31`,
    });
    await head.request('PUT', `/api/v1/residents/${second}/health-record`, {
      history: { diseases: [{ icd10: 'E11', name: 'Đái tháo đường' }] },
    });
    await head.request('PUT', `/api/v1/residents/${first}/health-record`, {
      history: { allergies: [{ kind: 'food', agent: 'Tôm' }] },
    });
    const res = await head.request('POST', `/api/v1/residents/${first}/merge`, {
      duplicateId: second,
      reason: 'Cùng một người, đăng ký hai lần',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ survivorId: first, mergedId: second, undoneAt: null });
    expect(res.json().filled.sort()).toEqual(['personalId', 'phones']);

    const read = await head.request('GET', `/api/v1/residents/${first}`);
    expect(read.headers['content-type']).toBe('application/json; charset=utf-8');
    const survivor = read.json();
    // The profile is written by the database, not serialized from the contract: it must be the
    // contract exactly (no key missing or extra, at any depth, and every value of its type).
    expect(residentOut.parse(survivor)).toEqual(survivor);
    expect(survivor.currentAddress.text).toBe('Khu 5, Xã Tiên Yên, Tỉnh Quảng Ninh');
    expect(survivor).toMatchObject({
      personalId: '022175004321',
      phones: ['0987654321', '0912000111'],
      mergedIds: [second],
      insurance: { insuredToday: true, currentCard: { code: 'HT3222212345678', residentId: second } },
      currentAddress: { line: 'Khu 5' },
    });
    const merged = (await head.request('GET', `/api/v1/residents/${second}`)).json();
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: first });
    const record = (await head.request('GET', `/api/v1/residents/${first}/health-record`)).json();
    expect(record.versions.map((v: { residentId: string }) => v.residentId).sort()).toEqual(
      [first, second].sort(),
    );
    expect(record.record.current.document.history.allergies[0].agent).toBe('Tôm');
    // The merged record leaves the search; the survivor is found by the duplicate's ID.
    const found = (await head.request('GET', '/api/v1/residents?q=022175004321')).json();
    // Written by the database too: exactly the route's response, at every depth.
    expect(residentSearchPage.parse(found)).toEqual(found);
    expect(found.items.map((r: { id: string }) => r.id)).toEqual([first]);
    const byCard = (await head.request('GET', '/api/v1/residents?q=HT3222212345678')).json();
    expect(byCard.items.map((r: { id: string }) => r.id)).toEqual([first]);
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'person' },
      { limit: 10_000, offset: 0 },
    );
    const audits = items.filter((a) => a.details.op === 'merge');
    expect(audits.map((a) => a.entityId).sort()).toEqual([first, second].sort());
  });

  it('refuses to merge twice, into itself, or to write to a merged record', async () => {
    const again = await head.request('POST', `/api/v1/residents/${first}/merge`, {
      duplicateId: second,
      reason: 'lần nữa',
    });
    expect(again.statusCode).toBe(409);
    const self = await head.request('POST', `/api/v1/residents/${first}/merge`, {
      duplicateId: first,
      reason: 'chính nó',
    });
    expect(self.statusCode).toBe(409);
    const write = await head.request('PATCH', `/api/v1/residents/${second}`, { occupation: 'Giáo viên' });
    expect(write.statusCode).toBe(409);
  });

  it('un-merges: both records as they were, the filled fields emptied again, and no warning any more', async () => {
    const res = await head.request('POST', `/api/v1/residents/${second}/unmerge`, {
      reason: 'Hai người khác nhau',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().undoneAt).toMatch(/^\d{4}-/);
    const survivor = (await head.request('GET', `/api/v1/residents/${first}`)).json();
    expect(survivor).toMatchObject({
      personalId: null,
      phones: ['0987654321'],
      mergedIds: [],
      insurance: { insuredToday: false },
    });
    const restored = (await head.request('GET', `/api/v1/residents/${second}`)).json();
    expect(restored).toMatchObject({
      status: 'active',
      mergedIntoId: null,
      personalId: '022175004321',
      insurance: { insuredToday: true },
    });
    expect(
      (await head.request('GET', `/api/v1/residents/${first}/health-record`)).json().versions,
    ).toHaveLength(1);
    // Judged different people: not reported again.
    expect((await head.request('GET', `/api/v1/residents/${first}/duplicates`)).json()).toEqual([]);
    const merges = (await head.request('GET', `/api/v1/residents/${first}/merges`)).json();
    expect(merges).toHaveLength(1);
    expect(merges[0].undoneBy).toBe('dup.head');
    const events = (await head.request('GET', `/api/v1/residents/${second}/events`)).json();
    expect(events.map((e: { kind: string }) => e.kind).sort()).toEqual(['merge', 'unmerge']);
    expect(
      (await head.request('POST', `/api/v1/residents/${second}/unmerge`, { reason: 'lần nữa' })).statusCode,
    ).toBe(409);
  });
});
