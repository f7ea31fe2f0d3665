/**
 * Demo data for the people module: households and residents for every commune of one province (after
 * the network demo made its hamlets and stations), with Vietnamese names consistent within households
 * (children take the father's family name), a realistic age and sex pyramid, insurance cards (~94 %
 * insured today, groups as the insurer's lists have them), risk factors and diseases in realistic
 * proportions, and an 831 record reviewed in the last 12 months for ~70 %. Everything comes from the
 * seeded generator; it reads the province through the network's published relations and writes
 * through people's bulk writer (`insertPeopleBulk`), in one transaction.
 *
 * Size: residents per commune = commune population × DEMO_FACTOR, at most RESIDENTS_CAP, times
 * `scale`. At scale 1 Quảng Ninh (22) gets about 56,000 residents in 54 communes (the real province has
 * 1.3 million): enough to search and count, small enough for the demo to stay under a minute on PGlite.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { rows, type Database } from '../db/connection.js';
import { communeOrigins, facilitiesRelation, unitsRelation } from '../modules/network/index.js';
import {
  centurySexDigit,
  ID_PROVINCES,
  insertPeopleBulk,
  livingCoverage,
  lockPeopleForBulk,
  type BulkCard,
  type BulkHealthRecord,
  type BulkHealthRecordVersion,
  type BulkHousehold,
  type BulkLifeEvent,
  type BulkResident,
  type HealthRecordDocument,
  type HistoryPart,
  type PeopleBulk,
} from '../modules/people/index.js';
import {
  kinhStyle,
  personName,
  provinceProfile,
  type NameStyle,
  type ProvinceProfile,
  type Sex,
} from './names.js';
import { addDays, addYears, type Rng } from './random.js';

// ---------------------------------------------------------------- the numbers (all tunable)

/** Demo residents per real inhabitant of a commune, before `scale`. */
export const DEMO_FACTOR = 0.06;
/** At most this many residents per commune at scale 1 (keeps the default demo under a minute on PGlite). */
export const RESIDENTS_CAP = 1_500;
/** A commune whose population the reference data does not give is taken to have this many people. */
const DEFAULT_POPULATION = 20_000;
const MOUNTAIN_DENSITY = 100;

/** Households of remote communes that belong to the province's ethnic minorities. */
const REMOTE_MINORITY_SHARE = 0.5;
/** Older people who only know their birth year (born before 1960). */
const YEAR_ONLY_SHARE = 0.25;
/** Residents with a personal ID: adults (≥ 14) and children. */
const ID_SHARE_ADULT = 0.97;
const ID_SHARE_CHILD = 0.9;
/** Born in the province (their ID carries its code); the others elsewhere in the country. */
const BORN_HERE_SHARE = 0.88;
/** Adults with one mobile phone, and of those with a second. */
const PHONE_SHARE = 0.85;
const SECOND_PHONE_SHARE = 0.1;

/** Residents with an 831 record; of those, reviewed or updated in the last 12 months (≈ 0.78 × 0.9 = 70 %). */
const RECORD_SHARE = 0.78;
const RECORD_RECENT_SHARE = 0.9;
/** Records with an examination in the last year. */
const EXAMINED_SHARE = 0.3;

/** Death probability over the last 12 months, by age. */
const DEATH_RATE: readonly (readonly [number, number])[] = [
  [60, 0.001],
  [70, 0.012],
  [80, 0.03],
  [200, 0.09],
];
/** Adults 18–40 who moved away during the last year. */
const MOVED_OUT_SHARE = 0.01;
/** People with a lapsed card (expired in the last 18 months) among the uninsured. */
const LAPSED_SHARE = 0.5;
/** Current cards in the 10-digit format of 4/2021 (the others still show the 15-character code). */
const NEW_FORMAT_SHARE = 0.75;
/** Residents with one earlier card on record, and of those with two. */
const HISTORY_SHARE = 0.45;
const SECOND_HISTORY_SHARE = 0.3;

const DAY = 86_400_000;

type Weighted<T> = readonly (readonly [T, number])[];

/** Beneficiary groups of working-age people, with their benefit level and the share still insured today. */
const WORKING_GROUPS: Weighted<readonly [string, number, number]> = [
  [['DN', 4, 0.995], 28],
  [['HC', 4, 0.998], 6],
  [['CH', 4, 0.995], 3],
  [['XK', 4, 0.99], 1],
  [['QN', 5, 1], 0.6],
  [['CA', 5, 1], 0.4],
  [['TN', 4, 0.98], 0.8],
  [['HN', 2, 0.995], 4],
  [['CN', 3, 0.95], 4],
  [['GB', 4, 0.85], 3],
  [['GD', 4, 0.84], 44],
  [['TQ', 4, 0.99], 1],
  [['TC', 3, 0.99], 1],
];
const ELDERLY_GROUPS: Weighted<readonly [string, number, number]> = [
  [['HT', 3, 0.999], 30],
  [['GD', 4, 0.85], 45],
  [['HN', 2, 0.995], 5],
  [['CC', 1, 1], 3],
  [['CB', 2, 1], 5],
  [['KC', 2, 1], 4],
  [['BT', 2, 0.995], 5],
  [['XB', 4, 0.999], 3],
];
const OLDEST_GROUPS: Weighted<readonly [string, number, number]> = [
  [['BT', 2, 0.995], 55],
  [['HT', 3, 0.999], 28],
  [['CC', 1, 1], 7],
  [['KC', 2, 1], 5],
  [['GD', 4, 0.85], 5],
];

