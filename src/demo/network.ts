/**
 * The network demo: for one province of the current map, the health centres, a commune station per
 * commune, private clinics, pharmacies and school health rooms, the hamlets of every commune and the
 * people who work in all of them. Every value comes from the seeded generator, so one seed always
 * gives the same network. It reads the province through the network's published relations and
 * writes through its bulk writer (`insertNetworkBulk`), all in one transaction.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { rows, type Database } from '../db/connection.js';
import {
  communeOrigins,
  insertNetworkBulk,
  lockNetworkForBulk,
  unitsRelation,
  type BulkCertificate,
  type BulkFacility,
  type BulkPosition,
  type BulkHamlet,
  type BulkStaffMember,
  type BulkStationHamlet,
  type CommuneOrigin,
  type NetworkBulkCounts,
} from '../modules/network/index.js';
import {
  ascii,
  hamletNames,
  isMinorityType,
  kinhStyle,
  personName,
  provinceProfile,
  type HamletSetting,
  type HamletType,
  type NameStyle,
  type ProvinceProfile,
  type Sex,
} from './names.js';
import { addDays, addYears, type Rng } from './random.js';

// ---------------------------------------------------------------- the numbers (all tunable)

/** Hamlets per commune before `scale` (thôn/ấp of a rural commune; tổ dân phố/khu phố of a ward). */
const HAMLETS_RURAL: Range = [8, 20];
const HAMLETS_WARD: Range = [5, 15];
/** Never fewer hamlets than this, whatever the scale. */
const HAMLETS_MIN = 3;
/** People per hamlet, to place a commune's count inside its range by its population. */
const PEOPLE_PER_HAMLET_RURAL = 1_500;
const PEOPLE_PER_HAMLET_WARD = 4_000;

/** Communes served by one regional health centre (Trung tâm Y tế khu vực): aim, least, most. */
const HC_COMMUNES_TARGET = 8;
const HC_COMMUNES_MIN = 6;
const HC_COMMUNES_MAX = 10;

/** Under this density (people per km²) a rural commune counts as mountain or remote. */
const MOUNTAIN_DENSITY = 100;

/** Station model mix (1: no deliveries nor routine treatment, 2: no deliveries, 3: full functions). */
const MODEL_CITY_WARD: Weighted<1 | 2 | 3> = [
  [1, 80],
  [2, 20],
]; // wards of centrally run cities: hospitals are close
const MODEL_WARD: Weighted<1 | 2 | 3> = [
  [1, 55],
  [2, 40],
  [3, 5],
]; // wards of provincial towns
const MODEL_RURAL: Weighted<1 | 2 | 3> = [
  [1, 10],
  [2, 75],
  [3, 15],
]; // lowland communes
const MODEL_REMOTE: Weighted<1 | 2 | 3> = [
  [2, 45],
  [3, 55],
]; // mountain communes and islands: deliveries happen at the station

/** Stations with a doctor (T1 counts those with an active, full-time one). */
const STATION_DOCTOR_SHARE = 0.8;
/** Of those doctors, part-time or rotating from the health centre (bác sĩ luân phiên): fullTime false. */
const STATION_DOCTOR_PART_TIME_SHARE = 0.15;
/** Wards with a second doctor. */
const WARD_SECOND_DOCTOR_SHARE = 0.2;
/** Stations with a traditional-medicine doctor besides. */
const TRADITIONAL_DOCTOR_SHARE = 0.08;
/** Stations (model 1–2) with a midwife; model-3 stations always have one or two. */
const MIDWIFE_SHARE = 0.75;
const PHARMACIST_SHARE = 0.7;
const POPULATION_OFFICER_SHARE = 0.8;
const LAB_TECHNICIAN_SHARE = 0.1;
/** Other station staff on part-time contracts. */
const STATION_PART_TIME_SHARE = 0.03;
/** People per station, before and after the optional roles above. */
const STATION_STAFF: Range = [5, 10];

/** People per health centre, and the mix of their titles. */
const HC_STAFF: Range = [20, 60];
const HC_TITLES: Weighted<string> = [
  ['doctor', 22],
  ['preventive_doctor', 6],
  ['traditional_medicine_doctor', 4],
  ['physician_assistant', 10],
  ['nurse', 25],
  ['midwife', 8],
  ['pharmacist', 7],
  ['lab_technician', 8],
  ['public_health', 5],
  ['population_officer', 3],
  ['other', 2],
];
const HC_MIN_DOCTORS = 3;

/** Hamlets with an active village health worker (nhân viên y tế thôn bản): target T2 is 100 %. */
const HAMLET_VHW_SHARE = 0.92;
/** Village health workers not (yet) trained for the role. */
const VHW_UNTRAINED_SHARE = 0.06;
/** Hamlets with a population collaborator (cộng tác viên dân số). */
const HAMLET_COLLABORATOR_SHARE = 0.85;
/** Mountain and minority hamlets with a village midwife (cô đỡ thôn bản). */
const VILLAGE_MIDWIFE_SHARE = 0.3;

/** Staff who left: a predecessor at this share of stations, of hamlets with a worker, of vacant hamlets. */
const STATION_FORMER_SHARE = 0.35;
const HAMLET_FORMER_SHARE = 0.08;
const VACANT_HAMLET_FORMER_SHARE = 0.5;
/** Former staff per health centre. */
const HC_FORMER: Range = [2, 6];

