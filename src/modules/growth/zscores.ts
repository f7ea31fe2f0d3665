/**
 * Z-scores of the WHO Child Growth Standards (2006) exactly as WHO's `anthro` package computes them
 * (and of the WHO Reference 2007 for 5–19 years as `anthroplus` does), on LMS tables read from our
 * reference file (reference/growth/lms.csv, loaded into `growth_lms`). Pure: no database, no clock.
 *
 * The rules, each as anthro has them:
 * - age in whole days; the age-based indicators are defined from day 0 to 60 months (days / 30.4375
 *   ≤ 60, i.e. day 1826, the last row of WHO's day-based tables), arm circumference from day 91;
 * - length (đo nằm) below 731 days, height (đo đứng) from 731: a height taken standing before 731 days
 *   gets +0.7 cm, a length taken lying from 731 days −0.7 cm; a "standing" position before 9 months is
 *   implausible and ignored (no conversion);
 * - BMI from the weight and the converted length/height;
 * - weight-for-length (45–110 cm, below 731 days) or weight-for-height (65–120 cm, from 731 days, up to
 *   1856 days): L, M and S interpolated linearly between the table's 0.1 cm rows;
 * - z = ((y/M)^L − 1)/(S·L); for the weight-based indicators (weight-for-age, weight-for-length/height,
 *   BMI-for-age) and arm circumference, beyond ±3 the restricted application: z = 3 + (y − SD3)/(SD3 − SD2)
 *   (and symmetrically below −3), the distance between 2 and 3 SD as the unit;
 * - oedema (phù): no weight-based z-score;
 * - z rounded to 2 decimals, then flagged as implausible (cờ giá trị bất thường): weight-for-age below −6
 *   or above 5, length/height-for-age beyond ±6, the others beyond ±5. A flagged z-score is kept and
 *   reported with its flag; the classification leaves it out.
 */

export type Sex = 'male' | 'female';
/** How the length/height was taken: lying (length, đo nằm) or standing (height, đo đứng). */
export type Position = 'lying' | 'standing';
export type Standard = 'who2006' | 'who2007';

