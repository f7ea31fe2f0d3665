/**
 * Plausibility rules (kiểm tra tính hợp lý của số liệu) as data, and their one evaluator.
 *
 * A rule bounds a quantity of a record — a vital sign, the age at registration, the days between a
 * birth and a visit, systolic minus diastolic — with *error* limits (the value cannot be true: the write
 * is refused, field by field) and *warning* limits (unusual but possible: the write is saved and the
 * warning comes back with it). The rules live in `reference/codes/plausibility-rule.csv`, each with its
 * validity dates, and are loaded and read by the terminology module; this file only evaluates them.
 * Pure (no database, no server code): the web app may run the same rules in its forms.
 */
import { z } from 'zod';

/** One rule, as the terminology module reads it from the code list `plausibility-rule`. */
export const plausibilityRule = z.object({
  /** Unique name of the rule, e.g. `visit.vitals.systolic`. */
  code: z.string(),
  /** What is checked, as the messages name it ("Huyết áp tâm thu" / "Systolic blood pressure"). */
  displayVi: z.string(),
  displayEn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** The record the rule applies to (`resident`, `visit`, `card`). */
  appliesTo: z.string(),
  /** The field the issue is reported on (`vitals.systolic`, `birthDate`). */
  field: z.string(),
  /**
   * What is bounded, computed from the record's facts: a fact (`vitals.pulse`), a difference of two
   * (`vitals.systolic - vitals.diastolic`), full years or days from one date to another
   * (`years(birthDate, today)`, `days(birthDate, visitDate)`).
   */
  quantity: z.string(),
  unitVi: z.string(),
  unitEn: z.string(),
  /**
   * The ages (full years, fact `ageYears`) the rule is for: from `ageFrom` (inclusive) to `ageTo`
   * (exclusive); a rule with an age band is skipped when the age is not known.
   */
  ageFrom: z.number().nullable(),
  ageTo: z.number().nullable(),
  /** Limits, inclusive: below errorMin or above errorMax is an error; outside warnMin–warnMax a warning. */
  errorMin: z.number().nullable(),
  warnMin: z.number().nullable(),
  warnMax: z.number().nullable(),
  errorMax: z.number().nullable(),
  /**
   * Own messages (optional), with `{value}`, `{limit}`, `{unit}` and `{<fact>}` filled in; the generic
   * "… is above the limit of …" otherwise.
   */
  errorVi: z.string().nullable(),
  errorEn: z.string().nullable(),
  warningVi: z.string().nullable(),
  warningEn: z.string().nullable(),
});
export type PlausibilityRule = z.infer<typeof plausibilityRule>;

/** The values of a record the rules read: numbers and ISO dates (`YYYY-MM-DD`) by name. */
export type PlausibilityFacts = Readonly<Record<string, number | string | null | undefined>>;

export const PLAUSIBILITY_CODES = [
  'below_minimum', // error: below errorMin
  'above_maximum', // error: above errorMax
  'unusually_low', // warning: below warnMin
  'unusually_high', // warning: above warnMax
] as const;

/** A finding: an error refuses the write; a warning is returned with what was saved. */
export const plausibilityIssue = z.object({
  path: z.string(),
  code: z.enum(PLAUSIBILITY_CODES),
  rule: z.string(),
  value: z.number(),
  limit: z.number(),
  unit: z.string(),
  /** In English, like every field message; `text` has it in both languages. */
  message: z.string(),
  text: z.object({ vi: z.string(), en: z.string() }),
});
export type PlausibilityIssue = z.infer<typeof plausibilityIssue>;

/** A warning as the API returns it with a saved record (`warnings` of the response). */
export const plausibilityWarning = plausibilityIssue.extend({ severity: z.literal('warning') });
export type PlausibilityWarning = z.infer<typeof plausibilityWarning>;

const DAY = 86_400_000;

function dateOf(v: unknown): Date | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Full years from `from` to `to` (a birthday counts on its day; 29 February on 1 March). */
export function fullYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

const FUNCTION = /^(years|days)\(\s*([\w.]+)\s*,\s*([\w.]+)\s*\)$/;
const DIFFERENCE = /^([\w.]+)\s*-\s*([\w.]+)$/;
const FACT = /^[\w.]+$/;

/** Checks a quantity expression's form (the loader refuses a rule file with a bad one). */
export function isQuantity(expression: string): boolean {
  const e = expression.trim();
  return FUNCTION.test(e) || DIFFERENCE.test(e) || FACT.test(e);
}