const DEATH_CAUSES: Weighted<readonly [string, string]> = [
  [['I64', 'Đột quỵ'], 22],
  [['I21.9', 'Nhồi máu cơ tim'], 12],
  [['I50.9', 'Suy tim'], 8],
  [['C22.0', 'Ung thư gan'], 8],
  [['C34.9', 'Ung thư phổi'], 7],
  [['J44.9', 'Bệnh phổi tắc nghẽn mạn tính'], 7],
  [['E11.9', 'Đái tháo đường'], 5],
  [['J18.9', 'Viêm phổi'], 6],
  [['N18.9', 'Suy thận mạn'], 3],
  [['R54', 'Già yếu'], 15],
  [['V89.2', 'Tai nạn giao thông'], 4],
  [['A15.0', 'Lao phổi'], 1],
];

const DESTINATIONS = [
  'Đi làm ăn tại Bình Dương',
  'Đi làm tại Hà Nội',
  'Đi làm tại Hải Phòng',
  'Đi làm tại Thành phố Hồ Chí Minh',
  'Đi xuất khẩu lao động',
  'Theo chồng về quê',
] as const;

/** Minority groups of the northern naming style, as ethnicity codes (Tày, Nùng, Dao, Sán Dìu, Thái, Mường, Sán Chay). */
const NORTH_MINORITY_ETHNICITY: Weighted<string> = [
  ['02', 34],
  ['07', 18],
  ['09', 20],
  ['17', 10],
  ['03', 8],
  ['04', 6],
  ['13', 4],
];

const MOBILE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '086',
  '096',
  '097',
  '098',
  '081',
  '082',
  '083',
  '084',
  '085',
  '088',
  '091',
  '094',
  '070',
  '076',
  '077',
  '078',
  '079',
  '089',
  '090',
  '093',
] as const;

// ---------------------------------------------------------------- types

export interface PeopleDemoOptions {
  provinceCode: string;
  /** 1 = the default demo (see RESIDENTS_CAP); smaller for quick tests. */
  scale: number;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  /** "Today" for ages and dates (default: the real today). */
  today?: string;
}

export interface PeopleDemoSummary {
  provinceCode: string;
  communes: number;
  households: number;
  residents: number;
  byStatus: { active: number; dead: number; movedOut: number };
  /** Living residents by age group (0–14, 15–64, 65+) and sex. */
  ages: { under15: number; from15to64: number; over64: number; male: number; female: number };
  cards: number;
  insuredToday: number;
  /** Insured living residents / living residents (target T3). */
  insuredShare: number;
  healthRecords: number;
  recordVersions: number;
  healthManaged: number;
  /** Health-managed living residents / living residents (target T5). */
  healthManagedShare: number;
  lifeEvents: number;
}

interface CommuneRow {
  id: string;
  code: string;
  unitType: string;
  path: string;
  population: number | null;
  areaKm2: number | null;
}

interface HamletRow {
  id: string;
  communeId: string;
  path: string;
}

type ResidentRow = BulkResident & { id: string; birthYear: number; sex: Sex };
type CardRow = BulkCard;
type EventRow = BulkLifeEvent;
type RecordRow = BulkHealthRecord;
type VersionRow = BulkHealthRecordVersion;

interface Person {
  row: ResidentRow;
  age: number;
  style: NameStyle;
  /** Living children count (for women: reproductive history). */
  children: number;
  caesareans: number;
}

interface Place {
  communeId: string;
  unitId: string;
  path: string;
  ward: boolean;
  remote: boolean;
  specialZone: boolean;
  oldProvince: string;
  stationCode: string | null;
  centreCode: string | null;
}

// ---------------------------------------------------------------- the generator

/**
 * Generates the people of one province. Needs the network demo first (hamlets, stations); refuses a
 * province that already has residents.
 */
export async function generatePeopleDemo(db: Database, opts: PeopleDemoOptions): Promise<PeopleDemoSummary> {
  return (await runPeopleDemo(db, opts)).summary;
}

