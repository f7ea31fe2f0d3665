/**
 * Vial use and wastage of a station's session day (sử dụng vắc xin, tỷ lệ hao phí): per vaccine and
 * lot, the vials opened (entered by staff), the doses in a vial (the schedule's vaccine row in force
 * on the day: versioned data), the doses given (counted from the doses recorded at the station that
 * day, never typed) and the wastage 1 − given / (opened × doses per vial). A month's summary per
 * commune (or hamlet) for stock and supervision. docs/adr/0035.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, unitsRelation } from '../network/index.js';
import type { VialUseInput, VialUseOut } from './contracts.js';
import { scheduleInForce, type LoadedSchedule } from './schedule.js';
import { unitFor } from './session.js';

const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

/** Doses in one vial of a vaccine by the schedule's row in force on the day (null: the file does not say). */
export function dosesPerVial(schedule: LoadedSchedule, vaccine: string, on: string): number | null {
  const row = schedule.data.vaccines
    .filter((v) => v.code === vaccine && v.validFrom <= on && (v.validTo === null || v.validTo > on))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  return row?.dosesPerVial ?? null;
}

/** 1 − given / (opened × per vial), to 4 places; null when it cannot be said. */
export const wastageRate = (given: number, opened: number | null, perVial: number | null): number | null =>
  opened && perVial ? Math.round((1 - given / (opened * perVial)) * 10_000) / 10_000 : null;

interface Entry {
  lot: string | null;
  vialsOpened: number;
}
interface Line {
  lot: string | null;
  vialsOpened: number | null;
  dosesGiven: number;
}

/**
 * The lines of one station, day and vaccine: each entry counts the doses of its lot (an entry
 * without a lot: the doses whose lot has no entry of its own); doses no entry counts are lines
 * without vials, per lot.
 */
export function linesOf(entries: Entry[], given: Map<string | null, number>): Line[] {
  const entered = new Set(entries.filter((e) => e.lot !== null).map((e) => e.lot));
  const uncovered = [...given.entries()].filter(([lot]) => lot === null || !entered.has(lot));
  const lines: Line[] = entries.map((e) => ({
    lot: e.lot,
    vialsOpened: e.vialsOpened,
    dosesGiven: e.lot !== null ? (given.get(e.lot) ?? 0) : uncovered.reduce((s, [, n]) => s + n, 0),
  }));
  if (!entries.some((e) => e.lot === null))
    for (const [lot, n] of uncovered) lines.push({ lot, vialsOpened: null, dosesGiven: n });
  return lines;
}

/** Doses given at a station per day, vaccine and lot (not voided, not given elsewhere). */
async function dosesGiven(
  db: Executor,
  where: { facilityId: string; on: string } | { path: string; month: string },
) {
  return rows<{ facilityId: string; on: string; vaccine: string; lot: string | null; n: number }>(
    db,
    'facilityId' in where
      ? sql`SELECT v.facility_id AS "facilityId", v.given_on::text AS on, v.vaccine, v.lot, count(*)::int AS n
              FROM immunization_vaccinations v
             WHERE v.facility_id = ${where.facilityId} AND v.given_on = ${where.on}::date AND v.voided_at IS NULL
               AND NOT v.given_elsewhere GROUP BY 1, 2, 3, 4`
      : sql`SELECT v.facility_id AS "facilityId", v.given_on::text AS on, v.vaccine, v.lot, count(*)::int AS n
              FROM immunization_vaccinations v JOIN ${facilitiesRelation} f ON f.id = v.facility_id
             WHERE f.unit_path <@ ${where.path}::ltree AND v.voided_at IS NULL AND NOT v.given_elsewhere
               AND v.given_on >= ${`${where.month}-01`}::date
               AND v.given_on < (${`${where.month}-01`}::date + interval '1 month')::date GROUP BY 1, 2, 3, 4`,
  );
}

/**
 * Records the vials opened at a station's session day (each entry replaces the one of the same
 * vaccine and lot). Refused 422 by field: an unknown vaccine or one without doses per vial, vials
 * below zero, fewer vials than the doses given that day need, the same vaccine and lot twice.
 */
