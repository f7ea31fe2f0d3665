import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../core/actor.js';
import { rows, type Database } from '../db/connection.js';
import { unitsRelation } from '../modules/network/index.js';
import {
  checkPersonalId,
  coverage,
  healthRecordDocument,
  parseInsuranceCode,
  searchResidents,
  type PeopleBulk,
} from '../modules/people/index.js';
import { codeValuesRelation } from '../modules/terminology/index.js';
import { testDatabase, type TestDatabase } from '../test-support/db.js';
import { generateNetworkDemo } from './network.js';
import {
  DEMO_FACTOR,
  generatePeopleDemo,
  RESIDENTS_CAP,
  runPeopleDemo,
  type PeopleDemoSummary,
} from './people.js';
import { createRng } from './random.js';

const TODAY = '2026-03-15';
const SCALE = 0.15;

async function makeDemo(t: TestDatabase, seed: number) {
  const root = createRng(seed);
  await generateNetworkDemo(t.db, {
    provinceCode: '22',
    scale: SCALE,
    rng: root.fork('network'),
    today: TODAY,
  });
  return runPeopleDemo(t.db, {
    provinceCode: '22',
    scale: SCALE,
    rng: root.fork('people'),
    today: TODAY,
  });
}

/** The residents written, without ids, in a stable order, hashed. */
function digest(written: PeopleBulk): string {
  const people = written.residents
    .map((r) =>
      JSON.stringify([
        r.fullName,
        r.sex,
        r.birthDate,
        r.birthYear,
        r.personalId,
        r.ethnicity,
        r.phones,
        r.status,
        r.relationToHead,
        r.unitPath,
      ]),
    )
    .sort();
  return createHash('sha256').update(people.join('\n')).digest('hex');
}