/** Private clinics, pharmacies and school health rooms per commune, before `scale`: [ward, rural]. */
const PER_COMMUNE: Record<'private_clinic' | 'pharmacy' | 'school_health_room', readonly [Range, Range]> = {
  private_clinic: [
    [1, 4],
    [0, 1],
  ],
  pharmacy: [
    [3, 8],
    [1, 4],
  ],
  school_health_room: [
    [2, 5],
    [2, 4],
  ],
};
/** School health rooms with a nurse or physician assistant of their own. */
const SCHOOL_STAFF_SHARE = 0.6;
/** Private clinics and pharmacies closed since they opened. */
const CLOSED_SHARE = 0.04;

/** Staff with a phone number on record: active, former. */
const PHONE_SHARE = 0.9;
const FORMER_PHONE_SHARE = 0.6;
/** Station and health-centre staff of mountain communes who belong to an ethnic minority. */
const MOUNTAIN_STAFF_MINORITY_SHARE = 0.3;
/** Hamlet workers of a mountain commune's ordinary hamlets who belong to an ethnic minority (minority villages: 90 %). */
const MOUNTAIN_HAMLET_MINORITY_SHARE = 0.4;

/** Communes left out: Hoàng Sa has no resident population under Vietnamese administration. */
const UNINHABITED_COMMUNES = new Set(['20333']);

/** Date of the 2025 reform: the new health centres, stations and hamlets start on it. */
const REFORM_DATE = '2025-07-01';
/** Titles that practise under a certificate (chứng chỉ / giấy phép hành nghề). */
const CERTIFIED_TITLES = new Set([
  'doctor',
  'preventive_doctor',
  'traditional_medicine_doctor',
  'physician_assistant',
  'nurse',
  'midwife',
  'pharmacist',
  'lab_technician',
]);
const SCOPE_OF: Record<string, string> = {
  doctor: 'Khám bệnh, chữa bệnh đa khoa',
  preventive_doctor: 'Y học dự phòng',
  traditional_medicine_doctor: 'Khám bệnh, chữa bệnh bằng y học cổ truyền',
  physician_assistant: 'Khám bệnh, chữa bệnh đa khoa (y sĩ)',
  nurse: 'Điều dưỡng',
  midwife: 'Hộ sinh',
  pharmacist: 'Dược',
  lab_technician: 'Kỹ thuật xét nghiệm',
};
/** Share of clinical staff whose certificate is not on record yet (recently hired). */
const NO_CERTIFICATE_SHARE = 0.08;
/** Licences under Luật Khám bệnh, chữa bệnh 15/2023/QH15 (from 1/1/2024) last 5 years. */
const LICENCE_LAW_DATE = '2024-01-01';
/** Posts approved per station by model (đề án vị trí việc làm after the 2025 reform; illustrative). */
const STATION_POSTS: Record<number, [string, number][]> = {
  1: [
    ['doctor', 2],
    ['physician_assistant', 2],
    ['nurse', 2],
    ['midwife', 1],
    ['pharmacist', 1],
    ['population_officer', 1],
  ],
  2: [
    ['doctor', 1],
    ['physician_assistant', 2],
    ['nurse', 2],
    ['midwife', 1],
    ['pharmacist', 1],
  ],
  3: [
    ['doctor', 1],
    ['physician_assistant', 1],
    ['nurse', 1],
    ['midwife', 1],
  ],
};
const POSTS_DECISION = 'Đề án vị trí việc làm 2025 (minh họa)';

/** Mobile prefixes (03x/07x/08x/09x) with rough market shares: Viettel, VinaPhone, MobiFone, others. */
const MOBILE_PREFIXES: Weighted<string> = [
  ...(['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098'] as const).map(
    (p) => [p, 3.5] as const,
  ),
  ...(['081', '082', '083', '084', '085', '088', '091', '094'] as const).map((p) => [p, 3.7] as const),
  ...(['070', '076', '077', '078', '079', '089', '090', '093'] as const).map((p) => [p, 3.1] as const),
  ...(['092', '099'] as const).map((p) => [p, 1] as const),
];

/** Sex of people by title: share of women. */
const FEMALE_SHARE: Record<string, number> = {
  doctor: 0.45,
  preventive_doctor: 0.45,
  traditional_medicine_doctor: 0.4,
  physician_assistant: 0.5,
  nurse: 0.8,
  midwife: 1,
  pharmacist: 0.7,
  lab_technician: 0.55,
  public_health: 0.55,
  population_officer: 0.75,
  village_health_worker: 0.55,
  village_midwife: 1,
  population_collaborator: 0.85,
  other: 0.5,
};
/** Youngest age for a title (doctors study six years); everyone is at most 60. */
const MIN_AGE: Record<string, number> = {
  doctor: 26,
  preventive_doctor: 26,
  traditional_medicine_doctor: 26,
  pharmacist: 23,
};
const DEFAULT_MIN_AGE = 23;
const MAX_AGE = 60;

// ---------------------------------------------------------------- types

type Range = readonly [number, number];
type Weighted<T> = readonly (readonly [T, number])[];

export interface NetworkDemoOptions {
  provinceCode: string;
  /** 1 = realistic counts; 0.3 for a quick test. Scales hamlets and private facilities. */
  scale: number;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  /** "Today" for ages and dates (default: the real today). */
  today?: string;
}

export interface NetworkDemoSummary {
  provinceCode: string;
  provinceName: string;
  communes: number;
  hamlets: number;
  /** Hamlets that were already there and got linked to their station. */
  existingHamlets: number;
  facilities: NetworkBulkCounts['facilities'];
  stationModels: NetworkBulkCounts['stationModels'];
  stationHamlets: number;
  staff: NetworkBulkCounts['staff'];
  /** What targets T1 and T2 will find (active staff only). */
  coverage: { stationsWithFullTimeDoctor: number; hamletsWithVhw: number; hamletsWithTrainedVhw: number };
}

