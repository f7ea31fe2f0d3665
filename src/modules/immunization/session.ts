/**
 * The session day (buổi tiêm chủng, the monthly immunization day): the list of children due and
 * overdue in a commune's hamlets for a day, by hamlet, and the doses of many children recorded in a
 * row. The list reads the stored forecasts (fills in those of children never forecast first).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { unitInArea, unitsRelation } from '../network/index.js';
import { patientsById, residentsRelation } from '../people/index.js';
import { addAge } from './ages.js';
import type { DoseInputParsed, SessionListOut, SessionRecordInput } from './contracts.js';
import { scheduleInForce } from './schedule.js';
import { checkDoses, childFor, factsOf, insertDoses, keepHealthRecord, refreshForecasts } from './service.js';

/** Children are followed by the programme up to this age (Td at 7 years, its latest age 8). */
export const FOLLOWED_YEARS = 8;

/** The commune or hamlet a list is about: one of the actor's area by code, or the actor's own (404 outside). */
export async function unitFor(
  db: Executor,
  actor: Actor,
  code: string | undefined,
): Promise<{ path: string; code: string }> {
  const u = await unitInArea(db, actor, code);
  if (u.path.split('.').length < 3)
    throw invalid([
      {
        path: 'unit',
        code: 'not_a_commune',
        message: 'choose a commune or a hamlet',
        text: { vi: 'hãy chọn một xã hoặc một thôn', en: 'choose a commune or a hamlet' },
      } as FieldError,
    ]);
  return { path: u.path, code: u.code };
}

/** Children of an area followed by the programme whose forecast was never stored: stored now. */
export async function fillMissingForecasts(db: Executor, path: string, on: string): Promise<number> {
  const missing = await rows<{ id: string; birthDate: string; unitPath: string }>(
    db,
    sql`SELECT r.id, r.birth_date::text AS "birthDate", r.unit_path::text AS "unitPath" FROM ${residentsRelation} r
         WHERE r.unit_path <@ ${path}::ltree AND r.status = 'active' AND r.birth_date IS NOT NULL
           AND r.birth_date > (${on}::date - make_interval(years => ${FOLLOWED_YEARS}))::date
           AND NOT EXISTS (SELECT 1 FROM immunization_forecasts f WHERE f.resident_id = r.id)`,
  );
  for (let i = 0; i < missing.length; i += 2000) await refreshForecasts(db, missing.slice(i, i + 2000), on);
  return missing.length;
}