/** The indicators, by our names (also the `indicator` column of the reference file). */
export const INDICATORS = ['wfa', 'lhfa', 'wfl', 'wfh', 'bmifa', 'hcfa', 'acfa', 'hfa'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** One row of the LMS reference: `x` is the age in days (2006, age-based), the length/height in cm
 * (wfl, wfh), or the age in months (2007). */
export interface LmsRow {
  standard: Standard;
  indicator: Indicator;
  sex: 1 | 2;
  x: number;
  l: number;
  m: number;
  s: number;
}

/** The output's names for the indicators. */
export const ZSCORE_FIELDS = [
  'weightForAge',
  'lengthForAge',
  'weightForLength',
  'bmiForAge',
  'headForAge',
  'muacForAge',
] as const;
export type ZScoreField = (typeof ZSCORE_FIELDS)[number];

export interface AnthroInput {
  sex: Sex;
  /** Whole days between birth and the measurement. */
  ageDays: number;
  weightKg?: number | null;
  lengthCm?: number | null;
  measured?: Position | null;
  headCm?: number | null;
  muacCm?: number | null;
  oedema?: boolean | null;
}

export interface AnthroResult {
  ageDays: number;
  /** The length/height after the 0.7 cm conversion (null without one). */
  lengthCm: number | null;
  /** Length or height, as the standard used it for this age. */
  lengthMeasure: 'length' | 'height' | null;
  bmi: number | null;
  weightForAge: number | null;
  lengthForAge: number | null;
  weightForLength: number | null;
  bmiForAge: number | null;
  headForAge: number | null;
  muacForAge: number | null;
  /** The z-scores flagged as implausible by WHO's cut-offs. */
  flags: ZScoreField[];
  /** The standard of the age-based z-scores: WHO 2006 to 5 years, WHO 2007 from 61 months. */
  standard: Standard | null;
}

/** Days in an average month, as WHO counts them. */
export const DAYS_PER_MONTH = 30.4375;
/** From this age (days) length is measured standing and the weight-for-height table applies. */
export const HEIGHT_FROM_DAYS = 731;
const LAST_DAY_2006 = 1856;

interface Table {
  /** First key (day, tenth of a cm, or month). */
  from: number;
  l: Float64Array;
  m: Float64Array;
  s: Float64Array;
}

/** Tables by 0.1 cm (wfl, wfh) keep their rows by tenths; the others by whole days or months. */
const scaleOf = (indicator: Indicator) => (indicator === 'wfl' || indicator === 'wfh' ? 10 : 1);

/** The LMS tables in memory, indexed for direct lookup (a z-score is a few array reads). */
export class GrowthStandards {
  /** standard → indicator → [boys, girls]. */
  private readonly tables = new Map<Standard, Map<Indicator, [Table | undefined, Table | undefined]>>();

  constructor(rows: Iterable<LmsRow>) {
    const grouped = new Map<string, LmsRow[]>();
    for (const r of rows) {
      const key = `${r.standard}:${r.indicator}:${r.sex}`;
      let list = grouped.get(key);
      if (!list) grouped.set(key, (list = []));
      list.push(r);
    }
    for (const list of grouped.values()) {
      const { standard, indicator, sex } = list[0]!;
      const scale = scaleOf(indicator);
      const keys = list.map((r) => Math.round(r.x * scale));
      const from = Math.min(...keys);
      const size = Math.max(...keys) - from + 1;
      const table: Table = {
        from,
        l: new Float64Array(size).fill(NaN),
        m: new Float64Array(size).fill(NaN),
        s: new Float64Array(size).fill(NaN),
      };
      list.forEach((r, i) => {
        const at = keys[i]! - from;
        table.l[at] = r.l;
        table.m[at] = r.m;
        table.s[at] = r.s;
      });
      let byIndicator = this.tables.get(standard);
      if (!byIndicator) this.tables.set(standard, (byIndicator = new Map()));
      let pair = byIndicator.get(indicator);
      if (!pair) byIndicator.set(indicator, (pair = [undefined, undefined]));
      pair[sex - 1] = table;
    }
  }

  private table(standard: Standard, indicator: Indicator, sex: Sex): Table | undefined {
    return this.tables.get(standard)?.get(indicator)?.[sex === 'male' ? 0 : 1];
  }

  /** L, M, S at an exact key (a day, a tenth of a cm, a month), or null outside the table. */
  lmsAt(standard: Standard, indicator: Indicator, sex: Sex, key: number): [number, number, number] | null {
    const t = this.table(standard, indicator, sex);
    if (!t) return null;
    const at = key - t.from;
    if (at < 0 || at >= t.l.length || Number.isNaN(t.m[at]!)) return null;
    return [t.l[at]!, t.m[at]!, t.s[at]!];
  }

  /** The rows of one table, for the growth chart's curves. */
  rowsOf(
    standard: Standard,
    indicator: Indicator,
    sex: Sex,
  ): { x: number; l: number; m: number; s: number }[] {
    const t = this.table(standard, indicator, sex);
    if (!t) return [];
    const scale = scaleOf(indicator);
    const out: { x: number; l: number; m: number; s: number }[] = [];
    for (let i = 0; i < t.l.length; i++)
      if (!Number.isNaN(t.m[i]!)) out.push({ x: (t.from + i) / scale, l: t.l[i]!, m: t.m[i]!, s: t.s[i]! });
    return out;
  }
}

/**
 * The length/height as the standard reads it at an age: +0.7 cm for a height taken standing before
 * 731 days, −0.7 cm for a length taken lying from 731 days (to day 1856). anthro: a standing measure
 * before 9 months is implausible and taken as unknown (no conversion).
 */
export function convertedLength(
  ageDays: number,
  lengthCm: number | null | undefined,
  measured: Position | null | undefined,
): number | null {
  if (!present(lengthCm)) return null;
  const position = measured === 'standing' && ageDays / DAYS_PER_MONTH < 9 ? null : (measured ?? null);
  if (ageDays > LAST_DAY_2006) return lengthCm;
  if (ageDays < HEIGHT_FROM_DAYS && position === 'standing') return lengthCm + 0.7;
  if (ageDays >= HEIGHT_FROM_DAYS && position === 'lying') return lengthCm - 0.7;
  return lengthCm;
}

/** The plain LMS z-score. */
export function zOf(y: number, l: number, m: number, s: number): number {
  return (Math.pow(y / m, l) - 1) / (s * l);
}

/** The measurement at a z-score (a curve of the chart). */
export function valueAt(z: number, l: number, m: number, s: number): number {
  return m * Math.pow(1 + l * s * z, 1 / l);
}

/** The z-score with WHO's restricted application beyond ±3 SD. */
export function zAdjusted(y: number, l: number, m: number, s: number): number {
  const z = zOf(y, l, m, s);
  if (z > 3) {
    const sd3 = valueAt(3, l, m, s);
    return 3 + (y - sd3) / (sd3 - valueAt(2, l, m, s));
  }
  if (z < -3) {
    const sd3 = valueAt(-3, l, m, s);
    return -3 + (y - sd3) / (valueAt(-2, l, m, s) - sd3);
  }
  return z;
}

const round2 = (z: number) => Math.round(z * 100) / 100;
const present = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** z at a day of age from a by-day table (null outside it or for a measure ≤ 0). */
function byDay(
  std: GrowthStandards,
  indicator: Indicator,
  sex: Sex,
  day: number,
  y: number | null | undefined,
  adjusted: boolean,
): number | null {
  if (!present(y) || y <= 0) return null;
  const lms = std.lmsAt('who2006', indicator, sex, day);
  if (!lms) return null;
  return round2(adjusted ? zAdjusted(y, ...lms) : zOf(y, ...lms));
}

/** L, M, S interpolated linearly between two keys of a table (wfl/wfh by 0.1 cm, 2007 by month). */
function interpolated(
  std: GrowthStandards,
  standard: Standard,
  indicator: Indicator,
  sex: Sex,
  low: number,
  diff: number,
): [number, number, number] | null {
  const a = std.lmsAt(standard, indicator, sex, low);
  if (!a) return null;
  if (diff <= 0) return a;
  const b = std.lmsAt(standard, indicator, sex, low + 1);
  if (!b) return null;
  return [a[0] + diff * (b[0] - a[0]), a[1] + diff * (b[1] - a[1]), a[2] + diff * (b[2] - a[2])];
}

/** WHO's cut-offs of implausible z-scores (anthro's `flag_threshold`). */
const FLAG_LIMITS: Record<ZScoreField, [number, number]> = {
  weightForAge: [-6, 5],
  lengthForAge: [-6, 6],
  weightForLength: [-5, 5],
  bmiForAge: [-5, 5],
  headForAge: [-5, 5],
  muacForAge: [-5, 5],
};

/** All the z-scores of one measurement. */
export function anthroZScores(std: GrowthStandards, input: AnthroInput): AnthroResult {
  const { sex, ageDays } = input;
  const months = ageDays / DAYS_PER_MONTH;
  const oedema = input.oedema === true;
  const lengthCm = convertedLength(ageDays, input.lengthCm, input.measured);
  const weight = present(input.weightKg) ? input.weightKg : null;
  const bmi =
    weight !== null && lengthCm !== null && lengthCm > 0 ? weight / Math.pow(lengthCm / 100, 2) : null;

  const result: AnthroResult = {
    ageDays,
    lengthCm,
    lengthMeasure: lengthCm === null ? null : ageDays < HEIGHT_FROM_DAYS ? 'length' : 'height',
    bmi,
    weightForAge: null,
    lengthForAge: null,
    weightForLength: null,
    bmiForAge: null,
    headForAge: null,
    muacForAge: null,
    flags: [],
    standard: null,
  };
  if (!(ageDays >= 0)) return result;

  if (months <= 60) {
    // WHO 2006, by day of age (anthro: at most 60 months; its tables end at day 1826).
    result.standard = 'who2006';
    if (!oedema) result.weightForAge = byDay(std, 'wfa', sex, ageDays, weight, true);
    result.lengthForAge = byDay(std, 'lhfa', sex, ageDays, lengthCm, false);
    if (!oedema) result.bmiForAge = byDay(std, 'bmifa', sex, ageDays, bmi, true);
    result.headForAge = byDay(std, 'hcfa', sex, ageDays, input.headCm, false);
    if (ageDays >= 91) result.muacForAge = byDay(std, 'acfa', sex, ageDays, input.muacCm, true);
  } else if (months >= 61 && months < 229) {
    // WHO 2007, by month interpolated (anthroplus): height-for-age and BMI-for-age.
    result.standard = 'who2007';
    const low = Math.trunc(months);
    const diff = months - low;
    if (lengthCm !== null && lengthCm > 0) {
      const lms = interpolated(std, 'who2007', 'hfa', sex, low, diff);
      if (lms) result.lengthForAge = round2(zOf(lengthCm, ...lms));
    }
    if (bmi !== null && !oedema) {
      const lms = interpolated(std, 'who2007', 'bmifa', sex, low, diff);
      if (lms) result.bmiForAge = round2(zAdjusted(bmi, ...lms));
    }
  }

  // Weight-for-length/height (anthro: weight 0.9–58 kg, length/height 38–150 cm, up to 1856 days).
  if (
    weight !== null &&
    lengthCm !== null &&
    !oedema &&
    ageDays <= LAST_DAY_2006 &&
    weight >= 0.9 &&
    weight <= 58 &&
    lengthCm >= 38 &&
    lengthCm <= 150
  ) {
    const lying = ageDays < HEIGHT_FROM_DAYS;
    const [min, max] = lying ? [45, 110] : [65, 120];
    if (lengthCm >= min && lengthCm <= max) {
      const low = Math.trunc(lengthCm * 10);
      const diff = (lengthCm - low / 10) / 0.1;
      const lms = interpolated(std, 'who2006', lying ? 'wfl' : 'wfh', sex, low, diff);
      if (lms) result.weightForLength = round2(zAdjusted(weight, ...lms));
    }
  }

  for (const field of ZSCORE_FIELDS) {
    const z = result[field];
    const [lo, hi] = FLAG_LIMITS[field];
    if (z !== null && (z < lo || z > hi)) result.flags.push(field);
  }
  return result;
}

/** Whole days from a birth date to a measurement date (ISO dates). */
export function ageInDays(birthDate: string, measuredOn: string): number {
  return Math.round(
    (Date.parse(`${measuredOn}T00:00:00Z`) - Date.parse(`${birthDate}T00:00:00Z`)) / 86_400_000,
  );
}