interface CommuneRow {
  id: string;
  code: string;
  name: string;
  fullName: string;
  unitType: string;
  path: string;
  population: number | null;
  areaKm2: number | null;
}

interface CommunePlan {
  commune: CommuneRow;
  ward: boolean;
  specialZone: boolean;
  /** Mountain, remote or island. */
  remote: boolean;
  setting: HamletSetting;
}

interface HamletInfo {
  id: string;
  path: string;
  unitType: string;
  fullName: string;
}

// ---------------------------------------------------------------- the generator

/**
 * Generates the network of one province of the current map. Refuses when the province already has
 * facilities. Hamlets that already exist are kept, counted in and linked to their station.
 */
export async function generateNetworkDemo(
  db: Database,
  opts: NetworkDemoOptions,
): Promise<NetworkDemoSummary> {
  const today = opts.today ?? currentDay();
  const scale = Number.isFinite(opts.scale) && opts.scale > 0 ? opts.scale : 1;
  const profile = provinceProfile(opts.provinceCode);
  const progress = opts.progress;

  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ id: string; code: string; name: string; fullName: string; path: string }>(
      tx,
      sql`SELECT id, code, name, full_name AS "fullName", path::text AS path FROM ${unitsRelation} u
          WHERE map = 'post2025' AND level = 'province' AND code = ${opts.provinceCode}`,
    );
    if (!province) throw new Error(`Province ${opts.provinceCode} is not on the current map (post2025)`);

    // One demo at a time, and never over real data.
    const existingFacilities = await lockNetworkForBulk(tx, province.path);
    if (existingFacilities > 0)
      throw new Error(
        `Province ${province.code} (${province.name}) already has ${existingFacilities} facilities: the network demo fills an empty province`,
      );

    const communes = (
      await rows<CommuneRow>(
        tx,
        sql`SELECT id, code, name, full_name AS "fullName", unit_type AS "unitType", path::text AS path, population, area_km2 AS "areaKm2"
            FROM ${unitsRelation} u WHERE parent_id = ${province.id} AND level = 'commune'
              AND (valid_to IS NULL OR valid_to >= ${today}::date) ORDER BY code`,
      )
    ).filter((c) => !UNINHABITED_COMMUNES.has(c.code));
    if (!communes.length) throw new Error(`Province ${province.code} has no communes on the current map`);
    const plans = communes.map((c) => planCommune(c, profile));

    // The old district each commune mostly came from, to group communes under health centres the way
    // the old district health centres were.
    const districtOf = mainDistricts(await communeOrigins(tx, province.id));

    const existingHamlets = await rows<HamletInfo & { parentId: string; number: number }>(
      tx,
      sql`SELECT id, parent_id AS "parentId", path::text AS path, unit_type AS "unitType", full_name AS "fullName",
            split_part(code, '-', 2)::int AS number
          FROM ${unitsRelation} u WHERE map = 'post2025' AND level = 'hamlet' AND path <@ ${province.path}::ltree
            AND (valid_to IS NULL OR valid_to >= ${today}::date) ORDER BY code`,
    );
    const existingByCommune = groupBy(existingHamlets, (h) => h.parentId);

    const facilityRows: BulkFacility[] = [];
    const hamletRows: BulkHamlet[] = [];
    const linkRows: BulkStationHamlet[] = [];
    const staffRows: BulkStaffMember[] = [];
    const positionRows: BulkPosition[] = [];
    const coverage = { stationsWithFullTimeDoctor: 0, hamletsWithVhw: 0, hamletsWithTrainedVhw: 0 };
    const people = new PeopleMaker(today, profile);

    // (a) health centres, one per group of communes
    const groups = groupCommunes(plans, districtOf);
    const centreOf = new Map<string, string>();
    const hcRng = opts.rng.fork('health-centres');
    const usedCentreNames = new Set<string>();
    groups.forEach((group, i) => {
      const seat = [...group].sort(
        (a, b) =>
          (b.commune.population ?? 0) - (a.commune.population ?? 0) ||
          a.commune.code.localeCompare(b.commune.code),
      )[0]!;
      const id = newId();
      const name = centreName(group, seat, districtOf, usedCentreNames);
      facilityRows.push({
        id,
        code: `${province.code}${String(i + 1).padStart(3, '0')}`,
        name,
        kind: 'health_centre',
        stationModel: null,
        unitId: seat.commune.id,
        unitPath: seat.commune.path,
        parentFacilityId: null,
        address: `${seat.commune.fullName}, ${province.fullName}`,
        phone: people.landline(hcRng),
        activeFrom: REFORM_DATE,
      });
      for (const p of group) centreOf.set(p.commune.code, id);
      const staffRng = hcRng.fork(`staff:${i}`);
      const place = { facilityId: id, unitPath: seat.commune.path };
      const size = staffRng.int(HC_STAFF[0], HC_STAFF[1]);
      const titles = Array.from({ length: size }, (_, k) =>
        k < HC_MIN_DOCTORS ? 'doctor' : staffRng.weighted(HC_TITLES),
      );
      for (const title of titles)
        staffRows.push(
          people.make(staffRng, { title, style: people.staffStyle(staffRng, seat.remote), ...place }),
        );
      const former = staffRng.int(HC_FORMER[0], HC_FORMER[1]);
      for (let k = 0; k < former; k++)
        staffRows.push(
          people.make(staffRng, {
            title: staffRng.weighted(HC_TITLES),
            style: people.staffStyle(staffRng, seat.remote),
            former: true,
            ...place,
          }),
        );
    });

    // (b)–(e) per commune: the station, hamlets, other facilities, staff
    let done = 0;
    plans.forEach((plan, i) => {
      const c = plan.commune;
      const rng = opts.rng.fork(`commune:${c.code}`);
      const hamletRng = rng.fork('hamlets');
      const staffRng = rng.fork('staff');
      const facilityRng = rng.fork('facilities');

      // (d) hamlets: existing ones first, then new ones numbered after them
      const hamlets: HamletInfo[] = [];
      const existing = existingByCommune.get(c.id) ?? [];
      hamlets.push(...existing);
      const wanted = hamletCount(hamletRng, plan, scale);
      const missing = Math.max(0, wanted - existing.length);
      const names = hamletNames(hamletRng, plan.setting, missing);
      const population = splitPopulation(hamletRng, c.population, existing.length + missing);
      let number = existing.reduce((max, h) => Math.max(max, h.number), 0);
      names.forEach((naming, k) => {
        number++;
        if (number > 999) return;
        const nnn = String(number).padStart(3, '0');
        const id = newId();
        const path = `${c.path}.h${nnn}`;
        const fullName = `${naming.unitType} ${naming.name}`;
        const nameEn = ascii(naming.name);
        hamletRows.push({
          id,
          map: 'post2025',
          code: `${c.code}-${nnn}`,
          level: 'hamlet',
          parentId: c.id,
          path,
          unitType: naming.unitType,
          unitTypeEn: 'Hamlet',
          name: naming.name,
          fullName,
          nameEn,
          fullNameEn: naming.numbered ? `Hamlet ${nameEn}` : `${nameEn} Hamlet`,
          population: population[existing.length + k] ?? null,
          validFrom: REFORM_DATE,
        });
        hamlets.push({ id, path, unitType: naming.unitType, fullName });
      });

      // (b) the commune station
      const model = facilityRng.weighted(
        plan.ward ? (profile.city ? MODEL_CITY_WARD : MODEL_WARD) : plan.remote ? MODEL_REMOTE : MODEL_RURAL,
      );
      const stationId = newId();
      const stationHome = hamlets[0];
      facilityRows.push({
        id: stationId,
        code: `${province.code}${String(101 + i).padStart(3, '0')}`,
        name: `Trạm y tế ${c.unitType.toLowerCase()} ${c.name}`,
        kind: 'commune_station',
        stationModel: model,
        unitId: c.id,
        unitPath: c.path,
        parentFacilityId: centreOf.get(c.code) ?? null,
        address: [stationHome?.fullName, c.fullName, province.fullName].filter(Boolean).join(', '),
        phone: people.landline(facilityRng),
        activeFrom: REFORM_DATE,
      });
      for (const h of hamlets) linkRows.push({ facilityId: stationId, hamletId: h.id });

      // (e) station staff, and the posts the province approved for the station
      const place = { facilityId: stationId, unitPath: c.path };
      const roles = stationRoles(staffRng, model, plan.ward);
      for (const [title, count] of STATION_POSTS[model] ?? [])
        positionRows.push({
          id: newId(),
          facilityId: stationId,
          title,
          count,
          decision: POSTS_DECISION,
          validFrom: REFORM_DATE,
          unitPath: c.path,
        });
      if (roles.some((r) => r.title === 'doctor' && r.fullTime)) coverage.stationsWithFullTimeDoctor++;
      for (const r of roles)
        staffRows.push(
          people.make(staffRng, { ...r, style: people.staffStyle(staffRng, plan.remote), ...place }),
        );
      if (staffRng.chance(STATION_FORMER_SHARE)) {
        const title = staffRng.pick(roles).title;
        staffRows.push(
          people.make(staffRng, {
            title,
            style: people.staffStyle(staffRng, plan.remote),
            former: true,
            ...place,
          }),
        );
      }

      // (e) hamlet workers
      for (const h of hamlets) {
        const minorityVillage = isMinorityType(h.unitType as HamletType);
        const style = (): NameStyle => people.hamletStyle(staffRng, plan.remote, minorityVillage);
        const where = { hamletId: h.id, unitPath: h.path, fullTime: false };
        if (staffRng.chance(HAMLET_VHW_SHARE)) {
          const trained = !staffRng.chance(VHW_UNTRAINED_SHARE);
          const vhw = people.make(staffRng, {
            title: 'village_health_worker',
            style: style(),
            trained,
            ...where,
          });
          staffRows.push(vhw);
          coverage.hamletsWithVhw++;
          if (trained) coverage.hamletsWithTrainedVhw++;
          if (staffRng.chance(HAMLET_FORMER_SHARE))
            staffRows.push(
              people.make(staffRng, {
                title: 'village_health_worker',
                style: style(),
                former: true,
                leftBefore: vhw.activeFrom,
                ...where,
              }),
            );
        } else if (staffRng.chance(VACANT_HAMLET_FORMER_SHARE)) {
          staffRows.push(
            people.make(staffRng, { title: 'village_health_worker', style: style(), former: true, ...where }),
          );
        }
        if (staffRng.chance(HAMLET_COLLABORATOR_SHARE))
          staffRows.push(
            people.make(staffRng, { title: 'population_collaborator', style: style(), ...where }),
          );
        if ((plan.remote || minorityVillage) && !plan.ward && staffRng.chance(VILLAGE_MIDWIFE_SHARE))
          staffRows.push(people.make(staffRng, { title: 'village_midwife', style: style(), ...where }));
      }

      // (c) private clinics, pharmacies, school health rooms
      const side = plan.ward ? 0 : 1;
      const counters = { K: 0, T: 0, H: 0 };
      const code = (letter: 'K' | 'T' | 'H') =>
        `${province.code}${c.code}${letter}${String(++counters[letter]).padStart(2, '0')}`;
      const homeOf = () => (hamlets.length ? facilityRng.pick(hamlets).fullName : null);
      const shopAddress = () =>
        [plan.ward ? `Số ${facilityRng.int(1, 320)}` : null, homeOf(), c.fullName, province.fullName]
          .filter(Boolean)
          .join(', ');
      const openedAt = () => facilityRng.date('2005-01-01', addDays(today, -90));
      const closedAfter = (from: string) =>
        facilityRng.chance(CLOSED_SHARE)
          ? facilityRng.date(minDate(addDays(from, 365), addDays(today, -30)), addDays(today, -30))
          : null;

      const clinics = scaled(facilityRng, PER_COMMUNE.private_clinic[side], scale);
      for (let k = 0; k < clinics && counters.K < 99; k++) {
        const id = newId();
        const from = openedAt();
        const doctorSex: Sex = facilityRng.chance(0.5) ? 'female' : 'male';
        const doctorName = personName(facilityRng, doctorSex, kinhStyle(profile.region));
        facilityRows.push({
          id,
          code: code('K'),
          name: clinicName(facilityRng, doctorName),
          kind: 'private_clinic',
          stationModel: null,
          unitId: c.id,
          unitPath: c.path,
          address: shopAddress(),
          phone: people.mobile(facilityRng),
          activeFrom: from,
          activeTo: closedAfter(from),
        });
        const at = { facilityId: id, unitPath: c.path };
        staffRows.push(
          people.make(staffRng, {
            title: 'doctor',
            sex: doctorSex,
            fullName: doctorName,
            style: 'north',
            fullTime: staffRng.chance(0.7),
            ...at,
          }),
        );
        const nurses = staffRng.int(0, 2);
        for (let n = 0; n < nurses; n++)
          staffRows.push(
            people.make(staffRng, { title: 'nurse', style: people.staffStyle(staffRng, plan.remote), ...at }),
          );
      }
      const pharmacies = scaled(facilityRng, PER_COMMUNE.pharmacy[side], scale);
      for (let k = 0; k < pharmacies && counters.T < 99; k++) {
        const id = newId();
        const from = openedAt();
        const ownerSex: Sex = facilityRng.chance(FEMALE_SHARE.pharmacist!) ? 'female' : 'male';
        const owner = personName(facilityRng, ownerSex, kinhStyle(profile.region));
        facilityRows.push({
          id,
          code: code('T'),
          name: `${plan.ward ? 'Nhà thuốc' : facilityRng.chance(0.8) ? 'Quầy thuốc' : 'Nhà thuốc'} ${shopName(facilityRng, owner)}`,
          kind: 'pharmacy',
          stationModel: null,
          unitId: c.id,
          unitPath: c.path,
          address: shopAddress(),
          phone: people.mobile(facilityRng),
          activeFrom: from,
          activeTo: closedAfter(from),
        });
        staffRows.push(
          people.make(staffRng, {
            title: 'pharmacist',
            sex: ownerSex,
            fullName: owner,
            style: 'north',
            facilityId: id,
            unitPath: c.path,
          }),
        );
      }
      const schools = scaled(facilityRng, PER_COMMUNE.school_health_room[side], scale);
      const schoolNames = schoolNamesFor(facilityRng, c.name, schools);
      for (const school of schoolNames) {
        if (counters.H >= 99) break;
        const id = newId();
        facilityRows.push({
          id,
          code: code('H'),
          name: `Phòng y tế ${school}`,
          kind: 'school_health_room',
          stationModel: null,
          unitId: c.id,
          unitPath: c.path,
          address: [homeOf(), c.fullName, province.fullName].filter(Boolean).join(', '),
          phone: null,
          activeFrom: null,
        });
        if (staffRng.chance(SCHOOL_STAFF_SHARE))
          staffRows.push(
            people.make(staffRng, {
              title: staffRng.chance(0.6) ? 'nurse' : 'physician_assistant',
              style: people.staffStyle(staffRng, plan.remote),
              facilityId: id,
              unitPath: c.path,
            }),
          );
      }
      done++;
      if (done % 10 === 0 || done === plans.length) progress?.('plan communes', done, plans.length);
    });

    // Practising certificates of the clinical staff: most on record, a few recently hired without one
    // yet (their visits are refused by the claims check until it is entered).
    const certRng = opts.rng.fork('certificates');
    const certificateRows: BulkCertificate[] = [];
    for (const s of staffRows) {
      if (!CERTIFIED_TITLES.has(s.title) || certRng.chance(NO_CERTIFICATE_SHARE)) continue;
      const issuedOn = s.activeTo ? s.activeFrom : certRng.date(addDays(s.activeFrom, -400), s.activeFrom);
      const licence = issuedOn >= LICENCE_LAW_DATE;
      certificateRows.push({
        id: newId(),
        staffId: s.id,
        number: `${String(certificateRows.length + 1).padStart(6, '0')}/${province.code}-${licence ? 'GPHN' : 'CCHN'}`,
        scope: SCOPE_OF[s.title] ?? 'Khám bệnh, chữa bệnh đa khoa',
        issuedBy: `Sở Y tế ${province.fullName.replace(/^(Tỉnh|Thành phố) /, '')}`,
        issuedOn,
        validTo: licence ? addYears(issuedOn, 5) : null,
      });
    }

    // Health centres come first in facilityRows, so a station's parent is always inserted before it.
    const counts = await insertNetworkBulk(
      tx,
      systemActor('demo'),
      {
        hamlets: hamletRows,
        facilities: facilityRows,
        stationHamlets: linkRows,
        staff: staffRows,
        certificates: certificateRows,
        positions: positionRows,
      },
      {
        audit: {
          unitPath: province.path,
          entityType: 'demo',
          details: { province: province.code, seed: opts.rng.seed, scale },
        },
        progress,
      },
    );
    return {
      provinceCode: province.code,
      provinceName: province.name,
      communes: plans.length,
      hamlets: counts.hamlets + existingHamlets.length,
      existingHamlets: existingHamlets.length,
      facilities: counts.facilities,
      stationModels: counts.stationModels,
      stationHamlets: counts.stationHamlets,
      staff: counts.staff,
      coverage,
    };
  });
}

