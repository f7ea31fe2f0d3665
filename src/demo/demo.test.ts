import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../db/connection.js';
import { findUserByUsername, login } from '../modules/accounts/service.js';
import { HAMLET_TYPES } from '../modules/network/contracts.js';
import { testDatabase, type TestDatabase } from '../test-support/db.js';
import { DEMO_PASSWORD, generateDemo, hasData, type DemoResult } from './index.js';
import { hamletName, hamletNames, personName, type NameStyle } from './names.js';
import { createRng } from './random.js';

const TODAY = '2026-03-15';
const OPTIONS = { provinceCode: '22', scale: 0.3, seed: 1, today: TODAY } as const;

/** Everything the demo generated except ids, in a stable order, hashed. */
async function digest(db: Database): Promise<{ hash: string; staffNames: string[] }> {
  const staff = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT full_name, sex, birth_date, title, unit_path::text, full_time, trained, phone, active_from, active_to
        FROM staff_members ORDER BY unit_path, title, full_name, birth_date`,
  );
  const facilities = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT f.code, f.name, f.kind, f.station_model, f.unit_path::text, p.code AS parent, f.address, f.phone, f.active_from, f.active_to
        FROM facilities f LEFT JOIN facilities p ON p.id = f.parent_facility_id ORDER BY f.code`,
  );
  const hamlets = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT code, path::text, unit_type, name, full_name, name_en, full_name_en, population FROM admin_units WHERE level = 'hamlet' ORDER BY code`,
  );
  const hash = createHash('sha256').update(JSON.stringify({ staff, facilities, hamlets })).digest('hex');
  return { hash, staffNames: staff.map((s) => String(s.full_name)).sort() };
}

describe('the demo generator on an empty database (Quảng Ninh, scale 0.3, seed 1)', () => {
  let t: TestDatabase;
  let db: Database;
  let result: DemoResult;
  let first: Awaited<ReturnType<typeof digest>>;
  let unknownProvince: unknown;
  let provincePath: string;

  beforeAll(async () => {
    // A fresh copy of the migrated database with the reference units (the run's template).
    t = await testDatabase();
    db = t.db;
    unknownProvince = await generateDemo(db, { provinceCode: '99' }).catch((e: unknown) => e);
    result = await generateDemo(db, OPTIONS);
    first = await digest(db);
    const [p] = await rows<{ path: string }>(
      db.orm,
      sql`SELECT path::text AS path FROM admin_units WHERE map = 'post2025' AND code = '22'`,
    );
    provincePath = p!.path;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an unknown province and lists the province codes', () => {
    expect(unknownProvince).toBeInstanceOf(Error);
    const message = (unknownProvince as Error).message;
    expect(message).toContain('"99"');
    expect(message).toContain('22 Quảng Ninh');
    expect(message).toContain('01 Hà Nội');
  });

  it('gives every commune of the province exactly one commune station, under a health centre of the province', async () => {
    const communes = await rows<{
      code: string;
      stations: number;
      parent_kind: string | null;
      parent_path: string | null;
    }>(
      db.orm,
      sql`SELECT c.code, count(f.id)::int AS stations, min(p.kind) AS parent_kind, min(p.unit_path::text) AS parent_path
          FROM admin_units c
          LEFT JOIN facilities f ON f.unit_id = c.id AND f.kind = 'commune_station'
          LEFT JOIN facilities p ON p.id = f.parent_facility_id
          WHERE c.map = 'post2025' AND c.level = 'commune' AND c.path <@ ${provincePath}::ltree
          GROUP BY c.code`,
    );
    expect(communes).toHaveLength(54);
    for (const c of communes) {
      expect(c.stations, `commune ${c.code}`).toBe(1);
      expect(c.parent_kind, `parent of the station of ${c.code}`).toBe('health_centre');
      expect(c.parent_path!.startsWith(`${provincePath}.`)).toBe(true);
    }
    expect(result.network.facilities.commune_station).toBe(54);
    const centres = await rows<{ code: string }>(
      db.orm,
      sql`SELECT code FROM facilities WHERE kind = 'health_centre'`,
    );
    expect(centres.length).toBeGreaterThanOrEqual(Math.floor(54 / 10));
    expect(centres.length).toBeLessThanOrEqual(Math.ceil(54 / 4));
    for (const c of centres) expect(c.code).toMatch(/^22\d{3}$/);
  });

  it('puts every hamlet under a commune of the province and has it served by that commune station', async () => {
    const hamlets = await rows<{
      code: string;
      path: string;
      commune: string;
      commune_level: string;
      station_unit: string | null;
      links: number;
    }>(
      db.orm,
      sql`SELECT h.code, h.path::text AS path, c.code AS commune, c.level AS commune_level,
            (SELECT u.code FROM station_hamlets sh JOIN facilities f ON f.id = sh.facility_id JOIN admin_units u ON u.id = f.unit_id
              WHERE sh.hamlet_id = h.id AND f.kind = 'commune_station') AS station_unit,
            (SELECT count(*)::int FROM station_hamlets sh WHERE sh.hamlet_id = h.id) AS links
          FROM admin_units h JOIN admin_units c ON c.id = h.parent_id
          WHERE h.level = 'hamlet' ORDER BY h.code`,
    );
    expect(hamlets.length).toBe(result.network.hamlets);
    expect(hamlets.length).toBeGreaterThanOrEqual(54 * 3);
    for (const h of hamlets) {
      expect(h.commune_level).toBe('commune');
      expect(h.path.startsWith(`${provincePath}.c${h.commune}.h`)).toBe(true);
      expect(h.code).toMatch(new RegExp(`^${h.commune}-\\d{3}$`));
      expect(h.path.endsWith(`.h${h.code.split('-')[1]}`)).toBe(true);
      expect(h.links).toBe(1);
      expect(h.station_unit).toBe(h.commune);
    }
    const perCommune = await rows<{ n: number }>(
      db.orm,
      sql`SELECT count(*)::int AS n FROM admin_units WHERE level = 'hamlet' GROUP BY parent_id`,
    );
    expect(Math.min(...perCommune.map((r) => r.n))).toBeGreaterThanOrEqual(3);
    const types = await rows<{ unit_type: string }>(
      db.orm,
      sql`SELECT DISTINCT unit_type FROM admin_units WHERE level = 'hamlet'`,
    );
    for (const t of types) expect(HAMLET_TYPES as readonly string[]).toContain(t.unit_type);
  });

  it('keeps staff inside the province, at their facility or hamlet, with plausible ages, phones and dates', async () => {
    const staff = await rows<{
      unit_path: string;
      place_path: string;
      title: string;
      age: number;
      phone: string | null;
      active_from: string;
      active_to: string | null;
      full_name: string;
    }>(
      db.orm,
      sql`SELECT s.unit_path::text AS unit_path, coalesce(f.unit_path, h.path)::text AS place_path, s.title, s.full_name,
            date_part('year', age(${TODAY}::date, s.birth_date))::int AS age, s.phone, s.active_from, s.active_to
          FROM staff_members s LEFT JOIN facilities f ON f.id = s.facility_id LEFT JOIN admin_units h ON h.id = s.hamlet_id`,
    );
    expect(staff.length).toBe(result.network.staff.total);
    const titles = new Set(
      (
        await rows<{ code: string }>(db.orm, sql`SELECT code FROM code_values WHERE system = 'staff-title'`)
      ).map((r) => r.code),
    );
    expect(titles.size).toBeGreaterThan(0);
    for (const s of staff) {
      expect(s.unit_path.startsWith(`${provincePath}.`)).toBe(true);
      expect(s.unit_path).toBe(s.place_path);
      if (s.phone) expect(s.phone).toMatch(/^0[3789]\d{8}$/);
      if (s.active_to) expect(s.active_to < TODAY).toBe(true);
      else expect(s.age).toBeGreaterThanOrEqual(23);
      if (!s.active_to) expect(s.age).toBeLessThanOrEqual(60);
      expect(s.active_from <= TODAY).toBe(true);
      expect(s.full_name.split(' ').length).toBeGreaterThanOrEqual(2);
      expect(titles).toContain(s.title);
    }
    expect(result.network.staff.former).toBeGreaterThan(0);
  });

  it('reports coverage that matches the rows (what targets T1 and T2 will count)', async () => {
    const [t1] = await rows<{ n: number }>(
      db.orm,
      sql`SELECT count(DISTINCT f.id)::int AS n FROM facilities f JOIN staff_members s ON s.facility_id = f.id
          WHERE f.kind = 'commune_station' AND s.title = 'doctor' AND s.full_time AND s.active_to IS NULL`,
    );
    const [t2] = await rows<{ n: number; trained: number }>(
      db.orm,
      sql`SELECT count(DISTINCT s.hamlet_id)::int AS n, count(DISTINCT s.hamlet_id) FILTER (WHERE s.trained)::int AS trained
          FROM staff_members s WHERE s.title = 'village_health_worker' AND s.active_to IS NULL`,
    );
    expect(t1!.n).toBe(result.network.coverage.stationsWithFullTimeDoctor);
    expect(t2!.n).toBe(result.network.coverage.hamletsWithVhw);
    expect(t2!.trained).toBe(result.network.coverage.hamletsWithTrainedVhw);
    // Most, not all: the demo leaves gaps for the indicators to find.
    expect(t1!.n).toBeGreaterThan(54 * 0.4);
    expect(t1!.n).toBeLessThan(54);
    expect(t2!.n / result.network.hamlets).toBeGreaterThan(0.8);
  });

  it('audits one event per generated table', async () => {
    const events = await rows<{ table: string }>(
      db.orm,
      sql`SELECT details->>'table' AS table FROM audit_events WHERE entity_type = 'demo' ORDER BY seq`,
    );
    expect(events.map((e) => e.table)).toEqual([
      'admin_units',
      'facilities',
      'station_hamlets',
      'staff_members',
    ]);
  });

  it('creates demo accounts at each level that can sign in with the demo password', async () => {
    const byName = new Map(result.accounts.map((a) => [a.username, a]));
    expect([...byName.keys()].sort()).toEqual([
      'admin',
      'bacsi',
      'sogiamdoc',
      'thanhtra',
      'truongtram',
      'truongtram2',
      'ytthon',
    ]);
    expect(byName.get('admin')!.unitCode).toBe('VN');
    expect(byName.get('sogiamdoc')).toMatchObject({ role: 'province_manager', unitCode: '22' });
    expect(byName.get('thanhtra')).toMatchObject({ role: 'auditor', unitCode: '22' });
    const head = byName.get('truongtram')!;
    expect(head.role).toBe('station_head');
    expect(head.unitName.startsWith('Xã ')).toBe(true);
    expect(byName.get('bacsi')).toMatchObject({ role: 'clinician', unitCode: head.unitCode });
    expect(byName.get('ytthon')).toMatchObject({ role: 'village_health_worker', unitCode: head.unitCode });
    expect(byName.get('truongtram2')!.unitCode).not.toBe(head.unitCode);
    for (const a of result.accounts) {
      const user = await findUserByUsername(db.orm, a.username);
      expect(user, a.username).toBeDefined();
      expect(a.password).toBe(DEMO_PASSWORD);
    }
    const signedIn = await login(db.orm, 'truongtram', DEMO_PASSWORD, {});
    expect(signedIn.me.unitCode).toBe(head.unitCode);
  });

  it('refuses to run a second time on the same database', async () => {
    expect(await hasData(db)).toBe(true);
    await expect(generateDemo(db, OPTIONS)).rejects.toThrow(/already holds facilities/);
  });

  it('generates the same data again from the same seed on a fresh database', async () => {
    const fresh = await testDatabase();
    let again: DemoResult;
    let second: Awaited<ReturnType<typeof digest>>;
    try {
      again = await generateDemo(fresh.db, OPTIONS);
      second = await digest(fresh.db);
    } finally {
      await fresh.close();
    }
    expect(second.staffNames).toEqual(first.staffNames);
    expect(second.hash).toBe(first.hash);
    expect(again.network).toEqual(result.network);
    expect(again.accounts).toEqual(result.accounts);
  }, 60_000);
});

describe('random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => r.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks streams that do not depend on how much the parent was used', () => {
    const a = createRng(7);
    const b = createRng(7);
    b.next();
    b.next();
    expect(a.fork('staff').int(0, 1e9)).toBe(b.fork('staff').int(0, 1e9));
    expect(a.fork('staff').int(0, 1e9)).not.toBe(a.fork('hamlets').int(0, 1e9));
  });

  it('keeps ints, dates and picks inside their bounds', () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(-2, 3);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(3);
      seen.add(n);
      const d = r.date('2024-02-27', '2024-03-02');
      expect(d >= '2024-02-27' && d <= '2024-03-02').toBe(true);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2, 3].sort());
    expect(() => r.int(3, 2)).toThrow();
    expect(() => r.pick([])).toThrow();
  });

  it('draws weighted values in proportion and never a zero weight', () => {
    const r = createRng(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        r.weighted([
          ['a', 1],
          ['b', 3],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.6);
    expect(counts.b / counts.a).toBeLessThan(3.4);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = createRng(5).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(input);
    expect(out).not.toEqual(input);
  });
});

describe('names', () => {
  it('gives women "Thị" often and men never', () => {
    const r = createRng(11);
    const women = Array.from({ length: 1000 }, () => personName(r, 'female'));
    const men = Array.from({ length: 1000 }, () => personName(r, 'male'));
    const thi = women.filter((n) => n.split(' ').includes('Thị')).length;
    expect(thi).toBeGreaterThan(350);
    expect(thi).toBeLessThan(650);
    expect(men.some((n) => n.split(' ').includes('Thị'))).toBe(false);
    const nguyen = [...women, ...men].filter((n) => n.startsWith('Nguyễn ')).length;
    expect(nguyen / 2000).toBeGreaterThan(0.32);
    expect(nguyen / 2000).toBeLessThan(0.45);
  });

  it('never makes an empty name nor repeats a word, in every naming style', () => {
    const r = createRng(12);
    const styles: NameStyle[] = [
      'north',
      'central',
      'south',
      'north_minority',
      'hmong',
      'highlands',
      'khmer',
    ];
    for (const style of styles)
      for (let i = 0; i < 300; i++) {
        const name = personName(r, i % 2 ? 'male' : 'female', style);
        const words = name.split(' ');
        expect(words.length, name).toBeGreaterThanOrEqual(2);
        expect(
          words.every((w) => w.length > 0),
          name,
        ).toBe(true);
        expect(new Set(words).size, name).toBe(words.length);
      }
  });

  it('names a commune’s hamlets uniquely, with the words of the region and commune type', () => {
    const r = createRng(13);
    for (let i = 0; i < 50; i++) {
      const rural = hamletNames(r, { region: 'north_delta', ward: false, mountain: false }, 20);
      expect(new Set(rural.map((h) => `${h.unitType} ${h.name}`)).size).toBe(20);
      for (const h of rural) expect(['Thôn', 'Xóm', 'Làng']).toContain(h.unitType);
      const ward = hamletNames(r, { region: 'north_delta', ward: true, mountain: false }, 15);
      for (const h of ward) expect(h.unitType).toBe('Tổ dân phố');
      const south = hamletNames(r, { region: 'mekong', ward: false, mountain: false }, 12);
      for (const h of south) expect(['Ấp', 'Sóc']).toContain(h.unitType);
      const southWard = hamletNames(r, { region: 'southeast', ward: true, mountain: false }, 8);
      for (const h of southWard) expect(h.unitType).toBe('Khu phố');
      const mountain = hamletNames(r, { region: 'north_mountain', ward: false, mountain: true }, 15);
      for (const h of [...rural, ...ward, ...south, ...southWard, ...mountain]) {
        expect(HAMLET_TYPES as readonly string[]).toContain(h.unitType);
        expect(h.name.trim()).not.toBe('');
      }
    }
    const mountainTypes = new Set(
      Array.from({ length: 30 }, () =>
        hamletNames(r, { region: 'north_mountain', ward: false, mountain: true }, 10),
      ).flatMap((c) => c.map((h) => h.unitType)),
    );
    expect(mountainTypes.has('Bản')).toBe(true);
    const single = hamletName(createRng(1), 'mekong', 3);
    expect(single).toEqual(hamletName(createRng(1), 'mekong', 3));
  });
});