describe('the people demo (Quảng Ninh, scale 0.15)', () => {
  let t: TestDatabase;
  let db: Database;
  let summary: PeopleDemoSummary;
  let written: PeopleBulk;

  beforeAll(async () => {
    t = await testDatabase();
    db = t.db;
    ({ summary, rows: written } = await makeDemo(t, 7));
  }, 120_000);
  afterAll(async () => t?.close());

  it('sizes each commune from its population, scaled and capped', async () => {
    const communes = await rows<{ code: string; path: string; population: number | null }>(
      db.orm,
      sql`SELECT code, path::text AS path, population FROM ${unitsRelation} u
          WHERE level = 'commune' AND map = 'post2025'`,
    );
    // post2025.p22.c06709(.h001): a resident's commune is the first three labels of their path.
    const residentsOf = new Map<string, number>();
    for (const r of written.residents) {
      const commune = r.unitPath.split('.').slice(0, 3).join('.');
      residentsOf.set(commune, (residentsOf.get(commune) ?? 0) + 1);
    }
    const perCommune = communes
      .map((c) => ({ ...c, n: residentsOf.get(c.path) ?? 0 }))
      .filter((c) => c.n > 0);
    expect(perCommune).toHaveLength(54);
    for (const c of perCommune) {
      const target = Math.round(Math.min((c.population ?? 20_000) * DEMO_FACTOR, RESIDENTS_CAP) * SCALE);
      expect(c.n, c.code).toBeGreaterThanOrEqual(target);
      expect(c.n, c.code).toBeLessThan(target + 12); // the last household may overshoot
    }
    expect(summary.residents).toBe(perCommune.reduce((s, c) => s + c.n, 0));
    expect(summary.residents / summary.households).toBeGreaterThan(2.8);
    expect(summary.residents / summary.households).toBeLessThan(4.5);
  });

  it('keeps every household and its members in one hamlet, with one living head at most', async () => {
    const households = new Map(written.households.map((h) => [h.id, h]));
    const ids = new Set(written.residents.map((r) => r.id));
    const heads = new Map<string, number>();
    let misplaced = 0;
    let dangling = 0;
    for (const r of written.residents) {
      const h = r.householdId ? households.get(r.householdId) : undefined;
      if (h && (r.unitPath !== h.unitPath || r.currentUnitId !== h.unitId)) misplaced++;
      if ((r.motherId && !ids.has(r.motherId)) || !h) dangling++;
      if (r.relationToHead === 'head' && r.status === 'active')
        heads.set(r.householdId!, (heads.get(r.householdId!) ?? 0) + 1);
    }
    const twoHeads = [...heads.values()].filter((n) => n > 1).length;
    expect({ misplaced, heads: twoHeads, dangling }).toEqual({ misplaced: 0, heads: 0, dangling: 0 });
    const hamlets = new Set(
      (await rows<{ id: string }>(db.orm, sql`SELECT id FROM ${unitsRelation} u WHERE level = 'hamlet'`)).map(
        (h) => h.id,
      ),
    );
    expect(written.residents.filter((r) => !hamlets.has(r.currentUnitId))).toEqual([]);
  });

  it("gives children their father's family name, and mothers old enough", () => {
    const byId = new Map(written.residents.map((r) => [r.id, r]));
    const kids = written.residents
      .filter((c) => c.fatherId && byId.has(c.fatherId))
      .map((c) => ({
        child: c.fullName,
        father: byId.get(c.fatherId!)!.fullName,
        childYear: c.birthYear,
        motherYear: c.motherId ? (byId.get(c.motherId)?.birthYear ?? null) : null,
      }));
    expect(kids.length).toBeGreaterThan(summary.residents * 0.2);
    const same = kids.filter((k) => k.child.split(' ')[0] === k.father.split(' ')[0]).length;
    expect(same / kids.length).toBeGreaterThan(0.97);
    for (const k of kids) if (k.motherYear) expect(k.childYear - k.motherYear).toBeGreaterThanOrEqual(18);
  });

  it('draws a realistic pyramid: about a fifth to a quarter children, a tenth over 64, as many men as women', () => {
    const { under15, from15to64, over64, male } = summary.ages;
    const living = summary.byStatus.active;
    expect(under15 + from15to64 + over64).toBe(living);
    expect(under15 / living).toBeGreaterThan(0.18);
    expect(under15 / living).toBeLessThan(0.28);
    expect(over64 / living).toBeGreaterThan(0.06);
    expect(over64 / living).toBeLessThan(0.13);
    expect(male / living).toBeGreaterThan(0.46);
    expect(male / living).toBeLessThan(0.54);
    expect(summary.byStatus.dead).toBeGreaterThan(0);
  });

  it('gives personal IDs that match sex and birth year, unique', () => {
    const ids = written.residents.filter((r) => r.personalId != null);
    expect(ids.length / summary.residents).toBeGreaterThan(0.9);
    expect(new Set(ids.map((i) => i.personalId)).size).toBe(ids.length);
    for (const i of ids)
      expect(
        checkPersonalId(i.personalId!, { sex: i.sex, birthYear: i.birthYear }, 2026),
        i.personalId!,
      ).toEqual([]);
  });

  it('insures about 94 % with cards that parse and groups on the code list (target T3)', async () => {
    const cover = await coverage(db.orm, systemActor('test'), { unit: '22', on: TODAY });
    expect(cover.residents).toBe(summary.byStatus.active);
    expect(cover.insured).toBe(summary.insuredToday);
    expect(cover.insuredShare).toBeGreaterThan(0.92);
    expect(cover.insuredShare).toBeLessThan(0.965);
    const groupsOnList = new Set(
      (
        await rows<{ code: string }>(
          db.orm,
          sql`SELECT code FROM ${codeValuesRelation} cv WHERE system = 'insurance-beneficiary-group'`,
        )
      ).map((g) => g.code),
    );
    for (const c of written.cards) {
      const parsed = parseInsuranceCode(c.code);
      expect('info' in parsed && parsed.info.socialInsuranceNumber, c.code).toBe(c.socialInsuranceNumber);
      expect(groupsOnList.has(c.beneficiaryGroup!), c.beneficiaryGroup!).toBe(true);
    }
    const groups = new Set(written.cards.map((c) => c.beneficiaryGroup));
    for (const g of ['TE', 'HS', 'GD', 'DN', 'HT', 'BT']) expect(groups).toContain(g);
  });

  it('manages about 70 % with an 831 record reviewed in the last 12 months, every version valid (target T5)', async () => {
    const cover = await coverage(db.orm, systemActor('test'), { unit: '22', on: TODAY });
    expect(cover.healthManaged).toBe(summary.healthManaged);
    expect(cover.healthManagedShare).toBeGreaterThan(0.64);
    expect(cover.healthManagedShare).toBeLessThan(0.76);
    const current = new Map(written.healthRecords.map((h) => [h.id, h.currentVersion]));
    expect(written.healthRecordVersions.length).toBe(summary.recordVersions);
    for (const v of written.healthRecordVersions)
      expect(healthRecordDocument.safeParse(v.document).success).toBe(true);
    expect(written.healthRecordVersions.every((v) => v.version <= current.get(v.recordId)!)).toBe(true);
  });

  it('puts risk factors in realistic proportions: men smoke far more than women', () => {
    const recordOf = new Map(written.healthRecords.map((h) => [h.residentId, h]));
    const documentOf = new Map(written.healthRecordVersions.map((v) => [`${v.recordId}:${v.version}`, v]));
    const s = { men: 0, menSmoking: 0, women: 0, womenSmoking: 0, hypertension: 0, adults: 0 };
    for (const r of written.residents) {
      const record = recordOf.get(r.id);
      if (!record || 2026 - r.birthYear < 18) continue;
      const { history } = documentOf.get(`${record.id}:${record.currentVersion}`)!.document;
      const smoking = history.riskFactors?.tobacco?.status === 'current';
      s.adults++;
      if (r.sex === 'male') {
        s.men++;
        if (smoking) s.menSmoking++;
      } else {
        s.women++;
        if (smoking) s.womenSmoking++;
      }
      if (history.diseases?.some((d) => d.icd10 === 'I10')) s.hypertension++;
    }
    expect(s.menSmoking / s.men).toBeGreaterThan(0.33);
    expect(s.menSmoking / s.men).toBeLessThan(0.5);
    expect(s.womenSmoking / s.women).toBeLessThan(0.05);
    expect(s.hypertension / s.adults).toBeGreaterThan(0.05);
    expect(s.hypertension / s.adults).toBeLessThan(0.2);
  });

  it('rebuilds the indexes it dropped for the load, and search works on the result', async () => {
    const names = (
      await rows<{ indexname: string }>(
        db.orm,
        sql`SELECT indexname FROM pg_indexes WHERE tablename = 'residents'`,
      )
    ).map((r) => r.indexname);
    expect(names).toEqual(
      expect.arrayContaining([
        'residents_search_name_trgm',
        'residents_unit_path_gist',
        'residents_one_head_uq',
      ]),
    );
    const [someone] = written.residents
      .filter((r) => r.status === 'active' && r.personalId != null)
      .sort((a, b) => a.personalId!.localeCompare(b.personalId!));
    const ascii = someone!.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    const found = await searchResidents(db.orm, systemActor('test'), { q: ascii }, { limit: 50, offset: 0 });
    expect(found.items.map((r) => r.id)).toContain(someone!.id);
    expect(found.items[0]!.fullName).toBe(someone!.fullName);
  });

  it('refuses to run twice on the same province', async () => {
    await expect(
      generatePeopleDemo(db, {
        provinceCode: '22',
        scale: SCALE,
        rng: createRng(7).fork('people'),
        today: TODAY,
      }),
    ).rejects.toThrow(/already has/);
  });

  it('makes the same people again from the same seed', async () => {
    const fresh = await testDatabase();
    try {
      const again = await makeDemo(fresh, 7);
      expect(again.summary).toEqual(summary);
      expect(digest(again.rows)).toBe(digest(written));
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