/**
 * The old district each commune mostly came from (most of its old communes; then the lower code), by
 * commune code. "Quận 12" keeps its word: a centre is not called "khu vực 12".
 */
function mainDistricts(origins: readonly CommuneOrigin[]): Map<string, { code: string; name: string }> {
  const tally = new Map<string, { commune: string; code: string; name: string; n: number }>();
  for (const o of origins) {
    const key = `${o.commune}|${o.district}`;
    const name = /^\d+$/.test(o.districtName) ? o.districtFullName : o.districtName;
    const t = tally.get(key);
    if (t) t.n++;
    else tally.set(key, { commune: o.commune, code: o.district, name, n: 1 });
  }
  const out = new Map<string, { code: string; name: string; n: number }>();
  for (const t of tally.values()) {
    const best = out.get(t.commune);
    if (!best || t.n > best.n || (t.n === best.n && t.code < best.code))
      out.set(t.commune, { code: t.code, name: t.name, n: t.n });
  }
  return new Map([...out].map(([commune, { code, name }]) => [commune, { code, name }]));
}

// ---------------------------------------------------------------- communes and health centres

function planCommune(c: CommuneRow, profile: ProvinceProfile): CommunePlan {
  const ward = c.unitType === 'Phường';
  const specialZone = c.unitType === 'Đặc khu';
  const density = c.population != null && c.areaKm2 ? c.population / c.areaKm2 : null;
  const remote =
    !ward &&
    (specialZone || profile.region === 'north_mountain' || (density != null && density < MOUNTAIN_DENSITY));
  return {
    commune: c,
    ward,
    specialZone,
    remote,
    setting: {
      region: profile.region,
      ward,
      mountain: remote && !specialZone,
      minorityVillages: profile.minority.length > 0,
    },
  };
}

