/**
 * Residents of one province for the benches, loaded fast: households, residents and insurance cards
 * in the proportions of the people demo (src/demo/people.ts), kept lean, spread over the
 * communes of Quảng Ninh (22) by population, in multi-row batches (src/db/bulk.ts) with the people
 * tables' secondary indexes dropped during the load and built once at the end. Needs the reference
 * data and the network demo of the province (its communes, hamlets and stations) in the database.
 * Used by bench/people-search.ts and bench/indicators-scale.ts.
 */
import { sql } from 'drizzle-orm';
import { newId } from '../../src/core/ids.js';
import { rows, type Database } from '../../src/db/connection.js';
import { kinhStyle, personName, provinceProfile, type NameStyle, type Sex } from '../../src/demo/names.js';
import { addDays, addYears, createRng, type Rng } from '../../src/demo/random.js';
import {
  centurySexDigit,
  ID_PROVINCES,
  insertPeopleBulk,
  type BulkCard,
  type BulkHousehold,
  type BulkResident,
} from '../../src/modules/people/index.js';
import { systemActor } from '../../src/core/actor.js';
import { today as currentDay } from '../../src/core/clock.js';

/** The province the residents live in. */
export const PROVINCE = '22';
/** Residents generated and inserted per transaction. */
const CHUNK = 10_000;

const today = currentDay();
const thisYear = Number(today.slice(0, 4));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

interface Place {
  unitId: string;
  path: string;
}
interface Commune {
  code: string;
  population: number;
  hamlets: Place[];
  station: string | null;
}
type HouseholdRow = BulkHousehold;
type ResidentRow = BulkResident & { id: string; sex: Sex; birthYear: number };
type CardRow = BulkCard;
interface Chunk {
  households: HouseholdRow[];
  residents: ResidentRow[];
  cards: CardRow[];
}

const MOBILE_PREFIXES = ['032', '034', '035', '036', '038', '039', '086', '096', '097', '098', '091', '094'];
const MINORITY_ETHNICITY = ['02', '07', '09', '17', '03'];
const WORKING_GROUPS = [
  ['DN', 4, 30],
  ['HC', 4, 6],
  ['HN', 2, 4],
  ['CN', 3, 4],
  ['GB', 4, 3],
  ['GD', 4, 45],
] as const;
const ELDERLY_GROUPS = [
  ['HT', 3, 30],
  ['GD', 4, 45],
  ['CB', 2, 5],
  ['BT', 2, 10],
  ['CC', 1, 3],
] as const;

/** Households and residents in the proportions of the people demo (src/demo/people.ts), kept lean. */
class PeopleGenerator {
  private readonly ids = new Set<string>();
  private readonly sins = new Set<string>();
  private readonly idProvinces = Object.keys(ID_PROVINCES);
  private readonly profile = provinceProfile(PROVINCE);

  constructor(private readonly rng: Rng) {}

  household(commune: Commune, out: Chunk): number {
    const rng = this.rng;
    const place = rng.pick(commune.hamlets);
    const minority = this.profile.minority.length > 0 && rng.chance(0.12);
    const style: NameStyle = minority ? rng.weighted(this.profile.minority) : kinhStyle(this.profile.region);
    const ethnicity = minority ? rng.pick(MINORITY_ETHNICITY) : '01';
    const household: HouseholdRow = {
      id: newId(),
      unitId: place.unitId,
      unitPath: place.path,
      addressLine: rng.chance(0.5) ? `Số ${rng.int(1, 250)}` : null,
    };
    out.households.push(household);
    const before = out.residents.length;
    const add = (
      sex: Sex,
      age: number,
      relation: string,
      family?: string,
      mother?: ResidentRow,
      father?: ResidentRow,
    ) => {
      const r = this.person(commune, place, household.id, sex, age, relation, style, ethnicity, family);
      if (mother) r.motherId = mother.id;
      if (father) r.fatherId = father.id;
      out.residents.push(r);
      this.cards(commune, r, age, out.cards);
      return r;
    };
    const children = (mother: ResidentRow, father: ResidentRow | undefined, family: string, n: number) => {
      const motherAge = thisYear - mother.birthYear;
      for (let i = 0; i < n; i++) {
        const age = motherAge - rng.int(19, 38);
        if (age < 0 || age > 30 || (age >= 18 && !rng.chance(0.55))) continue;
        add(rng.chance(0.528) ? 'male' : 'female', age, 'child', family, mother, father);
      }
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
      add(rng.chance(old ? 0.68 : 0.45) ? 'female' : 'male', old ? rng.int(60, 95) : rng.int(20, 45), 'head');
    } else if (kind === 'lone_parent') {
      const mother = add('female', rng.int(25, 55), 'head');
      children(mother, undefined, familyOf(personName(rng, 'male', style)), rng.int(1, 3));
    } else {
      const husbandAge = kind === 'three' ? rng.int(48, 78) : rng.int(23, 70);
      const wifeAge = Math.max(18, husbandAge - rng.int(-2, 6));
      const husband = add('male', husbandAge, 'head');
      const wife = add('female', wifeAge, 'spouse');
      const family = familyOf(husband.fullName);
      if (kind === 'nuclear') children(wife, husband, family, rng.int(1, 3));
      if (kind === 'three') {
        const sonAge = Math.max(20, wifeAge - rng.int(20, 32));
        const son = add('male', sonAge, 'child', family, wife, husband);
        const inLaw = add('female', Math.max(18, sonAge - rng.int(-2, 5)), 'child_in_law');
        for (let i = rng.int(1, 3); i > 0; i--) {
          const age = thisYear - inLaw.birthYear - rng.int(19, 34);
          if (age >= 0) add(rng.chance(0.528) ? 'male' : 'female', age, 'grandchild', family, inLaw, son);
        }
      }
    }
    return out.residents.length - before;
  }

