/**
 * Doses given (mũi tiêm), conditions noted at screening, adverse events (AEFI) and the child's card.
 * Every read and write of a child's record is checked against the actor's area and audited (entity
 * `person`, the child's id). Each write recomputes the child's stored forecast in the same
 * transaction (forecast.ts), which the session list, the worklist and the indicators read.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, deniedNotFound, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, staffRelation } from '../network/index.js';
import { patientsById, syncProgrammeVaccinations, type PatientIdentity } from '../people/index.js';
import type {
  AefiInput,
  AefiOut,
  CardOut,
  DoseInputParsed,
  ForecastOut,
  ForecastRequest,
  VaccinationOut,
} from './contracts.js';
import { forecast, type Forecast, type GivenDose, type NotedCondition } from './forecast.js';
import { checkLots } from './lots.js';
import { scheduleInForce, type LoadedSchedule } from './schedule.js';

/** A field error in both languages. */
const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

/** The province (GSO code) of a unit path (`post2025.p22.c06862…` → `22`). */
export const provinceOf = (unitPath: string): string | null =>
  /^[a-z0-9]+\.p(\d{2})/.exec(unitPath)?.[1] ?? null;

// ---------------------------------------------------------------- the child

async function childFor(db: Executor, actor: Actor, id: string, op: string): Promise<PatientIdentity> {
  const r = (await patientsById(db, [id])).get(id);
  if (!r || !inScope(actor, r.unitPath) || r.status === 'merged')
    throw deniedNotFound('Resident', { entityType: 'person', entityId: id, details: { op } });
  return r;
}

const auditChild = (
  db: Executor,
  actor: Actor,
  action: 'read' | 'create' | 'update',
  child: PatientIdentity,
  details: Record<string, unknown>,
) =>
  audit(db, actor, {
    action,
    entityType: 'person',
    entityId: child.id,
    unitPath: child.unitPath,
    details: { module: 'immunization', ...details },
  });

// ---------------------------------------------------------------- the stored forecast

interface ChildFacts {
  id: string;
  birthDate: string;
  unitPath: string;
}

async function givenOf(db: Executor, ids: string[]): Promise<Map<string, GivenDose[]>> {
  const out = new Map<string, GivenDose[]>();
  if (!ids.length) return out;
  const list = await rows<{ residentId: string; id: string; vaccine: string; on: string }>(
    db,
    sql`SELECT resident_id AS "residentId", id, vaccine, given_on::text AS on FROM immunization_vaccinations
        WHERE resident_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND voided_at IS NULL`,
  );
  for (const g of list)
    out.set(g.residentId, [...(out.get(g.residentId) ?? []), { id: g.id, vaccine: g.vaccine, on: g.on }]);
  return out;
}