/** `generatePeopleDemo`, also returning the rows it wrote (for the tests). */
export async function runPeopleDemo(
  db: Database,
  opts: PeopleDemoOptions,
): Promise<{ summary: PeopleDemoSummary; rows: PeopleBulk }> {
  const today = opts.today ?? currentDay();
  const scale = Number.isFinite(opts.scale) && opts.scale > 0 ? opts.scale : 1;
  const profile = provinceProfile(opts.provinceCode);
  const progress = opts.progress;

  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ id: string; code: string; path: string }>(
      tx,
      sql`SELECT id, code, path::text AS path FROM ${unitsRelation} u
          WHERE map = 'post2025' AND level = 'province' AND code = ${opts.provinceCode}`,
    );
    if (!province) throw new Error(`Province ${opts.provinceCode} is not on the current map (post2025)`);
    const existing = await lockPeopleForBulk(tx, province.path);
    if (existing > 0)
      throw new Error(
        `Province ${province.code} already has ${existing} residents: the people demo fills an empty province`,
      );

    const communes = await rows<CommuneRow>(
      tx,
      sql`SELECT id, code, unit_type AS "unitType", path::text AS path, population, area_km2 AS "areaKm2"
          FROM ${unitsRelation} u WHERE parent_id = ${province.id} AND level = 'commune'
            AND (valid_to IS NULL OR valid_to >= ${today}::date) AND code <> '20333' ORDER BY code`,
    );
    const hamlets = await rows<HamletRow>(
      tx,
      sql`SELECT id, parent_id AS "communeId", path::text AS path FROM ${unitsRelation} u
          WHERE map = 'post2025' AND level = 'hamlet' AND path <@ ${province.path}::ltree
            AND (valid_to IS NULL OR valid_to >= ${today}::date) ORDER BY code`,
    );
    const hamletsOf = new Map<string, HamletRow[]>();
    for (const h of hamlets) hamletsOf.set(h.communeId, [...(hamletsOf.get(h.communeId) ?? []), h]);
    const stations = new Map(
      (
        await rows<{ unitId: string; code: string; parent: string | null }>(
          tx,
          sql`SELECT f.unit_id AS "unitId", f.code, p.code AS parent
              FROM ${facilitiesRelation} f LEFT JOIN ${facilitiesRelation} p ON p.id = f.parent_facility_id
              WHERE f.kind = 'commune_station' AND f.unit_path <@ ${province.path}::ltree`,
        )
      ).map((s) => [s.unitId, s]),
    );
    // The old province each commune came from (the lowest code when several): the province digits of
    // its people's IDs and cards.
    const oldProvinceOf = new Map<string, string>();
    for (const o of await communeOrigins(tx, province.id)) {
      const known = oldProvinceOf.get(o.commune);
      if (known === undefined || o.oldProvince < known) oldProvinceOf.set(o.commune, o.oldProvince);
    }

    const out = {
      households: [] as BulkHousehold[],
      residents: [] as ResidentRow[],
      cards: [] as CardRow[],
      events: [] as EventRow[],
      records: [] as RecordRow[],
      versions: [] as VersionRow[],
    };
    const maker = new PeopleMaker(today, profile);
    let done = 0;
    for (const c of communes) {
      const rng = opts.rng.fork(`commune:${c.code}`);
      const ward = c.unitType === 'Phường';
      const specialZone = c.unitType === 'Đặc khu';
      const density = c.population != null && c.areaKm2 ? c.population / c.areaKm2 : null;
      const remote =
        !ward &&
        (specialZone ||
          profile.region === 'north_mountain' ||
          (density != null && density < MOUNTAIN_DENSITY));
      const station = stations.get(c.id);
      const base: Omit<Place, 'unitId' | 'path'> = {
        communeId: c.id,
        ward,
        remote,
        specialZone,
        oldProvince: oldProvinceOf.get(c.code) ?? province.code,
        stationCode: station?.code ?? null,
        centreCode: station?.parent ?? null,
      };
      const places: Place[] = (hamletsOf.get(c.id) ?? []).map((h) => ({
        ...base,
        unitId: h.id,
        path: h.path,
      }));
      if (!places.length) places.push({ ...base, unitId: c.id, path: c.path });
      const target = Math.max(
        1,
        Math.round(Math.min((c.population ?? DEFAULT_POPULATION) * DEMO_FACTOR, RESIDENTS_CAP) * scale),
      );
      let made = 0;
      while (made < target) {
        const place = rng.pick(places);
        const hh = maker.household(rng, place, remote && profile.minority.length > 0);
        out.households.push(hh.household);
        for (const p of hh.members) {
          out.residents.push(p.row);
          maker.lifeAndCards(rng, p, place, out);
          maker.record(rng, p, place, out);
        }
        // A head who died this year: the spouse now heads the household.
        if (hh.members.some((m) => m.row.relationToHead === 'head' && m.row.status !== 'active')) {
          const spouse = hh.members.find(
            (m) => m.row.relationToHead === 'spouse' && m.row.status === 'active',
          );
          if (spouse) spouse.row.relationToHead = 'head';
        }
        made += hh.members.length;
      }
      done++;
      if (done % 5 === 0 || done === communes.length)
        progress?.('people: plan communes', done, communes.length);
    }

    const written: PeopleBulk = {
      households: out.households,
      residents: out.residents,
      cards: out.cards,
      lifeEvents: out.events,
      healthRecords: out.records,
      healthRecordVersions: out.versions,
    };
    await insertPeopleBulk(tx, systemActor('demo'), written, {
      audit: {
        unitPath: province.path,
        entityType: 'person',
        details: { demo: true, province: province.code, seed: opts.rng.seed, scale },
      },
      progress,
    });

    const living = out.residents.filter((r) => r.status === 'active');
    const facts = await livingCoverage(tx, province.path, today);
    const ageOf = (r: ResidentRow) => maker.age(r);
    const summary: PeopleDemoSummary = {
      provinceCode: province.code,
      communes: communes.length,
      households: out.households.length,
      residents: out.residents.length,
      byStatus: {
        active: living.length,
        dead: out.residents.filter((r) => r.status === 'dead').length,
        movedOut: out.residents.filter((r) => r.status === 'moved_out').length,
      },
      ages: {
        under15: living.filter((r) => ageOf(r) < 15).length,
        from15to64: living.filter((r) => ageOf(r) >= 15 && ageOf(r) < 65).length,
        over64: living.filter((r) => ageOf(r) >= 65).length,
        male: living.filter((r) => r.sex === 'male').length,
        female: living.filter((r) => r.sex === 'female').length,
      },
      cards: out.cards.length,
      insuredToday: facts.insured,
      insuredShare: round4(facts.insured / Math.max(1, living.length)),
      healthRecords: out.records.length,
      recordVersions: out.versions.length,
      healthManaged: facts.managed,
      healthManagedShare: round4(facts.managed / Math.max(1, living.length)),
      lifeEvents: out.events.length,
    };
    return { summary, rows: written };
  });
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

// ---------------------------------------------------------------- people

class PeopleMaker {
  private readonly ids = new Set<string>();
  private readonly sins = new Set<string>();
  private readonly todayMs: number;
  private readonly year: number;

  constructor(
    private readonly today: string,
    private readonly profile: ProvinceProfile,
  ) {
    this.todayMs = Date.parse(`${today}T00:00:00Z`);
    this.year = Number(today.slice(0, 4));
  }

  age(r: { birthDate?: string | null; birthYear: number }): number {
    if (!r.birthDate) return this.year - r.birthYear;
    const [y, m, d] = r.birthDate.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = this.today.split('-').map(Number) as [number, number, number];
    return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  }

