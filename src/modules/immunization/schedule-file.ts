/**
 * The schedule file (reference/immunization/schedule.csv, or the file an administrator loads): one
 * row per antigen, vaccine, dose, rule and condition, with the columns below. Parsing checks every
 * row and answers the errors by row and column (nothing is loaded when one is wrong). Pure.
 */
import { parse } from 'csv-parse/sync';
import { formatAge, parseAge, type Age } from './ages.js';
import type { Schedule, ScheduleDose, ScheduleRule, ScheduleVaccine } from './forecast.js';

export const SCHEDULE_COLUMNS = [
  'record',
  'code',
  'series',
  'dose_no',
  'name_vi',
  'name_en',
  'antigens',
  'vaccines',
  'live',
  'province',
  'min_age',
  'rec_age',
  'overdue_age',
  'max_age',
  'min_interval',
  'prerequisites',
  'contraindications',
  'doses',
  'valid_from',
  'valid_to',
  'checked',
  'source',
  /** Vaccines: doses in one vial (the wastage of a session day); the last column, so older files still load. */
  'doses_per_vial',
] as const;
type Column = (typeof SCHEDULE_COLUMNS)[number];
export const RECORD_KINDS = ['antigen', 'vaccine', 'dose', 'rule', 'condition'] as const;

export interface NamedCode {
  code: string;
  nameVi: string;
  nameEn: string;
  validFrom: string;
  validTo: string | null;
  source: string;
}

/** A schedule as loaded: what the forecast reads, plus the names and the sources of every row. */
export interface ScheduleData extends Schedule {
  antigens: NamedCode[];
  conditions: NamedCode[];
  vaccines: (ScheduleVaccine & {
    validFrom: string;
    validTo: string | null;
    source: string;
    /** Doses in one vial; null when the file does not say (no wastage for it). */
    dosesPerVial?: number | null;
  })[];
  doses: (ScheduleDose & { checked: boolean; source: string })[];
  rules: (ScheduleRule & { nameVi: string; nameEn: string; checked: boolean; source: string })[];
}

export interface RowError {
  /** The row of the file (1 = the header). */
  row: number;
  column: string;
  code: string;
  message: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9_]{1,40}$/;