async function conditionsOf(db: Executor, ids: string[]): Promise<Map<string, NotedCondition[]>> {
  const out = new Map<string, NotedCondition[]>();
  if (!ids.length) return out;
  const list = await rows<{ residentId: string; code: string; from: string; until: string | null }>(
    db,
    sql`SELECT resident_id AS "residentId", condition AS code, from_on::text AS from, until_on::text AS until
          FROM immunization_conditions WHERE resident_id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  for (const c of list) out.set(c.residentId, [...(out.get(c.residentId) ?? []), c]);
  return out;
}

/** The rows of the stored forecast of one child (what `immunization_forecasts` holds). */
export function forecastRows(residentId: string, f: Forecast, computedOn: string) {
  return f.doses.map((d) => ({
    resident_id: residentId,
    dose: d.code,
    series: d.series,
    dose_no: d.dose,
    earliest_on: d.earliest,
    due_on: d.due,
    overdue_from: d.overdueFrom,
    latest_on: d.latest,
    given_on: d.status === 'given' ? d.givenOn! : null,
    vaccination_id: d.status === 'given' ? (d.givenId ?? null) : null,
    blocked: d.status === 'contraindicated' || d.status === 'waiting' ? d.status : null,
    computed_on: computedOn,
  }));
}
export type ForecastRow = ReturnType<typeof forecastRows>[number];

/**
 * Writes the stored forecast rows of some children: a row changes only when its content does (so
 * its `change_seq` moves only then); doses no longer in the forecast are removed.
 */
export async function writeForecastRows(
  db: Executor,
  residentIds: string[],
  list: ForecastRow[],
  fresh = false,
): Promise<void> {
  if (!residentIds.length) return;
  if (fresh) {
    // Children with no stored forecast yet (the demo's bulk path): a plain insert.
    for (let i = 0; i < list.length; i += 10000)
      await db.execute(sql`INSERT INTO immunization_forecasts (resident_id, dose, series, dose_no, earliest_on, due_on,
          overdue_from, latest_on, given_on, vaccination_id, blocked, computed_on)
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(list.slice(i, i + 10000))}::jsonb) AS x(resident_id uuid, dose text,
          series text, dose_no smallint, earliest_on date, due_on date, overdue_from date, latest_on date, given_on date,
          vaccination_id uuid, blocked text, computed_on date)`);
    return;
  }
  const ids = `{${residentIds.join(',')}}`;
  for (let i = 0; i < Math.max(list.length, 1); i += 5000) {
    const chunk = list.slice(i, i + 5000);
    if (!chunk.length) break;
    await db.execute(sql`INSERT INTO immunization_forecasts AS f (resident_id, dose, series, dose_no, earliest_on, due_on,
        overdue_from, latest_on, given_on, vaccination_id, blocked, computed_on)
      SELECT x.resident_id, x.dose, x.series, x.dose_no, x.earliest_on, x.due_on, x.overdue_from, x.latest_on, x.given_on,
             x.vaccination_id, x.blocked, x.computed_on
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(resident_id uuid, dose text, series text, dose_no smallint,
          earliest_on date, due_on date, overdue_from date, latest_on date, given_on date, vaccination_id uuid, blocked text,
          computed_on date)
      ON CONFLICT (resident_id, dose) DO UPDATE SET series = excluded.series, dose_no = excluded.dose_no,
        earliest_on = excluded.earliest_on, due_on = excluded.due_on, overdue_from = excluded.overdue_from,
        latest_on = excluded.latest_on, given_on = excluded.given_on, vaccination_id = excluded.vaccination_id,
        blocked = excluded.blocked, computed_on = excluded.computed_on
      WHERE (f.earliest_on, f.due_on, f.overdue_from, f.latest_on, f.given_on, f.vaccination_id, f.blocked, f.series, f.dose_no)
        IS DISTINCT FROM (excluded.earliest_on, excluded.due_on, excluded.overdue_from, excluded.latest_on, excluded.given_on,
          excluded.vaccination_id, excluded.blocked, excluded.series, excluded.dose_no)`);
  }
  // A hashed NOT IN over the rows just written (a correlated NOT EXISTS ran once per stored row).
  const keep = JSON.stringify(list.map((r) => ({ resident_id: r.resident_id, dose: r.dose })));
  await db.execute(sql`DELETE FROM immunization_forecasts f WHERE f.resident_id = ANY(${ids}::uuid[])
    AND (f.resident_id, f.dose) NOT IN (SELECT k.resident_id, k.dose
      FROM jsonb_to_recordset(${keep}::jsonb) AS k(resident_id uuid, dose text))`);
}

/** Computes and stores the forecast of children (after a write; or all children after a new schedule). */
export async function refreshForecasts(
  db: Executor,
  children: ChildFacts[],
  asOf = today(),
  options: { fresh?: boolean } = {},
): Promise<void> {
  const withBirth = children.filter((c) => c.birthDate);
  if (!withBirth.length) return;
  const schedule = await scheduleInForce(db);
  const ids = withBirth.map((c) => c.id);
  const [given, conditions] = await Promise.all([givenOf(db, ids), conditionsOf(db, ids)]);
  const list = withBirth.flatMap((c) =>
    forecastRows(
      c.id,
      forecast(schedule.index, {
        birthDate: c.birthDate,
        asOf,
        province: provinceOf(c.unitPath),
        given: given.get(c.id) ?? [],
        conditions: conditions.get(c.id) ?? [],
      }),
      asOf,
    ),
  );
  await writeForecastRows(db, ids, list, options.fresh);
}

/** Every child with a stored forecast or a dose, computed again (a new schedule version). */
export async function refreshAllForecasts(db: Executor): Promise<number> {
  const ids = await rows<{ id: string }>(
    db,
    sql`SELECT DISTINCT resident_id AS id FROM immunization_forecasts UNION SELECT resident_id FROM immunization_vaccinations`,
  );
  for (let i = 0; i < ids.length; i += 2000) {
    const people = await patientsById(
      db,
      ids.slice(i, i + 2000).map((r) => r.id),
    );
    await refreshForecasts(
      db,
      [...people.values()]
        .filter((p) => p.birthDate)
        .map((p) => ({ id: p.id, birthDate: p.birthDate!, unitPath: p.unitPath })),
    );
  }
  return ids.length;
}

// ---------------------------------------------------------------- forecast for any tool

export async function forecastFor(db: Executor, input: ForecastRequest): Promise<ForecastOut> {
  const schedule = await scheduleInForce(db);
  const asOf = input.asOf ?? today();
  const errors: FieldError[] = [];
  input.given.forEach((g, i) => {
    if (!schedule.index.vaccines.has(g.vaccine))
      errors.push(
        fieldError(
          `given.${i}.vaccine`,
          'unknown_vaccine',
          `unknown vaccine ${g.vaccine}`,
          `không có vắc xin ${g.vaccine} trong lịch tiêm`,
        ),
      );
  });
  if (input.birthDate > asOf)
    errors.push(
      fieldError(
        'birthDate',
        'after_as_of',
        'must not be after asOf',
        'ngày sinh không được sau ngày tính (asOf)',
      ),
    );
  if (errors.length) throw invalid(errors);
  return {
    ...forecast(schedule.index, { ...input, asOf, province: input.province ?? null }),
    scheduleVersion: schedule.version,
  };
}

// ---------------------------------------------------------------- recording doses

async function checkDoses(
  db: Executor,
  actor: Actor,
  child: PatientIdentity,
  schedule: LoadedSchedule,
  doses: DoseInputParsed[],
  prefix: (i: number) => string,
): Promise<void> {
  const errors: FieldError[] = [];
  const existing = await rows<{ vaccine: string; on: string }>(
    db,
    sql`SELECT vaccine, given_on::text AS on FROM immunization_vaccinations WHERE resident_id = ${child.id} AND voided_at IS NULL`,
  );
  const facilityIds = [...new Set(doses.map((d) => d.facilityId).filter((x): x is string => !!x))];
  const staffIds = [...new Set(doses.map((d) => d.vaccinatorId).filter((x): x is string => !!x))];
  const facilities = facilityIds.length
    ? await rows<{ id: string; unitPath: string }>(
        db,
        sql`SELECT f.id, f.unit_path::text AS "unitPath" FROM ${facilitiesRelation} f WHERE f.id = ANY(${`{${facilityIds.join(',')}}`}::uuid[])`,
      )
    : [];
  const staff = staffIds.length
    ? await rows<{ id: string }>(
        db,
        sql`SELECT s.id FROM ${staffRelation} s WHERE s.id = ANY(${`{${staffIds.join(',')}}`}::uuid[])`,
      )
    : [];
  const seen = new Set(existing.map((e) => `${e.vaccine}|${e.on}`));
  doses.forEach((d, i) => {
    const p = prefix(i);
    if (!schedule.index.vaccines.has(d.vaccine))
      errors.push(
        fieldError(
          `${p}vaccine`,
          'unknown_vaccine',
          `unknown vaccine ${d.vaccine}`,
          `không có vắc xin ${d.vaccine} trong lịch tiêm`,
        ),
      );
    if (child.birthDate && d.givenOn < child.birthDate)
      errors.push(
        fieldError(
          `${p}givenOn`,
          'before_birth',
          `must not be before the birth date (${child.birthDate})`,
          `không được trước ngày sinh (${child.birthDate})`,
        ),
      );
    else if (!child.birthDate && Number(d.givenOn.slice(0, 4)) < child.birthYear)
      errors.push(
        fieldError(
          `${p}givenOn`,
          'before_birth',
          `must not be before the birth year (${child.birthYear})`,
          `không được trước năm sinh (${child.birthYear})`,
        ),
      );
    const key = `${d.vaccine}|${d.givenOn}`;
    if (seen.has(key))
      errors.push(
        fieldError(
          `${p}givenOn`,
          'duplicate_dose',
          `a dose of ${d.vaccine} on ${d.givenOn} is already recorded`,
          `mũi ${d.vaccine} ngày ${d.givenOn} đã được ghi`,
        ),
      );
    seen.add(key);
    if (d.expiresOn && d.expiresOn < d.givenOn)
      errors.push(
        fieldError(
          `${p}expiresOn`,
          'lot_expired',
          'the lot had expired on the day given',
          'lô vắc xin đã hết hạn vào ngày tiêm',
        ),
      );
    if (d.givenElsewhere) {
      if (!d.place && !d.facilityId)
        errors.push(
          fieldError(`${p}place`, 'required', 'where it was given is required', 'cần ghi nơi tiêm'),
        );
    } else {
      const f = facilities.find((x) => x.id === d.facilityId);
      if (!d.facilityId)
        errors.push(fieldError(`${p}facilityId`, 'required', 'required', 'bắt buộc phải có'));
      else if (!f || !inScope(actor, f.unitPath))
        errors.push(
          fieldError(
            `${p}facilityId`,
            'unknown_facility',
            'no such facility in your area',
            'không có cơ sở này trong địa bàn của bạn',
          ),
        );
    }
    if (d.vaccinatorId && !staff.some((s) => s.id === d.vaccinatorId))
      errors.push(
        fieldError(`${p}vaccinatorId`, 'unknown_staff', 'no such staff member', 'không có nhân viên này'),
      );
  });
  // A lot named for a dose given at a station: from the list of the station's province (lots.ts).
  const atStation = doses
    .map((d, i) => ({ d, i, f: facilities.find((x) => x.id === d.facilityId) }))
    .filter(({ d, f }) => !d.givenElsewhere && d.lot && f && schedule.index.vaccines.has(d.vaccine));
  const lots = await checkLots(
    db,
    atStation.map(({ d, i, f }) => ({
      path: prefix(i),
      vaccine: d.vaccine,
      lot: d.lot!,
      givenOn: d.givenOn,
      facilityPath: f!.unitPath,
    })),
  );
  errors.push(...lots.errors);
  for (const { d, i } of atStation) {
    const expiresOn = lots.expiry.get(prefix(i));
    if (!expiresOn) continue;
    if (d.expiresOn && d.expiresOn !== expiresOn)
      errors.push(
        fieldError(
          `${prefix(i)}expiresOn`,
          'expiry_mismatch',
          `lot ${d.lot} expires on ${expiresOn} in the province's list`,
          `lô ${d.lot} có hạn dùng ${expiresOn} theo danh sách của tỉnh`,
        ),
      );
    d.expiresOn = expiresOn;
  }
  if (errors.length) throw invalid(errors);
}

