import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../core/actor.js';
import { rows, type Database } from '../db/connection.js';
import { findUserByUsername, login } from '../modules/accounts/index.js';
import { listAuditEvents } from '../modules/audit/index.js';
import {
  facilitiesRelation,
  getFacility,
  HAMLET_TYPES,
  listStaff,
  staffRelation,
  unitsRelation,
} from '../modules/network/index.js';
import { codeValuesRelation } from '../modules/terminology/index.js';
import { indicatorValues } from '../modules/indicators/index.js';
import { registerA3, registerA4 } from '../modules/maternal/index.js';
import { testDatabase, type TestDatabase } from '../test-support/db.js';
import { DEMO_PASSWORD, generateDemo, hasData, type DemoResult } from './index.js';

const TODAY = '2026-03-15';
const OPTIONS = { provinceCode: '22', scale: 0.3, seed: 1, today: TODAY } as const;
const actor = systemActor('test');

/** Every staff member, former ones too, through the network's published list. */
async function allStaff(db: Database) {
  const page = await listStaff(db.orm, actor, { all: true }, { limit: 1_000_000, offset: 0 });
  return page.items;
}

/** Everything the demo generated in the network except ids, in a stable order, hashed. */
async function digest(db: Database): Promise<{ hash: string; staffNames: string[] }> {
  const staff = (await allStaff(db))
    .map((s) => ({
      fullName: s.fullName,
      sex: s.sex,
      birthDate: s.birthDate,
      title: s.title,
      unitPath: s.unitPath,
      fullTime: s.fullTime,
      trained: s.trained,
      phone: s.phone,
      activeFrom: s.activeFrom,
      activeTo: s.activeTo,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const facilities = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT f.code, f.name, f.kind, f.station_model, f.unit_path::text, p.code AS parent, f.address, f.phone, f.active_from, f.active_to
        FROM ${facilitiesRelation} f LEFT JOIN ${facilitiesRelation} p ON p.id = f.parent_facility_id ORDER BY f.code`,
  );
  const hamlets = await rows<Record<string, unknown>>(
    db.orm,
    sql`SELECT code, path::text, unit_type, name, full_name, name_en, full_name_en, population
        FROM ${unitsRelation} u WHERE level = 'hamlet' ORDER BY code`,
  );
  const hash = createHash('sha256').update(JSON.stringify({ staff, facilities, hamlets })).digest('hex');
  return { hash, staffNames: staff.map((s) => s.fullName).sort() };
}

/** Completed years between a birth date and a day. */
function ageOn(day: string, birthDate: string): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = day.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
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
      sql`SELECT path::text AS path FROM ${unitsRelation} u WHERE map = 'post2025' AND code = '22'`,
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
          FROM ${unitsRelation} c
          LEFT JOIN ${facilitiesRelation} f ON f.unit_id = c.id AND f.kind = 'commune_station'
          LEFT JOIN ${facilitiesRelation} p ON p.id = f.parent_facility_id
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
      sql`SELECT code FROM ${facilitiesRelation} f WHERE kind = 'health_centre'`,
    );
    expect(centres.length).toBeGreaterThanOrEqual(Math.floor(54 / 10));
    expect(centres.length).toBeLessThanOrEqual(Math.ceil(54 / 4));
    for (const c of centres) expect(c.code).toMatch(/^22\d{3}$/);
  });

  it('puts every hamlet under a commune of the province and has it served by that commune station', async () => {
    const hamlets = await rows<{
      id: string;
      code: string;
      path: string;
      commune: string;
      commune_level: string;
    }>(
      db.orm,
      sql`SELECT h.id, h.code, h.path::text AS path, c.code AS commune, c.level AS commune_level
          FROM ${unitsRelation} h JOIN ${unitsRelation} c ON c.id = h.parent_id
          WHERE h.level = 'hamlet' ORDER BY h.code`,
    );
    // The hamlets each station serves, as the network publishes a facility.
    const stations = await rows<{ id: string; unit: string }>(
      db.orm,
      sql`SELECT f.id, u.code AS unit FROM ${facilitiesRelation} f JOIN ${unitsRelation} u ON u.id = f.unit_id
          WHERE f.kind = 'commune_station'`,
    );
    const servedBy = new Map<string, string[]>();
    for (const s of stations)
      for (const hamletId of (await getFacility(db.orm, actor, s.id)).hamletIds ?? [])
        servedBy.set(hamletId, [...(servedBy.get(hamletId) ?? []), s.unit]);
    expect(hamlets.length).toBe(result.network.hamlets);
    expect(hamlets.length).toBeGreaterThanOrEqual(54 * 3);
    for (const h of hamlets) {
      expect(h.commune_level).toBe('commune');
      expect(h.path.startsWith(`${provincePath}.c${h.commune}.h`)).toBe(true);
      expect(h.code).toMatch(new RegExp(`^${h.commune}-\\d{3}$`));
      expect(h.path.endsWith(`.h${h.code.split('-')[1]}`)).toBe(true);
      expect(servedBy.get(h.id), h.code).toEqual([h.commune]);
    }
    const perCommune = new Map<string, number>();
    for (const h of hamlets) perCommune.set(h.commune, (perCommune.get(h.commune) ?? 0) + 1);
    expect(Math.min(...perCommune.values())).toBeGreaterThanOrEqual(3);
    for (const h of await rows<{ unit_type: string }>(
      db.orm,
      sql`SELECT DISTINCT unit_type FROM ${unitsRelation} u WHERE level = 'hamlet'`,
    ))
      expect(HAMLET_TYPES as readonly string[]).toContain(h.unit_type);
  });

  it('keeps staff inside the province, at their facility or hamlet, with plausible ages, phones and dates', async () => {
    const staff = await allStaff(db);
    const facilityPaths = new Map(
      (
        await rows<{ id: string; path: string }>(
          db.orm,
          sql`SELECT id, unit_path::text AS path FROM ${facilitiesRelation} f`,
        )
      ).map((f) => [f.id, f.path]),
    );
    const hamletPaths = new Map(
      (
        await rows<{ id: string; path: string }>(
          db.orm,
          sql`SELECT id, path::text AS path FROM ${unitsRelation} u WHERE level = 'hamlet'`,
        )
      ).map((h) => [h.id, h.path]),
    );
    expect(staff.length).toBe(result.network.staff.total);
    const titles = new Set(
      (
        await rows<{ code: string }>(
          db.orm,
          sql`SELECT code FROM ${codeValuesRelation} cv WHERE system = 'staff-title'`,
        )
      ).map((r) => r.code),
    );
    expect(titles.size).toBeGreaterThan(0);
    for (const s of staff) {
      const placePath = s.facilityId ? facilityPaths.get(s.facilityId) : hamletPaths.get(s.hamletId!);
      const age = ageOn(TODAY, s.birthDate!);
      expect(s.unitPath.startsWith(`${provincePath}.`)).toBe(true);
      expect(s.unitPath).toBe(placePath);
      if (s.phone) expect(s.phone).toMatch(/^0[3789]\d{8}$/);
      if (s.activeTo) expect(s.activeTo < TODAY).toBe(true);
      else expect(age).toBeGreaterThanOrEqual(23);
      if (!s.activeTo) expect(age).toBeLessThanOrEqual(60);
      expect(s.activeFrom <= TODAY).toBe(true);
      expect(s.fullName.split(' ').length).toBeGreaterThanOrEqual(2);
      expect(titles).toContain(s.title);
    }
    expect(result.network.staff.former).toBeGreaterThan(0);
  });

  it('reports coverage that matches the rows (what targets T1 and T2 will count)', async () => {
    const [t1] = await rows<{ n: number }>(
      db.orm,
      sql`SELECT count(DISTINCT f.id)::int AS n FROM ${facilitiesRelation} f JOIN ${staffRelation} s ON s.facility_id = f.id
          WHERE f.kind = 'commune_station' AND s.title = 'doctor' AND s.full_time AND s.active_to IS NULL`,
    );
    const [t2] = await rows<{ n: number; trained: number }>(
      db.orm,
      sql`SELECT count(DISTINCT s.hamlet_id)::int AS n, count(DISTINCT s.hamlet_id) FILTER (WHERE s.trained)::int AS trained
          FROM ${staffRelation} s WHERE s.title = 'village_health_worker' AND s.active_to IS NULL`,
    );
    expect(t1!.n).toBe(result.network.coverage.stationsWithFullTimeDoctor);
    expect(t2!.n).toBe(result.network.coverage.hamletsWithVhw);
    expect(t2!.trained).toBe(result.network.coverage.hamletsWithTrainedVhw);
    // Most, not all: the demo leaves gaps for the indicators to find.
    expect(t1!.n).toBeGreaterThan(54 * 0.4);
    expect(t1!.n).toBeLessThan(54);
    expect(t2!.n / result.network.hamlets).toBeGreaterThan(0.8);
  });

  it('gives the pregnancies antenatal and postnatal contacts and their mothers tetanus doses, in realistic shares', async () => {
    // The births of the six months before the demo's today, through maternal's register A4 and MAT_PAB.
    const months = ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
    const births = (await Promise.all(months.map((m) => registerA4(db.orm, actor, m)))).flat();
    expect(births.length).toBeGreaterThan(60);
    const share = (n: number) => n / births.length;
    // Most with 4 contacts or more (the demo plans three in four on the schedule), every one with one at least.
    expect(share(births.filter((b) => b.antenatalContacts >= 4).length)).toBeGreaterThan(0.6);
    expect(share(births.filter((b) => b.antenatalContacts >= 4).length)).toBeLessThan(0.9);
    expect(births.every((b) => b.antenatalContacts >= 1)).toBe(true);
    // Register A3 of a month holds the contacts with their checks in plausible ranges.
    const a3 = await registerA3(db.orm, actor, '2026-02');
    expect(a3.length).toBeGreaterThan(30);
    for (const c of a3) {
      expect(c.weightKg).toBeGreaterThanOrEqual(38);
      expect(c.weightKg).toBeLessThan(100);
      expect(c.bloodPressure).toMatch(/^\d{2,3}\/\d{2,3}$/);
      if (c.fundalHeightCm !== null) expect(Math.abs(c.fundalHeightCm - c.gestationWeeks)).toBeLessThan(8);
      if (c.foetalHeartRate !== null) expect(c.foetalHeartRate).toBeGreaterThanOrEqual(110);
    }
    const first = a3.filter((c) => c.contactNumber === 1);
    expect(first.every((c) => c.haemoglobin !== null && c.haemoglobin > 6 && c.haemoglobin < 16)).toBe(true);
    let protectedBirths = 0;
    let liveBirths = 0;
    for (const m of months) {
      const v = (await indicatorValues(db.orm, actor, 'MAT_PAB', '22', m, false)).values[0]!;
      protectedBirths += Number(v.numerator);
      liveBirths += Number(v.denominator);
    }
    expect(protectedBirths / liveBirths).toBeGreaterThan(0.8);
    expect(protectedBirths / liveBirths).toBeLessThan(0.98);
  });

  it('audits one event per generated table', async () => {
    const events = await listAuditEvents(db.orm, actor, { entityType: 'demo' }, { limit: 100, offset: 0 });
    expect(events.items.map((e) => (e.details as { table?: string }).table).reverse()).toEqual([
      'admin_units',
      'facilities',
      'station_hamlets',
      'staff_members',
      'staff_certificates',
      'approved_positions',
    ]);
    const detail = (table: string) =>
      events.items.find((e) => (e.details as { table?: string }).table === table)!.details as Record<
        string,
        number
      >;
    // Most clinical staff have a practising certificate on record; every station has approved posts.
    const byTitle = result.network.staff.byTitle;
    const clinical = ['doctor', 'physician_assistant', 'nurse', 'midwife', 'pharmacist'].reduce(
      (n, title) => n + (byTitle[title] ?? 0),
      0,
    );
    expect(detail('staff_certificates').certificates).toBeGreaterThan(clinical * 0.8);
    expect(detail('staff_certificates').certificates).toBeLessThan(clinical * 1.2);
    expect(detail('approved_positions').positions).toBeGreaterThanOrEqual(
      4 * result.network.facilities.commune_station,
    );
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
    expect(again.people).toEqual(result.people);
    expect(again.visits && { ...again.visits, seconds: 0 }).toEqual(
      result.visits && { ...result.visits, seconds: 0 },
    );
    expect(again.accounts).toEqual(result.accounts);
  }, 120_000);
});
