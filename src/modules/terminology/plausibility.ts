/**
 * Plausibility rules (docs/adr/0022): the code list `plausibility-rule`
 * (reference/codes/plausibility-rule.csv), each rule a value with its validity dates whose own columns
 * (applies_to, field, quantity, unit, limits, messages) are its properties. Read here, evaluated by the
 * pure `evaluatePlausibility` of core (src/core/plausibility-contracts.ts) in the modules that write.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import {
  asWarnings,
  evaluatePlausibility,
  isQuantity,
  plausibilityRule,
  type PlausibilityFacts,
  type PlausibilityRule,
  type PlausibilityWarning,
} from '../../core/plausibility-contracts.js';
import { rows, type Executor } from '../../db/connection.js';

export const PLAUSIBILITY_SYSTEM = 'plausibility-rule';

const limit = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'a number')
  .transform(Number)
  .optional();

/** A rule's own columns, as the code list keeps them (text). */
const ruleProperties = z.object({
  applies_to: z.string().min(1),
  field: z.string().min(1),
  quantity: z.string().refine(isQuantity, 'a fact, a difference a - b, years(a, b) or days(a, b)'),
  age_from: limit,
  age_to: limit,
  unit_vi: z.string().optional(),
  unit_en: z.string().optional(),
  error_min: limit,
  warn_min: limit,
  warn_max: limit,
  error_max: limit,
  error_vi: z.string().optional(),
  error_en: z.string().optional(),
  warning_vi: z.string().optional(),
  warning_en: z.string().optional(),
});

/** A rule from its code-list row; throws naming the rule when its columns are not a rule. */
export function ruleOf(row: {
  code: string;
  displayVi: string;
  displayEn: string;
  validFrom: string;
  validTo: string | null;
  properties: Record<string, unknown>;
}): PlausibilityRule {
  const parsed = ruleProperties.safeParse(row.properties);
  if (!parsed.success)
    throw new Error(
      `plausibility rule ${row.code}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const p = parsed.data;
  return plausibilityRule.parse({
    code: row.code,
    displayVi: row.displayVi,
    displayEn: row.displayEn,
    validFrom: row.validFrom,
    validTo: row.validTo,
    appliesTo: p.applies_to,
    field: p.field,
    quantity: p.quantity,
    ageFrom: p.age_from ?? null,
    ageTo: p.age_to ?? null,
    unitVi: p.unit_vi ?? '',
    unitEn: p.unit_en ?? '',
    errorMin: p.error_min ?? null,
    warnMin: p.warn_min ?? null,
    warnMax: p.warn_max ?? null,
    errorMax: p.error_max ?? null,
    errorVi: p.error_vi ?? null,
    errorEn: p.error_en ?? null,
    warningVi: p.warning_vi ?? null,
    warningEn: p.warning_en ?? null,
  });
}

/**
 * The plausibility rules for one kind of record (`resident`, `visit`, `card`), every version of them:
 * the evaluator picks those in force on the record's date.
 */
export async function plausibilityRules(db: Executor, appliesTo: string): Promise<PlausibilityRule[]> {
  const found = await rows<{
    code: string;
    displayVi: string;
    displayEn: string;
    validFrom: string;
    validTo: string | null;
    properties: Record<string, unknown>;
  }>(
    db,
    sql`SELECT code, display_vi AS "displayVi", display_en AS "displayEn", valid_from::text AS "validFrom",
          valid_to::text AS "validTo", properties
        FROM code_values WHERE system = ${PLAUSIBILITY_SYSTEM} AND properties->>'applies_to' = ${appliesTo}
        ORDER BY sort_order, code, valid_from`,
  );
  return found.map(ruleOf);
}

/**
 * Evaluates the rules for one kind of record in force on `on` (the record's date): refuses the write
 * (422, each error on its field, in both languages) when a value cannot be true, and returns the
 * warnings of values that are unusual but possible, for the response.
 */
export async function checkPlausible(
  db: Executor,
  appliesTo: string,
  on: string,
  facts: PlausibilityFacts,
  options: { pathPrefix?: string; fieldFor?: (field: string) => string } = {},
): Promise<PlausibilityWarning[]> {
  const { errors, warnings } = evaluatePlausibility(
    await plausibilityRules(db, appliesTo),
    appliesTo,
    on,
    facts,
    options,
  );
  if (errors.length)
    throw invalid(errors.map((e) => ({ path: e.path, code: e.code, message: e.message, text: e.text })));
  return asWarnings(warnings);
}