async function insertDoses(
  db: Executor,
  actor: Actor,
  child: PatientIdentity,
  doses: DoseInputParsed[],
): Promise<string[]> {
  const list = doses.map((d) => ({
    id: newId(),
    resident_id: child.id,
    unit_path: child.unitPath,
    vaccine: d.vaccine,
    given_on: d.givenOn,
    given_elsewhere: d.givenElsewhere,
    facility_id: d.facilityId ?? null,
    place: d.place ?? null,
    lot: d.lot ?? null,
    expires_on: d.expiresOn ?? null,
    site: d.site ?? null,
    route: d.route ?? null,
    vaccinator_id: d.vaccinatorId ?? null,
    vaccinator_name: d.vaccinatorName ?? null,
    session_on: d.sessionOn ?? null,
    note: d.note ?? null,
    recorded_by: actor.username,
  }));
  await insertVaccinationRows(db, list);
  return list.map((l) => l.id);
}

/** Inserts vaccination rows as given (the service after its checks, and the demo's bulk writer). */
export async function insertVaccinationRows(db: Executor, list: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < list.length; i += 5000)
    await db.execute(sql`INSERT INTO immunization_vaccinations (id, resident_id, unit_path, vaccine, given_on, given_elsewhere, facility_id,
        place, lot, expires_on, site, route, vaccinator_id, vaccinator_name, session_on, note, recorded_by)
      SELECT x.id, x.resident_id, x.unit_path::ltree, x.vaccine, x.given_on, coalesce(x.given_elsewhere, false), x.facility_id,
             x.place, x.lot, x.expires_on, x.site, x.route, x.vaccinator_id, x.vaccinator_name, x.session_on, x.note, x.recorded_by
        FROM jsonb_to_recordset(${JSON.stringify(list.slice(i, i + 5000))}::jsonb) AS x(id uuid, resident_id uuid, unit_path text,
          vaccine text, given_on date, given_elsewhere boolean, facility_id uuid, place text, lot text, expires_on date, site text,
          route text, vaccinator_id uuid, vaccinator_name text, session_on date, note text, recorded_by text)`);
}

