// Outbreak alerts (cảnh báo dịch, docs/adr/0029): a disease's count for an epidemiological week at a
// unit (the case's commune and its province) set against the disease's threshold of the list in force
// on the week's day — a fixed count within a window of weeks, or mean + k·SD of the same weeks (± a
// window) of the years before. Evaluated in the transaction of every report and change of a case, so an
// alert exists the moment the report that made the count cross commits; acknowledged and closed by
// the upper level. The same weekly series draws the epidemic curve.
import { sql } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { AppError, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { unitsRelation } from '../network/index.js';
import { addDays, weekLabel, weekStart, type AlertOut, type ThresholdRule } from './contracts.js';
import { diseaseOn, diseasesOn } from './definitions.js';

/** Cases that count: every classification but a case ruled out (loại trừ). */
const COUNTED = sql`classification <> 'discarded'`;

export interface WeekCount {
  start: string;
  cases: number;
  confirmed: number;
}

/** Cases of a disease under a unit path by week of onset, for every week from `from` to `to` (Mondays). */
export async function countsByWeek(
  db: Executor,
  under: string,
  disease: string,
  from: string,
  to: string,
): Promise<WeekCount[]> {
  return rows<WeekCount>(
    db,
    sql`SELECT w.start::date::text AS start, coalesce(c.cases, 0)::int AS cases, coalesce(c.confirmed, 0)::int AS confirmed
          FROM generate_series(${from}::date, ${to}::date, interval '7 days') w(start)
          LEFT JOIN (SELECT onset_week, count(*) AS cases, count(*) FILTER (WHERE classification = 'confirmed') AS confirmed
                       FROM disease_cases WHERE disease = ${disease} AND ${COUNTED} AND unit_path <@ ${under}::ltree
                        AND onset_week BETWEEN ${from}::date AND ${to}::date GROUP BY onset_week) c
                 ON c.onset_week = w.start::date
         ORDER BY w.start`,
  );
}

export interface Baseline {
  start: string;
  mean: number;
  sd: number;
  values: number[];
}

/**
 * The seasonal baseline of each week from `from` to `to`: the counts of the same ISO week number
 * (week 53 read as 52) ± `windowWeeks` weeks in each of the `years` ISO years before, missing weeks
 * counted as 0; their mean and sample standard deviation.
 */
export async function baselines(
  db: Executor,
  under: string,
  disease: string,
  from: string,
  to: string,
  rule: { years: number; windowWeeks: number },
): Promise<Baseline[]> {
  const found = await rows<{ start: string; mean: number; sd: number; values: number[] }>(
    db,
    sql`WITH weeks AS (SELECT w.start::date AS start FROM generate_series(${from}::date, ${to}::date, interval '7 days') w(start)),
        base AS (
          SELECT w.start, (to_date((extract(isoyear FROM w.start)::int - y)::text || '-' || least(extract(week FROM w.start)::int, 52)::text, 'IYYY-IW') + 7 * j) AS past
            FROM weeks w, generate_series(1, ${rule.years}::int) y, generate_series(-${rule.windowWeeks}::int, ${rule.windowWeeks}::int) j),
        counts AS (
          SELECT onset_week, count(*)::int AS n FROM disease_cases
           WHERE disease = ${disease} AND ${COUNTED} AND unit_path <@ ${under}::ltree
             AND onset_week IN (SELECT past FROM base) GROUP BY onset_week)
        SELECT b.start::text AS start, avg(coalesce(c.n, 0))::float8 AS mean,
               coalesce(stddev_samp(coalesce(c.n, 0)), 0)::float8 AS sd,
               array_agg(coalesce(c.n, 0) ORDER BY b.past) AS values
          FROM base b LEFT JOIN counts c ON c.onset_week = b.past
         GROUP BY b.start ORDER BY b.start`,
  );
  return found.map((b) => ({ ...b, mean: Number(b.mean), sd: Number(b.sd), values: b.values.map(Number) }));
}

/** The seasonal threshold: mean + k·SD. */
export const seasonalThreshold = (b: { mean: number; sd: number }, k: number) => b.mean + k * b.sd;

export interface Verdict {
  fires: boolean;
  observed: number;
  threshold: string;
  basis: Record<string, unknown>;
}

/** Whether a week's count at a unit crosses the disease's threshold. */
export async function judgeWeek(
  db: Executor,
  under: string,
  disease: string,
  week: string,
  rule: ThresholdRule,
): Promise<Verdict> {
  if (rule.method === 'fixed') {
    const counts = await countsByWeek(db, under, disease, addDays(week, -7 * (rule.windowWeeks - 1)), week);
    const observed = counts.reduce((s, c) => s + c.cases, 0);
    return {
      fires: observed >= rule.count,
      observed,
      threshold: String(rule.count),
      basis: { method: 'fixed', count: rule.count, windowWeeks: rule.windowWeeks, weeks: counts },
    };
  }
  const [now] = await countsByWeek(db, under, disease, week, week);
  const [b] = await baselines(db, under, disease, week, week, rule);
  const observed = now!.cases;
  const limit = seasonalThreshold(b!, rule.sd);
  return {
    fires: observed > limit && observed >= rule.minCases,
    observed,
    threshold: limit.toFixed(2),
    basis: {
      method: 'seasonal',
      years: rule.years,
      windowWeeks: rule.windowWeeks,
      k: rule.sd,
      minCases: rule.minCases,
      mean: Math.round(b!.mean * 1000) / 1000,
      sd: Math.round(b!.sd * 1000) / 1000,
      values: b!.values,
    },
  };
}

/** The units a case at `path` is judged at: its commune and its province (post-2025 paths). */
export function alertUnits(path: string): string[] {
  const labels = path.split('.');
  const out: string[] = [];
  if (labels.length >= 3) out.push(labels.slice(0, 3).join('.'));
  if (labels.length >= 2) out.push(labels.slice(0, 2).join('.'));
  return out;
}

/**
 * Judges the week of a case's onset at its commune and province, raising an alert (or bringing an
 * existing one's count up to date) where the threshold is crossed. Runs in the caller's transaction;
 * the alerts raised or updated, by id.
 */
export async function evaluateCase(
  tx: Executor,
  c: { id: string; disease: string; unitPath: string; onsetOn: string },
): Promise<string[]> {
  const disease = await diseaseOn(tx, c.disease, c.onsetOn, 'disease', 'onsetOn');
  const week = weekStart(c.onsetOn);
  const ids: string[] = [];
  for (const unit of alertUnits(c.unitPath)) {
    // Reports of the same disease and unit are judged one after the other: two reports committing at
    // once would each count only itself and the committed cases, and a crossing made by the two
    // together would go unseen. The lock waits for the other's commit; the count after it sees its case.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`surveillance:${c.disease}:${unit}`}))`);
    const v = await judgeWeek(tx, unit, c.disease, week, disease.threshold);
    if (!v.fires) continue;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO outbreak_alerts (id, disease, unit_path, week, method, observed, threshold, basis, case_id)
          VALUES (${newId()}, ${c.disease}, ${unit}::ltree, ${week}::date, ${disease.threshold.method}, ${v.observed},
                  ${v.threshold}, ${JSON.stringify(v.basis)}::jsonb, ${c.id})
          ON CONFLICT (disease, unit_path, week) DO UPDATE
            SET observed = excluded.observed, threshold = excluded.threshold, basis = excluded.basis, updated_at = now()
          RETURNING id`,
    );
    ids.push(row!.id);
  }
  return ids;
}

const alertColumns = sql`a.id, a.disease, a.unit_path::text AS "unitPath", u.code AS "unitCode", u.full_name AS "unitName",
  u.level AS "unitLevel", a.week::text AS "weekStart", a.method, a.observed, a.threshold, a.basis, a.case_id AS "caseId",
  a.status, to_char(a.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "raisedAt",
  to_char(a.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "acknowledgedAt",
  a.acknowledged_by AS "acknowledgedBy",
  to_char(a.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "closedAt", a.closed_by AS "closedBy", a.response`;

type AlertRow = Omit<AlertOut, 'week' | 'diseaseName'>;

async function named(db: Executor, found: AlertRow[]): Promise<AlertOut[]> {
  if (!found.length) return [];
  const { diseases } = await diseasesOn(db, found[0]!.weekStart);
  const names = new Map(diseases.map((d) => [d.code, d.vi]));
  return found.map((a) => ({
    ...a,
    week: weekLabel(a.weekStart),
    diseaseName: names.get(a.disease) ?? a.disease,
  }));
}

/** The alerts of the actor's area (its units and those below), open ones first, newest first. */
export async function listAlerts(
  db: Executor,
  actor: Actor,
  q: { status?: AlertOut['status'] | undefined; disease?: string | undefined; limit: number; offset: number },
): Promise<Page<AlertOut>> {
  requirePermission(actor, 'person.read');
  const found = await rows<AlertRow & { total: number }>(
    db,
    sql`SELECT ${alertColumns}, count(*) OVER ()::int AS total
          FROM outbreak_alerts a LEFT JOIN ${unitsRelation} u ON u.path = a.unit_path
         WHERE a.unit_path <@ ${actor.scopePath}::ltree
           ${q.status ? sql`AND a.status = ${q.status}` : sql``}
           ${q.disease ? sql`AND a.disease = ${q.disease}` : sql``}
         ORDER BY (a.status = 'open') DESC, a.raised_at DESC, a.id
         LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  return {
    items: await named(
      db,
      found.map(({ total: _t, ...a }) => a),
    ),
    total: found[0]?.total ?? 0,
    limit: q.limit,
    offset: q.offset,
  };
}

async function alertInScope(db: Executor, actor: Actor, id: string): Promise<AlertRow> {
  const [a] = await rows<AlertRow>(
    db,
    sql`SELECT ${alertColumns} FROM outbreak_alerts a LEFT JOIN ${unitsRelation} u ON u.path = a.unit_path WHERE a.id = ${id}`,
  );
  const outside = a !== undefined && !inScope(actor, a.unitPath);
  if (!a || outside)
    throw new AppError('not-found', 'Alert not found', {
      ...(outside ? { denial: { entityType: 'outbreak_alert', entityId: id } } : {}),
    });
  return a;
}

export async function getAlert(db: Executor, actor: Actor, id: string): Promise<AlertOut> {
  requirePermission(actor, 'person.read');
  return (await named(db, [await alertInScope(db, actor, id)]))[0]!;
}

/**
 * The upper level's answer (tiếp nhận, xử lý): acknowledge an open alert, or close it (an open or
 * acknowledged one), with what was done. Only a role that responds to outbreaks (`outbreak.respond`).
 */
export async function actOnAlert(
  db: Orm,
  actor: Actor,
  id: string,
  input: { action: 'acknowledge' | 'close'; response?: string | null | undefined },
): Promise<AlertOut> {
  requirePermission(actor, 'outbreak.respond');
  return db.transaction(async (tx) => {
    const a = await alertInScope(tx, actor, id);
    const allowed = input.action === 'acknowledge' ? a.status === 'open' : a.status !== 'closed';
    if (!allowed)
      throw invalid([
        {
          path: 'action',
          code: 'alert_status',
          message: `the alert is ${a.status}`,
          text: {
            vi: a.status === 'closed' ? 'Cảnh báo đã đóng' : 'Cảnh báo đã được tiếp nhận',
            en: `the alert is ${a.status}`,
          },
        },
      ]);
    const response = input.response ?? a.response;
    if (input.action === 'acknowledge')
      await tx.execute(
        sql`UPDATE outbreak_alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${actor.username},
              response = ${response}, updated_at = now() WHERE id = ${id}`,
      );
    else
      await tx.execute(
        sql`UPDATE outbreak_alerts SET status = 'closed', closed_at = now(), closed_by = ${actor.username},
              acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, ${actor.username}),
              response = ${response}, updated_at = now() WHERE id = ${id}`,
      );
    await audit(tx, actor, {
      action: 'update',
      entityType: 'outbreak_alert',
      entityId: id,
      unitPath: a.unitPath,
      details: { op: input.action },
    });
    return (await named(tx, [await alertInScope(tx, actor, id)]))[0]!;
  });
}
