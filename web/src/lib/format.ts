import { VALUE_DIGITS } from '../../../src/modules/indicators/wording-contracts';

/**
 * The one number format of every page: dates as dd/mm/yyyy and numbers in Vietnamese format,
 * whatever the interface language; counts whole, values (percentages, rates) with at most
 * VALUE_DIGITS decimals — the same as the indicators' Excel and PDF — so that one share reads the
 * same on the overview, the dashboard and the report (85,71%, never 86% on one page and 85,71% on
 * another).
 */
const numberFormat = new Intl.NumberFormat('vi-VN');
const valueFormats = new Map<number, Intl.NumberFormat>();

/** A count or amount: 1.334.207 (null → —). */
export function formatNumber(value: number | null | undefined): string {
  return value == null ? '—' : numberFormat.format(value);
}

/** A value (a percentage, a rate; a BMI with `digits` 1): 85,71 (null → —). */
export function formatValue(value: number | null | undefined, digits = VALUE_DIGITS): string {
  if (value == null) return '—';
  let format = valueFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits });
    valueFormats.set(digits, format);
  }
  return format.format(value);
}

/** A share of a whole in percent: 6 of 7 → 85,71% (— when the whole is 0). */
export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${formatValue((part / whole) * 100)}%` : '—';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})/;
const DMY = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/;

/** 2025-07-01 → 01/07/2025 (empty for no date). */
export function formatDate(iso: string | null | undefined): string {
  const m = iso ? ISO.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * 1/7/2025 or 01/07/2025 → 2025-07-01; '' → null; anything else (including 31/02/2025) → undefined,
 * which the form reports as an invalid date.
 */
export function parseDate(text: string): string | null | undefined {
  if (!text.trim()) return null;
  const m = DMY.exec(text);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Today's date in Vietnam, as an ISO date: the calendar the server counts days by (a visit's day, a
 * report's day, "not in the future"), whatever time zone a device happens to be set to.
 */
export function todayIso(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/** Lower case, no diacritics (đ → d): "Quảng Ninh" and "quang ninh" compare equal. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

/** Initials for an avatar: "Nguyễn Văn An" → "NA". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
