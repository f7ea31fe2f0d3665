/**
 * The overdue list (danh sách quá hẹn) and its calls, the yearly-check list of people at high risk
 * (T6), and the patient's programme card: reads of status.ts's relations, audited.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { deniedNotFound, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { unitsRelation } from '../network/index.js';
import { patientsById, residentsRelation } from '../people/index.js';
import { finishedVisitsRelation } from '../visits/index.js';
import {
  callOut,
  type CallInput,
  type CallOut,
  type CallSummaryOut,
  type HighRiskQuery,
  type HighRiskRow,
  type OverduePage,
  type OverdueQuery,
  type OverdueRow,
  type ProgrammeCardOut,
} from './contracts.js';
import { monthEnd } from './cohort.js';
import { controlOn } from './definitions.js';
import { auditNcd, enrolmentsWhere } from './enrolments.js';
import { ncdCalls } from './schema.js';
import { controlStatus, followUps, highRiskOn } from './status.js';
import { unitPathOf } from './units.js';

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Calls matching `where` (alias k), newest first, with whether the person came back after each. */
async function callsWhere(db: Executor, where: SQL, on = today()): Promise<CallOut[]> {
  const def = await controlOn(db, on);
  const found = await rows<CallOut>(
    db,
    sql`SELECT k.id, k.resident_id AS "residentId", k.outcome, k.removal_reason AS "removalReason", k.note,
          to_char(k.called_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "calledAt", k.called_by AS "calledBy",
          k.due_on::text AS "dueOn", k.hidden_until::text AS "hiddenUntil",
          EXISTS (SELECT 1 FROM ${finishedVisitsRelation} v WHERE v.resident_id = k.resident_id
            AND v.visit_date BETWEEN k.called_on AND k.called_on + ${def.overdue.returnWindowDays}::int) AS "returnedToCare"
        FROM ncd_calls k WHERE ${where} ORDER BY k.called_at DESC, k.id DESC`,
  );
  return found.map((c) => callOut.parse(c));
}

type FollowUpRow = {
  residentId: string;
  unitPath: string;
  conditions: OverdueRow['conditions'];
  dueOn: string;
  daysOverdue: number;
  hidden: boolean;
  highRisk: boolean;
  riskReasons: OverdueRow['riskReasons'];
  lastVisitOn: string | null;
  lastBp: OverdueRow['lastBp'];
  lastGlucose: OverdueRow['lastGlucose'];
  lastCallId: string | null;
  fullName: string;
  sex: 'male' | 'female';
  birthYear: number;
  phone: string | null;
  placeName: string;
};

const followUpColumns = sql`f.resident_id AS "residentId", f.unit_path::text AS "unitPath", f.conditions,
  f.due_on::text AS "dueOn", f.days_overdue AS "daysOverdue", f.hidden, f.high_risk AS "highRisk",
  f.risk_reasons AS "riskReasons", f.last_visit_on::text AS "lastVisitOn",
  CASE WHEN f.bp_on IS NULL THEN NULL ELSE json_build_object('on', f.bp_on::text, 'visitId',
    (SELECT v.id FROM ${finishedVisitsRelation} v WHERE v.resident_id = f.resident_id AND v.visit_date = f.bp_on
      AND v.systolic IS NOT NULL ORDER BY v.change_seq DESC LIMIT 1), 'systolic', f.systolic, 'diastolic', f.diastolic) END AS "lastBp",
  CASE WHEN f.glucose_on IS NULL THEN NULL ELSE json_build_object('on', f.glucose_on::text, 'visitId',
    (SELECT v.id FROM ${finishedVisitsRelation} v WHERE v.resident_id = f.resident_id AND v.visit_date = f.glucose_on
      ORDER BY v.change_seq DESC LIMIT 1), 'kind', f.glucose_kind, 'value', f.glucose_value) END AS "lastGlucose",
  f.last_call_id AS "lastCallId", r.full_name AS "fullName", r.sex, r.birth_year AS "birthYear", r.phones[1] AS phone,
  coalesce(u.name, f.unit_path::text) AS "placeName"`;

/**
 * GET /ncd/overdue: enrolled people whose follow-up is past due and not hidden by a call, high risk
 * first, then the least overdue first; more than a year overdue leaves the list. Audited as a list.
 */
