import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { rows, type Database } from '../../db/connection.js';
import { createRng } from '../../demo/random.js';
import { testDatabase, type TestDatabase } from '../../test-support/db.js';
import { generateNetworkDemo } from '../network/demo.js';
import { coverage } from './cards.js';
import { checkPersonalId, healthRecordDocument, parseInsuranceCode } from './contracts.js';
import { DEMO_FACTOR, generatePeopleDemo, RESIDENTS_CAP, type PeopleDemoSummary } from './demo.js';
import { searchResidents } from './residents.js';

const TODAY = '2026-03-15';
const SCALE = 0.15;

async function makeDemo(t: TestDatabase, seed: number): Promise<PeopleDemoSummary> {
  const root = createRng(seed);
  await generateNetworkDemo(t.db, {
    provinceCode: '22',
    scale: SCALE,
    rng: root.fork('network'),
    today: TODAY,
  });
  return generatePeopleDemo(t.db, {
    provinceCode: '22',
    scale: SCALE,
    rng: root.fork('people'),
    today: TODAY,
  });
}

async function digest(db: Database): Promise<string> {
  const people = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT full_name, sex, birth_date, birth_year, personal_id, ethnicity, phones, status, relation_to_head, unit_path::text
        FROM residents ORDER BY unit_path, full_name, birth_year, personal_id`,
  );
  return createHash('sha256').update(JSON.stringify(people)).digest('hex');
}

describe('the people demo (Quảng Ninh, scale 0.15)', () => {
  let t: TestDatabase;
  let db: Database;
  let summary: PeopleDemoSummary;

  beforeAll(async () => {
    t = await testDatabase();
    db = t.db;
    summary = await makeDemo(t, 7);
  }, 120_000);
  afterAll(async () => t?.close());

  it('sizes each commune from its population, scaled and capped', async () => {
    const perCommune = await rows<{ code: string; population: number | null; n: number; households: number }>(
      db.orm,
      sql`SELECT c.code, c.population, count(r.id)::int AS n, count(DISTINCT r.household_id)::int AS households
          FROM admin_units c JOIN residents r ON r.unit_path <@ c.path
          WHERE c.level = 'commune' AND c.map = 'post2025' GROUP BY c.code, c.population`,
    );
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
    const [bad] = await rows<{ misplaced: number; heads: number; dangling: number }>(
      db.orm,
      sql`SELECT
            (SELECT count(*)::int FROM residents r JOIN households h ON h.id = r.household_id
              WHERE r.unit_path <> h.unit_path OR r.current_unit_id <> h.unit_id) AS misplaced,
            (SELECT count(*)::int FROM (SELECT household_id FROM residents WHERE relation_to_head = 'head' AND status = 'active'
              GROUP BY household_id HAVING count(*) > 1) x) AS heads,
            (SELECT count(*)::int FROM residents r WHERE (r.mother_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM residents m WHERE m.id = r.mother_id))
              OR NOT EXISTS (SELECT 1 FROM households h WHERE h.id = r.household_id)) AS dangling`,
    );
    expect(bad).toEqual({ misplaced: 0, heads: 0, dangling: 0 });
    const [levels] = await rows<{ hamlet: number; all: number }>(
      db.orm,
      sql`SELECT count(*) FILTER (WHERE u.level = 'hamlet')::int AS hamlet, count(*)::int AS all
          FROM residents r JOIN admin_units u ON u.id = r.current_unit_id`,
    );
    expect(levels!.hamlet).toBe(levels!.all);
  });

  it("gives children their father's family name, and mothers old enough", async () => {
    const kids = await rows<{ child: string; father: string; childYear: number; motherYear: number | null }>(
      db.orm,
      sql`SELECT c.full_name AS child, f.full_name AS father, c.birth_year AS "childYear", m.birth_year AS "motherYear"
          FROM residents c JOIN residents f ON f.id = c.father_id LEFT JOIN residents m ON m.id = c.mother_id`,
    );
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

  it('gives personal IDs that match sex and birth year, unique', async () => {
    const ids = await rows<{ personal_id: string; sex: 'male' | 'female'; birth_year: number }>(
      db.orm,
      sql`SELECT personal_id, sex, birth_year FROM residents WHERE personal_id IS NOT NULL`,
    );
    expect(ids.length / summary.residents).toBeGreaterThan(0.9);
    expect(new Set(ids.map((i) => i.personal_id)).size).toBe(ids.length);
    for (const i of ids)
      expect(
        checkPersonalId(i.personal_id, { sex: i.sex, birthYear: i.birth_year }, 2026),
        i.personal_id,
      ).toEqual([]);
  });

  it('insures about 94 % with cards that parse and groups on the code list (target T3)', async () => {
    const cover = await coverage(db.orm, systemActor('test'), { unit: '22', on: TODAY });
    expect(cover.residents).toBe(summary.byStatus.active);
    expect(cover.insured).toBe(summary.insuredToday);
    expect(cover.insuredShare).toBeGreaterThan(0.92);
    expect(cover.insuredShare).toBeLessThan(0.965);
    const cards = await rows<{ code: string; group: string; sin: string; known: boolean }>(
      db.orm,
      sql`SELECT c.code, c.beneficiary_group AS group, c.social_insurance_number AS sin,
            EXISTS (SELECT 1 FROM code_values v WHERE v.system = 'insurance-beneficiary-group' AND v.code = c.beneficiary_group) AS known
          FROM insurance_cards c`,
    );
    for (const c of cards) {
      const parsed = parseInsuranceCode(c.code);
      expect('info' in parsed && parsed.info.socialInsuranceNumber, c.code).toBe(c.sin);
      expect(c.known, c.group).toBe(true);
    }
    const groups = new Set(cards.map((c) => c.group));
    for (const g of ['TE', 'HS', 'GD', 'DN', 'HT', 'BT']) expect(groups).toContain(g);
  });

  it('manages about 70 % with an 831 record reviewed in the last 12 months, every version valid (target T5)', async () => {
    const cover = await coverage(db.orm, systemActor('test'), { unit: '22', on: TODAY });
    expect(cover.healthManaged).toBe(summary.healthManaged);
    expect(cover.healthManagedShare).toBeGreaterThan(0.64);
    expect(cover.healthManagedShare).toBeLessThan(0.76);
    const versions = await rows<{ document: unknown; version: number; current: number }>(
      db.orm,
      sql`SELECT v.document, v.version, h.current_version AS current FROM health_record_versions v JOIN health_records h ON h.id = v.record_id`,
    );
    expect(versions.length).toBe(summary.recordVersions);
    for (const v of versions) expect(healthRecordDocument.safeParse(v.document).success).toBe(true);
    expect(versions.every((v) => v.version <= v.current)).toBe(true);
  });

  it('puts risk factors in realistic proportions: men smoke far more than women', async () => {
    const [s] = await rows<{
      men: number;
      menSmoking: number;
      women: number;
      womenSmoking: number;
      hypertension: number;
      adults: number;
    }>(
      db.orm,
      sql`SELECT count(*) FILTER (WHERE r.sex = 'male')::int AS men,
            count(*) FILTER (WHERE r.sex = 'male' AND d.document #>> '{history,riskFactors,tobacco,status}' = 'current')::int AS "menSmoking",
            count(*) FILTER (WHERE r.sex = 'female')::int AS women,
            count(*) FILTER (WHERE r.sex = 'female' AND d.document #>> '{history,riskFactors,tobacco,status}' = 'current')::int AS "womenSmoking",
            count(*) FILTER (WHERE d.document -> 'history' -> 'diseases' @> '[{"icd10":"I10"}]')::int AS hypertension,
            count(*)::int AS adults
          FROM residents r JOIN health_records h ON h.resident_id = r.id
          JOIN health_record_versions d ON d.record_id = h.id AND d.version = h.current_version
          WHERE ${2026} - r.birth_year >= 18`,
    );
    expect(s!.menSmoking / s!.men).toBeGreaterThan(0.33);
    expect(s!.menSmoking / s!.men).toBeLessThan(0.5);
    expect(s!.womenSmoking / s!.women).toBeLessThan(0.05);
    expect(s!.hypertension / s!.adults).toBeGreaterThan(0.05);
    expect(s!.hypertension / s!.adults).toBeLessThan(0.2);
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
    const [someone] = await rows<{ full_name: string; id: string }>(
      db.orm,
      sql`SELECT id, full_name FROM residents WHERE status = 'active' ORDER BY personal_id LIMIT 1`,
    );
    const ascii = someone!.full_name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    const found = await searchResidents(db.orm, systemActor('test'), { q: ascii }, { limit: 50, offset: 0 });
    expect(found.items.map((r) => r.id)).toContain(someone!.id);
    expect(found.items[0]!.fullName).toBe(someone!.full_name);
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
    const first = await digest(db);
    const fresh = await testDatabase();
    try {
      const again = await makeDemo(fresh, 7);
      expect(again).toEqual(summary);
      expect(await digest(fresh.db)).toBe(first);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
