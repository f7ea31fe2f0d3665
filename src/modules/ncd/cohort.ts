/**
 * The monthly cohort (HEARTS control) of a unit, its children and its trend, the patients behind a
 * bucket, and quarterly cohorts: sums over status.ts's `controlStatus`, the one definition.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { invalid } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor } from '../../db/connection.js';
import { residentsRelation } from '../people/index.js';
import { unitsRelation } from '../network/index.js';
import { finishedVisitsRelation } from '../visits/index.js';
import {
  CONTROLLED_CONDITIONS,
  type CohortCounts,
  type CohortOut,
  type CohortPatient,
  type CohortPatientsQuery,
  type CohortQuery,
  type NcdCondition,
  type QuarterlyCohortOut,
} from './contracts.js';
import { controlOn } from './definitions.js';
import { auditNcd } from './enrolments.js';
import { controlStatus } from './status.js';
import { childUnits, unitPathOf } from './units.js';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The day a month is counted at: its last day, or today for the running month. 422 for a future month. */
export function monthEnd(period: string, on = today(), path = 'period'): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const end = `${period}-${pad(lastDay(y, m))}`;
  if (`${period}-01` > on) throw invalid([{ path, code: 'in_future', message: 'must not be in the future' }]);
  return end < on ? end : on;
}

