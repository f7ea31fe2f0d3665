/**
 * Demo mother and child: the children under five weighed and measured at the twice-yearly nutrition
 * days (1 June and 1 December, Ngày vi chất dinh dưỡng), with a nutrition profile per child drawn so
 * that the province's prevalences are near Vietnam's (stunting ~18–20%, underweight ~12%, wasting
 * ~5%: General Nutrition Survey 2019–2020, National Institute of Nutrition); the pregnancies of the
 * last 21 months at the crude birth rate (~15 births per 1,000 a year), each registered in the first
 * weeks, most ended by a birth (a few miscarriages, a few stillbirths), at a facility mostly, about
 * 5% of babies under 2,500 g; and the family planning methods of about two in three women 20–49.
 * Deterministic by seed; reads the residents through people's relation, writes through the growth
 * and maternal modules' bulk writers. The pregnancies' contacts and tetanus doses: maternal-contacts.ts.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { rows, type Database } from '../db/connection.js';
import {
  growthStandards,
  insertMeasurementsBulk,
  valueAt,
  HEIGHT_FROM_DAYS,
  type BulkMeasurement,
} from '../modules/growth/index.js';
import {
  insertFamilyPlanningBulk,
  insertPregnanciesBulk,
  type BulkFamilyPlanning,
  type BulkPregnancy,
} from '../modules/maternal/index.js';
import { unitsRelation } from '../modules/network/index.js';
import { residentsRelation } from '../modules/people/index.js';
import { newId } from '../core/ids.js';
import { generateContactsDemo } from './maternal-contacts.js';
import { addDays, type Rng } from './random.js';

export interface MaternalDemoOptions {
  provinceCode: string;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  today?: string;
}

export interface MaternalDemoSummary {
  children: number;
  measurements: number;
  pregnancies: number;
  antenatalContacts: number;
  postnatalContacts: number;
  tetanusDoses: number;
  familyPlanning: number;
  seconds: number;
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The nutrition days (1 June, 1 December) of the last year up to today, newest first. */
function nutritionDays(today: string): string[] {
  const y = Number(today.slice(0, 4));
  return [`${y}-12-01`, `${y}-06-01`, `${y - 1}-12-01`, `${y - 1}-06-01`]
    .filter((d) => d <= today)
    .slice(0, 2);
}