export async function recordVialUse(db: Orm, actor: Actor, input: VialUseInput): Promise<VialUseOut> {
  requirePermission(actor, 'person.write');
  const code = await db.transaction(async (tx) => {
    const [f] = await rows<{ unitPath: string }>(
      tx,
      sql`SELECT f.unit_path::text AS "unitPath" FROM ${facilitiesRelation} f WHERE f.id = ${input.facilityId}`,
    );
    if (!f || !inScope(actor, f.unitPath))
      throw invalid([
        fieldError(
          'facilityId',
          'unknown_facility',
          'no such facility in your area',
          'không có cơ sở này trong địa bàn của bạn',
        ),
      ]);
    const schedule = await scheduleInForce(tx);
    const stored = await rows<{ vaccine: string; lot: string | null; vialsOpened: number }>(
      tx,
      sql`SELECT vaccine, lot, vials_opened AS "vialsOpened" FROM immunization_vial_use
          WHERE facility_id = ${input.facilityId} AND session_on = ${input.sessionOn}::date FOR UPDATE`,
    );
    const given = await dosesGiven(tx, { facilityId: input.facilityId, on: input.sessionOn });
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.entries.forEach((e, i) => {
      const p = `entries.${i}.`;
      const key = `${e.vaccine}|${e.lot ?? ''}`;
      if (seen.has(key))
        errors.push(
          fieldError(`${p}lot`, 'duplicate', 'the same vaccine and lot twice', 'trùng vắc xin và lô'),
        );
      seen.add(key);
      if (!schedule.index.vaccines.has(e.vaccine))
        errors.push(
          fieldError(
            `${p}vaccine`,
            'unknown_vaccine',
            `unknown vaccine ${e.vaccine}`,
            `không có vắc xin ${e.vaccine} trong lịch tiêm`,
          ),
        );
      else if (dosesPerVial(schedule, e.vaccine, input.sessionOn) === null)
        errors.push(
          fieldError(
            `${p}vaccine`,
            'no_doses_per_vial',
            `the schedule does not say how many doses a vial of ${e.vaccine} holds`,
            `lịch tiêm chưa ghi số liều trong một lọ vắc xin ${e.vaccine}`,
          ),
        );
      if (e.vialsOpened < 0)
        errors.push(
          fieldError(`${p}vialsOpened`, 'negative', 'must be 0 or more', 'số lọ phải từ 0 trở lên'),
        );
    });
    if (!errors.length) {
      // The day's entries after this write, per vaccine; each entry's doses checked against its vials.
      for (const vaccine of new Set(input.entries.map((e) => e.vaccine))) {
        const mine = input.entries.map((e, i) => ({ ...e, i })).filter((e) => e.vaccine === vaccine);
        const entries: Entry[] = [
          ...stored.filter((s) => s.vaccine === vaccine && !mine.some((m) => (m.lot ?? null) === s.lot)),
          ...mine.map((m) => ({ lot: m.lot ?? null, vialsOpened: m.vialsOpened })),
        ];
        const byLot = new Map(given.filter((g) => g.vaccine === vaccine).map((g) => [g.lot, g.n]));
        const perVial = dosesPerVial(schedule, vaccine, input.sessionOn)!;
        for (const line of linesOf(entries, byLot)) {
          const m = mine.find((x) => (x.lot ?? null) === line.lot);
          if (!m || line.vialsOpened === null) continue;
          const needed = Math.ceil(line.dosesGiven / perVial);
          if (line.vialsOpened < needed)
            errors.push(
              fieldError(
                `entries.${m.i}.vialsOpened`,
                'fewer_vials_than_doses',
                `${line.dosesGiven} doses given need at least ${needed} vials of ${perVial} doses`,
                `${line.dosesGiven} liều đã tiêm cần ít nhất ${needed} lọ (${perVial} liều/lọ)`,
              ),
            );
        }
      }
    }
    if (errors.length) throw invalid(errors);
    for (const e of input.entries)
      await tx.execute(sql`INSERT INTO immunization_vial_use (id, facility_id, unit_path, session_on, vaccine, lot, vials_opened, recorded_by)
        VALUES (${newId()}, ${input.facilityId}, ${f.unitPath}::ltree, ${input.sessionOn}::date, ${e.vaccine}, ${e.lot ?? null},
          ${e.vialsOpened}, ${actor.username})
        ON CONFLICT ON CONSTRAINT immunization_vial_use_uq DO UPDATE SET vials_opened = excluded.vials_opened,
          recorded_by = excluded.recorded_by, updated_at = now()
        WHERE immunization_vial_use.vials_opened IS DISTINCT FROM excluded.vials_opened`);
    await audit(tx, actor, {
      action: 'update',
      entityType: 'vial_use',
      entityId: input.facilityId,
      unitPath: f.unitPath,
      details: { sessionOn: input.sessionOn, entries: input.entries },
    });
    const [commune] = await rows<{ code: string }>(
      tx,
      sql`SELECT u.code FROM ${unitsRelation} u WHERE u.path = subpath(${f.unitPath}::ltree, 0, 3)`,
    );
    return commune?.code;
  });
  const summary = await vialUseSummary(db, actor, { unit: code, month: input.sessionOn.slice(0, 7) });
  return {
    ...summary,
    days: summary.days.filter((d) => d.sessionOn === input.sessionOn && d.facilityId === input.facilityId),
  };
}

