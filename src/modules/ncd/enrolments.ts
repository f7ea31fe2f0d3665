/**
 * Registries (sổ quản lý bệnh nhân): enrolment per person and condition, with its treatment plan.
 * Every read and write of a person's enrolment is audited (entity `person`); every query is limited
 * to the actor's unit path (the person's place today).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { conflict, deniedNotFound, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm, type Tx } from '../../db/connection.js';
import { audit, type AuditAction } from '../audit/index.js';
import { facilitiesRelation, staffRelation } from '../network/index.js';
import { onTransfer, patientsById, residentsRelation } from '../people/index.js';
import {
  enrolmentOut,
  treatmentPlanInput,
  type EnrolmentListQuery,
  type EnrolmentOut,
  type TreatmentPlanOut,
} from './contracts.js';
import type { z } from 'zod';
import type { enrolmentInput, enrolmentUpdate } from './contracts.js';
import { ncdEnrolments } from './schema.js';
import { unitPathOf } from './units.js';

type EnrolmentInputParsed = z.infer<typeof enrolmentInput>;
type EnrolmentUpdateParsed = z.infer<typeof enrolmentUpdate>;
type PlanParsed = z.infer<typeof treatmentPlanInput>;

export async function auditNcd(
  db: Executor,
  actor: Actor,
  action: AuditAction,
  residentId: string | null,
  unitPath: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await audit(db, actor, { action, entityType: 'person', entityId: residentId, unitPath, details });
}

/** The columns of an enrolment's answer (alias `en`), with the patient, station and clinician. */
const enrolmentColumns = sql`en.id, en.resident_id AS "residentId", r.full_name AS "patientName", r.sex AS "patientSex",
  r.birth_year AS "patientBirthYear", en.condition, en.diagnosed_on::text AS "diagnosedOn", en.source,
  en.registered_on::text AS "registeredOn", en.facility_id AS "facilityId", f.name AS "facilityName",
  en.clinician_id AS "clinicianId", s.full_name AS "clinicianName", r.unit_path::text AS "unitPath", en.plan,
  en.ended_on::text AS "endedOn", en.end_reason AS "endReason",
  to_char(en.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(en.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

const enrolmentFrom = sql`ncd_enrolments en JOIN ${residentsRelation} r ON r.id = en.resident_id
  JOIN ${facilitiesRelation} f ON f.id = en.facility_id LEFT JOIN ${staffRelation} s ON s.id = en.clinician_id`;

/** Enrolments matching `where` (no scope, no audit). */
export async function enrolmentsWhere(db: Executor, where: SQL, tail: SQL = sql``): Promise<EnrolmentOut[]> {
  const found = await rows<EnrolmentOut>(
    db,
    sql`SELECT ${enrolmentColumns} FROM ${enrolmentFrom} WHERE ${where} ORDER BY en.registered_on, en.id ${tail}`,
  );
  return found.map((e) => enrolmentOut.parse(e));
}

const denied = (id: string, op: string) =>
  deniedNotFound('Enrolment', { entityType: 'ncd_enrolment', entityId: id, details: { op } });

/** The station (in the actor's area) and its staff member: field errors when not. */
async function checkFacility(
  db: Executor,
  actor: Actor,
  facilityId: string,
  clinicianId: string | null | undefined,
  errors: FieldError[],
): Promise<void> {
  const [f] = await rows<{ unitPath: string }>(
    db,
    sql`SELECT f.unit_path::text AS "unitPath" FROM ${facilitiesRelation} f WHERE f.id = ${facilityId}`,
  );
  if (!f || !inScope(actor, f.unitPath)) {
    errors.push({ path: 'facilityId', code: 'unknown_facility', message: 'no such facility in your area' });
    return;
  }
  if (clinicianId) {
    const [s] = await rows<{ id: string }>(
      db,
      sql`SELECT s.id FROM ${staffRelation} s WHERE s.id = ${clinicianId} AND s.facility_id = ${facilityId}`,
    );
    if (!s)
      errors.push({
        path: 'clinicianId',
        code: 'not_staff_of_facility',
        message: 'must be a staff member of the facility',
      });
  }
}

function checkDates(
  d: { diagnosedOn: string; registeredOn: string; birthDate: string | null; birthYear: number },
  errors: FieldError[],
): void {
  if (d.registeredOn > today())
    errors.push({ path: 'registeredOn', code: 'in_future', message: 'must not be in the future' });
  if (d.diagnosedOn > d.registeredOn)
    errors.push({
      path: 'diagnosedOn',
      code: 'after_registration',
      message: 'must not be after registeredOn',
    });
  if (d.diagnosedOn < (d.birthDate ?? `${d.birthYear}-01-01`))
    errors.push({ path: 'diagnosedOn', code: 'before_birth', message: 'must not be before the birth' });
}

export function planOut(plan: PlanParsed, actor: Actor): TreatmentPlanOut {
  return {
    medicines: plan.medicines,
    targets: plan.targets,
    note: plan.note ?? null,
    followUpDays: plan.followUpDays ?? null,
    updatedAt: new Date().toISOString(),
    updatedBy: actor.username,
  };
}

/** A resident the actor may see (404 otherwise, audited as a denial); the dead and merged may not be enrolled. */
async function residentInScope(db: Executor, actor: Actor, residentId: string, op: string) {
  const patient = (await patientsById(db, [residentId])).get(residentId);
  if (!patient || !inScope(actor, patient.unitPath))
    throw deniedNotFound('Resident', { entityType: 'person', entityId: residentId, details: { op } });
  return patient;
}

/** Enrols a person for a condition (đăng ký quản lý). 409 when already enrolled for it. */
export async function createEnrolment(
  db: Orm,
  actor: Actor,
  input: EnrolmentInputParsed,
): Promise<EnrolmentOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const patient = await residentInScope(tx, actor, input.residentId, 'create_ncd_enrolment');
    const errors: FieldError[] = [];
    if (patient.status === 'dead' || patient.status === 'merged')
      errors.push({ path: 'residentId', code: 'not_living', message: 'the person has died or was merged' });
    const registeredOn = input.registeredOn ?? today();
    checkDates({ diagnosedOn: input.diagnosedOn, registeredOn, ...patient }, errors);
    await checkFacility(tx, actor, input.facilityId, input.clinicianId, errors);
    if (errors.length) throw invalid(errors);
    const [existing] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM ncd_enrolments WHERE resident_id = ${input.residentId} AND condition = ${input.condition}`,
    );
    if (existing)
      throw conflict('The person is already enrolled for this condition', [
        { path: 'condition', code: 'already_enrolled', message: 'already enrolled for this condition' },
      ]);
    const id = newId();
    await tx.insert(ncdEnrolments).values({
      id,
      residentId: input.residentId,
      condition: input.condition,
      diagnosedOn: input.diagnosedOn,
      source: input.source,
      registeredOn,
      facilityId: input.facilityId,
      clinicianId: input.clinicianId ?? null,
      unitPath: patient.unitPath,
      plan: input.plan ? planOut(input.plan, actor) : null,
      createdBy: actor.username,
    });
    await auditNcd(tx, actor, 'create', input.residentId, patient.unitPath, {
      op: 'ncd_enrolment',
      enrolmentId: id,
      condition: input.condition,
    });
    return (await enrolmentsWhere(tx, sql`en.id = ${id}`))[0]!;
  });
}

