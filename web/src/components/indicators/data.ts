/**
 * The indicators API (catalogue, values, trend, drill-down) and the small pure helpers of the
 * supervision dashboard: periods in Vietnam time, number formats, target status, CSV.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  IndicatorDefinition,
  IndicatorRecord,
  IndicatorValue,
} from '../../../../src/modules/indicators/contracts';

export type { IndicatorDefinition, IndicatorRecord, IndicatorValue };
export type Part = 'numerator' | 'denominator';

export function useIndicators() {
  return useQuery({
    queryKey: ['indicators'],
    queryFn: () => api.get<IndicatorDefinition[]>('/indicators'),
    staleTime: 10 * 60_000,
  });
}

export function useIndicatorValues(
  code: string | undefined,
  unit: string,
  period: string,
  children: boolean,
) {
  return useQuery({
    queryKey: ['indicator-values', code, unit, period, children],
    queryFn: () =>
      api.get<{ indicator: IndicatorDefinition; values: IndicatorValue[] }>(
        `/indicators/${code}/values${query({ unit, period, children })}`,
      ),
    enabled: !!code && !!unit,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useIndicatorTrend(code: string | undefined, unit: string, to: string, months = 12) {
  return useQuery({
    queryKey: ['indicator-trend', code, unit, to, months],
    queryFn: () => api.get<IndicatorValue[]>(`/indicators/${code}/trend${query({ unit, to, months })}`),
    enabled: !!code && !!unit,
    staleTime: 60_000,
  });
}

export function useIndicatorRecords(
  code: string,
  unit: string,
  period: string,
  part: Part,
  page: number,
  size: number,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['indicator-records', code, unit, period, part, page, size],
    queryFn: () =>
      api.get<Page<IndicatorRecord>>(
        `/indicators/${code}/records${query({ unit, period, part, limit: size, offset: (page - 1) * size })}`,
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The current month in Vietnam (Asia/Ho_Chi_Minh), whatever the device's time zone: `2026-11`. */
export function currentPeriod(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/** `2026-11` and the `count - 1` months before it, newest first. */
export function recentPeriods(to: string, count = 12): string[] {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

export const isMonth = (p: string | null): p is string => !!p && /^\d{4}-(0[1-9]|1[0-2])$/.test(p);

/** `2026-11` → `11/2026`. */
export function formatPeriod(p: string): string {
  const [y, m] = p.split('-');
  return `${m}/${y}`;
}

const valueFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** A value in Vietnamese format: 85,5 (null → —). */
export function formatValue(value: number | null | undefined): string {
  return value == null ? '—' : valueFormat.format(value);
}

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
 * No target or no value: null (no badge).
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
  const monthsLeft = monthsBetween(period, target.deadline);
  const known = (trend ?? []).filter((p) => p.value != null && p.period <= period);
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

/** CSV text (RFC 4180 quoting) with a UTF-8 byte order mark, so that Excel reads Vietnamese. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
