// The maternal rules as data (docs/adr/0009, 0022): risk factors and the thresholds that set them
// (`pregnancy-risk`), trimesters (`pregnancy-trimester`), and the antenatal and postnatal schedules
// (`antenatal-schedule`, `postnatal-schedule`), each a code list in reference/codes/ read as in force
// on the fact's day. Pure functions below the reads, for the tests.
import { sql } from 'drizzle-orm';
import type { FieldError } from '../../core/errors.js';
import { rows, type Executor } from '../../db/connection.js';
import { codeValuesRelation } from '../terminology/index.js';
import type { RiskLevel } from './contracts.js';

export const RISK_SYSTEM = 'pregnancy-risk';
export const TRIMESTER_SYSTEM = 'pregnancy-trimester';
export const ANTENATAL_SCHEDULE = 'antenatal-schedule';
export const POSTNATAL_SCHEDULE = 'postnatal-schedule';

/** Days from the last menstrual period to the expected delivery (Naegele: 40 weeks). */
export const PREGNANCY_DAYS = 280;

export interface CodeRow {
  code: string;
  displayVi: string;
  displayEn: string;
  properties: Record<string, string>;
}

/** A code list's values in force on a day, with their own columns. */
export async function codeListOn(db: Executor, system: string, on: string): Promise<CodeRow[]> {
  return rows<CodeRow>(
    db,
    sql`SELECT code, display_vi AS "displayVi", display_en AS "displayEn", properties FROM ${codeValuesRelation} cv
        WHERE cv.system = ${system} AND cv.valid_from <= ${on}::date AND (cv.valid_to IS NULL OR cv.valid_to > ${on}::date)
        ORDER BY cv.sort_order, cv.code`,
  );
}

const DAY = 86_400_000;
export const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** The expected delivery date from the last menstrual period (Naegele's rule). */
export const eddFromLmp = (lmp: string) => addDays(lmp, PREGNANCY_DAYS);
/** Gestation in days on a day: from the LMP, or from the EDD − 280 days when only the EDD is known. */
export const gestationOn = (p: { lmp: string | null; edd: string }, on: string) =>
  daysBetween(p.lmp ?? addDays(p.edd, -PREGNANCY_DAYS), on);

/** The trimester of a gestation by the list's day ranges (null beyond them). */
export function trimesterOf(list: readonly CodeRow[], gestationDays: number): number | null {
  for (const t of list) {
    const from = Number(t.properties.day_from);
    const to = Number(t.properties.day_to);
    if (gestationDays >= from && gestationDays <= to) return Number(t.properties.trimester);
  }
  return null;
}

export interface RiskFacts {
  ageYears: number | null;
  parity: number;
  systolic?: number | undefined;
  diastolic?: number | undefined;
  haemoglobin?: number | undefined;
  heightCm?: number | undefined;
}

const LEVEL_ORDER: Record<RiskLevel, number> = { normal: 0, watch: 1, high: 2 };
const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

/**
 * The risk factors present (ticked by the clinician, or set by a measure crossing the list's
 * threshold) and the level they give: the highest of theirs, `normal` without any. A ticked code not
 * in the list is a field error.
 */
export function assessRisk(
  list: readonly CodeRow[],
  facts: RiskFacts,
  ticked: readonly string[],
): { factors: string[]; level: RiskLevel; errors: FieldError[] } {
  const known = new Map(list.map((r) => [r.code, r]));
  const errors: FieldError[] = [];
  ticked.forEach((code, i) => {
    if (!known.has(code))
      errors.push({
        path: `riskFactors.${i}`,
        code: 'unknown_code',
        message: `"${code}" is not a risk factor of the list`,
      });
  });
  const present = new Set(ticked.filter((c) => known.has(c)));
  for (const r of list) {
    const p = r.properties;
    const meets = (value: number | null | undefined, below: number | null, atLeast: number | null) =>
      value !== null &&
      value !== undefined &&
      ((below !== null && value < below) || (atLeast !== null && value >= atLeast));
    if (
      meets(facts.ageYears, num(p.age_below), num(p.age_at_least)) ||
      meets(facts.parity, null, num(p.parity_at_least)) ||
      meets(facts.systolic, null, num(p.systolic_at_least)) ||
      meets(facts.diastolic, null, num(p.diastolic_at_least)) ||
      meets(facts.haemoglobin, num(p.haemoglobin_below), null) ||
      meets(facts.heightCm, num(p.height_below), null)
    )
      present.add(r.code);
  }
  let level: RiskLevel = 'normal';
  for (const code of present) {
    const l = (known.get(code)!.properties.level ?? 'high') as RiskLevel;
    if (LEVEL_ORDER[l] > LEVEL_ORDER[level]) level = l;
  }
  // In the list's order.
  return { factors: list.filter((r) => present.has(r.code)).map((r) => r.code), level, errors };
}
