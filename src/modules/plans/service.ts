// A province's plan (kế hoạch) with its targets, each read against its live indicator: the progress
// of a period is the indicators module's published values for the plan's unit and that period (the
// stored values every dashboard reads), so the review says what the dashboards say.
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { AppError, deniedNotFound, invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { indicatorValues, listIndicators, meets } from '../indicators/index.js';
import { getUnit, unitsRelation } from '../network/index.js';
import type {
  PlanInput,
  PlanOut,
  PlanProgressOut,
  PlanTargetOut,
  PlanUpdate,
  TargetProgress,
} from './contracts.js';

type PlanRow = Omit<PlanOut, 'targets'> & { unitPath: string };

async function planRow(db: Executor, actor: Actor, id: string): Promise<PlanRow> {
  const [p] = await rows<PlanRow>(
    db,
    sql`SELECT p.id, p.number, p.title, p.issuer, p.issued_on::text AS "issuedOn", p.ends_on::text AS "endsOn",
          u.code AS "unitCode", u.full_name AS "unitName", p.source, p.unit_path::text AS "unitPath"
        FROM plans p JOIN ${unitsRelation} u ON u.id = p.unit_id WHERE p.id = ${id}`,
  );
  if (!p || !inScope(actor, p.unitPath)) throw deniedNotFound('Plan', { entityType: 'plan', entityId: id });
  return p;
}

function targetRows(db: Executor, planId: string) {
  return rows<PlanTargetOut>(
    db,
    sql`SELECT id, ordinal, text_vi AS "textVi", indicator_code AS "indicatorCode", measure, operator,
          target_value::float8 AS "targetValue", deadline::text AS deadline, agency
        FROM plan_targets WHERE plan_id = ${planId} ORDER BY ordinal`,
  );
}

const withoutPath = ({ unitPath: _unitPath, ...rest }: PlanRow) => rest;

/** The targets' indicators must be in the catalogue: a field error for each one that is not. */
async function checkIndicators(db: Executor, targets: { indicatorCode: string }[]): Promise<FieldError[]> {
  const known = new Set((await listIndicators(db)).map((d) => d.code));
  const errors: FieldError[] = [];
  targets.forEach((t, i) => {
    if (!known.has(t.indicatorCode))
      errors.push({
        path: `body.targets.${i}.indicatorCode`,
        code: 'unknown_indicator',
        message: `no indicator ${t.indicatorCode} in the catalogue`,
        text: {
          vi: `không có chỉ tiêu ${t.indicatorCode} trong danh mục chỉ tiêu`,
          en: `no indicator ${t.indicatorCode} in the catalogue`,
        },
      });
  });
  return errors;
}

/** Creates a plan with its targets; each target names an indicator of the catalogue. */
export async function createPlan(db: Orm, actor: Actor, input: PlanInput): Promise<PlanOut> {
  requirePermission(actor, 'plans.manage');
  const unit = await getUnit(db, actor, input.unitCode);
  const errors = await checkIndicators(db, input.targets);
  if (errors.length) throw invalid(errors);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO plans (id, number, title, issuer, issued_on, ends_on, unit_id, unit_path, source, created_by)
          VALUES (${id}, ${input.number}, ${input.title}, ${input.issuer}, ${input.issuedOn}::date, ${input.endsOn}::date,
            ${unit.id}, ${unit.path}::ltree, ${input.source ?? null}, ${actor.username})`,
    );
    for (const [i, t] of input.targets.entries())
      await tx.execute(
        sql`INSERT INTO plan_targets (id, plan_id, ordinal, text_vi, indicator_code, measure, operator, target_value, deadline, agency)
            VALUES (${uuidv7()}, ${id}, ${i + 1}, ${t.textVi}, ${t.indicatorCode}, ${t.measure ?? 'value'}, ${t.operator},
              ${t.targetValue}, ${t.deadline}::date, ${t.agency})`,
      );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'plan',
      entityId: id,
      unitPath: unit.path,
      details: { number: input.number, targets: input.targets.length },
    });
    return getPlan(tx, actor, id);
  });
}

/**
 * Edits a plan in the actor's scope: its head, and its targets in the order given (a target with the
 * id of one of the plan's targets changes it, one without an id is added, one left out is removed).
 */
export async function updatePlan(db: Orm, actor: Actor, id: string, input: PlanUpdate): Promise<PlanOut> {
  requirePermission(actor, 'plans.manage');
  return db.transaction(async (tx) => {
    const plan = await planRow(tx, actor, id);
    await tx.execute(sql`SELECT id FROM plans WHERE id = ${id} FOR UPDATE`);
    const current = new Set((await targetRows(tx, id)).map((t) => t.id));
    const errors = await checkIndicators(tx, input.targets);
    input.targets.forEach((t, i) => {
      if (t.id && !current.has(t.id))
        errors.push({
          path: `body.targets.${i}.id`,
          code: 'unknown_target',
          message: 'not a target of this plan',
          text: { vi: 'không phải mục tiêu của kế hoạch này', en: 'not a target of this plan' },
        });
    });
    const ids = input.targets.map((t) => t.id).filter(Boolean);
    if (new Set(ids).size !== ids.length)
      errors.push({
        path: 'body.targets',
        code: 'duplicate_target',
        message: 'a target appears twice',
        text: { vi: 'một mục tiêu xuất hiện hai lần', en: 'a target appears twice' },
      });
    if (errors.length) throw invalid(errors);
    await tx.execute(
      sql`UPDATE plans SET number = ${input.number}, title = ${input.title}, issuer = ${input.issuer},
            issued_on = ${input.issuedOn}::date, ends_on = ${input.endsOn}::date, source = ${input.source ?? null},
            updated_at = now() WHERE id = ${id}`,
    );
    const kept = new Set(ids as string[]);
    const removed = [...current].filter((t) => !kept.has(t));
    for (const t of removed) await tx.execute(sql`DELETE FROM plan_targets WHERE id = ${t}`);
    // Out of the way of the (plan, ordinal) key before the targets take their new places.
    await tx.execute(sql`UPDATE plan_targets SET ordinal = -ordinal WHERE plan_id = ${id}`);
    for (const [i, t] of input.targets.entries()) {
      if (t.id)
        await tx.execute(
          sql`UPDATE plan_targets SET ordinal = ${i + 1}, text_vi = ${t.textVi}, indicator_code = ${t.indicatorCode},
                measure = ${t.measure ?? 'value'}, operator = ${t.operator}, target_value = ${t.targetValue},
                deadline = ${t.deadline}::date, agency = ${t.agency}, updated_at = now()
              WHERE id = ${t.id} AND plan_id = ${id}`,
        );
      else
        await tx.execute(
          sql`INSERT INTO plan_targets (id, plan_id, ordinal, text_vi, indicator_code, measure, operator, target_value, deadline, agency)
              VALUES (${uuidv7()}, ${id}, ${i + 1}, ${t.textVi}, ${t.indicatorCode}, ${t.measure ?? 'value'}, ${t.operator},
                ${t.targetValue}, ${t.deadline}::date, ${t.agency})`,
        );
    }
    await audit(tx, actor, {
      action: 'update',
      entityType: 'plan',
      entityId: id,
      unitPath: plan.unitPath,
      details: { number: input.number, targets: input.targets.length, removed: removed.length },
    });
    return getPlan(tx, actor, id);
  });
}

export async function getPlan(db: Executor, actor: Actor, id: string): Promise<PlanOut> {
  requirePermission(actor, 'network.read');
  const p = await planRow(db, actor, id);
  return { ...withoutPath(p), targets: await targetRows(db, id) };
}

/** The plans of the actor's scope (or under a unit). */
export async function listPlans(
  db: Executor,
  actor: Actor,
  unitCode?: string,
): Promise<(Omit<PlanOut, 'targets'> & { targetCount: number })[]> {
  requirePermission(actor, 'network.read');
  const under = unitCode ? (await getUnit(db, actor, unitCode)).path : actor.scopePath;
  return rows(
    db,
    sql`SELECT p.id, p.number, p.title, p.issuer, p.issued_on::text AS "issuedOn", p.ends_on::text AS "endsOn",
          u.code AS "unitCode", u.full_name AS "unitName", p.source,
          (SELECT count(*)::int FROM plan_targets t WHERE t.plan_id = p.id) AS "targetCount"
        FROM plans p JOIN ${unitsRelation} u ON u.id = p.unit_id
        WHERE p.unit_path <@ ${under}::ltree ORDER BY p.issued_on DESC, p.number LIMIT 200`,
  );
}

/** The last day of a period `2026`, `2026-Q2` or `2026-05`. */
export function lastDayOf(period: string): string {
  const y = Number(period.slice(0, 4));
  const q = /^\d{4}-Q([1-4])$/.exec(period);
  const m = q ? Number(q[1]) * 3 : /^\d{4}-\d{2}$/.test(period) ? Number(period.slice(5)) : 12;
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Whether what was achieved meets the target (the same rule as the catalogue's targets). */
export function targetResult(
  t: Pick<PlanTargetOut, 'operator' | 'targetValue'>,
  achieved: number | null,
): TargetProgress['result'] {
  if (achieved == null) return 'no_data';
  return meets(achieved, { operator: t.operator, value: t.targetValue, deadline: '', source: '' })
    ? 'met'
    : 'not_met';
}

/**
 * The plan's targets for a period against the live indicators of the plan's unit, and per agency how
 * many were met. A period after today is refused (the indicators module says so).
 */
export async function planProgress(
  db: Executor,
  actor: Actor,
  id: string,
  period: string,
): Promise<PlanProgressOut> {
  const plan = await getPlan(db, actor, id);
  const targets: TargetProgress[] = [];
  for (const t of plan.targets) {
    let found: Awaited<ReturnType<typeof indicatorValues>> | null = null;
    try {
      found = await indicatorValues(db, actor, t.indicatorCode, plan.unitCode, period, false);
    } catch (e) {
      // An indicator not defined for that period (a later catalogue entry) has no value for it.
      if (!(e instanceof AppError && e.kind === 'not-found')) throw e;
    }
    const v = found?.values[0];
    const achieved = v ? (t.measure === 'numerator' ? v.numerator : v.value) : null;
    targets.push({
      ...t,
      indicatorNameVi: found?.indicator.nameVi ?? t.indicatorCode,
      indicatorNameEn: found?.indicator.nameEn ?? t.indicatorCode,
      unit: t.measure === 'numerator' ? '' : (found?.indicator.unit ?? ''),
      numerator: v?.numerator ?? null,
      denominator: v?.denominator ?? null,
      achieved,
      result: targetResult(t, achieved),
      asOf: v?.asOf ?? null,
    });
  }
  const agencies = [...new Set(targets.map((t) => t.agency))].map((agency) => {
    const mine = targets.filter((t) => t.agency === agency);
    return {
      agency,
      targets: mine.length,
      met: mine.filter((t) => t.result === 'met').length,
      notMet: mine.filter((t) => t.result === 'not_met').length,
      noData: mine.filter((t) => t.result === 'no_data').length,
    };
  });
  const { targets: _targets, ...head } = plan;
  const periodEnd = lastDayOf(period);
  return { plan: head, period, kind: periodEnd >= plan.endsOn ? 'final' : 'interim', targets, agencies };
}