  private person(
    commune: Commune,
    place: Place,
    householdId: string,
    sex: Sex,
    age: number,
    relation: string,
    style: NameStyle,
    ethnicity: string,
    family?: string,
  ): ResidentRow {
    const rng = this.rng;
    const birthDate = addDays(addYears(today, -age), -rng.int(0, 364));
    const birthYear = Number(birthDate.slice(0, 4));
    const yearOnly = birthYear < 1960 && rng.chance(0.25);
    const phones: string[] = [];
    if (age >= 15 && rng.chance(0.85)) {
      phones.push(this.mobile());
      if (rng.chance(0.1)) phones.push(this.mobile());
    }
    const fate = age >= 70 ? rng.next() : 1;
    return {
      id: newId(),
      householdId,
      relationToHead: relation,
      fullName: this.name(sex, style, family),
      sex,
      birthDate: yearOnly ? null : birthDate,
      birthYear,
      personalId: rng.chance(age >= 14 ? 0.97 : 0.9) ? this.personalId(sex, birthYear) : null,
      ethnicity,
      nationality: 'VN',
      phones,
      currentUnitId: place.unitId,
      unitPath: place.path,
      // A few of the old died this year (not found by a default search, still in the table).
      ...(fate < 0.03 && relation !== 'head'
        ? { status: 'dead' as const, diedOn: addDays(today, -rng.int(1, 300)) }
        : { status: 'active' as const, diedOn: null }),
    };
  }

  private name(sex: Sex, style: NameStyle, family?: string): string {
    const full = personName(this.rng, sex, style);
    if (!family || style === 'highlands') return full;
    const rest = full.split(' ').slice(1);
    return rest.includes(family) || !rest.length ? full : [family, ...rest].join(' ');
  }

  private mobile(): string {
    return `${this.rng.pick(MOBILE_PREFIXES)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`;
  }

  private personalId(sex: Sex, birthYear: number): string {
    const province = this.rng.chance(0.88) ? `0${PROVINCE}` : this.rng.pick(this.idProvinces);
    const head = `${province}${centurySexDigit(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}`;
    for (;;) {
      const id = `${head}${String(this.rng.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private sin(): string {
    for (;;) {
      const n = `${PROVINCE}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!this.sins.has(n)) {
        this.sins.add(n);
        return n;
      }
    }
  }

  /** ~94 % insured today (a quarter still on the 15-character code), a third with last year's card too. */
  private cards(commune: Commune, r: ResidentRow, age: number, out: CardRow[]): void {
    const rng = this.rng;
    const [group, level] =
      age < 6
        ? (['TE', 1] as const)
        : age < 18
          ? (['HS', 4] as const)
          : rng.weighted(
              (age < 60 ? WORKING_GROUPS : ELDERLY_GROUPS).map(([g, l, w]) => [[g, l] as const, w]),
            );
    const sin = this.sin();
    const card = (from: string, to: string, legacy: boolean): CardRow => ({
      id: newId(),
      residentId: r.id,
      code: legacy ? `${group}${level}${PROVINCE}${sin}` : sin,
      socialInsuranceNumber: sin,
      beneficiaryGroup: group,
      benefitLevel: level,
      issuerProvince: legacy ? PROVINCE : null,
      validFrom: from,
      validTo: to,
      registeredFacilityCode: commune.station,
    });
    const born = r.birthDate ?? `${r.birthYear}-01-01`;
    if (rng.chance(0.94)) {
      const from = addDays(today, -rng.int(0, 364));
      out.push(card(from < born ? born : from, addDays(addYears(from, 1), -1), rng.chance(0.25)));
    }
    if (age >= 2 && rng.chance(0.33)) {
      const y = thisYear - 1;
      out.push(card(`${y}-01-01` < born ? born : `${y}-01-01`, `${y}-12-31`, true));
    }
  }
}

export const familyOf = (fullName: string) => fullName.split(' ')[0]!;

