/**
 * Ages and intervals of the schedule as the reference files write them, in words PostgreSQL reads as
 * an interval too (`'2 months'`, `'1 year 2 weeks'`, `'0 days'`), so the forecast here and the SQL of
 * the counters add them to a date the same way: months first (the day kept, or the month's last day
 * when it has fewer), then days. Pure: no database.
 */

export interface Age {
  months: number;
  days: number;
}

const UNIT_RE = /^(\d{1,3}) (day|days|week|weeks|month|months|year|years)$/;

/** Parses `'2 months'`, `'1 year 6 months'`, `'14 days'`; null when the text is not such an age. */
export function parseAge(text: string): Age | null {
  const words = text.trim().toLowerCase().split(/\s+/);
  if (words.length === 0 || words.length % 2 !== 0) return null;
  const age: Age = { months: 0, days: 0 };
  for (let i = 0; i < words.length; i += 2) {
    const m = UNIT_RE.exec(`${words[i]} ${words[i + 1]}`);
    if (!m) return null;
    const n = Number(m[1]);
    const unit = m[2]!;
    if (unit.startsWith('day')) age.days += n;
    else if (unit.startsWith('week')) age.days += 7 * n;
    else if (unit.startsWith('month')) age.months += n;
    else age.months += 12 * n;
  }
  return age;
}

/** The age written back in the files' words (`'1 year 6 months'` is written `'18 months'`). */
export function formatAge(age: Age): string {
  const parts: string[] = [];
  if (age.months) parts.push(`${age.months} ${age.months === 1 ? 'month' : 'months'}`);
  if (age.days || !age.months) parts.push(`${age.days} ${age.days === 1 ? 'day' : 'days'}`);
  return parts.join(' ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => (m === 2 && leap(y) ? 29 : DAYS_IN_MONTH[m - 1]!);

/** `date` (YYYY-MM-DD) plus an age, as PostgreSQL's `date + interval` does. */
export function addAge(date: string, age: Age): string {
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7));
  let d = Number(date.slice(8, 10));
  if (age.months) {
    const months = y * 12 + (m - 1) + age.months;
    y = Math.floor(months / 12);
    m = (months % 12) + 1;
    d = Math.min(d, monthDays(y, m));
  }
  if (age.days) {
    const t = new Date(Date.UTC(y, m - 1, d) + age.days * 86_400_000);
    return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  return isoOf(y, m, d);
}

/** Whole days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export const addDays = (date: string, days: number) => addAge(date, { months: 0, days });
export const maxDate = (...dates: (string | null | undefined)[]) =>
  dates.filter((d): d is string => !!d).reduce((a, b) => (b > a ? b : a));