  private daysAgo(n: number): string {
    return new Date(this.todayMs - n * DAY).toISOString().slice(0, 10);
  }

  /** A household: its members with ages, names, relations, parents. */
  household(rng: Rng, place: Place, minorityArea: boolean): { household: BulkHousehold; members: Person[] } {
    const minority = minorityArea && rng.chance(REMOTE_MINORITY_SHARE);
    const style: NameStyle = minority ? rng.weighted(this.profile.minority) : kinhStyle(this.profile.region);
    const ethnicity = this.ethnicityOf(rng, style);
    const householdId = newId();
    const members: Person[] = [];
    const add = (
      sex: Sex,
      age: number,
      relation: string,
      family?: string,
      parents: { mother?: Person; father?: Person } = {},
    ) => {
      const p = this.person(rng, {
        sex,
        age,
        relation,
        family,
        style,
        ethnicity,
        householdId,
        place,
        ...parents,
      });
      members.push(p);
      return p;
    };
    const kind = rng.weighted([
      ['single', 7],
      ['couple', 11],
      ['nuclear', 54],
      ['three', 23],
      ['lone_parent', 5],
    ] as const);
    if (kind === 'single') {
      const old = rng.chance(0.6);
      const sex: Sex = rng.chance(old ? 0.68 : 0.45) ? 'female' : 'male';
      add(sex, old ? rng.int(60, 95) : rng.int(20, 45), 'head');
    } else if (kind === 'lone_parent') {
      const mother = add('female', rng.int(25, 55), 'head');
      const fatherFamily = familyOf(personName(rng, 'male', style));
      this.children(rng, mother, undefined, fatherFamily, add, rng.int(1, 3));
    } else {
      const husbandAge =
        kind === 'couple'
          ? rng.chance(0.45)
            ? rng.int(22, 32)
            : rng.int(50, 82)
          : kind === 'three'
            ? rng.int(48, 78)
            : rng.weighted([
                [rng.int(23, 34), 30],
                [rng.int(35, 44), 35],
                [rng.int(45, 54), 25],
                [rng.int(55, 64), 10],
              ] as const);
      const wifeAge = Math.max(18, husbandAge - rng.int(-2, 6));
      // Female-headed households (widowed or registered under the wife): a fifth.
      const wifeHeads = rng.chance(0.2);
      const husband = add('male', husbandAge, wifeHeads ? 'spouse' : 'head');
      const wife = add('female', wifeAge, wifeHeads ? 'head' : 'spouse');
      const family = familyOf(husband.row.fullName);
      if (kind === 'nuclear')
        this.children(
          rng,
          wife,
          husband,
          family,
          add,
          rng.weighted([
            [1, 18],
            [2, 50],
            [3, 25],
            [4, 7],
          ] as const),
        );
      if (kind === 'three') {
        // A married son lives with his parents, with his wife and children.
        const sonAge = Math.max(20, wifeAge - rng.int(20, 32));
        const son = add('male', sonAge, 'child', family, { mother: wife, father: husband });
        const daughterInLaw = add('female', Math.max(18, sonAge - rng.int(-2, 5)), 'child_in_law');
        this.children(
          rng,
          daughterInLaw,
          son,
          family,
          add,
          rng.weighted([
            [1, 35],
            [2, 50],
            [3, 15],
          ] as const),
          'grandchild',
        );
        if (rng.chance(0.3)) this.children(rng, wife, husband, family, add, 1, 'child', 16);
      } else if (husbandAge < 55 && rng.chance(0.18)) {
        // An old parent of the husband.
        const parentAge = Math.min(98, husbandAge + rng.int(22, 36));
        if (rng.chance(0.7)) add('female', parentAge, 'parent');
        else add('male', parentAge, 'parent', family);
      }
    }
    return {
      household: {
        id: householdId,
        unitId: place.unitId,
        unitPath: place.path,
        addressLine: this.addressLine(rng, place),
      },
      members,
    };
  }

  /** Children of a mother (and father), aged as her age allows; `minAge` for a grown child still at home. */
  private children(
    rng: Rng,
    mother: Person,
    father: Person | undefined,
    family: string,
    add: (
      sex: Sex,
      age: number,
      relation: string,
      family?: string,
      parents?: { mother?: Person; father?: Person },
    ) => Person,
    count: number,
    relation = 'child',
    minAge = 0,
  ) {
    let born = 0;
    for (let i = 0; i < count; i++) {
      const age = mother.age - rng.int(19, 38);
      if (age < minAge || age > 30) continue;
      if (age >= 18 && !rng.chance(0.55)) continue; // grown children mostly live on their own
      // Boys outnumber girls at birth (about 112 to 100).
      const sex: Sex = rng.chance(0.528) ? 'male' : 'female';
      add(sex, age, relation, family, { mother, ...(father ? { father } : {}) });
      born++;
    }
    mother.children += born;
    if (born && rng.chance(0.28)) mother.caesareans = 1;
  }