const list = (text: string) =>
  text
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a CSV text into records keyed by the header (the header's names are the columns above). */
export function readScheduleCsv(text: string): Record<string, string>[] {
  return parse(text.replace(/^\uFEFF/, ''), {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

/** Checks and converts the records of a schedule file; the errors name the row and the column. */
export function parseSchedule(records: Record<string, string>[]): {
  data?: ScheduleData;
  errors: RowError[];
} {
  const errors: RowError[] = [];
  const data: ScheduleData = { antigens: [], conditions: [], vaccines: [], doses: [], rules: [] };
  if (records.length === 0)
    return { errors: [{ row: 1, column: '', code: 'empty', message: 'the file has no rows' }] };
  const missing = ['record', 'code', 'valid_from'].filter((c) => !(c in records[0]!));
  if (missing.length)
    return {
      errors: missing.map((c) => ({
        row: 1,
        column: c,
        code: 'missing_column',
        message: `the column ${c} is missing`,
      })),
    };
  records.forEach((rec, i) => {
    const row = i + 2;
    const err = (column: Column, code: string, message: string) =>
      errors.push({ row, column, code, message });
    const get = (c: Column) => (rec[c] ?? '').trim();
    const age = (c: Column, required: boolean): Age | null => {
      const text = get(c);
      if (!text) {
        if (required) err(c, 'required', 'required');
        return null;
      }
      const a = parseAge(text);
      if (!a) err(c, 'invalid_age', `"${text}" is not an age such as "2 months" or "1 year 2 weeks"`);
      return a;
    };
    const kind = get('record');
    const code = get('code');
    if (!(RECORD_KINDS as readonly string[]).includes(kind))
      err('record', 'invalid_value', `must be one of: ${RECORD_KINDS.join(', ')}`);
    if (!CODE.test(code)) err('code', 'invalid_code', 'letters, digits and _ only (at most 40)');
    const validFrom = get('valid_from');
    const validTo = get('valid_to') || null;
    const fromOk = ISO.test(validFrom) && !Number.isNaN(Date.parse(validFrom));
    if (!fromOk) err('valid_from', 'invalid_date', 'a date as YYYY-MM-DD');
    if (validTo && (!ISO.test(validTo) || Number.isNaN(Date.parse(validTo))))
      err('valid_to', 'invalid_date', 'a date as YYYY-MM-DD');
    else if (fromOk && validTo && validTo <= validFrom)
      err('valid_to', 'before_valid_from', 'must be after valid_from');
    const province = get('province') || null;
    if (province && !/^\d{2}$/.test(province)) err('province', 'invalid_province', 'a 2-digit province code');
    const named = {
      code,
      nameVi: get('name_vi'),
      nameEn: get('name_en'),
      validFrom,
      validTo,
      source: get('source'),
    };
    if (kind !== 'dose' && !named.nameVi) err('name_vi', 'required', 'required');
    const checked = get('checked').toLowerCase() === 'true';
    switch (kind) {
      case 'antigen':
        data.antigens.push(named);
        break;
      case 'condition':
        data.conditions.push(named);
        break;
      case 'vaccine': {
        const antigens = list(get('antigens'));
        if (antigens.length === 0) err('antigens', 'required', 'required');
        const perVial = get('doses_per_vial');
        const dosesPerVial = perVial ? Number(perVial) : null;
        if (
          dosesPerVial !== null &&
          (!Number.isInteger(dosesPerVial) || dosesPerVial < 1 || dosesPerVial > 100)
        )
          err('doses_per_vial', 'invalid_doses_per_vial', 'a whole number from 1 to 100');
        data.vaccines.push({ ...named, antigens, live: get('live').toLowerCase() === 'true', dosesPerVial });
        break;
      }
      case 'dose': {
        const doseNo = Number(get('dose_no'));
        if (!get('series') || !CODE.test(get('series'))) err('series', 'required', 'required');
        if (!Number.isInteger(doseNo) || doseNo < 1 || doseNo > 20)
          err('dose_no', 'invalid_dose_no', 'a whole number from 1 to 20');
        const antigens = list(get('antigens'));
        if (antigens.length === 0) err('antigens', 'required', 'required');
        const minAge = age('min_age', true);
        const recAge = age('rec_age', true);
        const overdueAge = age('overdue_age', true);
        const maxAge = age('max_age', false);
        const minInterval = age('min_interval', false);
        const days = (a: Age) => a.months * 30.44 + a.days;
        if (minAge && recAge && days(recAge) < days(minAge))
          err('rec_age', 'before_min_age', `must not be before the minimum age (${formatAge(minAge)})`);
        if (recAge && overdueAge && days(overdueAge) < days(recAge))
          err(
            'overdue_age',
            'before_rec_age',
            `must not be before the recommended age (${formatAge(recAge)})`,
          );
        if (maxAge && overdueAge && days(maxAge) < days(overdueAge))
          err(
            'max_age',
            'before_overdue_age',
            `must not be before the overdue age (${formatAge(overdueAge)})`,
          );
        if (minAge && recAge && overdueAge)
          data.doses.push({
            ...named,
            nameVi: get('name_vi') || code,
            nameEn: get('name_en') || code,
            series: get('series'),
            doseNo,
            antigens,
            vaccines: list(get('vaccines')),
            province,
            minAge,
            recAge,
            overdueAge,
            maxAge,
            minInterval,
            prerequisites: list(get('prerequisites')),
            contraindications: list(get('contraindications')),
            checked,
          });
        break;
      }
      case 'rule': {
        const doses = list(get('doses'));
        if (doses.length === 0) err('doses', 'required', 'required');
        const byAge = age('max_age', true);
        if (byAge) data.rules.push({ ...named, doses, byAge, province, checked });
        break;
      }
    }
  });
  // References between rows: antigens of vaccines and doses, vaccines of doses, doses of rules.
  const antigens = new Set(data.antigens.map((a) => a.code));
  const vaccines = new Set(data.vaccines.map((v) => v.code));
  const doses = new Set(data.doses.map((d) => d.code));
  const conditions = new Set(data.conditions.map((c) => c.code));
  records.forEach((rec, i) => {
    const row = i + 2;
    const check = (column: Column, known: Set<string>, what: string) => {
      for (const c of list(rec[column] ?? ''))
        if (!known.has(c))
          errors.push({ row, column, code: `unknown_${what}`, message: `unknown ${what} ${c}` });
    };
    if (rec.record === 'vaccine' || rec.record === 'dose') check('antigens', antigens, 'antigen');
    if (rec.record === 'dose') {
      check('vaccines', vaccines, 'vaccine');
      check('prerequisites', doses, 'dose');
      check('contraindications', conditions, 'condition');
    }
    if (rec.record === 'rule') check('doses', doses, 'dose');
  });
  // One row per code and first day (and province, for doses and rules).
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const key = [rec.record, rec.code, rec.province ?? '', rec.valid_from].join('|');
    const first = seen.get(key);
    if (first)
      errors.push({
        row: i + 2,
        column: 'code',
        code: 'duplicate',
        message: `the same ${rec.record} and valid_from as row ${first}`,
      });
    else seen.set(key, i + 2);
  });
  return errors.length ? { errors } : { data, errors };
}
