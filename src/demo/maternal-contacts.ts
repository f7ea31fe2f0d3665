/**
 * Demo antenatal and postnatal contacts (khám thai, chăm sóc sau sinh) and the mothers' tetanus doses,
 * for the pregnancies the maternal demo registered, in shares near what Vietnam's surveys report (most
 * births with 4 antenatal contacts or more and a first contact in the first trimester, most with
 * postnatal care in the first week; on the default demo 75 %, 72 % and 85 %): three women in four follow
 * the schedule (a contact near weeks 22, 30 and 36 after the first, one in five a fifth near week 38),
 * the others come once or twice more; the first contact is the registration day. Each contact takes the standard checks in
 * plausible ranges (weight gaining from the booking weight, blood pressure, fundal height ≈ weeks from 16,
 * foetal heart from 12 weeks, urine protein, haemoglobin at the first contact and near 28 weeks, iron/folate).
 * Postnatal contacts near day 3 (about 85 %) and day 42 (about 65 %) after a birth, mother and newborn.
 * Tetanus: a first pregnancy gets TT1 at the first contact and TT2 at a later one (4 weeks at least); a
 * later pregnancy had TT1–TT2 at an earlier one (given here years ago) and most get a booster now.
 * The contacts are written as finished visits at the woman's commune station through maternal's bulk
 * writer (which writes the visits through the visits module's), the doses through immunization's.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import { rows, type Tx } from '../db/connection.js';
import { insertVaccinationRows } from '../modules/immunization/index.js';
import { insertContactsBulk, type BulkContact } from '../modules/maternal/index.js';
import { facilitiesRelation, staffRelation } from '../modules/network/index.js';
import { cardsUnder, type ResidentCard } from '../modules/people/index.js';
import type { VisitCard } from '../modules/visits/index.js';
import { addDays, type Rng } from './random.js';

/** A pregnancy as the maternal demo made it. */
export interface DemoPregnancy {
  id: string;
  residentId: string;
  unitPath: string;
  lmp: string;
  registeredOn: string;
  gravidity: number;
  systolic?: number;
  haemoglobin?: number;
  outcome?: { endedOn: string; outcome: string; birthWeightG?: number };
}