  private person(
    rng: Rng,
    spec: {
      sex: Sex;
      age: number;
      relation: string;
      family?: string | undefined;
      style: NameStyle;
      ethnicity: string;
      householdId: string;
      place: Place;
      mother?: Person;
      father?: Person;
    },
  ): Person {
    const birthDate = addDays(addYears(this.today, -spec.age), -rng.int(0, 364));
    const birthYear = Number(birthDate.slice(0, 4));
    const yearOnly = birthYear < 1960 && rng.chance(YEAR_ONLY_SHARE);
    const fullName = this.name(rng, spec.sex, spec.style, spec.family);
    const personalId = rng.chance(spec.age >= 14 ? ID_SHARE_ADULT : ID_SHARE_CHILD)
      ? this.personalId(rng, spec.sex, birthYear, spec.place.oldProvince)
      : null;
    const phones: string[] = [];
    if (spec.age >= 15 && rng.chance(PHONE_SHARE)) {
      phones.push(this.mobile(rng));
      if (rng.chance(SECOND_PHONE_SHARE)) phones.push(this.mobile(rng));
    }
    const row: ResidentRow = {
      id: newId(),
      householdId: spec.householdId,
      relationToHead: spec.relation,
      fullName,
      sex: spec.sex,
      birthDate: yearOnly ? null : birthDate,
      birthYear,
      personalId,
      ethnicity:
        spec.relation === 'child_in_law' || spec.relation === 'spouse'
          ? this.spouseEthnicity(rng, spec.ethnicity)
          : spec.ethnicity,
      nationality: 'VN',
      religion: this.religion(rng),
      occupation: this.occupation(rng, spec.age, spec.place),
      bloodGroup: rng.chance(0.35)
        ? rng.weighted([
            ['O+', 42],
            ['B+', 30],
            ['A+', 21],
            ['AB+', 6],
            ['O-', 0.4],
            ['A-', 0.3],
            ['B-', 0.2],
            ['AB-', 0.1],
          ] as const)
        : null,
      phones,
      currentUnitId: spec.place.unitId,
      currentAddressLine: null,
      unitPath: spec.place.path,
      motherId: spec.mother?.row.id ?? null,
      fatherId: spec.father?.row.id ?? null,
      status: 'active',
      // Registered when the commune built its register, 33–46 months ago, or at birth since then:
      // the population the indicators count for a past month is the one registered by then.
      createdAt: this.registeredAt(rng, birthDate),
    };
    return { row, age: spec.age, style: spec.style, children: 0, caesareans: 0 };
  }

  private registeredAt(rng: Rng, birthDate: string): Date {
    const registered = this.todayMs - rng.int(1000, 1400) * DAY;
    const born = Date.parse(`${birthDate}T00:00:00Z`);
    // 09:00 in Vietnam (02:00 UTC) on the day
    return new Date(Math.max(registered, born) + 2 * 3_600_000);
  }

  /** A name of the household's style; with `family`, that family name (children take the father's). */
  private name(rng: Rng, sex: Sex, style: NameStyle, family?: string): string {
    if (!family || style === 'highlands') return personName(rng, sex, style);
    for (let i = 0; i < 6; i++) {
      const rest = personName(rng, sex, style).split(' ').slice(1);
      if (!rest.includes(family) && rest.length) return [family, ...rest].join(' ');
    }
    return `${family} ${sex === 'male' ? 'Văn' : 'Thị'} ${sex === 'male' ? 'Nam' : 'Hương'}`;
  }

  private ethnicityOf(rng: Rng, style: NameStyle): string {
    switch (style) {
      case 'north_minority':
        return rng.weighted(NORTH_MINORITY_ETHNICITY);
      case 'hmong':
        return '08';
      case 'highlands':
        return rng.chance(0.5) ? '11' : '10';
      case 'khmer':
        return '05';
      default:
        return rng.chance(0.005) ? '06' : '01';
    }
  }

  private spouseEthnicity(rng: Rng, household: string): string {
    if (household === '01') return rng.chance(0.03) ? rng.weighted(NORTH_MINORITY_ETHNICITY) : '01';
    return rng.chance(0.15) ? '01' : household;
  }

  private religion(rng: Rng): string {
    const region = this.profile.region;
    if (region === 'mekong')
      return rng.weighted([
        ['none', 70],
        ['buddhism', 14],
        ['hoahao', 8],
        ['caodai', 4],
        ['catholic', 4],
      ] as const);
    if (region === 'southeast' || region === 'highlands')
      return rng.weighted([
        ['none', 68],
        ['buddhism', 14],
        ['catholic', 12],
        ['protestant', 5],
        ['caodai', 1],
      ] as const);
    return rng.weighted([
      ['none', 86],
      ['buddhism', 7],
      ['catholic', 6],
      ['protestant', 1],
    ] as const);
  }

  private occupation(rng: Rng, age: number, place: Place): string | null {
    if (age < 6) return null;
    if (age < 18) return 'Học sinh';
    if (age < 23 && rng.chance(0.35)) return 'Sinh viên';
    if (age >= 62)
      return rng.weighted([
        ['Nghỉ hưu', 35],
        ['Làm ruộng', place.ward ? 5 : 45],
        ['Nội trợ', 20],
      ] as const);
    return rng.weighted([
      ['Làm ruộng', place.ward ? 2 : place.remote ? 55 : 35],
      ['Công nhân', place.ward ? 28 : 18],
      ['Buôn bán', place.ward ? 18 : 10],
      ['Cán bộ, công chức', 6],
      ['Giáo viên', 3],
      ['Lao động tự do', 12],
      ['Nội trợ', 5],
      ['Ngư dân', place.specialZone ? 30 : 1],
      ['Công nhân mỏ', this.profile.areaCode === '0203' ? 6 : 0],
    ] as const);
  }

  private addressLine(rng: Rng, place: Place): string | null {
    if (place.ward) return `Số ${rng.int(1, 250)}, tổ ${rng.int(1, 30)}`;
    return rng.chance(0.4) ? `Xóm ${rng.int(1, 12)}` : null;
  }

  private mobile(rng: Rng): string {
    return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  }

