/**
 * The indicators API (catalogue, values, trend, drill-down) and the small pure helpers of the
 * supervision dashboard: periods in Vietnam time, number formats, target status, CSV.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  IndicatorDefinition,
  IndicatorPart,
  IndicatorRecord,
  IndicatorValue,
  IndicatorValues,
} from '../../../../src/modules/indicators/contracts';

export type { IndicatorDefinition, IndicatorPart, IndicatorValue };

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
    queryFn: () => api.get<IndicatorValues>(`/indicators/${code}/values${query({ unit, period, children })}`),
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
  part: IndicatorPart,
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

/** A value in Vietnamese format, as on every page (lib/format.ts): 85,7 (null → —). */
export { formatValue } from '../../lib/format';

export { gapToTarget, targetStatus, type Status } from '../../../../src/modules/indicators/status-contracts';

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