/** The value of a quantity for these facts, or null when a fact it needs is missing. */
export function quantityOf(expression: string, facts: PlausibilityFacts): number | null {
  const e = expression.trim();
  const number = (name: string) => {
    const v = facts[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const f = FUNCTION.exec(e);
  if (f) {
    const [, fn, a, b] = f as unknown as [string, 'years' | 'days', string, string];
    const from = dateOf(facts[a]);
    const to = dateOf(facts[b]);
    if (!from || !to) return null;
    return fn === 'days'
      ? Math.round((to.getTime() - from.getTime()) / DAY)
      : fullYears(facts[a] as string, facts[b] as string);
  }
  const d = DIFFERENCE.exec(e);
  if (d) {
    const a = number(d[1]!);
    const b = number(d[2]!);
    return a === null || b === null ? null : a - b;
  }
  return FACT.test(e) ? number(e) : null;
}

/** The rules in force on a day, among those given (valid_to exclusive). */
export function rulesInForce(rules: readonly PlausibilityRule[], on: string): PlausibilityRule[] {
  return rules.filter((r) => r.validFrom <= on && (r.validTo === null || r.validTo > on));
}

const trim = (n: number) => String(Math.round(n * 100) / 100);

function fill(template: string, values: Record<string, string>, facts: PlausibilityFacts): string {
  return template.replace(/\{([\w.]+)\}/g, (whole, name: string) => {
    if (name in values) return values[name]!;
    const v = facts[name];
    return v === null || v === undefined ? whole : typeof v === 'number' ? trim(v) : v;
  });
}

function messages(
  rule: PlausibilityRule,
  code: PlausibilityIssue['code'],
  value: number,
  limit: number,
  facts: PlausibilityFacts,
): { vi: string; en: string } {
  const error = code === 'below_minimum' || code === 'above_maximum';
  const low = code === 'below_minimum' || code === 'unusually_low';
  const v = trim(value);
  const l = trim(limit);
  const uvi = rule.unitVi ? ` ${rule.unitVi}` : '';
  const uen = rule.unitEn ? ` ${rule.unitEn}` : '';
  const ownVi = error ? rule.errorVi : rule.warningVi;
  const ownEn = error ? rule.errorEn : rule.warningEn;
  const vi = ownVi
    ? fill(ownVi, { value: v, limit: l, unit: rule.unitVi }, facts)
    : error
      ? `${rule.displayVi} ${v}${uvi} ${low ? 'thấp hơn giới hạn tối thiểu' : 'vượt giới hạn tối đa'} ${l}${uvi}: không thể đúng, hãy kiểm tra lại số đã nhập`
      : `${rule.displayVi} ${v}${uvi} ${low ? 'thấp bất thường (thường từ' : 'cao bất thường (thường không quá'} ${l}${uvi}${low ? ' trở lên)' : ')'}: đã lưu, hãy kiểm tra lại`;
  const en = ownEn
    ? fill(ownEn, { value: v, limit: l, unit: rule.unitEn }, facts)
    : error
      ? `${rule.displayEn} ${v}${uen} is ${low ? 'below the lowest possible' : 'above the highest possible'} value of ${l}${uen}: check the value entered`
      : `${rule.displayEn} ${v}${uen} is unusually ${low ? 'low (usually at least' : 'high (usually at most'} ${l}${uen}): saved, please check it`;
  return { vi, en };
}

/**
 * Evaluates the rules of one kind of record (`appliesTo`) in force on `on` against its facts. Each rule
 * gives at most one finding: an error when an error limit is crossed, otherwise a warning when a warning
 * limit is. `pathPrefix` places the fields in a larger body (`members.0.`); `fieldFor` lets the caller
 * report a rule on another field (the birth year when only the year is known).
 */
export function evaluatePlausibility(
  rules: readonly PlausibilityRule[],
  appliesTo: string,
  on: string,
  facts: PlausibilityFacts,
  options: { pathPrefix?: string; fieldFor?: (field: string) => string } = {},
): { errors: PlausibilityIssue[]; warnings: PlausibilityIssue[] } {
  const errors: PlausibilityIssue[] = [];
  const warnings: PlausibilityIssue[] = [];
  for (const rule of rulesInForce(rules, on)) {
    if (rule.appliesTo !== appliesTo) continue;
    if (rule.ageFrom !== null || rule.ageTo !== null) {
      const age = facts.ageYears;
      if (typeof age !== 'number') continue;
      if ((rule.ageFrom !== null && age < rule.ageFrom) || (rule.ageTo !== null && age >= rule.ageTo))
        continue;
    }
    const value = quantityOf(rule.quantity, facts);
    if (value === null) continue;
    let code: PlausibilityIssue['code'] | null = null;
    let limit = 0;
    if (rule.errorMin !== null && value < rule.errorMin) [code, limit] = ['below_minimum', rule.errorMin];
    else if (rule.errorMax !== null && value > rule.errorMax)
      [code, limit] = ['above_maximum', rule.errorMax];
    else if (rule.warnMin !== null && value < rule.warnMin) [code, limit] = ['unusually_low', rule.warnMin];
    else if (rule.warnMax !== null && value > rule.warnMax) [code, limit] = ['unusually_high', rule.warnMax];
    if (!code) continue;
    const text = messages(rule, code, value, limit, facts);
    const field = options.fieldFor ? options.fieldFor(rule.field) : rule.field;
    const issue: PlausibilityIssue = {
      path: `${options.pathPrefix ?? ''}${field}`,
      code,
      rule: rule.code,
      value,
      limit,
      unit: rule.unitEn,
      message: text.en,
      text,
    };
    (code === 'below_minimum' || code === 'above_maximum' ? errors : warnings).push(issue);
  }
  return { errors, warnings };
}

/** The warnings of an evaluation as the API returns them. */
export const asWarnings = (issues: readonly PlausibilityIssue[]): PlausibilityWarning[] =>
  issues.map((i) => ({ ...i, severity: 'warning' as const }));
