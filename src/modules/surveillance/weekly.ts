// Weekly counts (số mắc theo tuần dịch tễ) of a disease at a unit with its threshold of each week (the
// epidemic curve), and the period's cases by child unit (the map): every count is a sum over the unit
// path (`unit_path <@ unit.path`), so a parent's count is the sum of its children's (docs/adr/0010).
import { sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { rows, type Executor } from '../../db/connection.js';
import { unitInArea, unitsRelation } from '../network/index.js';
import { addDays, weekLabel, weekStart, type WeeklyOut } from './contracts.js';
import { baselines, countsByWeek, seasonalThreshold } from './alerts.js';
import { diseaseOn } from './definitions.js';

/** The unit asked for (by code) or the actor's own, in the actor's area (404 otherwise), named in full. */
export async function unitOfArea(db: Executor, actor: Actor, code: string | undefined) {
  const unit = await unitInArea(db, actor, code);
  return { ...unit, name: unit.fullName };
}

export async function weeklyCounts(
  db: Executor,
  actor: Actor,
  q: { unit?: string | undefined; disease: string; from?: string | undefined; to?: string | undefined },
): Promise<WeeklyOut> {
  requirePermission(actor, 'person.read');
  const unit = await unitOfArea(db, actor, q.unit);
  const to = weekStart(q.to ?? today());
  const from = weekStart(q.from ?? addDays(to, -25 * 7));
  const disease = await diseaseOn(db, q.disease, to, 'query.disease', 'query.to');
  const rule = disease.threshold;
  const counts = await countsByWeek(db, unit.path, q.disease, from, to);
  const limits =
    rule.method === 'seasonal'
      ? new Map(
          (await baselines(db, unit.path, q.disease, from, to, rule)).map((b) => [
            b.start,
            Math.round(seasonalThreshold(b, rule.sd) * 100) / 100,
          ]),
        )
      : undefined;
  const children = await rows<{ code: string; name: string; level: string; cases: number }>(
    db,
    sql`SELECT ch.code, ch.full_name AS name, ch.level,
               (SELECT count(*) FROM disease_cases c WHERE c.disease = ${q.disease} AND c.classification <> 'discarded'
                  AND c.unit_path <@ ch.path AND c.onset_week BETWEEN ${from}::date AND ${to}::date)::int AS cases
          FROM ${unitsRelation} ch WHERE ch.parent_id = ${unit.id} ORDER BY ch.code`,
  );
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level },
    disease: { code: disease.code, vi: disease.vi, en: disease.en, threshold: rule },
    weeks: counts.map((c) => ({
      week: weekLabel(c.start),
      start: c.start,
      cases: c.cases,
      confirmed: c.confirmed,
      threshold: limits ? (limits.get(c.start) ?? null) : rule.method === 'fixed' ? rule.count : null,
    })),
    children,
  };
}