/** The month `n` months before a `YYYY-MM` month. */
export function monthsBefore(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) - n;
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`;
}

const COUNTS = sql`count(*)::int AS registered,
  count(*) FILTER (WHERE s.bucket NOT IN ('dead', 'lost_to_follow_up'))::int AS "underCare",
  count(*) FILTER (WHERE s.bucket = 'lost_to_follow_up')::int AS "lostToFollowUp",
  count(*) FILTER (WHERE s.bucket = 'dead')::int AS dead,
  count(*) FILTER (WHERE s.bucket IN ('missed_visit', 'visited_no_bp', 'controlled', 'uncontrolled'))::int AS cohort,
  count(*) FILTER (WHERE s.bucket = 'controlled')::int AS controlled,
  count(*) FILTER (WHERE s.bucket = 'uncontrolled')::int AS uncontrolled,
  count(*) FILTER (WHERE s.bucket = 'visited_no_bp')::int AS "visitedNoBp",
  count(*) FILTER (WHERE s.bucket = 'missed_visit')::int AS "missedVisit"`;

/** The counts of a subtree for a month (counted on `end`). */
export async function cohortCounts(
  db: Executor,
  condition: NcdCondition,
  end: string,
  path: string,
): Promise<CohortCounts> {
  const [c] = await rows<CohortCounts>(
    db,
    sql`SELECT ${COUNTS} FROM ${controlStatus(condition, sql`${end}::date`)} s WHERE s.unit_path <@ ${path}::ltree`,
  );
  return c!;
}

/** GET /ncd/cohort: a unit's counts for a month, its children's, and its trend (aggregates: no person). */
export async function cohort(db: Executor, actor: Actor, q: CohortQuery): Promise<CohortOut> {
  requirePermission(actor, 'network.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const now = today();
  const period = q.period ?? now.slice(0, 7);
  const end = monthEnd(period, now);
  const def = await controlOn(db, end, 'query.period');
  const children = await childUnits(db, unit.path);
  const byChild = children.length
    ? await rows<CohortCounts & { code: string }>(
        db,
        sql`SELECT c.code, ${COUNTS} FROM ${controlStatus(q.condition, sql`${end}::date`)} s
            JOIN ${unitsRelation} c ON s.unit_path <@ c.path
              AND c.parent_id = (SELECT p.id FROM ${unitsRelation} p WHERE p.path = ${unit.path}::ltree)
            GROUP BY c.code`,
      )
    : [];
  const zero: CohortCounts = {
    registered: 0,
    underCare: 0,
    lostToFollowUp: 0,
    dead: 0,
    cohort: 0,
    controlled: 0,
    uncontrolled: 0,
    visitedNoBp: 0,
    missedVisit: 0,
  };
  const childCounts = new Map(byChild.map(({ code, ...c }) => [code, c]));
  const trend: CohortOut['trend'] = [];
  for (let i = q.trend - 1; i >= 0; i--) {
    const p = monthsBefore(period, i);
    trend.push({ period: p, counts: await cohortCounts(db, q.condition, monthEnd(p, now), unit.path) });
  }
  const counts =
    trend.at(-1)?.period === period
      ? trend.at(-1)!.counts
      : await cohortCounts(db, q.condition, end, unit.path);
  return {
    unit,
    period,
    condition: q.condition,
    controlDefined: (CONTROLLED_CONDITIONS as readonly string[]).includes(q.condition),
    definitionVersion: def.version,
    counts,
    children: children.map((c) => ({ unit: c, counts: childCounts.get(c.code) ?? zero })),
    trend,
  };
}

const patientColumns = sql`s.resident_id AS "residentId", r.full_name AS "fullName", r.sex, r.birth_year AS "birthYear",
  r.phones[1] AS phone, coalesce(u.name, s.unit_path::text) AS "placeName", s.registered_on::text AS "registeredOn",
  s.bucket, s.last_visit_on::text AS "lastVisitOn",
  CASE WHEN s.bp_on IS NULL THEN NULL ELSE json_build_object('on', s.bp_on::text, 'visitId', bpv.id,
    'systolic', s.systolic, 'diastolic', s.diastolic) END AS "lastBp",
  CASE WHEN s.glucose_on IS NULL THEN NULL ELSE json_build_object('on', s.glucose_on::text, 'visitId', gv.id,
    'kind', s.glucose_kind, 'value', s.glucose_value) END AS "lastGlucose"`;

/** The visit a reading came from (for the links of a list). */
const readingVisits = sql`LEFT JOIN LATERAL (SELECT v.id FROM ${finishedVisitsRelation} v WHERE v.resident_id = s.resident_id
    AND v.visit_date = s.bp_on AND v.systolic = s.systolic ORDER BY v.id LIMIT 1) bpv ON true
  LEFT JOIN LATERAL (SELECT v.id FROM ${finishedVisitsRelation} v WHERE v.resident_id = s.resident_id
    AND v.visit_date = s.glucose_on ORDER BY v.id LIMIT 1) gv ON true`;

/** GET /ncd/cohort/patients: the people behind a bucket (drill-down), audited as a list. */
export async function cohortPatients(
  db: Executor,
  actor: Actor,
  q: CohortPatientsQuery,
): Promise<Page<CohortPatient>> {
  requirePermission(actor, 'person.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const now = today();
  const end = monthEnd(q.period ?? now.slice(0, 7), now);
  const where = sql`s.unit_path <@ ${unit.path}::ltree ${q.bucket ? sql`AND s.bucket = ${q.bucket}` : sql``}`;
  const status = controlStatus(q.condition, sql`${end}::date`);
  const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${status} s WHERE ${where}`);
  const items = await rows<CohortPatient>(
    db,
    sql`SELECT ${patientColumns} FROM ${status} s JOIN ${residentsRelation} r ON r.id = s.resident_id
        LEFT JOIN ${unitsRelation} u ON u.path = s.unit_path ${readingVisits}
        WHERE ${where} ORDER BY r.full_name, s.resident_id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  await auditNcd(db, actor, 'read', null, unit.path, {
    op: 'ncd_cohort_patients',
    condition: q.condition,
    bucket: q.bucket ?? null,
    residentIds: items.map((i) => i.residentId),
  });
  return { items, total: n?.n ?? 0, limit: q.limit, offset: q.offset };
}

/**
 * GET /ncd/cohort/quarterly: people registered in a quarter, with the outcome of the next quarter
 * (the monthly buckets counted at its end: the window is that quarter).
 */
export async function quarterlyCohort(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; quarter: string; condition: NcdCondition },
): Promise<QuarterlyCohortOut> {
  requirePermission(actor, 'network.read');
  const unit = await unitPathOf(db, actor, q.unit);
  const [y, n] = [Number(q.quarter.slice(0, 4)), Number(q.quarter.slice(6))];
  const from = `${y}-${pad((n - 1) * 3 + 1)}-01`;
  const lastMonth = `${y}-${pad(n * 3)}`;
  const to = `${lastMonth}-${pad(lastDay(y, n * 3))}`;
  const outcomeFromMonth = monthsBefore(lastMonth, -1);
  const outcomeToMonth = monthsBefore(lastMonth, -3);
  const now = today();
  if (from > now)
    throw invalid([{ path: 'quarter', code: 'in_future', message: 'must not be in the future' }]);
  // Counted at the end of the outcome quarter, or today while it runs (or has not begun).
  const outcomeEnd = `${outcomeToMonth}-${pad(lastDay(Number(outcomeToMonth.slice(0, 4)), Number(outcomeToMonth.slice(5))))}`;
  const end = outcomeEnd < now ? outcomeEnd : now;
  const [c] = await rows<
    Omit<QuarterlyCohortOut, 'unit' | 'quarter' | 'outcomeFrom' | 'outcomeTo' | 'condition'>
  >(
    db,
    sql`SELECT count(*)::int AS registered,
          count(*) FILTER (WHERE s.bucket = 'dead')::int AS dead,
          count(*) FILTER (WHERE s.bucket = 'controlled')::int AS controlled,
          count(*) FILTER (WHERE s.bucket = 'uncontrolled')::int AS uncontrolled,
          count(*) FILTER (WHERE s.bucket = 'visited_no_bp')::int AS "visitedNoBp",
          count(*) FILTER (WHERE s.bucket = 'missed_visit')::int AS "missedVisit"
        FROM ${controlStatus(q.condition, sql`${end}::date`)} s
        WHERE s.unit_path <@ ${unit.path}::ltree AND s.registered_on BETWEEN ${from}::date AND ${to}::date`,
  );
  return {
    unit,
    quarter: q.quarter,
    outcomeFrom: `${outcomeFromMonth}-01`,
    outcomeTo: end,
    condition: q.condition,
    ...c!,
  };
}