/** An enrolment in the actor's area, or 404. */
async function enrolmentInScope(db: Executor, actor: Actor, id: string, op: string): Promise<EnrolmentOut> {
  const [e] = await enrolmentsWhere(db, sql`en.id = ${id} AND r.unit_path <@ ${actor.scopePath}::ltree`);
  if (!e) throw denied(id, op);
  return e;
}

export async function getEnrolment(db: Executor, actor: Actor, id: string): Promise<EnrolmentOut> {
  requirePermission(actor, 'person.read');
  const e = await enrolmentInScope(db, actor, id, 'read_ncd_enrolment');
  await auditNcd(db, actor, 'read', e.residentId, e.unitPath, { op: 'ncd_enrolment', enrolmentId: id });
  return e;
}

/** Corrects an enrolment's dates, source, station or clinician, or ends (ngừng quản lý) or reopens it. */
export async function updateEnrolment(
  db: Orm,
  actor: Actor,
  id: string,
  input: EnrolmentUpdateParsed,
): Promise<EnrolmentOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const e = await enrolmentInScope(tx, actor, id, 'update_ncd_enrolment');
    const patient = (await patientsById(tx, [e.residentId])).get(e.residentId)!;
    const next = {
      diagnosedOn: input.diagnosedOn ?? e.diagnosedOn,
      registeredOn: input.registeredOn ?? e.registeredOn,
      source: input.source ?? e.source,
      facilityId: input.facilityId ?? e.facilityId,
      clinicianId: input.clinicianId === undefined ? e.clinicianId : input.clinicianId,
      endedOn: input.endedOn === undefined ? e.endedOn : input.endedOn,
      endReason: input.endReason === undefined ? e.endReason : input.endReason,
    };
    const errors: FieldError[] = [];
    checkDates({ ...next, ...patient }, errors);
    if ((next.endedOn === null) !== (next.endReason === null))
      errors.push({
        path: next.endedOn === null ? 'endedOn' : 'endReason',
        code: 'end_pair',
        message: 'give both endedOn and endReason, or neither',
      });
    if (next.endedOn !== null && next.endedOn < next.registeredOn)
      errors.push({
        path: 'endedOn',
        code: 'before_registration',
        message: 'must not be before registeredOn',
      });
    if (next.endedOn !== null && next.endedOn > today())
      errors.push({ path: 'endedOn', code: 'in_future', message: 'must not be in the future' });
    if (input.facilityId !== undefined || input.clinicianId !== undefined)
      await checkFacility(tx, actor, next.facilityId, next.clinicianId, errors);
    if (errors.length) throw invalid(errors);
    await tx.execute(sql`UPDATE ncd_enrolments SET diagnosed_on = ${next.diagnosedOn}::date,
        registered_on = ${next.registeredOn}::date, source = ${next.source}, facility_id = ${next.facilityId},
        clinician_id = ${next.clinicianId}, ended_on = ${next.endedOn}::date, end_reason = ${next.endReason},
        updated_at = now() WHERE id = ${id}`);
    await auditNcd(tx, actor, 'update', e.residentId, e.unitPath, {
      op: 'ncd_enrolment',
      enrolmentId: id,
      fields: Object.keys(input),
    });
    return (await enrolmentsWhere(tx, sql`en.id = ${id}`))[0]!;
  });
}

