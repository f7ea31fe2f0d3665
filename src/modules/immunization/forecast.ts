/**
 * The forecast (dự báo lịch tiêm) of one person: from the birth date, the doses given (here or
 * elsewhere) and the conditions noted at screening, what each dose of the schedule is — given and
 * valid, due, overdue, upcoming, too late, contraindicated or waiting for another dose — with the
 * dates of each and the reason. A dose given before its minimum age or interval is recorded but not
 * counted, and the forecast says why; missing doses are caught up from today at the minimum
 * intervals. Pure (no database, no clock): the card, the session list, the worklist and T11 read
 * what it says (service.ts stores it per child).
 */
import { addAge, addDays, daysBetween, maxDate, type Age } from './ages.js';

export interface ScheduleVaccine {
  code: string;
  nameVi: string;
  nameEn: string;
  /** The antigens it protects against: a combination covers several (DPT-VGB-Hib covers five). */
  antigens: string[];
  live: boolean;
}

export interface ScheduleDose {
  /** e.g. `DTP1`, `MCV2`. */
  code: string;
  series: string;
  doseNo: number;
  nameVi: string;
  nameEn: string;
  /** A vaccine counts for the dose when it covers all of these … */
  antigens: string[];
  /** … and, when this is not empty, is one of these. */
  vaccines: string[];
  /** A province's variant (its GSO code), or null for the national schedule. */
  province: string | null;
  minAge: Age;
  recAge: Age;
  overdueAge: Age;
  maxAge: Age | null;
  /** From the previous dose of the series. */
  minInterval: Age | null;
  /** Doses of other series that must be valid first. */
  prerequisites: string[];
  /** Conditions (codes) under which the dose is not given. */
  contraindications: string[];
  validFrom: string;
  /** Exclusive; null while in force. */
  validTo: string | null;
}

export interface ScheduleRule {
  /** e.g. `FULLY_IMMUNIZED_UNDER_1`. */
  code: string;
  /** Every one of these doses must be valid … */
  doses: string[];
  /** … before this age. */
  byAge: Age;
  province: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface Schedule {
  vaccines: ScheduleVaccine[];
  doses: ScheduleDose[];
  rules: ScheduleRule[];
}

export interface GivenDose {
  id?: string;
  vaccine: string;
  on: string;
}

export interface NotedCondition {
  code: string;
  from: string;
  /** Exclusive; null: for good. */
  until?: string | null;
}

export interface ForecastInput {
  birthDate: string;
  asOf: string;
  /** The province the person lives in (its variant of the schedule applies). */
  province?: string | null;
  given: GivenDose[];
  conditions?: NotedCondition[];
}

export const DOSE_STATUSES = [
  'given',
  'due',
  'overdue',
  'upcoming',
  'too_late',
  'contraindicated',
  'waiting',
] as const;
export type DoseStatus = (typeof DOSE_STATUSES)[number];

/**
 * Why a dose has its status (a message key the web renders with `params`):
 * given: `valid`, `given_after_latest_age`; due/overdue/upcoming: `on_schedule`, `catch_up`
 * (moved by a late or missing earlier dose), `after_previous_dose`; `too_late`; `contraindicated`
 * (params.condition); `waiting` (params.prerequisite).
 */
export type DoseReason =
  | 'valid'
  | 'given_after_latest_age'
  | 'on_schedule'
  | 'catch_up'
  | 'after_previous_dose'
  | 'too_late'
  | 'contraindicated'
  | 'waiting_prerequisite';

export interface DoseForecast {
  code: string;
  series: string;
  dose: number;
  nameVi: string;
  nameEn: string;
  antigens: string[];
  /** Vaccines that count for it (the schedule's list, or every vaccine covering its antigens). */
  vaccines: string[];
  earliest: string;
  due: string;
  overdueFrom: string;
  latest: string | null;
  status: DoseStatus;
  reason: DoseReason;
  params?: Record<string, string>;
  /** The dose that counts, when given. */
  givenOn?: string;
  givenId?: string;
  givenVaccine?: string;
}

/** Why a dose given does not count for a dose of the schedule. */
export type NotCountedReason =
  | 'before_birth'
  | 'before_min_age'
  | 'interval_too_short'
  | 'same_day_duplicate'
  | 'series_complete'
  | 'unknown_vaccine'
  | 'not_in_schedule';

export interface GivenAssessment {
  id?: string;
  vaccine: string;
  on: string;
  /** Doses of the schedule it counts for (a combination may count for several). */
  countedFor: string[];
  /** Doses it was looked at for and does not count for, with why and from when it would have. */
  notCounted: { dose: string; reason: NotCountedReason; validFrom?: string }[];
}

export interface Forecast {
  birthDate: string;
  asOf: string;
  doses: DoseForecast[];
  given: GivenAssessment[];
}

const validOn = (row: { validFrom: string; validTo: string | null }, day: string) =>
  row.validFrom <= day && (row.validTo === null || row.validTo > day);

/** The rows of the schedule that apply in a province (a province's own row of a dose replaces the national one). */
function forProvince<T extends { province: string | null; validFrom: string; validTo: string | null }>(
  rows: T[],
  province: string | null | undefined,
  day: string,
): T | undefined {
  const inForce = rows.filter((r) => validOn(r, day) && (r.province === null || r.province === province));
  return inForce.find((r) => r.province !== null) ?? inForce.find((r) => r.province === null) ?? undefined;
}

export class ScheduleIndex {
  readonly vaccines: Map<string, ScheduleVaccine>;
  /** series → dose number → every row of it (versions, variants). */
  readonly series = new Map<string, Map<number, ScheduleDose[]>>();
  constructor(readonly schedule: Schedule) {
    this.vaccines = new Map(schedule.vaccines.map((v) => [v.code, v]));
    for (const d of schedule.doses) {
      let byNo = this.series.get(d.series);
      if (!byNo) this.series.set(d.series, (byNo = new Map()));
      const list = byNo.get(d.doseNo) ?? [];
      list.push(d);
      byNo.set(d.doseNo, list);
    }
  }

