import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.js';
import { listAuditEvents } from '../../audit/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';

/**
 * Tiên Yên commune (06862, Quảng Ninh): a hamlet, a household of two registered together, residents
 * found by what people type at the station's desk.
 */
let t: TestApp;
let admin: Session;
let head: Session;
let hamlet: { code: string; id: string; path: string };
let household: { id: string; members: { id: string; fullName: string; relationToHead: string }[] };

const thisYear = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'people.admin', 'system_admin', 'VN');
  hamlet = (
    await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Đồng Mạ', unitType: 'Thôn' })
  ).json();
  head = await userSession(t, 'people.head', 'station_head', '06862');
  const res = await head.request('POST', '/api/v1/households', {
    unitCode: hamlet.code,
    addressLine: 'Số 12',
    code: 'HK-001',
    members: [
      {
        fullName: 'Nguyễn Văn Hùng',
        sex: 'male',
        birthDate: '1985-04-12',
        personalId: '022085012345',
        relationToHead: 'head',
        ethnicity: '01',
        phones: ['0912 345 678'],
      },
      {
        fullName: 'Trần Thị Lan',
        sex: 'female',
        birthYear: 1988,
        relationToHead: 'spouse',
        ethnicity: '02',
        religion: 'buddhism',
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  household = res.json();
});
afterAll(async () => t?.close());

/** Audit events of a person as the audit module lists them, newest first. */
const personAudits = (filter: { actorUsername: string; action: string; entityId?: string }, limit: number) =>
  listAuditEvents(t.db.orm, systemActor(), { ...filter, entityType: 'person' }, { limit, offset: 0 });

async function auditCount(username: string, action: string, entityId?: string): Promise<number> {
  return (await personAudits({ actorUsername: username, action, ...(entityId ? { entityId } : {}) }, 1))
    .total;
}

describe('a household registered with its members', () => {
  it('puts both members in the household, at its address, with the head first', async () => {
    expect(household.members.map((m) => [m.fullName, m.relationToHead])).toEqual([
      ['Nguyễn Văn Hùng', 'head'],
      ['Trần Thị Lan', 'spouse'],
    ]);
    const res = await head.request('GET', `/api/v1/households/${household.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'HK-001',
      headName: 'Nguyễn Văn Hùng',
      memberCount: 2,
      address: { hamletCode: hamlet.code, communeCode: '06862', provinceCode: '22', line: 'Số 12' },
    });
    expect(res.json().address.text).toBe('Số 12, Thôn Đồng Mạ, Xã Tiên Yên, Tỉnh Quảng Ninh');
  });

  it("shows a member's profile with code names, normalised phone and the household's address, and audits the read", async () => {
    const id = household.members[0]!.id;
    const before = await auditCount('people.head', 'read', id);
    const res = await head.request('GET', `/api/v1/residents/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      fullName: 'Nguyễn Văn Hùng',
      birthYear: 1985,
      phones: ['0912345678'],
      ethnicityName: 'Kinh',
      relationToHeadName: 'Chủ hộ',
      householdCode: 'HK-001',
      status: 'active',
      insurance: { insuredToday: false, currentCard: null },
      healthRecord: null,
      currentAddress: { unitCode: hamlet.code, line: 'Số 12' },
    });
    expect(await auditCount('people.head', 'read', id)).toBe(before + 1);
    const spouse = (await head.request('GET', `/api/v1/residents/${household.members[1]!.id}`)).json();
    expect(spouse).toMatchObject({ birthDate: null, birthYear: 1988, religionName: 'Phật giáo' });
  });

  it('refuses a household with two heads, or none', async () => {
    const two = await head.request('POST', '/api/v1/households', {
      unitCode: hamlet.code,
      members: [
        { fullName: 'Lê Văn A', sex: 'male', birthYear: 1970, relationToHead: 'head' },
        { fullName: 'Lê Văn B', sex: 'male', birthYear: 1972, relationToHead: 'head' },
      ],
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0].path).toBe('body.members');
  });

  it('names the member and field of an unknown code (422)', async () => {
    const res = await head.request('POST', '/api/v1/households', {
      unitCode: hamlet.code,
      members: [
        { fullName: 'Lê Văn Cường', sex: 'male', birthYear: 1970, relationToHead: 'head', ethnicity: '99' },
        { fullName: 'Lê Thị Dung', sex: 'female', birthYear: 1972, relationToHead: 'wife' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['members.0.ethnicity']);
  });

  it('changes the head: the former head takes the relation given', async () => {
    const [hung, lan] = household.members;
    const missing = await head.request('PATCH', `/api/v1/households/${household.id}`, { headId: lan!.id });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].path).toBe('formerHeadRelation');
    const res = await head.request('PATCH', `/api/v1/households/${household.id}`, {
      headId: lan!.id,
      formerHeadRelation: 'spouse',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().headName).toBe('Trần Thị Lan');
    const back = await head.request('PATCH', `/api/v1/households/${household.id}`, {
      headId: hung!.id,
      formerHeadRelation: 'spouse',
    });
    expect(back.json().members.map((m: { relationToHead: string }) => m.relationToHead)).toEqual([
      'head',
      'spouse',
    ]);
  });
});

describe('registering a resident', () => {
  it('reports personal-ID digits that contradict sex and birth year, field by field (400)', async () => {
    const res = await head.request('POST', '/api/v1/residents', {
      fullName: 'Phạm Thị Mai',
      sex: 'female',
      birthDate: '1990-01-01',
      personalId: '022085012399',
      currentAddress: { unitCode: hamlet.code },
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path)).toEqual(['body.personalId', 'body.personalId']);
    // In Vietnamese (no Accept-Language): "… dành cho nam …", "… cho năm sinh 1985 …".
    expect(errors.map((e) => e.message).join(' ')).toMatch(/nam.*1985/s);
  });

  it('needs a current address in the area when there is no household (422)', async () => {
    const none = await head.request('POST', '/api/v1/residents', {
      fullName: 'Phạm Văn Nam',
      sex: 'male',
      birthYear: 1960,
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0]).toMatchObject({ path: 'currentAddress', code: 'required' });
    const elsewhere = await head.request('POST', '/api/v1/residents', {
      fullName: 'Phạm Văn Nam',
      sex: 'male',
      birthYear: 1960,
      currentAddress: { unitCode: '06838' },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors[0]).toMatchObject({
      path: 'currentAddress.unitCode',
      code: 'unknown_unit',
    });
  });

  it('joins a household as a child, with the mother linked', async () => {
    const res = await head.request('POST', '/api/v1/residents', {
      fullName: 'Nguyễn Minh Khôi',
      sex: 'male',
      birthDate: '2015-09-02',
      personalId: '022215000777',
      householdId: household.id,
      relationToHead: 'child',
      motherId: household.members[1]!.id,
      fatherId: household.members[0]!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      householdId: household.id,
      motherId: household.members[1]!.id,
      currentAddress: { unitCode: hamlet.code, line: 'Số 12' },
      warnings: [],
    });
    const wrongParent = await head.request('POST', '/api/v1/residents', {
      fullName: 'Nguyễn Minh Khang',
      sex: 'male',
      birthDate: '2016-09-02',
      householdId: household.id,
      relationToHead: 'child',
      motherId: household.members[0]!.id,
    });
    expect(wrongParent.statusCode).toBe(422);
    expect(wrongParent.json().errors[0]).toMatchObject({ path: 'motherId', code: 'wrong_sex' });
  });

  it('refuses a second head in a household (409)', async () => {
    const res = await head.request('POST', '/api/v1/residents', {
      fullName: 'Nguyễn Văn Tư',
      sex: 'male',
      birthYear: 1950,
      householdId: household.id,
      relationToHead: 'head',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].code).toBe('household_has_head');
  });

  it('changes identity fields and re-checks the personal ID against the new values', async () => {
    const id = household.members[0]!.id;
    const bad = await head.request('PATCH', `/api/v1/residents/${id}`, { birthDate: '1986-04-12' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: 'personalId', code: 'birth_year_mismatch' });
    const ok = await head.request('PATCH', `/api/v1/residents/${id}`, {
      occupation: 'Nông dân',
      phones: ['0912345678', '0203 3871234'],
      bloodGroup: 'O+',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      occupation: 'Nông dân',
      phones: ['0912345678', '02033871234'],
      bloodGroup: 'O+',
    });
    const otherCommune = await head.request('PATCH', `/api/v1/residents/${id}`, {
      currentAddress: { unitCode: '06862' },
    });
    expect(otherCommune.statusCode).toBe(200);
    expect(otherCommune.json().currentAddress.hamletCode).toBeNull();
    const back = await head.request('PATCH', `/api/v1/residents/${id}`, {
      currentAddress: { unitCode: hamlet.code, line: 'Số 12' },
    });
    expect(back.json().currentAddress.hamletName).toBe('Thôn Đồng Mạ');
  });
});

describe('insurance cards', () => {
  it('keeps the history of cards and derives "insured today" from them', async () => {
    const id = household.members[0]!.id;
    const old = await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      code: 'GD4220120152431',
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
      registeredFacilityCode: '22101',
    });
    expect(old.statusCode, old.body).toBe(201);
    expect(old.json()).toMatchObject({
      format: 'legacy',
      beneficiaryGroup: 'GD',
      beneficiaryGroupName: 'Người tham gia theo hộ gia đình',
      benefitLevel: 4,
      issuerProvince: '22',
      socialInsuranceNumber: '0120152431',
      validNow: false,
    });
    expect((await head.request('GET', `/api/v1/residents/${id}`)).json().insurance.insuredToday).toBe(false);
    const current = await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      code: '0120152431',
      beneficiaryGroup: 'gd',
      benefitLevel: 4,
      validFrom: `${thisYear}-01-01`,
      validTo: `${thisYear}-12-31`,
    });
    expect(current.statusCode, current.body).toBe(201);
    expect(current.json()).toMatchObject({
      format: 'social_insurance',
      beneficiaryGroup: 'GD',
      validNow: true,
    });
    const profile = (await head.request('GET', `/api/v1/residents/${id}`)).json();
    expect(profile.insurance).toMatchObject({ insuredToday: true, currentCard: { code: '0120152431' } });
    const history = (await head.request('GET', `/api/v1/residents/${id}/insurance-cards`)).json();
    expect(history.map((c: { code: string }) => c.code)).toEqual(['0120152431', 'GD4220120152431']);
    const asOf2020 = (
      await head.request('GET', `/api/v1/residents/${id}/insurance-cards?on=2020-06-01`)
    ).json();
    expect(asOf2020.map((c: { validNow: boolean }) => c.validNow)).toEqual([false, true]);
  });

  it('refuses an unknown beneficiary group (422), a repeated card (409) and a bad facility (400)', async () => {
    const id = household.members[1]!.id;
    const group = await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      code: 'ZZ4220120152432',
      validFrom: '2024-01-01',
    });
    expect(group.statusCode).toBe(422);
    expect(group.json().errors[0]).toMatchObject({ path: 'code', code: 'unknown_code' });
    const card = { code: 'HN2220120152433', validFrom: `${thisYear}-01-01`, validTo: `${thisYear}-12-31` };
    expect((await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, card)).statusCode).toBe(
      201,
    );
    expect((await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, card)).statusCode).toBe(
      409,
    );
    const facility = await head.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      ...card,
      registeredFacilityCode: '9X',
    });
    expect(facility.statusCode).toBe(400);
    expect(facility.json().errors[0].path).toBe('body.registeredFacilityCode');
  });

  it('voids a card entered by mistake instead of deleting it', async () => {
    const id = household.members[1]!.id;
    const [card] = (await head.request('GET', `/api/v1/residents/${id}/insurance-cards`)).json();
    const res = await head.request('PATCH', `/api/v1/insurance-cards/${card.id}`, {
      voidReason: 'nhập nhầm thẻ',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ validNow: false, voidReason: 'nhập nhầm thẻ' });
    expect(res.json().voidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await head.request('GET', `/api/v1/residents/${id}/insurance-cards`)).json()).toHaveLength(1);
    expect((await head.request('GET', `/api/v1/residents/${id}`)).json().insurance.insuredToday).toBe(false);
  });

  it('counts the insured residents of a unit (target T3)', async () => {
    const res = await head.request('GET', `/api/v1/people/coverage?unit=${hamlet.code}`);
    expect(res.statusCode).toBe(200);
    // Hùng (card this year), Lan (voided), Khôi (none).
    expect(res.json()).toMatchObject({ unitCode: hamlet.code, residents: 3, insured: 1, healthManaged: 0 });
    expect(res.json().insuredShare).toBeCloseTo(1 / 3, 3);
    const on2020 = async () =>
      (await head.request('GET', `/api/v1/people/coverage?unit=${hamlet.code}&on=2020-07-01`)).json();
    // Nobody was registered yet in 2020 …
    expect(await on2020()).toMatchObject({ residents: 0, insured: 0 });
    // … but had the register been built in 2019, Hùng's card of the time would count.
    await t.db.orm.execute(
      sql`UPDATE residents SET created_at = '2019-01-01T09:00:00+07' WHERE unit_path <@ ${hamlet.path}::ltree`,
    );
    expect(await on2020()).toMatchObject({ residents: 3, insured: 1 });
  });
});