const factsOf = (c: PatientIdentity): ChildFacts[] =>
  c.birthDate ? [{ id: c.id, birthDate: c.birthDate, unitPath: c.unitPath }] : [];

/**
 * Writes the child's doses into the vaccinations part of their 831 record (people's
 * `syncProgrammeVaccinations`): every dose not voided, numbered per vaccine, with where it was given,
 * so that the record is filled from here and never typed twice. In the caller's transaction.
 */
export async function keepHealthRecord(db: Executor, actor: Actor, residentId: string): Promise<void> {
  const doses = await rows<{ id: string; vaccine: string; givenOn: string; place: string | null }>(
    db,
    sql`SELECT v.id, v.vaccine, v.given_on::text AS "givenOn", coalesce(f.name, v.place) AS place
          FROM immunization_vaccinations v LEFT JOIN ${facilitiesRelation} f ON f.id = v.facility_id
         WHERE v.resident_id = ${residentId} AND v.voided_at IS NULL ORDER BY v.given_on, v.id`,
  );
  const counted = new Map<string, number>();
  await syncProgrammeVaccinations(
    db,
    actor,
    residentId,
    doses.map((d) => {
      const n = (counted.get(d.vaccine) ?? 0) + 1;
      counted.set(d.vaccine, n);
      return { vaccine: d.vaccine, doseNumber: n, date: d.givenOn, place: d.place, sourceId: d.id };
    }),
    'Tiêm chủng: theo sổ tiêm chủng của trạm',
  );
}