function hamletCount(rng: Rng, plan: CommunePlan, scale: number): number {
  const [lo, hi] = plan.ward ? HAMLETS_WARD : HAMLETS_RURAL;
  const pop = plan.commune.population;
  const base = pop
    ? Math.round(pop / (plan.ward ? PEOPLE_PER_HAMLET_WARD : PEOPLE_PER_HAMLET_RURAL)) + rng.int(-2, 2)
    : rng.int(lo, hi);
  const count = Math.min(hi, Math.max(lo, base));
  return Math.min(999, Math.max(HAMLETS_MIN, rng.round(count * scale)));
}

/** Shares of a commune's population over its hamlets (null when the commune's is unknown). */
function splitPopulation(rng: Rng, total: number | null, parts: number): (number | null)[] {
  if (total == null || parts === 0) return Array.from({ length: parts }, () => null);
  const weights = Array.from({ length: parts }, () => rng.float(0.6, 1.4));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.round((total * w) / sum));
}

/**
 * Groups communes for the regional health centres: communes that came from the same old district
 * stay together (the old district health centre became the regional one), large districts are split,
 * small neighbours (by code, which follows geography) are joined. A special zone keeps its own centre.
 */
function groupCommunes(
  plans: CommunePlan[],
  districtOf: Map<string, { code: string; name: string }>,
): CommunePlan[][] {
  const byDistrict = new Map<string, CommunePlan[]>();
  for (const p of plans) {
    const key = p.specialZone
      ? `zone:${p.commune.code}`
      : (districtOf.get(p.commune.code)?.code ?? `none:${p.commune.code}`);
    const list = byDistrict.get(key) ?? [];
    list.push(p);
    byDistrict.set(key, list);
  }
  const pieces: { plans: CommunePlan[]; fixed: boolean }[] = [];
  const ordered = [...byDistrict.entries()].sort((a, b) =>
    a[1][0]!.commune.code.localeCompare(b[1][0]!.commune.code),
  );
  for (const [key, list] of ordered) {
    if (key.startsWith('zone:')) {
      pieces.push({ plans: list, fixed: true });
      continue;
    }
    const chunks = list.length > HC_COMMUNES_MAX ? Math.ceil(list.length / HC_COMMUNES_TARGET) : 1;
    const size = Math.ceil(list.length / chunks);
    for (let i = 0; i < list.length; i += size) pieces.push({ plans: list.slice(i, i + size), fixed: false });
  }
  const groups: CommunePlan[][] = [];
  let current: CommunePlan[] = [];
  for (const piece of pieces) {
    if (piece.fixed) {
      groups.push(piece.plans);
      continue;
    }
    if (current.length && current.length + piece.plans.length > HC_COMMUNES_MAX + 2) {
      groups.push(current);
      current = [];
    }
    current.push(...piece.plans);
    if (current.length >= HC_COMMUNES_MIN) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length) {
    // A small remainder joins the last ordinary group (not a special zone's).
    const last = [...groups].reverse().find((g) => !g[0]!.specialZone);
    if (last && current.length < HC_COMMUNES_MIN) last.push(...current);
    else groups.push(current);
  }
  return groups;
}