  /** A 12-digit personal ID: province of birth registration, century and sex, year, then six digits. */
  private personalId(rng: Rng, sex: Sex, birthYear: number, oldProvince: string): string {
    const provinces = Object.keys(ID_PROVINCES);
    const province = rng.chance(BORN_HERE_SHARE) ? `0${oldProvince}` : rng.pick(provinces);
    const head = `${ID_PROVINCES[province] ? province : '001'}${centurySexDigit(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}`;
    for (;;) {
      const id = `${head}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private sin(rng: Rng, province: string): string {
    for (;;) {
      const n = `${province}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!this.sins.has(n)) {
        this.sins.add(n);
        return n;
      }
    }
  }

  // ---------------------------------------------------------------- life events and cards

  /** Deaths and moves of the last year, births of babies under one, and the person's insurance cards. */
  lifeAndCards(rng: Rng, p: Person, place: Place, out: { cards: CardRow[]; events: EventRow[] }): void {
    const r = p.row;
    const earliest = r.birthDate ?? `${r.birthYear}-12-31`;
    if (p.age === 0 && r.birthDate)
      out.events.push({
        id: newId(),
        residentId: r.id,
        kind: 'birth',
        occurredOn: r.birthDate,
        unitPath: place.path,
        details: {
          birthWeightGrams: Math.round(normal(rng, 3100, 420)),
          deliveryType: rng.weighted([
            ['normal', 70],
            ['caesarean', 28],
            ['assisted', 2],
          ] as const),
          place: rng.chance(0.97) ? 'health_facility' : 'home',
        },
        relatedResidentId: r.motherId ?? null,
        recordedBy: 'demo',
      });
    const deathRate = DEATH_RATE.find(([upTo]) => p.age < upTo)![1];
    if (rng.chance(deathRate)) {
      const on = maxDate(this.daysAgo(rng.int(1, 364)), earliest);
      const [icd, cause] = rng.weighted(
        p.age < 50 ? DEATH_CAUSES.filter(([[c]]) => c !== 'R54') : DEATH_CAUSES,
      );
      r.status = 'dead';
      r.diedOn = on;
      out.events.push({
        id: newId(),
        residentId: r.id,
        kind: 'death',
        occurredOn: on,
        unitPath: place.path,
        details: { causeIcd10: icd, cause, place: rng.chance(0.6) ? 'home' : 'health_facility' },
        recordedBy: 'demo',
      });
    } else if (p.age >= 18 && p.age <= 40 && r.relationToHead !== 'head' && rng.chance(MOVED_OUT_SHARE)) {
      r.status = 'moved_out';
      out.events.push({
        id: newId(),
        residentId: r.id,
        kind: 'move_out',
        occurredOn: this.daysAgo(rng.int(1, 364)),
        unitPath: place.path,
        details: { destination: rng.pick(DESTINATIONS) },
        recordedBy: 'demo',
      });
    }
    this.cards(rng, p, place, out.cards);
  }

  private cards(rng: Rng, p: Person, place: Place, cards: CardRow[]): void {
    const r = p.row;
    const minority = r.ethnicity !== '01' && r.ethnicity !== '06';
    let group: readonly [string, number, number];
    if (p.age < 6) group = ['TE', 1, 0.998];
    else if (p.age < 18) group = ['HS', 4, 0.985];
    else if (place.specialZone && rng.chance(0.6)) group = ['XD', 2, 0.998];
    else if (minority && place.remote && rng.chance(0.7)) group = [rng.chance(0.7) ? 'DT' : 'DK', 2, 0.998];
    else if (p.age < 23 && r.occupation === 'Sinh viên') group = ['SV', 4, 0.96];
    else if (p.age < 60) group = rng.weighted(WORKING_GROUPS);
    else if (p.age < 80) group = rng.weighted(ELDERLY_GROUPS);
    else group = rng.weighted(OLDEST_GROUPS);
    const [code, level, insuredShare] = group;
    const issuer = place.oldProvince;
    const sin = this.sin(rng, issuer);
    const facility = rng.chance(0.8) ? place.stationCode : (place.centreCode ?? place.stationCode);
    const born = r.birthDate ?? `${r.birthYear}-07-01`;
    const push = (from: string, to: string | null, legacy: boolean) => {
      if (to && to < from) return;
      cards.push({
        id: newId(),
        residentId: r.id,
        code: legacy ? `${code}${level}${issuer}${sin}` : sin,
        socialInsuranceNumber: sin,
        beneficiaryGroup: code,
        benefitLevel: level,
        issuerProvince: legacy ? issuer : null,
        validFrom: from,
        validTo: to,
        registeredFacilityCode: facility,
      });
    };
    const insured = rng.chance(insuredShare);
    let from: string;
    let to: string;
    if (code === 'TE') {
      from = born;
      to = addDays(addYears(born, 6), -1);
    } else if (code === 'GD' || code === 'GB' || code === 'CN') {
      from = this.daysAgo(rng.int(0, 364));
      to = addDays(addYears(from, 1), -1);
    } else if (code === 'HT' || code === 'BT' || code === 'CC' || code === 'KC' || code === 'CB') {
      from = `${this.year - rng.int(0, 3)}-01-01`;
      to = `${this.year + rng.int(0, 1)}-12-31`;
    } else {
      from = `${this.year}-01-01`;
      to = `${this.year}-12-31`;
    }
    if (from < born) from = born;
    if (insured) {
      push(from, to, code === 'TE' ? from < '2021-04-01' : !rng.chance(NEW_FORMAT_SHARE));
    } else if (rng.chance(LAPSED_SHARE) && p.age >= 1) {
      const end = this.daysAgo(rng.int(1, 540));
      push(maxDate(addDays(addYears(end, -1), 1), born), end, rng.chance(0.5));
      return;
    }
    // Earlier cards: the years before, in the legacy format.
    if (code !== 'TE' && rng.chance(HISTORY_SHARE)) {
      const previous = Math.min(Number(from.slice(0, 4)) - 1, this.year - 1);
      const years = rng.chance(SECOND_HISTORY_SHARE) ? 2 : 1;
      for (let k = 0; k < years; k++) {
        const y = previous - k;
        if (y < r.birthYear || y < 2010) break;
        push(maxDate(`${y}-01-01`, born), `${y}-12-31`, true);
      }
    }
  }

  // ---------------------------------------------------------------- the 831 record

  record(rng: Rng, p: Person, _place: Place, out: { records: RecordRow[]; versions: VersionRow[] }): void {
    if (!rng.chance(RECORD_SHARE)) return;
    const r = p.row;
    const recent = rng.chance(RECORD_RECENT_SHARE);
    // When it was last touched: in the last 12 months, or 13–30 months ago.
    const lastDaysAgo = recent ? rng.int(1, 360) : rng.int(400, 900);
    const bornDaysAgo = r.birthDate
      ? Math.round((this.todayMs - Date.parse(`${r.birthDate}T00:00:00Z`)) / DAY)
      : 99_999;
    if (bornDaysAgo < lastDaysAgo) return;
    const versionCount = Math.min(
      rng.chance(0.35) ? (rng.chance(0.3) ? 3 : 2) : 1,
      Math.max(1, Math.floor(bornDaysAgo / 200)),
    );
    const firstDaysAgo = Math.min(bornDaysAgo, lastDaysAgo + rng.int(120, 1200));
    const doc = this.document(rng, p);
    const recordId = newId();
    let reviewedAt: Date | null = null;
    let lastUpdatedAt = new Date(this.todayMs);
    for (let v = 1; v <= versionCount; v++) {
      const ago =
        v === versionCount
          ? lastDaysAgo
          : Math.round(firstDaysAgo - ((firstDaysAgo - lastDaysAgo) * (v - 1)) / (versionCount - 1 || 1));
      const at = new Date(this.todayMs - ago * DAY + rng.int(7, 17) * 3_600_000);
      const kind = v === 1 ? 'create' : rng.chance(0.5) ? 'review' : 'update';
      // Version 1 had the history only; later versions added vaccinations and examinations.
      const document: HealthRecordDocument =
        v === 1 && versionCount > 1
          ? { history: doc.history, vaccinations: { doses: [] }, examinations: { items: [] } }
          : doc;
      out.versions.push({
        id: newId(),
        recordId,
        residentId: r.id,
        version: v,
        kind,
        changedParts:
          kind === 'create'
            ? ['history', 'vaccinations', 'examinations']
            : kind === 'update'
              ? ['vaccinations', 'examinations']
              : [],
        document,
        note: kind === 'review' ? 'Rà soát hồ sơ hằng năm' : kind === 'create' ? 'Lập hồ sơ' : null,
        createdAt: at,
        createdBy: 'demo',
      });
      if (kind === 'review') reviewedAt = at;
      else lastUpdatedAt = at;
    }
    out.records.push({
      id: recordId,
      residentId: r.id,
      currentVersion: versionCount,
      lastUpdatedAt,
      reviewedAt,
    });
  }

  private document(rng: Rng, p: Person): HealthRecordDocument {
    const r = p.row;
    const adult = p.age >= 15;
    const male = r.sex === 'male';
    const history: HistoryPart = {};
    if (p.age < 6)
      history.birth = {
        deliveryType: rng.weighted([
          ['normal', 70],
          ['caesarean', 28],
          ['assisted', 2],
        ] as const),
        premature: rng.chance(0.08),
        asphyxia: rng.chance(0.02),
        birthWeightGrams: Math.round(normal(rng, 3100, 420)),
      };
    if (adult) {
      const tobacco = male
        ? rng.weighted([
            ['current', 42],
            ['former', 10],
            ['never', 48],
          ] as const)
        : rng.weighted([
            ['current', 1.5],
            ['former', 0.5],
            ['never', 98],
          ] as const);
      const alcohol = male
        ? rng.weighted([
            ['current', 60],
            ['former', 8],
            ['never', 32],
          ] as const)
        : rng.weighted([
            ['current', 8],
            ['never', 92],
          ] as const);
      history.riskFactors = {
        tobacco: { status: tobacco, ...(tobacco === 'current' ? { perDay: rng.int(3, 20) } : {}) },
        alcohol: { status: alcohol, ...(alcohol === 'current' ? { drinksPerDay: rng.int(1, 5) } : {}) },
        drugs: { status: 'never' },
        physicalActivity: rng.weighted([
          ['none', 25],
          ['occasional', 45],
          ['regular', 30],
        ] as const),
        latrineType: rng.weighted([
          ['flush', 70],
          ['semi_septic', 14],
          ['double_vault', 6],
          ['pit', 7],
          ['none', 3],
        ] as const),
      };
    }
    const diseases: NonNullable<HistoryPart['diseases']> = [];
    const has = (share: number) => rng.chance(share);
    const since = () => String(this.year - rng.int(0, Math.max(0, Math.min(20, p.age - 18))));
    if (p.age >= 18) {
      // Known (diagnosed) shares: about half of hypertension and of diabetes is known.
      if (has(p.age >= 60 ? 0.24 : p.age >= 40 ? 0.11 : 0.025))
        diseases.push({ icd10: 'I10', name: 'Tăng huyết áp', since: since() });
      if (has(p.age >= 60 ? 0.08 : p.age >= 40 ? 0.045 : 0.005))
        diseases.push({ icd10: 'E11', name: 'Đái tháo đường type 2', since: since() });
      if (male && p.age >= 40 && has(0.05))
        diseases.push({ icd10: 'J44', name: 'Bệnh phổi tắc nghẽn mạn tính', since: since() });
      if (has(0.05)) diseases.push({ icd10: 'B18.1', name: 'Viêm gan virus B mạn', since: since() });
      if (has(0.04)) diseases.push({ icd10: 'K29', name: 'Viêm dạ dày', since: since() });
    }
    if (has(0.03)) diseases.push({ icd10: 'J45', name: 'Hen phế quản' });
    if (diseases.length) history.diseases = diseases;
    if (has(0.04))
      history.allergies = [
        rng.chance(0.6)
          ? {
              kind: 'drug',
              agent: rng.pick(['Penicillin', 'Amoxicillin', 'Aspirin', 'Sulfamid'] as const),
              reaction: 'Mẩn ngứa',
            }
          : { kind: 'food', agent: rng.pick(['Tôm', 'Cua', 'Hải sản', 'Nhộng'] as const) },
      ];
    const oldAge = p.age >= 65;
    if (has(oldAge ? 0.12 : 0.02)) {
      history.disabilities = {
        vision: has(oldAge ? 0.6 : 0.3),
        hearing: has(oldAge ? 0.5 : 0.2),
        leg: has(0.2),
        arm: has(0.1),
        spine: has(0.1),
      };
    }
    if (adult && has(0.06))
      history.surgeries = [
        {
          description: rng.pick(['Mổ ruột thừa', 'Mổ sỏi mật', 'Kết hợp xương', 'Mổ thoát vị bẹn'] as const),
          year: this.year - rng.int(1, Math.min(40, p.age - 14)),
        },
      ];
    if (has(0.2))
      history.familyHistory = [
        {
          relative: rng.pick(['father', 'mother'] as const),
          ...rng.pick([
            { icd10: 'I10', condition: 'Tăng huyết áp' },
            { icd10: 'E11', condition: 'Đái tháo đường' },
            { icd10: 'C22', condition: 'Ung thư gan' },
            { icd10: 'I64', condition: 'Đột quỵ' },
          ] as const),
        },
      ];
    if (!male && p.age >= 18 && p.age < 50 && p.children > 0) {
      const miscarriages = rng.chance(0.12) ? 1 : 0;
      history.reproductive = {
        contraception: rng.weighted([
          ['Vòng tránh thai', 40],
          ['Thuốc tránh thai', 15],
          ['Bao cao su', 15],
          ['Không dùng', 30],
        ] as const),
        pregnancies: p.children + miscarriages,
        births: p.children,
        caesareans: p.caesareans,
        fullTermBirths: p.children,
        miscarriages,
        abortions: 0,
        livingChildren: p.children,
      };
    }
    const doses: HealthRecordDocument['vaccinations']['doses'] = [];
    if (r.birthDate && p.age < 6)
      for (const [vaccine, doseNumber, dueDays] of EPI_SCHEDULE) {
        const date = addDays(r.birthDate, dueDays + rng.int(0, dueDays ? 20 : 0));
        if (date < this.today && rng.chance(0.95)) doses.push({ vaccine, doseNumber, date, program: 'epi' });
      }
    if (!male && history.reproductive)
      for (let k = 1; k <= Math.min(2, p.children); k++)
        doses.push({ vaccine: 'VAT', doseNumber: k, date: null, program: 'epi', inPregnancy: true });
    const items: HealthRecordDocument['examinations']['items'] = [];
    if (rng.chance(EXAMINED_SHARE) && p.age >= 1) {
      const hypertensive = diseases.some((d) => d.icd10 === 'I10');
      const heightCm = adult ? Math.round(normal(rng, male ? 164 : 153, 6)) : Math.round(75 + p.age * 6);
      const weightKg = adult ? Math.round(normal(rng, male ? 60 : 51, 8)) : Math.round(9 + p.age * 2.4);
      items.push({
        date: this.daysAgo(rng.int(5, 300)),
        reason: rng.pick(['Khám sức khỏe định kỳ', 'Khám quản lý bệnh mạn tính', 'Khám bệnh'] as const),
        vitals: {
          pulse: rng.int(62, 96),
          systolic: hypertensive ? rng.int(130, 170) : rng.int(100, 135),
          diastolic: hypertensive ? rng.int(80, 100) : rng.int(60, 85),
          heightCm,
          weightKg,
          bmi: Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10,
        },
        diagnoses: diseases
          .slice(0, 2)
          .map((d, i) => ({ icd10: d.icd10 ?? null, name: d.name, primary: i === 0 })),
        advice: hypertensive
          ? 'Ăn nhạt, tập thể dục, uống thuốc đều, tái khám sau 1 tháng'
          : 'Duy trì lối sống lành mạnh',
      });
    }
    return { history, vaccinations: { doses }, examinations: { items } };
  }
}

/** The expanded programme's doses for young children: vaccine, dose, days after birth. */
const EPI_SCHEDULE: readonly (readonly [string, number, number])[] = [
  ['VGB sơ sinh', 1, 0],
  ['BCG', 1, 7],
  ['DPT-VGB-Hib', 1, 61],
  ['OPV', 1, 61],
  ['DPT-VGB-Hib', 2, 91],
  ['OPV', 2, 91],
  ['DPT-VGB-Hib', 3, 122],
  ['OPV', 3, 122],
  ['IPV', 1, 152],
  ['Sởi', 1, 274],
  ['IPV', 2, 274],
  ['VNNB', 1, 365],
  ['VNNB', 2, 380],
  ['DPT', 4, 548],
  ['Sởi-Rubella', 1, 548],
  ['VNNB', 3, 730],
];

// ---------------------------------------------------------------- helpers

function familyOf(fullName: string): string {
  return fullName.split(' ')[0]!;
}

function normal(rng: Rng, mean: number, sd: number): number {
  // Box–Muller.
  const u = Math.max(rng.next(), 1e-9);
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
