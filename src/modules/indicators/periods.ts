import { invalid } from '../../core/errors.js';

export interface PeriodRange {
  period: string;
  start: string;
  end: string;
}

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** `2026-11` → 2026-11-01..2026-11-30; `2026-Q4` → 2026-10-01..2026-12-31; `2026` → the year. */
export function periodRange(period: string): PeriodRange {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { period, start: iso(y, mo, 1), end: iso(y, mo, lastDay(y, mo)) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { period, start: iso(y, q * 3 - 2, 1), end: iso(y, q * 3, lastDay(y, q * 3)) };
  }
  m = /^(\d{4})$/.exec(period);
  if (m) return { period, start: iso(Number(m[1]), 1, 1), end: iso(Number(m[1]), 12, 31) };
  throw invalid([{ path: 'period', code: 'invalid_period', message: 'must be YYYY, YYYY-MM or YYYY-Qn' }]);
}

/** The last `count` months up to and including `period` (a month), oldest first: for trends. */
export function previousMonths(period: string, count: number): string[] {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The months from `from` to `to` (both YYYY-MM), oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const count = (ty - fy) * 12 + (tm - fm) + 1;
  if (!(count > 0)) throw invalid([{ path: 'from', code: 'invalid_range', message: 'must not be after to' }]);
  return previousMonths(to, count);
}
