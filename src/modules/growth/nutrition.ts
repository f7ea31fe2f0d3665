// The nutrition classification (phân loại dinh dưỡng) as data: the code list `nutrition-status`
// (reference/codes/nutrition-status.csv) says, per status, which z-score (or MUAC) below or above
// which cut-off, at which ages. A measurement is classified by the rules in force on its day.
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { codeValuesRelation } from '../terminology/index.js';
import type { AnthroResult, ZScoreField } from './zscores.js';

export const NUTRITION_SYSTEM = 'nutrition-status';

export interface NutritionRule {
  code: string;
  displayVi: string;
  displayEn: string;
  field: ZScoreField | 'muacCm';
  below: number | null;
  above: number | null;
  ageFromDays: number;
  ageToDays: number;
}

const FIELDS = new Set([
  'weightForAge',
  'lengthForAge',
  'weightForLength',
  'bmiForAge',
  'headForAge',
  'muacForAge',
  'muacCm',
]);
const numOrNull = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number(v));

/** The rules in force on a day. */
export async function nutritionRules(db: Executor, on: string): Promise<NutritionRule[]> {
  const found = await rows<{
    code: string;
    displayVi: string;
    displayEn: string;
    properties: Record<string, string>;
  }>(
    db,
    sql`SELECT code, display_vi AS "displayVi", display_en AS "displayEn", properties FROM ${codeValuesRelation} cv
        WHERE cv.system = ${NUTRITION_SYSTEM} AND cv.valid_from <= ${on}::date AND (cv.valid_to IS NULL OR cv.valid_to > ${on}::date)
        ORDER BY cv.sort_order, cv.code`,
  );
  return found.map((r) => {
    const p = r.properties;
    if (!FIELDS.has(p.field ?? ''))
      throw new Error(`${NUTRITION_SYSTEM} ${r.code}: unknown field ${p.field}`);
    return {
      code: r.code,
      displayVi: r.displayVi,
      displayEn: r.displayEn,
      field: p.field as NutritionRule['field'],
      below: numOrNull(p.below),
      above: numOrNull(p.above),
      ageFromDays: numOrNull(p.age_from_days) ?? 0,
      ageToDays: numOrNull(p.age_to_days) ?? Number.MAX_SAFE_INTEGER,
    };
  });
}

/** The statuses a measurement meets; a z-score WHO flags as implausible classifies nothing. */
export function classify(
  result: Pick<AnthroResult, ZScoreField | 'flags' | 'ageDays'>,
  muacCm: number | null | undefined,
  rules: readonly NutritionRule[],
): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (result.ageDays < rule.ageFromDays || result.ageDays > rule.ageToDays) continue;
    let value: number | null;
    if (rule.field === 'muacCm') value = muacCm ?? null;
    else value = result.flags.includes(rule.field) ? null : result[rule.field];
    if (value === null) continue;
    if ((rule.below !== null && value < rule.below) || (rule.above !== null && value > rule.above))
      out.push(rule.code);
  }
  return out;
}
