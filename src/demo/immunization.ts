/**
 * Demo immunization: the histories of the children born in the last five years, dose by dose as the
 * schedule in force says, at their commune's station by one of its clinicians — most on time (a few
 * days to three weeks after the recommended age), some late (one to three months), a few stopping
 * after some dose, some hepatitis B birth doses missed, and a few whose first doses were a hexavalent
 * vaccine given elsewhere (a private service). Then the forecast of every child with a history is stored
 * (the session lists, the worklist and T11 read it). Deterministic by seed; reads through the owners'
 * relations, writes through the immunization module's bulk path.
 */
import { sql } from 'drizzle-orm';
import { today as currentDay } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { rows, type Database } from '../db/connection.js';
import { systemActor } from '../core/actor.js';
import {
  addAge,
  importLots,
  insertVaccinationRows,
  refreshForecasts,
  scheduleInForce,
  type ScheduleDoseRow,
} from '../modules/immunization/index.js';
import { facilitiesRelation, staffRelation, unitsRelation } from '../modules/network/index.js';
import { residentsRelation } from '../modules/people/index.js';
import { addDays, type Rng } from './random.js';

export interface ImmunizationDemoOptions {
  provinceCode: string;
  rng: Rng;
  progress?: (step: string, done: number, total: number) => void;
  today?: string;
}

export interface ImmunizationDemoSummary {
  children: number;
  doses: number;
  seconds: number;
}

/** The demo's lot of a vaccine for a month (`DPTVGB-2511`): one per vaccine and month. */
const lotNumber = (vaccine: string, month: string) =>
  `${vaccine.replace(/_/g, '').slice(0, 6)}-${month.slice(2, 4)}${month.slice(5, 7)}`;

/** The vaccine a station gives for a dose: of those that count, the one covering the fewest antigens. */
function stationVaccine(
  dose: ScheduleDoseRow,
  vaccines: Map<string, { antigens: string[] }>,
): string | undefined {
  const candidates = [...vaccines.entries()]
    .filter(([code]) => code !== 'HEXA' && (dose.vaccines.length === 0 || dose.vaccines.includes(code)))
    .filter(([, v]) => dose.antigens.every((a) => v.antigens.includes(a)))
    .sort(
      (a, b) =>
        a[1].antigens.length - b[1].antigens.length ||
        dose.vaccines.indexOf(a[0]) - dose.vaccines.indexOf(b[0]),
    );
  return candidates[0]?.[0];
}