/** A month's vial use of a commune (or hamlet): per station, day, vaccine and lot, and per vaccine. */
export async function vialUseSummary(
  db: Executor,
  actor: Actor,
  query: { unit?: string | undefined; month: string },
): Promise<VialUseOut> {
  requirePermission(actor, 'person.read');
  const unit = await unitFor(db, actor, query.unit);
  const [named] = await rows<{ name: string }>(
    db,
    sql`SELECT u.full_name AS name FROM ${unitsRelation} u WHERE u.path = ${unit.path}::ltree`,
  );
  const schedule = await scheduleInForce(db);
  const names = new Map(schedule.data.vaccines.map((v) => [v.code, v.nameVi]));
  const entries = await rows<{
    facilityId: string;
    on: string;
    vaccine: string;
    lot: string | null;
    vialsOpened: number;
  }>(
    db,
    sql`SELECT u.facility_id AS "facilityId", u.session_on::text AS on, u.vaccine, u.lot, u.vials_opened AS "vialsOpened"
          FROM immunization_vial_use u WHERE u.unit_path <@ ${unit.path}::ltree
           AND u.session_on >= ${`${query.month}-01`}::date AND u.session_on < (${`${query.month}-01`}::date + interval '1 month')::date`,
  );
  const given = await dosesGiven(db, { path: unit.path, month: query.month });
  const facilityIds = [...new Set([...entries, ...given].map((x) => x.facilityId))];
  const facilities = facilityIds.length
    ? await rows<{ id: string; name: string }>(
        db,
        sql`SELECT f.id, f.name FROM ${facilitiesRelation} f WHERE f.id = ANY(${`{${facilityIds.join(',')}}`}::uuid[])`,
      )
    : [];
  const groups = new Map<string, { facilityId: string; on: string; vaccine: string }>();
  for (const x of [...entries, ...given]) groups.set(`${x.facilityId}|${x.on}|${x.vaccine}`, x);
  const days: VialUseOut['days'] = [];
  for (const [key, g] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const perVial = dosesPerVial(schedule, g.vaccine, g.on);
    const lines = linesOf(
      entries.filter((e) => `${e.facilityId}|${e.on}|${e.vaccine}` === key),
      new Map(given.filter((x) => `${x.facilityId}|${x.on}|${x.vaccine}` === key).map((x) => [x.lot, x.n])),
    );
    for (const l of lines)
      days.push({
        sessionOn: g.on,
        facilityId: g.facilityId,
        facilityName: facilities.find((f) => f.id === g.facilityId)?.name ?? '',
        vaccine: g.vaccine,
        vaccineName: names.get(g.vaccine) ?? g.vaccine,
        lot: l.lot,
        vialsOpened: l.vialsOpened,
        dosesPerVial: perVial,
        dosesGiven: l.dosesGiven,
        wastage: wastageRate(l.dosesGiven, l.vialsOpened, perVial),
      });
  }
  days.sort(
    (a, b) =>
      a.sessionOn.localeCompare(b.sessionOn) ||
      a.facilityName.localeCompare(b.facilityName) ||
      a.vaccine.localeCompare(b.vaccine) ||
      (a.lot ?? '').localeCompare(b.lot ?? ''),
  );
  // The month per vaccine: the lines with vials entered (doses in a vial: the month's last day's row).
  const byVaccine: VialUseOut['byVaccine'] = [];
  for (const vaccine of [...new Set(days.map((d) => d.vaccine))].sort()) {
    const lines = days.filter((d) => d.vaccine === vaccine && d.vialsOpened !== null);
    if (!lines.length) continue;
    const opened = lines.reduce((s, d) => s + d.vialsOpened!, 0);
    const doses = lines.reduce((s, d) => s + d.dosesGiven, 0);
    // Capacity summed line by line (a vaccine's vial may change size within the month).
    const capacity = lines.reduce((s, d) => s + d.vialsOpened! * (d.dosesPerVial ?? 0), 0);
    byVaccine.push({
      vaccine,
      vaccineName: names.get(vaccine) ?? vaccine,
      vialsOpened: opened,
      dosesPerVial: lines[lines.length - 1]!.dosesPerVial,
      dosesGiven: doses,
      wastage: capacity ? Math.round((1 - doses / capacity) * 10_000) / 10_000 : null,
    });
  }
  await audit(db, actor, {
    action: 'list',
    entityType: 'vial_use',
    unitPath: unit.path,
    details: { month: query.month },
  });
  return { unit: { code: unit.code, name: named?.name ?? unit.code }, month: query.month, days, byVaccine };
}
