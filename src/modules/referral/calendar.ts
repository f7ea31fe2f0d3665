// Working days and the validity of a referral slip (docs/adr/0028). A slip is valid for 10 working
// days counted from the day it is signed (that day counts when it is a working day), or for one year
// (to the day before its anniversary) when its main diagnosis is on the list `chronic-one-year` in
// force on the day. Working days are Monday to Friday minus the days of the holiday calendar
// (reference/referral/holidays.csv). Pure functions below the reads, for the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Executor } from '../../db/connection.js';

export const REFERRAL_DIR = fileURLToPath(new URL('../../../reference/referral', import.meta.url));
export const WORKING_DAYS_VALID = 10;
export const CHRONIC_LIST = 'chronic-one-year';

const DAY = 86_400_000;
export const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();

export interface Holiday {
  day: string;
  nameVi: string;
  nameEn: string;
  basis: 'law' | 'announcement';
  source: string;
}

const holidayRow = z.object({
  day: z.iso.date(),
  name_vi: z.string().min(1),
  name_en: z.string().min(1),
  basis: z.enum(['law', 'announcement']),
  source: z.string().min(1),
});

/** Parses a holiday calendar (header: day,name_vi,name_en,basis,source); one row per day off. */
export function parseHolidayCsv(text: string, file = 'holidays.csv'): Holiday[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const seen = new Set<string>();
  return records.map((r, i) => {
    const p = holidayRow.safeParse(r);
    if (!p.success)
      throw new Error(
        `${file} line ${i + 2}: ${p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    if (seen.has(p.data.day)) throw new Error(`${file} line ${i + 2}: ${p.data.day} listed twice`);
    seen.add(p.data.day);
    return {
      day: p.data.day,
      nameVi: p.data.name_vi,
      nameEn: p.data.name_en,
      basis: p.data.basis,
      source: p.data.source,
    };
  });
}

export const shippedHolidays = () => parseHolidayCsv(readFileSync(`${REFERRAL_DIR}/holidays.csv`, 'utf8'));

export const isWorkingDay = (day: string, holidays: ReadonlySet<string>) =>
  weekday(day) !== 0 && weekday(day) !== 6 && !holidays.has(day);

/** The `n`th working day counted from `from` (which counts when it is a working day itself). */
export function nthWorkingDay(from: string, n: number, holidays: ReadonlySet<string>): string {
  let day = from;
  let counted = 0;
  for (let guard = 0; guard < 400; guard++) {
    if (isWorkingDay(day, holidays)) counted++;
    if (counted === n) return day;
    day = addDays(day, 1);
  }
  throw new Error(`no ${n} working days within 400 days of ${from}: check the holiday calendar`);
}

/** The day before the same date a year later (a slip of 29 February ends on 28 February). */
export function oneYearFrom(issuedOn: string): string {
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  // 29/02 + 1 year rolls over to 01/03: the slip then ends on 28/02.
  return addDays(next.toISOString().slice(0, 10), -1);
}

/** Whether a diagnosis is on the chronic list (each value an ICD-10 code or a prefix of codes). */
export const onChronicList = (code: string, prefixes: readonly string[]) =>
  prefixes.some((p) => code.startsWith(p));

export function validityOf(
  issuedOn: string,
  diagnosisCode: string,
  chronicPrefixes: readonly string[],
  holidays: ReadonlySet<string>,
): { validUntil: string; validity: 'working_days' | 'one_year' } {
  if (onChronicList(diagnosisCode, chronicPrefixes))
    return { validUntil: oneYearFrom(issuedOn), validity: 'one_year' };
  return { validUntil: nthWorkingDay(issuedOn, WORKING_DAYS_VALID, holidays), validity: 'working_days' };
}

/** The holiday calendar's days from a day on (enough for 10 working days). */
export async function holidaysFrom(db: Executor, from: string, to = addDays(from, 120)): Promise<Holiday[]> {
  return rows<Holiday>(
    db,
    sql`SELECT day::text AS day, name_vi AS "nameVi", name_en AS "nameEn", basis, source
        FROM referral_holidays WHERE day BETWEEN ${from}::date AND ${to}::date ORDER BY day`,
  );
}

/** A list's values in force on a day. */
export async function listOn(
  db: Executor,
  list: string,
  on: string,
): Promise<{ code: string; displayVi: string; displayEn: string; properties: Record<string, string> }[]> {
  return rows(
    db,
    sql`SELECT code, display_vi AS "displayVi", display_en AS "displayEn", properties FROM referral_list_values
        WHERE list = ${list} AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)
        ORDER BY sort_order, code`,
  );
}

/** The validity of a slip signed on a day with a main diagnosis, by the data in force that day. */
export async function validityOn(db: Executor, issuedOn: string, diagnosisCode: string) {
  const chronic = (await listOn(db, CHRONIC_LIST, issuedOn)).map((c) => c.code);
  const holidays = await holidaysFrom(db, issuedOn);
  return {
    ...validityOf(issuedOn, diagnosisCode, chronic, new Set(holidays.map((h) => h.day))),
    holidays,
  };
}