export async function overdueList(db: Executor, actor: Actor, q: OverdueQuery): Promise<OverduePage> {
  requirePermission(actor, 'person.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const on = today();
  const where = sql`f.days_overdue > 0 AND NOT f.stale AND NOT f.hidden
    ${q.condition ? sql`AND ${q.condition} = ANY(f.conditions)` : sql``}`;
  const from = sql`${followUps(sql`${on}::date`, sql`${unit.path}`, sql`${on}::date - 1`)} f
    JOIN ${residentsRelation} r ON r.id = f.resident_id
    LEFT JOIN ${unitsRelation} u ON u.path = f.unit_path`;
  // One reading of the follow-ups: the page and the count (a window over the rows that pass).
  const page = await rows<FollowUpRow & { total: number }>(
    db,
    sql`SELECT ${followUpColumns}, count(*) OVER ()::int AS total FROM ${from} WHERE ${where}
        ORDER BY f.high_risk DESC, f.days_overdue, f.resident_id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const n = { n: page[0]?.total ?? (q.offset > 0 ? await countRows(db, from, where) : 0) };
  const found = page.map(({ total: _t, ...f }) => f);
  const callIds = found.map((f) => f.lastCallId).filter((id): id is string => id !== null);
  const calls = callIds.length
    ? new Map(
        (
          await callsWhere(
            db,
            sql`k.id IN (${sql.join(
              callIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          )
        ).map((c) => [c.id, c]),
      )
    : new Map<string, CallOut>();
  const items: OverdueRow[] = found.map(({ lastCallId, hidden: _h, ...f }) => ({
    ...f,
    lastCall: lastCallId ? (calls.get(lastCallId) ?? null) : null,
  }));
  await auditNcd(db, actor, 'read', null, unit.path, {
    op: 'ncd_overdue',
    residentIds: items.map((i) => i.residentId),
  });
  return { items, total: n.n, limit: q.limit, offset: q.offset };
}

/** The count alone (a page past the end has no row to carry it). */
async function countRows(db: Executor, from: SQL, where: SQL): Promise<number> {
  const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`);
  return n?.n ?? 0;
}

/** A resident in the actor's area (404 otherwise, audited as a denial). */
async function patientInScope(db: Executor, actor: Actor, residentId: string, op: string) {
  const patient = (await patientsById(db, [residentId])).get(residentId);
  if (!patient || !inScope(actor, patient.unitPath))
    throw deniedNotFound('Resident', { entityType: 'person', entityId: residentId, details: { op } });
  return patient;
}

/** The follow-up row of one enrolled person today (null when not enrolled). */
async function followUpOf(db: Executor, residentId: string, unitPath: string, on: string) {
  const [f] = await rows<FollowUpRow>(
    db,
    sql`SELECT ${followUpColumns} FROM ${followUps(sql`${on}::date`, sql`${unitPath}`)} f
        JOIN ${residentsRelation} r ON r.id = f.resident_id LEFT JOIN ${unitsRelation} u ON u.path = f.unit_path
        WHERE f.resident_id = ${residentId}`,
  );
  return f;
}

/**
 * POST /ncd/calls: records a call to an enrolled person (kết quả gọi điện). `agreed_to_visit` hides
 * them from the overdue list for 7 days, `remind_to_call_later` 30 (the definition's days), a removal
 * until their due date changes (a visit).
 */
export async function recordCall(db: Orm, actor: Actor, input: CallInput): Promise<CallOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const patient = await patientInScope(tx, actor, input.residentId, 'ncd_call');
    const on = today();
    const f = await followUpOf(tx, input.residentId, patient.unitPath, on);
    if (!f)
      throw invalid([{ path: 'residentId', code: 'not_enrolled', message: 'not enrolled in the programme' }]);
    const def = await controlOn(tx, on);
    const hiddenUntil =
      input.outcome === 'removed_from_overdue_list' ? null : addDays(on, def.overdue.hideDays[input.outcome]);
    const id = newId();
    await tx.insert(ncdCalls).values({
      id,
      residentId: input.residentId,
      unitPath: patient.unitPath,
      outcome: input.outcome,
      removalReason: input.removalReason ?? null,
      note: input.note ?? null,
      dueOn: f.dueOn,
      calledOn: on,
      hiddenUntil,
      calledBy: actor.username,
    });
    await auditNcd(tx, actor, 'create', input.residentId, patient.unitPath, {
      op: 'ncd_call',
      callId: id,
      outcome: input.outcome,
    });
    return (await callsWhere(tx, sql`k.id = ${id}`, on))[0]!;
  });
}

/** GET /ncd/calls?residentId=: a person's calls, newest first (audited). */
export async function listCalls(db: Executor, actor: Actor, residentId: string): Promise<CallOut[]> {
  requirePermission(actor, 'person.read');
  const patient = await patientInScope(db, actor, residentId, 'read_ncd_calls');
  const calls = await callsWhere(db, sql`k.resident_id = ${residentId}`);
  await auditNcd(db, actor, 'read', residentId, patient.unitPath, { op: 'ncd_calls' });
  return calls;
}

/** GET /ncd/calls/summary: calls made in a month under a unit, and the people who came back after one. */
export async function callSummary(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; period?: string | undefined },
): Promise<CallSummaryOut> {
  requirePermission(actor, 'network.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const now = today();
  const period = q.period ?? now.slice(0, 7);
  const end = monthEnd(period, now);
  const def = await controlOn(db, end, 'query.period');
  const [c] = await rows<Omit<CallSummaryOut, 'unit' | 'period' | 'returnWindowDays'>>(
    db,
    sql`SELECT count(*)::int AS calls,
          count(*) FILTER (WHERE k.outcome = 'agreed_to_visit')::int AS "agreedToVisit",
          count(*) FILTER (WHERE k.outcome = 'remind_to_call_later')::int AS "remindToCallLater",
          count(*) FILTER (WHERE k.outcome = 'removed_from_overdue_list')::int AS removed,
          count(DISTINCT k.resident_id) FILTER (WHERE ${returnedAfter(sql`k`, def.overdue.returnWindowDays)})::int AS "returnedToCare"
        FROM ncd_calls k WHERE k.unit_path <@ ${unit.path}::ltree
          AND k.called_on BETWEEN ${`${period}-01`}::date AND ${end}::date`,
  );
  return { unit, period, ...c!, returnWindowDays: def.overdue.returnWindowDays };
}

/** A call (alias given) followed by a finished visit within the window. */
export const returnedAfter = (k: SQL, days: number | SQL) =>
  sql`EXISTS (SELECT 1 FROM ${finishedVisitsRelation} v WHERE v.resident_id = ${k}.resident_id
    AND v.visit_date BETWEEN ${k}.called_on AND ${k}.called_on + (${days})::int)`;

const highRiskColumns = sql`h.resident_id AS "residentId", r.full_name AS "fullName",
  r.sex, r.birth_year AS "birthYear", r.phones[1] AS phone, coalesce(u.name, h.unit_path::text) AS "placeName",
  h.unit_path::text AS "unitPath", h.reasons, h.last_check_on::text AS "lastCheckOn",
  h.check_due_on::text AS "checkDueOn",
  NOT h.checked AS "checkDue"`;

/** GET /ncd/high-risk: people at high risk under a unit (T6), those due a yearly check first. */
export async function highRiskList(db: Executor, actor: Actor, q: HighRiskQuery): Promise<Page<HighRiskRow>> {
  requirePermission(actor, 'person.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const on = today();
  const from = sql`${highRiskOn(sql`${on}::date`, sql`${unit.path}`)} h JOIN ${residentsRelation} r ON r.id = h.resident_id
    LEFT JOIN ${unitsRelation} u ON u.path = h.unit_path`;
  const where = q.due === undefined ? sql`true` : q.due ? sql`NOT h.checked` : sql`h.checked`;
  const page = await rows<HighRiskRow & { total: number }>(
    db,
    sql`SELECT ${highRiskColumns}, count(*) OVER ()::int AS total FROM ${from} WHERE ${where}
        ORDER BY h.checked, h.last_check_on NULLS FIRST, r.full_name, h.resident_id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const n = { n: page[0]?.total ?? (q.offset > 0 ? await countRows(db, from, where) : 0) };
  const items = page.map(({ total: _t, ...h }) => h);
  await auditNcd(db, actor, 'read', null, unit.path, {
    op: 'ncd_high_risk',
    residentIds: items.map((i) => i.residentId),
  });
  return { items, total: n.n, limit: q.limit, offset: q.offset };
}

/** GET /ncd/patients/:residentId: the programme card (thẻ theo dõi), audited. */
export async function programmeCard(
  db: Executor,
  actor: Actor,
  residentId: string,
): Promise<ProgrammeCardOut> {
  requirePermission(actor, 'person.read');
  const patient = await patientInScope(db, actor, residentId, 'read_ncd_card');
  const on = today();
  const [person] = await rows<{ diedOn: string | null; placeName: string }>(
    db,
    sql`SELECT r.died_on::text AS "diedOn", coalesce(u.name, r.unit_path::text) AS "placeName"
        FROM ${residentsRelation} r LEFT JOIN ${unitsRelation} u ON u.path = r.unit_path WHERE r.id = ${residentId}`,
  );
  const enrolments = await enrolmentsWhere(db, sql`en.resident_id = ${residentId}`);
  const end = monthEnd(on.slice(0, 7), on);
  const status: ProgrammeCardOut['status'] = [];
  for (const e of enrolments.filter((x) => x.endedOn === null)) {
    const [s] = await rows<{ bucket: ProgrammeCardOut['status'][number]['bucket'] }>(
      db,
      sql`SELECT s.bucket FROM ${controlStatus(e.condition, sql`${end}::date`)} s WHERE s.resident_id = ${residentId}`,
    );
    if (s) status.push({ condition: e.condition, period: on.slice(0, 7), bucket: s.bucket });
  }
  const f = await followUpOf(db, residentId, patient.unitPath, on);
  const [h] = await rows<HighRiskRow>(
    db,
    sql`SELECT ${highRiskColumns} FROM ${highRiskOn(sql`${on}::date`, sql`${patient.unitPath}`)} h
        JOIN ${residentsRelation} r ON r.id = h.resident_id LEFT JOIN ${unitsRelation} u ON u.path = h.unit_path
        WHERE h.resident_id = ${residentId}`,
  );
  const visits = await rows<{
    id: string;
    visitDate: string;
    mainDiagnosis: string | null;
    reExaminationDate: string | null;
    adherence: string | null;
    systolic: number | null;
    diastolic: number | null;
    fastingGlucose: string | null;
    randomGlucose: string | null;
    hba1c: string | null;
    weightKg: string | null;
    bmi: string | null;
  }>(
    db,
    sql`SELECT v.id, v.visit_date::text AS "visitDate", v.main_diagnosis AS "mainDiagnosis",
          v.re_examination_date::text AS "reExaminationDate", v.adherence, v.systolic, v.diastolic,
          v.fasting_glucose AS "fastingGlucose", v.random_glucose AS "randomGlucose", v.hba1c,
          v.weight_kg AS "weightKg", v.bmi
        FROM ${finishedVisitsRelation} v WHERE v.resident_id = ${residentId} ORDER BY v.visit_date, v.change_seq`,
  );
  const bp: ProgrammeCardOut['bp'] = [];
  const glucose: ProgrammeCardOut['glucose'] = [];
  const weight: ProgrammeCardOut['weight'] = [];
  for (const v of visits) {
    if (v.systolic !== null && v.diastolic !== null)
      bp.push({ on: v.visitDate, visitId: v.id, systolic: v.systolic, diastolic: v.diastolic });
    for (const [kind, value] of [
      ['fasting', v.fastingGlucose],
      ['random', v.randomGlucose],
      ['hba1c', v.hba1c],
    ] as const)
      if (value !== null) glucose.push({ on: v.visitDate, visitId: v.id, kind, value: Number(value) });
    if (v.weightKg !== null)
      weight.push({
        on: v.visitDate,
        visitId: v.id,
        weightKg: Number(v.weightKg),
        bmi: v.bmi === null ? null : Number(v.bmi),
      });
  }
  const calls = await callsWhere(db, sql`k.resident_id = ${residentId}`, on);
  await auditNcd(db, actor, 'read', residentId, patient.unitPath, { op: 'ncd_card' });
  return {
    patient: {
      id: patient.id,
      fullName: patient.fullName,
      sex: patient.sex,
      birthDate: patient.birthDate,
      birthYear: patient.birthYear,
      phone: patient.phone,
      placeName: person?.placeName ?? patient.unitPath,
      unitPath: patient.unitPath,
      diedOn: person?.diedOn ?? null,
    },
    enrolments,
    status,
    followUp: f ? { dueOn: f.dueOn, daysOverdue: f.daysOverdue, highRisk: f.highRisk } : null,
    highRisk: {
      isHighRisk: Boolean(h),
      reasons: h?.reasons ?? [],
      lastCheckOn: h?.lastCheckOn ?? visits.at(-1)?.visitDate ?? null,
      checkDueOn: h?.checkDueOn ?? null,
    },
    bp,
    glucose,
    weight,
    visits: visits.map((v) => ({
      id: v.id,
      visitDate: v.visitDate,
      mainDiagnosis: v.mainDiagnosis,
      reExaminationDate: v.reExaminationDate,
      adherence: v.adherence,
    })),
    calls,
  };
}