function centreName(
  group: CommunePlan[],
  seat: CommunePlan,
  districtOf: Map<string, { code: string; name: string }>,
  used: Set<string>,
): string {
  if (seat.specialZone) return unique(`Trung tâm Y tế đặc khu ${seat.commune.name}`, used);
  const votes = new Map<string, number>();
  for (const p of group) {
    const d = districtOf.get(p.commune.code);
    if (d) votes.set(d.name, (votes.get(d.name) ?? 0) + 1);
  }
  const top = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  // A split district: the second centre is named after its seat, or another of its communes.
  const byPopulation = [...group].sort(
    (a, b) =>
      (b.commune.population ?? 0) - (a.commune.population ?? 0) ||
      a.commune.code.localeCompare(b.commune.code),
  );
  const candidates = [top, seat.commune.name, ...byPopulation.map((p) => p.commune.name)]
    .filter((n): n is string => Boolean(n))
    .map((n) => `Trung tâm Y tế khu vực ${n}`);
  return unique(candidates.find((n) => !used.has(n)) ?? candidates[0]!, used);
}

function unique(name: string, used: Set<string>): string {
  let out = name;
  for (let k = 2; used.has(out); k++) out = `${name} ${k}`;
  used.add(out);
  return out;
}

// ---------------------------------------------------------------- staff

