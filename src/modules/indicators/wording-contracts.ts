/**
 * How an indicator's numbers and units are written, the same on every page (web/src/lib/format.ts
 * reads VALUE_DIGITS), in the Excel exports and in the printed summary report. Pure, no zod: the web
 * imports it without loading the schemas.
 */
import type { IndicatorDefinition } from './contracts.js';

export type Language = 'vi' | 'en';

/**
 * Values (percentages, rates per 10,000): at most two decimals, everywhere — the precision values are
 * stored with, so that the number shown always explains its status (95,04 meets "> 95", 94,96 does
 * not, where one decimal would show 95 for both).
 */
export const VALUE_DIGITS = 2;

/** The catalogue's units, as a reader says them (`per 10,000` is the catalogue's code for a rate). */
const UNITS: Record<string, Record<Language, string>> = {
  '%': { vi: '%', en: '%' },
  'per 10,000': { vi: 'trên 10.000 dân', en: 'per 10,000 population' },
};

/** The unit of an indicator in the reader's language: `%`, `trên 10.000 dân`. */
export function unitLabel(indicator: Pick<IndicatorDefinition, 'unit'>, lang: Language): string {
  return UNITS[indicator.unit]?.[lang] ?? indicator.unit;
}

/** A number in the reader's format: 85,71 (vi), 85.71 (en); counts with `digits` 0; null → —. */
export function formatIndicatorNumber(
  lang: Language,
  value: number | null | undefined,
  digits = VALUE_DIGITS,
): string {
  return value == null
    ? '—'
    : new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(
        value,
      );
}

/** A value with its unit: `85,71%`, `9,32 trên 10.000 dân`. */
export function valueWithUnit(
  indicator: Pick<IndicatorDefinition, 'unit'>,
  lang: Language,
  value: number | null | undefined,
): string {
  if (value == null) return '—';
  const unit = unitLabel(indicator, lang);
  return unit === '%'
    ? `${formatIndicatorNumber(lang, value)}%`
    : `${formatIndicatorNumber(lang, value)} ${unit}`;
}

/** The target as a sentence part: `≥ 90% (2030)`. */
export function targetText(indicator: Pick<IndicatorDefinition, 'unit' | 'target'>, lang: Language): string {
  const target = indicator.target;
  if (!target) return '—';
  const operator = target.operator.replace('>=', '≥').replace('<=', '≤');
  return `${operator} ${valueWithUnit(indicator, lang, target.value)} (${target.deadline.slice(0, 4)})`;
}

/** The indicator's name in the reader's language. */
export function indicatorName(indicator: Pick<IndicatorDefinition, 'nameVi' | 'nameEn'>, lang: Language) {
  return lang === 'vi' ? indicator.nameVi : indicator.nameEn;
}