export async function generateMaternalDemo(
  db: Database,
  opts: MaternalDemoOptions,
): Promise<MaternalDemoSummary> {
  const started = performance.now();
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const actor = systemActor('demo');
  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ path: string }>(
      tx,
      sql`SELECT path::text AS path FROM ${unitsRelation} u WHERE u.code = ${opts.provinceCode} AND u.map = 'post2025'`,
    );
    if (!province) throw new Error(`no province ${opts.provinceCode}`);
    const std = await growthStandards(tx);

    // ---- children under five
    const children = await rows<{ id: string; sex: 'male' | 'female'; birthDate: string; unitPath: string }>(
      tx,
      sql`SELECT r.id, r.sex, r.birth_date::text AS "birthDate", r.unit_path::text AS "unitPath" FROM ${residentsRelation} r
          WHERE r.unit_path <@ ${province.path}::ltree AND r.status = 'active' AND r.birth_date IS NOT NULL
            AND r.birth_date > ${today}::date - 1826 ORDER BY r.id`,
    );
    const measurements: BulkMeasurement[] = [];
    for (const c of children) {
      // The child's own position on the charts: length-for-age and weight-for-length.
      const zLength = -1.15 + 1.05 * normal(rng);
      const zWeight = -0.3 + 0.95 * normal(rng);
      for (const day of nutritionDays(today)) {
        if (!rng.chance(0.88)) continue; // not brought that day
        const on = addDays(day, rng.int(0, 10));
        if (on > today || on <= c.birthDate) continue;
        const age = days(c.birthDate, on);
        if (age > 1826) continue;
        const lying = age < HEIGHT_FROM_DAYS;
        const lhfa = std.lmsAt('who2006', 'lhfa', c.sex, age);
        if (!lhfa) continue;
        const length = Math.round(valueAt(zLength + 0.15 * normal(rng), ...lhfa) * 10) / 10;
        const wfl = std.lmsAt('who2006', lying ? 'wfl' : 'wfh', c.sex, Math.round(length * 10));
        const wfa = std.lmsAt('who2006', 'wfa', c.sex, age)!;
        const weight = wfl
          ? valueAt(zWeight + 0.15 * normal(rng), ...wfl)
          : valueAt(zLength * 0.6 + zWeight * 0.6, ...wfa);
        const acfa = age >= 183 ? std.lmsAt('who2006', 'acfa', c.sex, age) : null;
        measurements.push({
          residentId: c.id,
          unitPath: c.unitPath,
          sex: c.sex,
          birthDate: c.birthDate,
          measuredOn: on,
          weightKg: Math.round(weight * 10) / 10,
          lengthCm: length,
          measured: lying ? 'lying' : 'standing',
          muacCm: acfa ? Math.round(valueAt(zWeight * 0.8, ...acfa) * 10) / 10 : null,
        });
      }
    }
    const written = await insertMeasurementsBulk(tx, actor, measurements, {
      unitPath: province.path,
      progress: opts.progress,
    });

    // ---- pregnancies: women 18–45, at ~15 births per 1,000 residents a year, over 21 months of LMPs
    const [population] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM ${residentsRelation} r WHERE r.unit_path <@ ${province.path}::ltree AND r.status = 'active'`,
    );
    const women = await rows<{ id: string; birthYear: number; unitPath: string }>(
      tx,
      sql`SELECT r.id, r.birth_year AS "birthYear", r.unit_path::text AS "unitPath" FROM ${residentsRelation} r
          WHERE r.unit_path <@ ${province.path}::ltree AND r.status = 'active' AND r.sex = 'female'
            AND r.birth_year BETWEEN ${Number(today.slice(0, 4)) - 45} AND ${Number(today.slice(0, 4)) - 18} ORDER BY r.id`,
    );
    const wanted = Math.round(((population?.n ?? 0) * 0.015 * 21) / 12);
    // Mothers' ages as births fall: mostly 20–34, fewer at 18–19 and 35–39, few after 40.
    const year = Number(today.slice(0, 4));
    const ageWeight = (age: number) => (age < 20 ? 0.3 : age < 35 ? 1 : age < 40 ? 0.35 : 0.08);
    const pregnant: typeof women = [];
    for (const w of rng.shuffle(women)) {
      if (pregnant.length >= wanted) break;
      if (rng.chance(ageWeight(year - w.birthYear))) pregnant.push(w);
    }
    const pregnancies: (BulkPregnancy & { id: string })[] = [];
    for (const w of pregnant) {
      const lmp = addDays(today, -rng.int(14, 640));
      const registeredOn = addDays(lmp, rng.int(42, 120));
      if (registeredOn > today) continue; // not registered yet
      const gravidity = rng.weighted([
        [1, 40],
        [2, 35],
        [3, 17],
        [4, 8],
      ] as const);
      const parity = Math.max(0, gravidity - 1 - (rng.chance(0.1) ? 1 : 0));
      const ageYears = Number(registeredOn.slice(0, 4)) - w.birthYear;
      let outcome: BulkPregnancy['outcome'];
      if (rng.chance(0.02)) {
        const endedOn = addDays(lmp, rng.int(60, 140));
        if (endedOn <= today && endedOn >= registeredOn) outcome = { endedOn, outcome: 'miscarriage' };
      }
      if (!outcome) {
        const endedOn = addDays(lmp, 280 + Math.round(7 * normal(rng)));
        if (endedOn <= today)
          outcome = {
            endedOn,
            outcome: rng.chance(0.01) ? 'stillbirth' : 'live_birth',
            deliveryPlace: rng.weighted([
              ['other_facility', 84],
              ['station', 11],
              ['home', 5],
            ] as const),
            deliveryAttendant: rng.weighted([
              ['doctor', 55],
              ['midwife', 40],
              ['village_midwife', 3],
              ['relative', 2],
            ] as const),
            deliveryMode: rng.weighted([
              ['vaginal', 62],
              ['caesarean', 35],
              ['assisted', 3],
            ] as const),
            birthWeightG: Math.round(3150 + 400 * normal(rng)),
          };
      }
      pregnancies.push({
        id: newId(),
        residentId: w.id,
        unitPath: w.unitPath,
        ageYears,
        registeredOn,
        lmp,
        gravidity,
        parity,
        riskFactors: parity > 0 && rng.chance(0.12) ? ['previous_caesarean'] : [],
        systolic: Math.round(112 + 11 * normal(rng)),
        haemoglobin: Math.round((11.9 + 1.0 * normal(rng)) * 10) / 10,
        ...(outcome ? { outcome } : {}),
      });
    }
    const registered = await insertPregnanciesBulk(tx, actor, pregnancies, {
      unitPath: province.path,
      progress: opts.progress,
    });
    // Their antenatal and postnatal contacts and the mothers' tetanus doses (a generator of its own).
    const contacts = await generateContactsDemo(tx, actor, {
      provincePath: province.path,
      pregnancies: pregnancies.map((p) => ({
        id: p.id,
        residentId: p.residentId,
        unitPath: p.unitPath,
        lmp: p.lmp,
        registeredOn: p.registeredOn,
        gravidity: p.gravidity,
        ...(p.systolic !== undefined ? { systolic: p.systolic } : {}),
        ...(p.haemoglobin !== undefined ? { haemoglobin: p.haemoglobin } : {}),
        ...(p.outcome
          ? {
              outcome: {
                endedOn: p.outcome.endedOn,
                outcome: p.outcome.outcome,
                ...(p.outcome.birthWeightG !== undefined ? { birthWeightG: p.outcome.birthWeightG } : {}),
              },
            }
          : {}),
      })),
      rng: rng.fork('contacts'),
      today,
      progress: opts.progress,
    });

    // ---- family planning: of the women 20–49 not pregnant now, about two in three use a method
    // (Vietnam's modern contraceptive prevalence ~65%, MICS 2020–2021), mostly the IUD and the pill;
    // some switched or stopped in the last year.
    const pregnantNow = new Set(pregnancies.filter((p) => !p.outcome).map((p) => p.residentId));
    const fp: BulkFamilyPlanning[] = [];
    for (const w of women) {
      if (pregnantNow.has(w.id) || year - w.birthYear < 20 || !rng.chance(0.6)) continue;
      const method = rng.weighted([
        ['iud', 42],
        ['pill', 20],
        ['condom', 18],
        ['injectable', 5],
        ['implant', 3],
        ['female_sterilisation', 4],
        ['traditional', 8],
      ] as const);
      const startedOn = addDays(today, -rng.int(30, 2500));
      if (rng.chance(0.1)) {
        const stoppedOn = addDays(today, -rng.int(1, 29));
        fp.push({
          residentId: w.id,
          unitPath: w.unitPath,
          method,
          startedOn,
          stoppedOn,
          stopReason: 'wants_child',
        });
      } else fp.push({ residentId: w.id, unitPath: w.unitPath, method, startedOn });
    }
    const users = await insertFamilyPlanningBulk(tx, actor, fp, {
      unitPath: province.path,
      progress: opts.progress,
    });

    return {
      children: children.length,
      measurements: written,
      pregnancies: registered,
      antenatalContacts: contacts.antenatal,
      postnatalContacts: contacts.postnatal,
      tetanusDoses: contacts.tetanusDoses,
      familyPlanning: users,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  });
}