/** Records doses given to a child (here or elsewhere); answers the child's card. */
export async function recordDoses(
  db: Orm,
  actor: Actor,
  residentId: string,
  doses: DoseInputParsed[],
): Promise<CardOut> {
  requirePermission(actor, 'person.write');
  await db.transaction(async (tx) => {
    const child = await childFor(tx, actor, residentId, 'record_vaccination');
    const schedule = await scheduleInForce(tx);
    await checkDoses(tx, actor, child, schedule, doses, (i) => `doses.${i}.`);
    const ids = await insertDoses(tx, actor, child, doses);
    await refreshForecasts(tx, factsOf(child));
    await keepHealthRecord(tx, actor, child.id);
    await auditChild(tx, actor, 'create', child, { vaccinations: ids });
  });
  return childCard(db, actor, residentId);
}

/** Voids a dose recorded by mistake (never deleted); the forecast no longer counts it. */
export async function voidVaccination(db: Orm, actor: Actor, id: string, reason: string): Promise<CardOut> {
  requirePermission(actor, 'person.write');
  const residentId = await db.transaction(async (tx) => {
    const [v] = await rows<{ residentId: string; unitPath: string; voided: boolean }>(
      tx,
      sql`SELECT resident_id AS "residentId", unit_path::text AS "unitPath", voided_at IS NOT NULL AS voided
            FROM immunization_vaccinations WHERE id = ${id} FOR UPDATE`,
    );
    if (!v || !inScope(actor, v.unitPath))
      throw deniedNotFound('Vaccination', {
        entityType: 'person',
        entityId: v?.residentId ?? null,
        details: { op: 'void_vaccination', id },
      });
    if (v.voided) throw new AppError('conflict', 'This dose is already voided');
    const child = await childFor(tx, actor, v.residentId, 'void_vaccination');
    await tx.execute(
      sql`UPDATE immunization_vaccinations SET voided_at = now(), void_reason = ${reason} WHERE id = ${id}`,
    );
    await refreshForecasts(tx, factsOf(child));
    await keepHealthRecord(tx, actor, child.id);
    await auditChild(tx, actor, 'update', child, { voidedVaccination: id, reason });
    return v.residentId;
  });
  return childCard(db, actor, residentId);
}

// ---------------------------------------------------------------- conditions and AEFI

