// The growth module's bulk writer (demo and imports): measurements scored as the service scores them
// (the standards and the classification list in force on each day), inserted in batches.
import type { Actor } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { insertAll } from '../../db/bulk.js';
import type { Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { classify, nutritionRules, type NutritionRule } from './nutrition.js';
import { growthMeasurements } from './schema.js';
import { growthStandards } from './standards.js';
import { ageInDays, anthroZScores, type Position, type Sex } from './zscores.js';

export interface BulkMeasurement {
  residentId: string;
  unitPath: string;
  sex: Sex;
  birthDate: string;
  measuredOn: string;
  weightKg?: number | null;
  lengthCm?: number | null;
  measured?: Position | null;
  headCm?: number | null;
  muacCm?: number | null;
  oedema?: boolean;
}

/** Scores and inserts the measurements; audits the load as one event. Returns how many were written. */
export async function insertMeasurementsBulk(
  tx: Tx,
  actor: Actor,
  items: readonly BulkMeasurement[],
  opts: { unitPath: string; progress?: ((step: string, done: number, total: number) => void) | undefined },
): Promise<number> {
  const std = await growthStandards(tx);
  const rulesByDay = new Map<string, NutritionRule[]>();
  const rows = [];
  for (const m of items) {
    let rules = rulesByDay.get(m.measuredOn);
    if (!rules) rulesByDay.set(m.measuredOn, (rules = await nutritionRules(tx, m.measuredOn)));
    const ageDays = ageInDays(m.birthDate, m.measuredOn);
    const r = anthroZScores(std, { ...m, ageDays });
    rows.push({
      id: newId(),
      residentId: m.residentId,
      unitPath: m.unitPath,
      measuredOn: m.measuredOn,
      ageDays,
      sex: m.sex,
      weightKg: m.weightKg ?? null,
      lengthCm: m.lengthCm ?? null,
      position: m.measured ?? null,
      headCm: m.headCm ?? null,
      muacCm: m.muacCm ?? null,
      oedema: m.oedema ?? false,
      standard: r.standard,
      weightForAge: r.weightForAge,
      lengthForAge: r.lengthForAge,
      weightForLength: r.weightForLength,
      bmiForAge: r.bmiForAge,
      headForAge: r.headForAge,
      muacForAge: r.muacForAge,
      flags: r.flags,
      statuses: classify(r, m.muacCm, rules),
      recordedBy: actor.username,
    });
  }
  await insertAll(tx, growthMeasurements, rows, 'growth measurements', opts.progress, 5_000);
  await audit(tx, actor, {
    action: 'create',
    entityType: 'person',
    unitPath: opts.unitPath,
    details: { op: 'growth_measurements_bulk', rows: rows.length },
  });
  return rows.length;
}