export async function generateImmunizationDemo(
  db: Database,
  opts: ImmunizationDemoOptions,
): Promise<ImmunizationDemoSummary> {
  const started = performance.now();
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const schedule = await scheduleInForce(db.orm);
  const vaccines = new Map(schedule.data.vaccines.map((v) => [v.code, v]));
  const series = new Map<string, ScheduleDoseRow[]>();
  for (const d of schedule.data.doses.filter((d) => d.province === null && d.validTo === null))
    series.set(
      d.series,
      [...(series.get(d.series) ?? []), d].sort((a, b) => a.doseNo - b.doseNo),
    );
  const hasHexa = vaccines.has('HEXA');

  // The province's list of vaccine lots first, through the module's loader (a lot for each vaccine a
  // station gives and each month of the five years, good for two years): doses given at a station
  // name one of them (docs/adr/0035).
  const given = new Set<string>();
  for (const list of series.values())
    for (const d of list) {
      const v = stationVaccine(d, vaccines);
      if (v) given.add(v);
    }
  const manufacturers: Record<string, string> = {
    BCG: 'IVAC',
    OPV: 'Polyvac',
    MR: 'Polyvac',
    MEASLES: 'Polyvac',
  };
  const lines = ['vaccine,lot_number,expires_on,manufacturer,received_quantity'];
  for (let m = -61; m <= 0; m++) {
    const month = addAge(today, { months: m, days: 0 }).slice(0, 7);
    const expires = addDays(addAge(`${month}-01`, { months: 25, days: 0 }), -1);
    for (const v of [...given].sort())
      lines.push(`${v},${lotNumber(v, month)},${expires},${manufacturers[v] ?? 'Vabiotech'},2000`);
  }
  const lots = await importLots(db.orm, systemActor('demo'), {
    fileName: 'demo-lots.csv',
    bytes: Buffer.from(lines.join('\n')),
    dryRun: false,
    province: opts.provinceCode,
  });
  if (lots.errors.length) throw new Error(`demo lots: ${JSON.stringify(lots.errors.slice(0, 3))}`);

  return db.orm.transaction(async (tx) => {
    const [province] = await rows<{ path: string }>(
      tx,
      sql`SELECT path::text AS path FROM ${unitsRelation} u WHERE u.code = ${opts.provinceCode} AND u.map = 'post2025'`,
    );
    if (!province) throw new Error(`no province ${opts.provinceCode}`);
    const stations = await rows<{ id: string; unitPath: string }>(
      tx,
      sql`SELECT id, unit_path::text AS "unitPath" FROM ${facilitiesRelation} f
          WHERE kind = 'commune_station' AND unit_path <@ ${province.path}::ltree ORDER BY code`,
    );
    const staff = await rows<{ id: string; facilityId: string }>(
      tx,
      sql`SELECT id, facility_id AS "facilityId" FROM ${staffRelation} s
          WHERE facility_id IS NOT NULL AND unit_path <@ ${province.path}::ltree AND active_to IS NULL
            AND title IN ('doctor','preventive_doctor','physician_assistant','nurse','midwife') ORDER BY id`,
    );
    const children = await rows<{ id: string; birthDate: string; unitPath: string }>(
      tx,
      sql`SELECT r.id, r.birth_date::text AS "birthDate", r.unit_path::text AS "unitPath" FROM ${residentsRelation} r
          WHERE r.unit_path <@ ${province.path}::ltree AND r.status = 'active' AND r.birth_date IS NOT NULL
            AND r.birth_date > (${today}::date - interval '8 years')::date AND r.birth_date <= ${today}::date
          ORDER BY r.id`,
    );
    const stationOf = (path: string) => {
      const commune = path.split('.').slice(0, 3).join('.');
      return stations.find((s) => s.unitPath === commune || s.unitPath.startsWith(`${commune}.`));
    };
    const staffOf = new Map<string, string[]>();
    for (const s of staff) staffOf.set(s.facilityId, [...(staffOf.get(s.facilityId) ?? []), s.id]);

    const doses: Record<string, unknown>[] = [];
    const fiveYears = addAge(today, { months: -60, days: 0 });
    const followed: typeof children = [];
    children.forEach((c, n) => {
      if (c.birthDate <= fiveYears) return; // born before the histories the demo writes
      followed.push(c);
      const station = stationOf(c.unitPath);
      if (!station) return;
      const vaccinators = staffOf.get(station.id) ?? [];
      const profile = rng.float(0, 1);
      const late = profile > 0.86; // one to four months behind
      const stopsAfter = profile > 0.95 ? rng.int(1, 8) : Infinity; // gives up after some visits
      const hexa = hasHexa && rng.chance(0.04); // first doses at a private service
      let visits = 0;
      const give = (vaccine: string, on: string, elsewhere = false) => {
        if (on > today) return;
        doses.push({
          id: newId(),
          resident_id: c.id,
          unit_path: c.unitPath,
          vaccine,
          given_on: on,
          given_elsewhere: elsewhere,
          facility_id: elsewhere ? null : station.id,
          place: elsewhere ? 'Phòng tiêm chủng dịch vụ' : null,
          lot: elsewhere ? null : lotNumber(vaccine, on.slice(0, 7)),
          expires_on: elsewhere ? null : addDays(addAge(`${on.slice(0, 7)}-01`, { months: 25, days: 0 }), -1),
          site: null,
          route: null,
          vaccinator_id: elsewhere || vaccinators.length === 0 ? null : vaccinators[n % vaccinators.length],
          vaccinator_name: null,
          session_on: elsewhere ? null : on,
          note: null,
          recorded_by: 'demo',
        });
      };
      for (const [name, list] of series) {
        let prev: string | null = null;
        for (const d of list) {
          const planned = addAge(c.birthDate, d.recAge);
          if (planned > today) break;
          if (visits >= stopsAfter) break;
          if (name === 'hepb0' && rng.chance(0.06)) break; // home birth, missed in 24 h
          const delay =
            name === 'hepb0' || name === 'bcg' ? rng.int(0, 1) : late ? rng.int(30, 120) : rng.int(0, 20);
          let on = addDays(planned, delay);
          if (prev && d.minInterval) {
            const after = addAge(prev, d.minInterval);
            if (on < after) on = after;
          }
          if (hexa && name === 'dtp' && d.doseNo <= 3) give('HEXA', on, true);
          else if (hexa && name === 'opv' && d.doseNo <= 3)
            continue; // the hexavalent covered it
          else {
            const vaccine = stationVaccine(d, vaccines);
            if (vaccine) give(vaccine, on);
          }
          if (name === 'dtp') visits++;
          prev = on;
        }
      }
      if (n % 500 === 0) opts.progress?.('immunization: histories', n, children.length);
    });
    await insertVaccinationRows(tx, doses);
    // The forecasts of the children with a history; older ones are forecast when a session list is opened.
    for (let i = 0; i < followed.length; i += 2000) {
      await refreshForecasts(tx, followed.slice(i, i + 2000), today, { fresh: true });
      opts.progress?.('immunization: forecasts', Math.min(i + 2000, followed.length), followed.length);
    }
    return { children: followed.length, doses: doses.length, seconds: (performance.now() - started) / 1000 };
  });
}