  private readonly countsMemo = new Map<ScheduleDose, Map<string, boolean>>();
  private readonly vaccinesMemo = new Map<ScheduleDose, string[]>();

  /** Does a vaccine count for a dose row? */
  counts(vaccineCode: string, dose: ScheduleDose): boolean {
    let memo = this.countsMemo.get(dose);
    if (!memo) this.countsMemo.set(dose, (memo = new Map()));
    let hit = memo.get(vaccineCode);
    if (hit === undefined) {
      const v = this.vaccines.get(vaccineCode);
      hit =
        !!v &&
        (dose.vaccines.length === 0 || dose.vaccines.includes(v.code)) &&
        dose.antigens.every((a) => v.antigens.includes(a));
      memo.set(vaccineCode, hit);
    }
    return hit;
  }

  /** The vaccines that count for a dose row, the one a station gives first. */
  vaccinesFor(dose: ScheduleDose): string[] {
    let hit = this.vaccinesMemo.get(dose);
    if (!hit)
      this.vaccinesMemo.set(
        dose,
        // The dose's own list first, in its order; then the vaccines covering the fewest antigens (a
        // station gives OPV for an OPV dose, not the hexavalent that also counts for it).
        (hit = this.schedule.vaccines
          .filter((v) => this.counts(v.code, dose))
          .sort(
            (a, b) =>
              (dose.vaccines.indexOf(a.code) + 1 || 99) - (dose.vaccines.indexOf(b.code) + 1 || 99) ||
              a.antigens.length - b.antigens.length ||
              a.code.localeCompare(b.code),
          )
          .map((v) => v.code)),
      );
    return hit;
  }

  /**
   * The row of a dose that applies on a day: in force that day; for a day before the schedule's
   * first row, the first row (the history before the first version shipped reads as that version).
   */
  doseOn(series: string, doseNo: number, province: string | null | undefined, day: string) {
    const rows = this.series.get(series)?.get(doseNo);
    if (!rows) return undefined;
    if (rows.length === 1) {
      // Nearly always: one national row.
      const only = rows[0]!;
      if (only.province !== null && only.province !== province) return undefined;
      if (validOn(only, day)) return only;
      return day < only.validFrom && only.province === null ? only : undefined;
    }
    const mine = rows.filter((r) => r.province === null || r.province === province);
    const hit = forProvince(mine, province, day);
    if (hit) return hit;
    const first = [...mine].sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
    return first && day < first.validFrom && first.province === null ? first : undefined;
  }