/** The session list of an area for a day: children with a dose due or overdue by then, by hamlet. */
export async function sessionList(
  db: Orm,
  actor: Actor,
  query: { unit?: string | undefined; on?: string | undefined; days: number },
): Promise<SessionListOut> {
  requirePermission(actor, 'person.read');
  const on = query.on ?? today();
  const unit = await unitFor(db, actor, query.unit);
  await db.transaction((tx) => fillMissingForecasts(tx, unit.path, on));
  const schedule = await scheduleInForce(db);
  const doses = new Map(schedule.data.doses.map((d) => [d.code, d]));
  // No dose is listed past its latest age: only children born after the oldest latest age of the
  // schedule (less a week) are read, and their forecasts by their own key — the work follows the
  // commune's children, not the province's open forecasts (a 17,500-resident commune of a 330,000
  // province: 180 ms instead of 210 ms at load 30, and flat as the province grows).
  const oldest = schedule.data.doses.every((d) => d.maxAge)
    ? schedule.data.doses.reduce(
        (a, d) => (d.maxAge!.months * 31 + d.maxAge!.days > a.months * 31 + a.days ? d.maxAge! : a),
        { months: 0, days: 0 },
      )
    : null;
  const bornFrom = oldest ? addAge(on, { months: -oldest.months, days: -oldest.days - 7 }) : '0001-01-01';
  const found = await rows<{
    residentId: string;
    fullName: string;
    birthDate: string;
    sex: string;
    hamletCode: string | null;
    hamletName: string | null;
    dose: string;
    dueOn: string;
    overdue: boolean;
  }>(
    db,
    sql`WITH children AS MATERIALIZED (
          SELECT r.id, r.full_name, r.birth_date, r.sex, r.unit_path FROM ${residentsRelation} r
           WHERE r.unit_path <@ ${unit.path}::ltree AND r.status = 'active' AND r.birth_date >= ${bornFrom}::date)
        SELECT r.id AS "residentId", r.full_name AS "fullName", r.birth_date::text AS "birthDate", r.sex,
          h.code AS "hamletCode", h.name AS "hamletName", f.dose, f.due_on::text AS "dueOn", f.overdue
        FROM children r
        CROSS JOIN LATERAL (SELECT f.dose, f.due_on, f.overdue_from <= ${on}::date AS overdue FROM immunization_forecasts f
           WHERE f.resident_id = r.id AND f.given_on IS NULL AND f.blocked IS NULL
             AND f.earliest_on <= (${on}::date + ${query.days}::int) AND f.due_on <= (${on}::date + ${query.days}::int)
             AND (f.latest_on IS NULL OR f.latest_on >= ${on}::date)
             -- the next dose of each series only (a later one waits for it)
             AND NOT EXISTS (SELECT 1 FROM immunization_forecasts p WHERE p.resident_id = f.resident_id AND p.series = f.series
                   AND p.dose_no < f.dose_no AND p.given_on IS NULL AND (p.latest_on IS NULL OR p.latest_on >= ${on}::date))
           OFFSET 0) f
        LEFT JOIN ${unitsRelation} h ON h.path = r.unit_path AND h.level = 'hamlet'
       ORDER BY h.name NULLS LAST, r.full_name, r.id, f.due_on, f.dose`,
  );
  const hamlets = new Map<string, SessionListOut['hamlets'][number]>();
  for (const row of found) {
    const key = row.hamletCode ?? '';
    let h = hamlets.get(key);
    if (!h) hamlets.set(key, (h = { unitCode: row.hamletCode, name: row.hamletName ?? '', children: [] }));
    let child = h.children[h.children.length - 1];
    if (!child || child.residentId !== row.residentId) {
      child = {
        residentId: row.residentId,
        fullName: row.fullName,
        birthDate: row.birthDate,
        sex: row.sex,
        doses: [],
      };
      h.children.push(child);
    }
    const d = doses.get(row.dose);
    child.doses.push({
      dose: row.dose,
      nameVi: d?.nameVi ?? row.dose,
      nameEn: d?.nameEn ?? row.dose,
      vaccines: d ? schedule.index.vaccinesFor(d) : [],
      dueOn: row.dueOn,
      overdue: row.overdue,
    });
  }
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: unit.path,
    details: {
      module: 'immunization',
      session: on,
      children: found.length ? [...new Set(found.map((f) => f.residentId))] : [],
    },
  });
  return { on, hamlets: [...hamlets.values()] };
}

/** Records the doses of a session day in a row (all or nothing); answers how many were recorded. */
export async function recordSession(
  db: Orm,
  actor: Actor,
  input: SessionRecordInput,
): Promise<{ recorded: number }> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const schedule = await scheduleInForce(tx);
    const byChild = new Map<string, { i: number; dose: DoseInputParsed }[]>();
    input.entries.forEach((e, i) =>
      byChild.set(e.residentId, [
        ...(byChild.get(e.residentId) ?? []),
        {
          i,
          dose: {
            vaccine: e.vaccine,
            givenOn: input.sessionOn,
            givenElsewhere: false,
            facilityId: input.facilityId,
            lot: e.lot,
            site: e.site,
            route: e.route,
            vaccinatorId: input.vaccinatorId,
            sessionOn: input.sessionOn,
          },
        },
      ]),
    );
    const people = await patientsById(tx, [...byChild.keys()]);
    const errors: FieldError[] = [];
    for (const [residentId, list] of byChild) {
      const p = people.get(residentId);
      if (!p || !inScope(actor, p.unitPath) || p.status === 'merged') {
        for (const { i } of list)
          errors.push({
            path: `entries.${i}.residentId`,
            code: 'unknown_resident',
            message: 'no such resident in your area',
            text: { vi: 'không có người này trong địa bàn của bạn', en: 'no such resident in your area' },
          });
        continue;
      }
      try {
        await checkDoses(
          tx,
          actor,
          p,
          schedule,
          list.map((l) => l.dose),
          (k) => `entries.${list[k]!.i}.`,
        );
      } catch (err) {
        const e = err as { errors?: FieldError[] };
        if (!e.errors) throw err;
        errors.push(...e.errors);
      }
    }
    if (errors.length) throw invalid(errors);
    for (const [residentId, list] of byChild) {
      const child = await childFor(tx, actor, residentId, 'record_session');
      const ids = await insertDoses(
        tx,
        actor,
        child,
        list.map((l) => l.dose),
      );
      await refreshForecasts(tx, factsOf(child), input.sessionOn > today() ? input.sessionOn : today());
      await keepHealthRecord(tx, actor, child.id);
      await audit(tx, actor, {
        action: 'create',
        entityType: 'person',
        entityId: child.id,
        unitPath: child.unitPath,
        details: { module: 'immunization', session: input.sessionOn, vaccinations: ids },
      });
    }
    return { recorded: input.entries.length };
  });
}