export interface ContactsDemoSummary {
  antenatal: number;
  postnatal: number;
  tetanusDoses: number;
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function cardOn(cards: readonly ResidentCard[], on: string): VisitCard | null {
  const c = [...cards].reverse().find((x) => x.validFrom <= on && (x.validTo === null || x.validTo >= on));
  if (!c) return null;
  const { residentId: _r, ...card } = c;
  return card;
}

export async function generateContactsDemo(
  tx: Tx,
  actor: Actor,
  opts: {
    provincePath: string;
    pregnancies: readonly DemoPregnancy[];
    rng: Rng;
    today: string;
    progress?: ((step: string, done: number, total: number) => void) | undefined;
  },
): Promise<ContactsDemoSummary> {
  const { rng, today } = opts;
  const stations = await rows<{ id: string; kind: string; unitPath: string }>(
    tx,
    sql`SELECT id, kind, unit_path::text AS "unitPath" FROM ${facilitiesRelation} f
        WHERE kind = 'commune_station' AND unit_path <@ ${opts.provincePath}::ltree ORDER BY code`,
  );
  const staff = await rows<{ id: string; facilityId: string; activeFrom: string }>(
    tx,
    sql`SELECT id, facility_id AS "facilityId", active_from::text AS "activeFrom" FROM ${staffRelation} s
        WHERE facility_id IS NOT NULL AND unit_path <@ ${opts.provincePath}::ltree AND active_to IS NULL
          AND title IN ('midwife', 'doctor', 'physician_assistant', 'nurse') ORDER BY title = 'midwife' DESC, id`,
  );
  const stationOf = new Map(stations.map((s) => [s.unitPath.split('.').slice(0, 3).join('.'), s]));
  const staffOf = new Map<string, typeof staff>();
  for (const s of staff) staffOf.set(s.facilityId, [...(staffOf.get(s.facilityId) ?? []), s]);
  const cardsOf = new Map<string, ResidentCard[]>();
  for (const c of await cardsUnder(tx, opts.provincePath))
    cardsOf.set(c.residentId, [...(cardsOf.get(c.residentId) ?? []), c]);

  const contacts: BulkContact[] = [];
  const doses: Record<string, unknown>[] = [];
  for (const p of opts.pregnancies) {
    const station = stationOf.get(p.unitPath.split('.').slice(0, 3).join('.'));
    const local = station ? (staffOf.get(station.id) ?? []) : [];
    if (!station || !local.length) continue;
    const r = rng;
    const end = p.outcome?.endedOn ?? null;
    // The last day a contact can fall on: before the birth (or the end) and not after today.
    const last = end && end <= today ? addDays(end, -1) : today;
    const at = (week: number, spread: number) => addDays(p.lmp, week * 7 + r.int(-spread, spread));
    const pattern = r.weighted([
      ['schedule', 75],
      ['some', 18],
      ['once', 7],
    ] as const);
    const days = [p.registeredOn];
    const later =
      pattern === 'schedule'
        ? [at(22, 10), at(30, 7), at(36, 4), ...(r.chance(0.2) ? [at(38, 3)] : [])]
        : pattern === 'some'
          ? r.sample([at(24, 14), at(32, 10), at(37, 5)], r.int(1, 2)).sort()
          : [];
    for (const d of later) if (d > days.at(-1)! && d <= last) days.push(d);
    if (p.registeredOn > last) continue;
    const clinician = (on: string) =>
      (local.filter((s) => s.activeFrom <= on).length ? local.filter((s) => s.activeFrom <= on) : local)[0]!
        .id;
    const cards = cardsOf.get(p.residentId) ?? [];
    const visit = (on: string) => ({
      pregnancyId: p.id,
      facility: station,
      card: cardOn(cards, on),
      hadCard: cards.length > 0,
      clinicianId: r.chance(0.8) ? clinician(on) : r.pick(local).id,
      contactOn: on,
    });
    // The woman's own measures: booking weight and blood pressure; anaemic women stay anaemic.
    const booking = clamp(50 + 6 * normal(r), 38, 80);
    const sys0 = p.systolic ?? Math.round(108 + 10 * normal(r));
    const hb0 = p.haemoglobin ?? round1(11.9 + normal(r));
    days.forEach((on, i) => {
      const weeks = Math.floor((Date.parse(on) - Date.parse(p.lmp)) / (7 * 86_400_000));
      const systolic = i === 0 ? sys0 : Math.round(clamp(sys0 + 5 * normal(r), 85, 175));
      contacts.push({
        kind: 'antenatal',
        ...visit(on),
        weightKg: round1(booking + Math.max(0, weeks - 13) * (0.35 + 0.1 * r.next())),
        systolic,
        diastolic: Math.round(clamp(systolic * 0.64 + 4 * normal(r), 50, 115)),
        ...(weeks >= 16 ? { fundalHeightCm: round1(clamp(weeks + 1.5 * normal(r), 10, 42)) } : {}),
        ...(weeks >= 12 ? { foetalHeartRate: Math.round(clamp(142 + 8 * normal(r), 115, 165)) } : {}),
        urineProtein: r.weighted([
          ['negative', 93],
          ['trace', 5],
          ['1+', 2],
        ] as const),
        ...(i === 0 || (weeks >= 26 && weeks <= 32)
          ? { haemoglobin: round1(clamp(i === 0 ? hb0 : hb0 - 0.3 + 0.5 * normal(r), 7, 15.5)) }
          : {}),
        ironFolate: r.chance(0.9) ? 'given' : 'not_given',
      });
    });

    // Tetanus (VAT): a first pregnancy starts the series here; a later one had two doses at an earlier
    // pregnancy (at this station) and most get the booster.
    const dose = (on: string) =>
      doses.push({
        id: newId(),
        resident_id: p.residentId,
        unit_path: p.unitPath,
        vaccine: 'TT',
        given_on: on,
        given_elsewhere: false,
        facility_id: station.id,
        recorded_by: actor.username,
      });
    if (p.gravidity <= 1) {
      if (r.chance(0.92)) {
        dose(days[0]!);
        const second = days.find((d) => d >= addDays(days[0]!, 28)) ?? addDays(days[0]!, r.int(28, 45));
        if (second <= last && r.chance(0.95)) dose(second);
      }
    } else {
      const earlier = addDays(p.lmp, -r.int(500, 900 * (p.gravidity - 1)));
      dose(earlier);
      dose(addDays(earlier, r.int(30, 60)));
      if (r.chance(0.8)) dose(days[0]!);
    }

    // Postnatal contacts (mother and newborn) after a birth, near day 3 and day 42.
    if (end && end <= today && (p.outcome!.outcome === 'live_birth' || p.outcome!.outcome === 'stillbirth')) {
      const live = p.outcome!.outcome === 'live_birth';
      const pnc: string[] = [];
      if (r.chance(0.85))
        pnc.push(
          addDays(
            end,
            r.weighted([
              [1, 10],
              [2, 25],
              [3, 35],
              [4, 15],
              [5, 8],
              [7, 7],
            ] as const),
          ),
        );
      if (r.chance(0.65)) pnc.push(addDays(end, r.int(35, 45)));
      for (const on of pnc.filter((d) => d <= today)) {
        const day = Math.round((Date.parse(on) - Date.parse(end)) / 86_400_000);
        const systolic = Math.round(clamp(sys0 + 5 * normal(r), 85, 170));
        const bw = p.outcome!.birthWeightG ?? 3100;
        contacts.push({
          kind: 'postnatal',
          ...visit(on),
          systolic,
          diastolic: Math.round(clamp(systolic * 0.64 + 4 * normal(r), 50, 110)),
          abnormalBleeding: r.chance(0.03) ? 'yes' : 'no',
          ...(live
            ? {
                breastfeeding: r.weighted([
                  ['exclusive', 60],
                  ['partial', 36],
                  ['none', 4],
                ] as const),
                // Weight falls ~7 % in the first days, back by day 10, then ~30 g a day.
                newbornWeightG: Math.round(bw * (day <= 5 ? 0.94 : 1) + (day > 10 ? (day - 10) * 30 : 0)),
                newbornJaundice: day <= 7 && r.chance(0.15) ? 'yes' : 'no',
              }
            : {}),
        });
      }
    }
  }
  const written = await insertContactsBulk(tx, actor, contacts, {
    unitPath: opts.provincePath,
    progress: opts.progress,
  });
  await insertVaccinationRows(tx, doses);
  return { ...written, tetanusDoses: doses.length };
}