export async function addCondition(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: { condition: string; fromOn: string; untilOn?: string | undefined; note?: string | undefined },
): Promise<CardOut> {
  requirePermission(actor, 'person.write');
  await db.transaction(async (tx) => {
    const child = await childFor(tx, actor, residentId, 'record_condition');
    const schedule = await scheduleInForce(tx);
    const errors: FieldError[] = [];
    if (!schedule.data.conditions.some((c) => c.code === input.condition))
      errors.push(
        fieldError(
          'condition',
          'unknown_condition',
          `unknown condition ${input.condition}`,
          `không có tình trạng ${input.condition} trong danh mục`,
        ),
      );
    if (input.untilOn && input.untilOn <= input.fromOn)
      errors.push(fieldError('untilOn', 'before_from', 'must be after fromOn', 'phải sau ngày bắt đầu'));
    if (errors.length) throw invalid(errors);
    await tx.execute(sql`INSERT INTO immunization_conditions (id, resident_id, unit_path, condition, from_on, until_on, note, recorded_by)
      VALUES (${newId()}, ${child.id}, ${child.unitPath}::ltree, ${input.condition}, ${input.fromOn}, ${input.untilOn ?? null},
        ${input.note ?? null}, ${actor.username})`);
    await refreshForecasts(tx, factsOf(child));
    await auditChild(tx, actor, 'create', child, { condition: input.condition });
  });
  return childCard(db, actor, residentId);
}

const aefiColumns = sql`a.id, a.vaccination_id AS "vaccinationId", a.resident_id AS "residentId", v.vaccine,
  v.given_on::text AS "givenOn", a.onset_on::text AS "onsetOn", a.symptoms, a.severity, a.outcome, a.serious, a.treatment,
  to_char(a.reported_up_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "reportedUpAt"`;

/**
 * Reports an adverse event following a dose. A severe event, or one that ended in death or
 * sequelae, is serious (phản ứng nặng): flagged to the upper level (the province's list of serious AEFI).
 */
export async function reportAefi(db: Orm, actor: Actor, input: AefiInput): Promise<AefiOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const [v] = await rows<{ residentId: string; unitPath: string; givenOn: string; voided: boolean }>(
      tx,
      sql`SELECT resident_id AS "residentId", unit_path::text AS "unitPath", given_on::text AS "givenOn", voided_at IS NOT NULL AS voided
            FROM immunization_vaccinations WHERE id = ${input.vaccinationId}`,
    );
    if (!v || !inScope(actor, v.unitPath) || v.voided)
      throw invalid([
        fieldError(
          'vaccinationId',
          'unknown_vaccination',
          'no such dose in your area',
          'không có mũi tiêm này trong địa bàn của bạn',
        ),
      ]);
    if (input.onsetOn < v.givenOn)
      throw invalid([
        fieldError(
          'onsetOn',
          'before_dose',
          `must not be before the dose (${v.givenOn})`,
          `không được trước ngày tiêm (${v.givenOn})`,
        ),
      ]);
    const child = await childFor(tx, actor, v.residentId, 'report_aefi');
    const serious = input.severity === 'severe' || input.outcome === 'died' || input.outcome === 'sequelae';
    const id = newId();
    await tx.execute(sql`INSERT INTO aefi_reports (id, vaccination_id, resident_id, unit_path, onset_on, symptoms, severity, outcome,
        serious, treatment, recorded_by)
      VALUES (${id}, ${input.vaccinationId}, ${child.id}, ${child.unitPath}::ltree, ${input.onsetOn}, ${input.symptoms},
        ${input.severity}, ${input.outcome}, ${serious}, ${input.treatment ?? null}, ${actor.username})`);
    await auditChild(tx, actor, 'create', child, { aefi: id, serious });
    const [out] = await rows<AefiOut>(
      tx,
      sql`SELECT ${aefiColumns} FROM aefi_reports a JOIN immunization_vaccinations v ON v.id = a.vaccination_id WHERE a.id = ${id}`,
    );
    return out!;
  });
}