async function communesOf(db: Database): Promise<Commune[]> {
  const found = await rows<{ id: string; code: string; population: number | null; path: string }>(
    db.orm,
    sql`SELECT c.id, c.code, c.population, c.path::text AS path FROM admin_units c JOIN admin_units p ON p.id = c.parent_id
        WHERE p.map = 'post2025' AND p.level = 'province' AND p.code = ${PROVINCE} AND c.level = 'commune'
          AND (c.valid_to IS NULL OR c.valid_to >= ${today}::date) ORDER BY c.code`,
  );
  const hamlets = await rows<{ communeId: string; unitId: string; path: string }>(
    db.orm,
    sql`SELECT parent_id AS "communeId", id AS "unitId", path::text AS path FROM admin_units
        WHERE map = 'post2025' AND level = 'hamlet' AND path <@ ${`post2025.p${PROVINCE}`}::ltree
          AND (valid_to IS NULL OR valid_to >= ${today}::date) ORDER BY code`,
  );
  const stations = await rows<{ unitId: string; code: string }>(
    db.orm,
    sql`SELECT unit_id AS "unitId", code FROM facilities WHERE kind = 'commune_station'`,
  );
  return found.map((c) => {
    const own = hamlets.filter((h) => h.communeId === c.id).map(({ unitId, path }) => ({ unitId, path }));
    return {
      code: c.code,
      population: c.population ?? 20_000,
      hamlets: own.length ? own : [{ unitId: c.id, path: c.path }],
      station: stations.find((s) => s.unitId === c.id)?.code ?? null,
    };
  });
}

const PEOPLE_TABLES = ['households', 'residents', 'insurance_cards'];

/** Loads `size` residents into the empty people tables: indexes dropped, multi-row batches, indexes rebuilt. */
export async function loadPeople(db: Database, label: string, size: number): Promise<void> {
  const started = performance.now();
  const communes = await communesOf(db);
  const population = communes.reduce((s, c) => s + c.population, 0);
  const indexes = await rows<{ name: string; def: string }>(
    db.orm,
    sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename IN ('households', 'residents', 'insurance_cards')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const i of indexes) await db.orm.execute(sql.raw(`DROP INDEX "${i.name}"`));

  const gen = new PeopleGenerator(createRng(2025).fork('bench-people'));
  let pending: Promise<void> = Promise.resolve();
  let made = 0;
  let cards = 0;
  let householdCount = 0;
  let chunk: Chunk = { households: [], residents: [], cards: [] };
  let nextReport = size / 10;
  // The next chunk is generated while the database stores the previous one.
  const flush = async () => {
    const c = chunk;
    chunk = { households: [], residents: [], cards: [] };
    await pending;
    pending = db.orm.transaction(async (tx) => {
      // Generated rows reference each other consistently (households and parents first): the per-row
      // foreign-key triggers are skipped, as the people demo does where the role may.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      // people's bulk writer (its own tables, one audit event per table and chunk)
      await insertPeopleBulk(
        tx,
        systemActor('bench'),
        {
          households: c.households,
          residents: c.residents,
          cards: c.cards,
          lifeEvents: [],
          healthRecords: [],
          healthRecordVersions: [],
        },
        { audit: { unitPath: `post2025.p${PROVINCE}`, entityType: 'bench', details: { label } } },
      );
    });
    cards += c.cards.length;
    householdCount += c.households.length;
    if (made >= nextReport) {
      console.error(
        `  ${label}: ${made.toLocaleString('en')} / ${size.toLocaleString('en')} residents (${seconds(started)} s)`,
      );
      nextReport += size / 10;
    }
  };
  let allotted = 0;
  for (const [i, c] of communes.entries()) {
    // The last commune takes what rounding left over.
    const target =
      i === communes.length - 1 ? size - allotted : Math.round((size * c.population) / population);
    allotted += target;
    let inCommune = 0;
    while (inCommune < target) {
      const n = gen.household(c, chunk);
      inCommune += n;
      made += n;
      if (chunk.residents.length >= CHUNK) await flush();
    }
  }
  await flush();
  await pending;
  const loaded = performance.now();
  console.log(
    `${label}: ${made.toLocaleString('en')} residents, ${householdCount.toLocaleString('en')} households, ${cards.toLocaleString('en')} insurance cards in ${communes.length} communes loaded in ${seconds(started)} s`,
  );
  // One session for the build, with more memory for sorting than the default (this session only).
  const client = await db.pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '${db.kind === 'postgres' ? '512MB' : '256MB'}'`);
    for (const [n, i] of indexes.entries()) {
      await client.query(i.def);
      console.error(`  ${label}: index ${n + 1}/${indexes.length} ${i.name} (${seconds(loaded)} s)`);
    }
    await client.query(`RESET maintenance_work_mem`);
    await client.query(`VACUUM ANALYZE ${PEOPLE_TABLES.join(', ')}`);
  } finally {
    client.release();
  }
  console.log(
    `${label}: ${indexes.length} indexes built, tables vacuumed and analysed in ${seconds(loaded)} s`,
  );
}