/** Replaces the treatment plan (phác đồ: medicines and doses, targets, follow-up interval). */
export async function setPlan(db: Orm, actor: Actor, id: string, plan: PlanParsed): Promise<EnrolmentOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const e = await enrolmentInScope(tx, actor, id, 'update_ncd_plan');
    const out = planOut(treatmentPlanInput.parse(plan), actor);
    await tx.execute(
      sql`UPDATE ncd_enrolments SET plan = ${JSON.stringify(out)}::jsonb, updated_at = now() WHERE id = ${id}`,
    );
    await auditNcd(tx, actor, 'update', e.residentId, e.unitPath, { op: 'ncd_plan', enrolmentId: id });
    return (await enrolmentsWhere(tx, sql`en.id = ${id}`))[0]!;
  });
}

/** The path of a unit the actor asked for (by code), or the actor's own scope. 404 outside it. */
export async function unitPathFor(db: Executor, actor: Actor, code: string | undefined): Promise<string> {
  if (!code) return actor.scopePath;
  return (await unitPathOf(db, actor, code)).path;
}

/** The registry of a unit (sổ quản lý), by condition and status; audited as one list with the ids. */
export async function listEnrolments(
  db: Executor,
  actor: Actor,
  q: EnrolmentListQuery,
): Promise<Page<EnrolmentOut>> {
  requirePermission(actor, 'person.read');
  const path = await unitPathFor(db, actor, q.unit);
  const where = sql.join(
    [
      sql`r.unit_path <@ ${path}::ltree`,
      q.condition ? sql`en.condition = ${q.condition}` : sql`true`,
      q.status === 'active'
        ? sql`en.ended_on IS NULL`
        : q.status === 'ended'
          ? sql`en.ended_on IS NOT NULL`
          : sql`true`,
      q.q
        ? sql`(unaccent(lower(r.full_name)) LIKE '%' || unaccent(lower(${q.q})) || '%' OR r.personal_id = ${q.q}
            OR ${q.q} = ANY(r.phones))`
        : sql`true`,
    ],
    sql` AND `,
  );
  const [count] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM ${enrolmentFrom} WHERE ${where}`,
  );
  const items = await enrolmentsWhere(db, where, sql`LIMIT ${q.limit} OFFSET ${q.offset}`);
  await auditNcd(db, actor, 'read', null, path, {
    op: 'ncd_enrolments',
    residentIds: items.map((e) => e.residentId),
  });
  return { items, total: count?.n ?? 0, limit: q.limit, offset: q.offset };
}

/**
 * A transfer to another commune keeps the enrolment (people's `onTransfer` hook, in the transfer's
 * transaction): its place follows the person, and the station becomes the new commune's station when
 * it has one (the clinician then is to be named again). Appointments are visits' dates: they stay.
 */
export async function moveEnrolments(tx: Tx, move: { residentIds: string[]; toPath: string }): Promise<void> {
  if (!move.residentIds.length) return;
  const ids = sql.join(
    move.residentIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await tx.execute(sql`UPDATE ncd_enrolments en SET unit_path = ${move.toPath}::ltree,
      facility_id = coalesce(st.id, en.facility_id), clinician_id = CASE WHEN st.id IS NULL THEN en.clinician_id END,
      updated_at = now()
    FROM (SELECT (SELECT f.id FROM ${facilitiesRelation} f WHERE f.kind = 'commune_station'
        AND ${move.toPath}::ltree <@ f.unit_path AND f.active_to IS NULL ORDER BY nlevel(f.unit_path) DESC, f.id LIMIT 1) AS id) st
    WHERE en.resident_id IN (${ids})`);
}

// Registered when the module loads (its routes and its index both load this file): a transfer to
// another commune keeps the enrolments, their place and station follow the person.
onTransfer((tx, move) => moveEnrolments(tx, move));
