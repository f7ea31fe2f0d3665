/**
 * Where an indicator stands against its target: the same rule for the dashboard's cards (web) and
 * the printed summary report (server). Pure functions, no I/O, and no zod: the dashboard imports
 * them without loading the schemas (contracts.ts).
 */
import type { IndicatorDefinition, IndicatorValue } from './contracts.js';

export type Status = 'met' | 'onTrack' | 'behind';

/** Whether `value` satisfies the target's operator. */
export function meets(value: number, target: NonNullable<IndicatorDefinition['target']>): boolean {
  switch (target.operator) {
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
  }
}

function monthsBetween(fromPeriod: string, toIsoDate: string): number {
  const [fy, fm] = fromPeriod.split('-').map(Number) as [number, number];
  const [ty, tm] = toIsoDate.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/**
 * Where an indicator stands against its target:
 * - `met`: the current value satisfies the target's operator (≥ 100 %, < 5 …);
 * - `onTrack`: not met yet, but the straight line through the trend's first and last known values
 *   (up to 12 months) moves toward the target at least as fast as needed to reach it by the deadline,
 *   i.e. monthly change ≥ (target − value) / months left (for "lower is better" the mirror image);
 * - `behind`: otherwise — no trend, a flat or wrong-way trend, too slow, or the deadline has passed.
 * No target or no value: null (no badge). A trend not known yet (`undefined`, still loading) is not
 * a trend without data: the status is null until it is known, so that a card never says `behind`
 * and then `onTrack` as the page loads. An empty array is a trend without data.
 */
export function targetStatus(
  indicator: Pick<IndicatorDefinition, 'target'>,
  value: number | null | undefined,
  period: string,
  trend: Pick<IndicatorValue, 'period' | 'value'>[] | undefined,
): Status | null {
  const target = indicator.target;
  if (!target || value == null) return null;
  if (meets(value, target)) return 'met';
  if (trend === undefined) return null;
  const monthsLeft = monthsBetween(period, target.deadline);
  const known = trend.filter((p) => p.value != null && p.period <= period);
  if (monthsLeft <= 0 || known.length < 2) return 'behind';
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const span = monthsBetween(first.period, `${last.period}-01`);
  if (span <= 0) return 'behind';
  const rate = (last.value! - first.value!) / span;
  const needed = (target.value - value) / monthsLeft;
  // needed has the sign of the direction to go; on track when the rate goes that way at least as fast.
  return needed > 0 ? (rate >= needed ? 'onTrack' : 'behind') : rate <= needed ? 'onTrack' : 'behind';
}

/** Gap to target in the indicator's own unit, signed toward the target (0 when met). */
export function gapToTarget(
  indicator: Pick<IndicatorDefinition, 'target'>,
  value: number | null | undefined,
): number | null {
  const target = indicator.target;
  if (!target || value == null) return null;
  if (meets(value, target)) return 0;
  return Math.round(Math.abs(target.value - value) * 100) / 100;
}