  /** The row of a dose from a day on: in force then, or the first to come into force after it. */
  doseFrom(series: string, doseNo: number, province: string | null | undefined, day: string) {
    const now = this.doseOn(series, doseNo, province, day);
    if (now) return now;
    const later = (this.series.get(series)?.get(doseNo) ?? [])
      .filter((r) => (r.province === null || r.province === province) && r.validFrom > day)
      .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    return later.find((r) => r.province !== null) ?? later[0];
  }
}

const conditionActive = (c: NotedCondition, day: string) =>
  c.from <= day && (c.until == null || c.until > day);

/** The forecast of one person on `asOf` (see the module's README for a worked example). */
export function forecast(index: ScheduleIndex, input: ForecastInput): Forecast {
  const { birthDate: birth, asOf, province } = input;
  const given = [...input.given].sort(
    (a, b) => a.on.localeCompare(b.on) || (a.id ?? '').localeCompare(b.id ?? ''),
  );
  const assessments = new Map<GivenDose, GivenAssessment>(
    given.map((g) => [g, { id: g.id, vaccine: g.vaccine, on: g.on, countedFor: [], notCounted: [] }]),
  );
  for (const g of given) {
    const a = assessments.get(g)!;
    if (!index.vaccines.has(g.vaccine)) a.notCounted.push({ dose: '', reason: 'unknown_vaccine' });
    else if (g.on < birth) a.notCounted.push({ dose: '', reason: 'before_birth' });
  }
  const usable = given.filter((g) => index.vaccines.has(g.vaccine) && g.on >= birth);
  const conditions = input.conditions ?? [];

  // Pass 1: which doses given count, series by series, in date order.
  interface SeriesState {
    counted: { doseNo: number; row: ScheduleDose; g: GivenDose; late: boolean }[];
    nextNo: number;
    lastOn: string | null;
  }
  const states = new Map<string, SeriesState>();
  const countedOn = new Map<string, string>();
  for (const [series, byNo] of index.series) {
    const numbers = [...byNo.keys()].sort((a, b) => a - b);
    const maxNo = numbers[numbers.length - 1] ?? 0;
    const state: SeriesState = { counted: [], nextNo: numbers[0] ?? 1, lastOn: null };
    states.set(series, state);
    for (const g of usable) {
      const row = index.doseOn(series, state.nextNo, province, g.on);
      if (!row) {
        // Past the last dose: a vaccine of this series given again does not count for it.
        if (state.nextNo > maxNo && [...byNo.values()].flat().some((r) => index.counts(g.vaccine, r)))
          assessments.get(g)!.notCounted.push({ dose: series, reason: 'series_complete' });
        continue;
      }
      if (!index.counts(g.vaccine, row)) continue;
      const a = assessments.get(g)!;
      if (state.lastOn === g.on) {
        a.notCounted.push({ dose: row.code, reason: 'same_day_duplicate' });
        continue;
      }
      const byAge = addAge(birth, row.minAge);
      if (g.on < byAge) {
        a.notCounted.push({ dose: row.code, reason: 'before_min_age', validFrom: byAge });
        continue;
      }
      if (state.lastOn && row.minInterval) {
        const byInterval = addAge(state.lastOn, row.minInterval);
        if (g.on < byInterval) {
          a.notCounted.push({ dose: row.code, reason: 'interval_too_short', validFrom: byInterval });
          continue;
        }
      }
      const late = row.maxAge !== null && g.on > addAge(birth, row.maxAge);
      state.counted.push({ doseNo: state.nextNo, row, g, late });
      a.countedFor.push(row.code);
      countedOn.set(row.code, g.on);
      state.lastOn = g.on;
      const after = numbers.find((n) => n > state.nextNo);
      state.nextNo = after ?? maxNo + 1;
    }
  }

  // Pass 2: the doses of the schedule, given or projected from today.
  const doses: DoseForecast[] = [];
  for (const [series, byNo] of index.series) {
    const state = states.get(series)!;
    const numbers = [...byNo.keys()].sort((a, b) => a - b);
    let prevOn: string | null = null; // the previous dose given and counted
    let prevEarliest: string | null = null; // the previous dose's projection, when not given
    let prevDue: string | null = null;
    for (const no of numbers) {
      const done = state.counted.find((c) => c.doseNo === no);
      if (done) {
        const row = done.row;
        doses.push({
          ...describe(index, row),
          ...datesOf(birth, row, prevOn, null, false),
          status: 'given',
          reason: done.late ? 'given_after_latest_age' : 'valid',
          givenOn: done.g.on,
          ...(done.g.id ? { givenId: done.g.id } : {}),
          givenVaccine: done.g.vaccine,
        });
        prevOn = done.g.on;
        prevEarliest = null;
        prevDue = null;
        continue;
      }
      const row = index.doseFrom(series, no, province, asOf);
      if (!row) continue;
      const dates = datesOf(birth, row, prevEarliest ?? prevOn, prevDue, true);
      const dose: DoseForecast = {
        ...describe(index, row),
        ...dates,
        status: 'upcoming',
        reason: 'on_schedule',
      };
      const onTime = addAge(birth, row.recAge);
      if (prevEarliest !== null) dose.reason = 'after_previous_dose';
      else if (dates.due > onTime) dose.reason = 'catch_up';
      const condition = conditions.find(
        (c) => conditionActive(c, asOf) && row.contraindications.includes(c.code),
      );
      const missing = row.prerequisites.find((p) => !(countedOn.get(p)! <= asOf));
      if (condition) {
        dose.status = 'contraindicated';
        dose.reason = 'contraindicated';
        dose.params = { condition: condition.code };
      } else if (dates.latest !== null && (asOf > dates.latest || dates.earliest > dates.latest)) {
        dose.status = 'too_late';
        dose.reason = 'too_late';
      } else if (prevEarliest !== null || dates.earliest > asOf) {
        dose.status = 'upcoming';
      } else if (missing) {
        dose.status = 'waiting';
        dose.reason = 'waiting_prerequisite';
        dose.params = { prerequisite: missing };
      } else {
        dose.status = asOf >= dates.overdueFrom ? 'overdue' : 'due';
      }
      doses.push(dose);
      // The next dose of the series follows this one once it is given: from today at the earliest.
      prevEarliest = maxDate(dates.earliest, asOf);
      prevDue = maxDate(dates.due, asOf);
    }
  }
  doses.sort((a, b) => a.due.localeCompare(b.due) || a.series.localeCompare(b.series) || a.dose - b.dose);
  return {
    birthDate: birth,
    asOf,
    doses,
    given: given.map((g) => {
      const a = assessments.get(g)!;
      if (a.countedFor.length === 0 && a.notCounted.length === 0)
        a.notCounted.push({ dose: '', reason: 'not_in_schedule' });
      return a;
    }),
  };
}

function describe(index: ScheduleIndex, row: ScheduleDose) {
  return {
    code: row.code,
    series: row.series,
    dose: row.doseNo,
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    antigens: row.antigens,
    vaccines: index.vaccinesFor(row),
  };
}

/**
 * A dose's dates: earliest (minimum age; minimum interval after the previous dose given, or after
 * the previous dose's own projection; the row's first day), due (the recommended age, or the
 * earliest when later), overdue from (due plus the grace the schedule gives between the recommended
 * and the overdue age), latest (maximum age).
 */
function datesOf(
  birth: string,
  row: ScheduleDose,
  after: string | null,
  prevDue: string | null,
  projected: boolean,
) {
  const interval = row.minInterval ?? { months: 0, days: 1 };
  const earliest = maxDate(
    addAge(birth, row.minAge),
    after ? addAge(after, interval) : null,
    projected ? row.validFrom : null,
  );
  const due = maxDate(addAge(birth, row.recAge), earliest, prevDue ? addAge(prevDue, interval) : null);
  const grace = Math.max(0, daysBetween(addAge(birth, row.recAge), addAge(birth, row.overdueAge)));
  const overdueFrom = maxDate(addAge(birth, row.overdueAge), addDays(due, grace));
  return { earliest, due, overdueFrom, latest: row.maxAge ? addAge(birth, row.maxAge) : null };
}

/** Does the forecast meet a rule (e.g. fully immunized under 1): every dose valid before the age? */
export function meetsRule(f: Forecast, rule: ScheduleRule): boolean {
  const by = addAge(f.birthDate, rule.byAge);
  return rule.doses.every((code) =>
    f.doses.some((d) => d.code === code && d.status === 'given' && d.givenOn! < by),
  );
}

/** The rule of a code in force on a day for a province (its own variant first). */
export function ruleOn(schedule: Schedule, code: string, province: string | null, day: string) {
  return forProvince(
    schedule.rules.filter((r) => r.code === code),
    province,
    day,
  );
}