describe('search', () => {
  beforeAll(async () => {
    for (const [fullName, sex, birthDate] of [
      ['Nguyễn Văn Hưng', 'male', '1985-07-01'],
      ['Nguyễn Thị Hương', 'female', '1992-03-08'],
      ['Đặng Quốc Hùng', 'male', '1979-11-20'],
      ['Hoàng Thị Hà', 'female', '2001-05-05'],
    ] as const) {
      const res = await head.request('POST', '/api/v1/residents', {
        fullName,
        sex,
        birthDate,
        currentAddress: { unitCode: '06862', line: 'Khu 3' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  const search = async (q: string, extra = '') => {
    const res = await head.request('GET', `/api/v1/residents?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: { id: string; fullName: string; score: number; insuredToday: boolean }[];
      total: number;
    };
  };

  it('finds a name typed with diacritics, best match first', async () => {
    const found = await search('Nguyễn Văn Hùng');
    expect(found.items[0]!.fullName).toBe('Nguyễn Văn Hùng');
    expect(found.items.map((i) => i.fullName)).toContain('Nguyễn Văn Hưng');
  });

  it('finds the same names typed without diacritics, in any case', async () => {
    const found = await search('nguyen van hung');
    expect(
      found.items
        .slice(0, 2)
        .map((i) => i.fullName)
        .sort(),
    ).toEqual(['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng']);
    expect((await search('DANG QUOC')).items[0]!.fullName).toBe('Đặng Quốc Hùng');
  });

  it('still finds a misspelt name, when nothing matches exactly', async () => {
    const found = await search('nguyen van hugn');
    expect(
      found.items
        .map((i) => i.fullName)
        .slice(0, 2)
        .sort(),
    ).toEqual(['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng']);
  });

  it('still finds a name misspelt from its first letters, when nothing else matches', async () => {
    // "gnuyen": not a beginning of any word of the commune, so past the beginnings of words to the
    // trigram comparison over the area.
    const found = await search('gnuyen van hung');
    expect(found.items.map((i) => i.fullName)).toEqual(
      expect.arrayContaining(['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng']),
    );
  });

  it('finds by given name alone and by words out of order', async () => {
    const hung = await search('hung');
    expect(hung.items.map((i) => i.fullName)).toEqual(
      expect.arrayContaining(['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng', 'Đặng Quốc Hùng']),
    );
    expect(hung.items.map((i) => i.fullName)).not.toContain('Hoàng Thị Hà');
    expect((await search('huong nguyen')).items[0]!.fullName).toBe('Nguyễn Thị Hương');
  });

  it('finds names from the beginnings of their words, as they are typed', async () => {
    const typing = await search('nguyen van hu');
    expect(typing.items.map((i) => i.fullName)).toEqual(
      expect.arrayContaining(['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng']),
    );
    expect(typing.items.map((i) => i.fullName)).not.toContain('Nguyễn Thị Hương');
    expect((await search('đặng q')).items.map((i) => i.fullName)).toContain('Đặng Quốc Hùng');
  });

  it('finds by personal ID, phone, insurance code and social-insurance number', async () => {
    expect((await search('022085012345')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn Hùng']);
    expect((await search('0912345678')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn Hùng']);
    expect((await search('+84 912 345 678')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn Hùng']);
    expect((await search('GD4220120152431')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn Hùng']);
    expect((await search('0120152431')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn Hùng']);
  });

  it('narrows a name by birth year, and finds by birth year alone', async () => {
    expect((await search('hung 1979')).items.map((i) => i.fullName)).toEqual(['Đặng Quốc Hùng']);
    // Each result says whether the person is insured today (the list's badge).
    expect((await search('GD4220120152431')).items[0]).toMatchObject({ insuredToday: true });
    expect((await search('hung 1979')).items[0]).toMatchObject({ insuredToday: false });
    expect((await search('1992')).items.map((i) => i.fullName)).toEqual(['Nguyễn Thị Hương']);
  });

  it("finds the people of a hamlet by the hamlet's name", async () => {
    const found = await search('dong ma');
    expect(found.items.map((i) => i.fullName).sort()).toEqual([
      'Nguyễn Minh Khôi',
      'Nguyễn Văn Hùng',
      'Trần Thị Lan',
    ]);
  });

  it('filters by unit and pages through the results, audited with the ids shown', async () => {
    const inHamlet = await search('nguyen', `&unit=${hamlet.code}`);
    expect(inHamlet.items.map((i) => i.fullName).sort()).toEqual(['Nguyễn Minh Khôi', 'Nguyễn Văn Hùng']);
    const page1 = await search('nguyen', '&limit=2&offset=0');
    const page2 = await search('nguyen', '&limit=2&offset=2');
    expect(page1.total).toBe(4);
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(2);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(4);
    const [event] = (await personAudits({ actorUsername: 'people.head', action: 'list' }, 1)).items;
    expect(event!.details.ids).toEqual(page2.items.map((i) => i.id));
  });

  it('lists without a query by place and name, and answers an unknown unit with 422', async () => {
    const all = (await head.request('GET', '/api/v1/residents?limit=500')).json();
    expect(all.total).toBe(7);
    expect((await head.request('GET', '/api/v1/residents?unit=06999')).statusCode).toBe(422);
  });
});