interface Role {
  title: string;
  fullTime: boolean;
}

/** The people of one station: 5–10, a doctor in most. */
function stationRoles(rng: Rng, model: 1 | 2 | 3, ward: boolean): Role[] {
  const roles: Role[] = [];
  const add = (title: string, n = 1) => {
    for (let i = 0; i < n; i++) roles.push({ title, fullTime: !rng.chance(STATION_PART_TIME_SHARE) });
  };
  if (rng.chance(STATION_DOCTOR_SHARE)) {
    roles.push({ title: 'doctor', fullTime: !rng.chance(STATION_DOCTOR_PART_TIME_SHARE) });
    if (ward && rng.chance(WARD_SECOND_DOCTOR_SHARE)) roles.push({ title: 'doctor', fullTime: true });
  }
  if (rng.chance(TRADITIONAL_DOCTOR_SHARE)) add('traditional_medicine_doctor');
  add('physician_assistant', rng.int(1, 3));
  add('nurse', rng.int(1, 2));
  if (model === 3) add('midwife', rng.int(1, 2));
  else if (rng.chance(MIDWIFE_SHARE)) add('midwife');
  if (rng.chance(PHARMACIST_SHARE)) add('pharmacist');
  if (rng.chance(POPULATION_OFFICER_SHARE)) add('population_officer');
  if (rng.chance(LAB_TECHNICIAN_SHARE)) add('lab_technician');
  while (roles.length < STATION_STAFF[0]) add(rng.chance(0.5) ? 'nurse' : 'physician_assistant');
  if (roles.length > STATION_STAFF[1]) {
    const doctors = roles.filter((r) => r.title === 'doctor');
    const others = roles.filter((r) => r.title !== 'doctor');
    return [...doctors, ...others.slice(0, STATION_STAFF[1] - doctors.length)];
  }
  return roles;
}

interface PersonSpec {
  title: string;
  style: NameStyle;
  facilityId?: string;
  hamletId?: string;
  unitPath: string;
  fullTime?: boolean;
  trained?: boolean;
  sex?: Sex;
  fullName?: string;
  /** Someone who left: activeTo in the past. */
  former?: boolean;
  /** For a predecessor: left the day before this date. */
  leftBefore?: string;
}

/** Makes people: names in the province's style, ages, dates, phones. */
class PeopleMaker {
  constructor(
    private readonly today: string,
    private readonly profile: ProvinceProfile,
  ) {}

  /** Station and health-centre staff: mostly Kinh, some from the local minorities in mountain areas. */
  staffStyle(rng: Rng, remote: boolean): NameStyle {
    if (remote && rng.chance(MOUNTAIN_STAFF_MINORITY_SHARE) && this.profile.minority.length)
      return rng.weighted(this.profile.minority);
    return kinhStyle(this.profile.region);
  }

  /** Hamlet workers live in their hamlet: a minority village's are of its people. */
  hamletStyle(rng: Rng, remote: boolean, minorityVillage: boolean): NameStyle {
    const minority = minorityVillage ? rng.chance(0.9) : remote && rng.chance(MOUNTAIN_HAMLET_MINORITY_SHARE);
    if (minority && this.profile.minority.length) return rng.weighted(this.profile.minority);
    return kinhStyle(this.profile.region);
  }