/** Serious AEFI of the actor's area (the upper level's list), newest first. */
export async function seriousAefi(db: Executor, actor: Actor, limit = 100): Promise<AefiOut[]> {
  requirePermission(actor, 'person.read');
  const list = await rows<AefiOut>(
    db,
    sql`SELECT ${aefiColumns} FROM aefi_reports a JOIN immunization_vaccinations v ON v.id = a.vaccination_id
        WHERE a.serious AND a.unit_path <@ ${actor.scopePath}::ltree ORDER BY a.onset_on DESC, a.id LIMIT ${limit}`,
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    details: { module: 'immunization', aefi: list.map((a) => a.id) },
  });
  return list;
}

// ---------------------------------------------------------------- the child's card

export async function childCard(db: Executor, actor: Actor, residentId: string): Promise<CardOut> {
  requirePermission(actor, 'person.read');
  const child = await childFor(db, actor, residentId, 'read_immunization');
  const schedule = await scheduleInForce(db);
  const names = new Map(schedule.data.vaccines.map((v) => [v.code, v.nameVi]));
  const vaccinations = (
    await rows<Omit<VaccinationOut, 'vaccineName'>>(
      db,
      sql`SELECT v.id, v.resident_id AS "residentId", v.vaccine, v.given_on::text AS "givenOn", v.given_elsewhere AS "givenElsewhere",
            v.facility_id AS "facilityId", f.name AS "facilityName", v.place, v.lot, v.expires_on::text AS "expiresOn", v.site, v.route,
            v.vaccinator_id AS "vaccinatorId", coalesce(s.full_name, v.vaccinator_name) AS "vaccinatorName",
            v.session_on::text AS "sessionOn", v.note, v.recorded_by AS "recordedBy", v.voided_at IS NOT NULL AS voided,
            v.void_reason AS "voidReason"
          FROM immunization_vaccinations v LEFT JOIN ${facilitiesRelation} f ON f.id = v.facility_id
            LEFT JOIN ${staffRelation} s ON s.id = v.vaccinator_id
         WHERE v.resident_id = ${residentId} ORDER BY v.given_on, v.created_at`,
    )
  ).map((v) => ({ ...v, vaccineName: names.get(v.vaccine) ?? v.vaccine }));
  const conditions = await rows<CardOut['conditions'][number]>(
    db,
    sql`SELECT id, condition, from_on::text AS "fromOn", until_on::text AS "untilOn", note FROM immunization_conditions
        WHERE resident_id = ${residentId} ORDER BY from_on`,
  );
  const aefi = await rows<AefiOut>(
    db,
    sql`SELECT ${aefiColumns} FROM aefi_reports a JOIN immunization_vaccinations v ON v.id = a.vaccination_id
        WHERE a.resident_id = ${residentId} ORDER BY a.onset_on`,
  );
  const f = child.birthDate
    ? {
        ...forecast(schedule.index, {
          birthDate: child.birthDate,
          asOf: today(),
          province: provinceOf(child.unitPath),
          given: vaccinations
            .filter((v) => !v.voided)
            .map((v) => ({ id: v.id, vaccine: v.vaccine, on: v.givenOn })),
          conditions: conditions.map((c) => ({ code: c.condition, from: c.fromOn, until: c.untilOn })),
        }),
        scheduleVersion: schedule.version,
      }
    : null;
  await auditChild(db, actor, 'read', child, { card: true });
  return {
    resident: { id: child.id, fullName: child.fullName, birthDate: child.birthDate },
    vaccinations,
    conditions,
    aefi,
    forecast: f,
  };
}

export { childFor, checkDoses, insertDoses, factsOf };

/**
 * One dose by its id, as the child's card shows it (for the FHIR API's Immunization): the card read
 * (audited; 404 outside the actor's area), the dose picked.
 */
export async function getVaccination(db: Executor, actor: Actor, id: string): Promise<VaccinationOut> {
  const [v] = await rows<{ residentId: string }>(
    db,
    sql`SELECT resident_id AS "residentId" FROM immunization_vaccinations WHERE id = ${id}`,
  );
  if (!v)
    throw deniedNotFound('Vaccination', {
      entityType: 'person',
      entityId: null,
      details: { op: 'vaccination', vaccinationId: id },
    });
  const dose = (await childCard(db, actor, v.residentId)).vaccinations.find((x) => x.id === id);
  if (!dose)
    throw deniedNotFound('Vaccination', {
      entityType: 'person',
      entityId: null,
      details: { op: 'vaccination', vaccinationId: id },
    });
  return dose;
}