  mobile(rng: Rng): string {
    return `${rng.weighted(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  }

  /** A landline of the province's area code, 11 digits in all (0203 3xx xxxx). */
  landline(rng: Rng): string {
    const code = this.profile.areaCode;
    const rest = 11 - code.length - 1;
    return `${code}3${String(rng.int(0, 10 ** rest - 1)).padStart(rest, '0')}`;
  }

  make(rng: Rng, spec: PersonSpec): BulkStaffMember {
    const sex: Sex = spec.sex ?? (rng.chance(FEMALE_SHARE[spec.title] ?? 0.5) ? 'female' : 'male');
    const minAge = MIN_AGE[spec.title] ?? DEFAULT_MIN_AGE;
    // Former staff may have retired since: up to five years older.
    const maxAge = spec.former ? MAX_AGE + 5 : MAX_AGE;
    const oldest = addDays(addYears(this.today, -maxAge - 1), 1);
    const youngest = addYears(this.today, -minAge);
    const startAge = minAge - 1;
    const longestCareer = addYears(this.today, -35);
    let birthDate: string;
    let activeFrom: string;
    let activeTo: string | null = null;
    if (spec.former) {
      // Dates of the job first, then a birth date that makes the person old enough for it.
      const end = spec.leftBefore ? addDays(spec.leftBefore, -1) : addDays(this.today, -30);
      const latestStart = addDays(end, -180);
      activeFrom = rng.date(minDate(longestCareer, latestStart), latestStart);
      activeTo = rng.date(addDays(activeFrom, 180), end);
      const latestBirth = minDate(addYears(activeFrom, -startAge), youngest);
      birthDate = rng.date(minDate(oldest, latestBirth), latestBirth);
    } else {
      birthDate = rng.date(oldest, youngest);
      const latest = addDays(this.today, -30);
      const earliest = maxDate(addYears(birthDate, startAge), longestCareer);
      activeFrom = rng.date(minDate(earliest, latest), latest);
    }
    const phone = rng.chance(spec.former ? FORMER_PHONE_SHARE : PHONE_SHARE) ? this.mobile(rng) : null;
    return {
      id: newId(),
      fullName: spec.fullName ?? personName(rng, sex, spec.style),
      sex,
      birthDate,
      title: spec.title,
      facilityId: spec.facilityId ?? null,
      hamletId: spec.hamletId ?? null,
      unitPath: spec.unitPath,
      fullTime: spec.fullTime ?? true,
      trained: spec.trained ?? true,
      phone,
      activeFrom,
      activeTo,
    };
  }
}

// ---------------------------------------------------------------- facility names

const CLINIC_KINDS: Weighted<string> = [
  ['Phòng khám đa khoa', 3],
  ['Phòng khám chuyên khoa Nội', 3],
  ['Phòng khám Răng Hàm Mặt', 2],
  ['Phòng khám Sản phụ khoa', 2],
  ['Phòng khám Nhi', 2],
  ['Phòng khám Y học cổ truyền', 2],
  ['Phòng khám Tai Mũi Họng', 1],
  ['Phòng khám Mắt', 1],
  ['Phòng chẩn trị Y học cổ truyền', 1],
];
const BRANDS = [
  'An Phúc',
  'Bình An',
  'Tâm Đức',
  'Thiện Nhân',
  'Hồng Phúc',
  'Minh Đức',
  'Việt Đức',
  'Thành Công',
  'Phúc An',
  'Hạnh Phúc',
  'Nhân Ái',
  'Hoàn Mỹ',
  'Tâm An',
  'Phúc Khang',
  'An Khang',
  'Đức Tâm',
  'Y Đức',
  'Hòa Bình',
] as const;
const SCHOOL_HEROES = [
  'Lê Lợi',
  'Trần Phú',
  'Nguyễn Trãi',
  'Lý Tự Trọng',
  'Kim Đồng',
  'Võ Thị Sáu',
  'Chu Văn An',
  'Quang Trung',
  'Lê Quý Đôn',
  'Nguyễn Du',
  'Trần Quốc Toản',
  'Ngô Quyền',
  'Hùng Vương',
  'Lê Hồng Phong',
  'Nguyễn Bỉnh Khiêm',
  'Đoàn Thị Điểm',
] as const;
const SCHOOL_LEVELS = ['Trường Mầm non', 'Trường Tiểu học', 'Trường THCS', 'Trường THPT'] as const;

/** "Phòng khám chuyên khoa Nội Bác sĩ Hùng" or "Phòng khám đa khoa An Phúc". */
function clinicName(rng: Rng, doctorName: string): string {
  const kind = rng.weighted(CLINIC_KINDS);
  if (kind === 'Phòng khám đa khoa' || rng.chance(0.5)) return `${kind} ${rng.pick(BRANDS)}`;
  return `${kind} Bác sĩ ${doctorName.split(' ').at(-1)}`;
}

/** A pharmacy's name: its owner's last two names (Nhà thuốc Thu Hà) or a brand. */
function shopName(rng: Rng, owner: string): string {
  const parts = owner.split(' ');
  return rng.chance(0.6) && parts.length >= 3 ? parts.slice(-2).join(' ') : rng.pick(BRANDS);
}

/** Schools of a commune: kindergarten, primary, lower secondary, sometimes upper secondary. */
function schoolNamesFor(rng: Rng, communeName: string, count: number): string[] {
  const out: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const level =
      i < 3
        ? SCHOOL_LEVELS[[1, 2, 0][i]!]!
        : rng.weighted([
            [SCHOOL_LEVELS[0], 3],
            [SCHOOL_LEVELS[1], 3],
            [SCHOOL_LEVELS[2], 2],
            [SCHOOL_LEVELS[3], 1],
          ] as const);
    let name = `${level} ${communeName}`;
    for (let t = 0; t < 20 && used.has(name); t++) name = `${level} ${rng.pick(SCHOOL_HEROES)}`;
    for (let k = 2; used.has(name); k++) name = `${level} ${communeName} ${k}`;
    used.add(name);
    out.push(name);
  }
  return out;
}

// ---------------------------------------------------------------- helpers

function scaled(rng: Rng, [lo, hi]: Range, scale: number): number {
  return rng.round(rng.int(lo, hi) * scale);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
