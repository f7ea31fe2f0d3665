/**
 * Case reports (báo cáo ca bệnh) for the surveillance tests, built by hand: the body of a report for a
 * resident on record or for someone who is not, and a seasonal history written by the bulk writer
 * (no HTTP for the past). Each builder fills what the tests leave as the reporter's defaults.
 */
import type { BulkCase } from './bulk.js';
import type { CaseInput } from './contracts.js';

/** The days of a report: the onset and the report. */
export interface CaseDays {
  onsetOn: string;
  reportedOn: string;
}

/** A person not on record, as a report names them. */
export interface CasePerson {
  fullName: string;
  sex: 'male' | 'female';
  birthYear: number;
}

/** What a report says unless a test says otherwise: suspected, at home, under treatment. */
const REPORTED = { classification: 'suspected', hospitalised: false, outcome: 'under_treatment' } as const;

/** A case of a resident on record, placed where the resident lives. */
export function residentCase(
  disease: string,
  residentId: string | undefined,
  days: CaseDays,
  more: Partial<CaseInput> = {},
): CaseInput {
  return { ...REPORTED, disease, residentId, ...days, ...more };
}

/** A case of someone not on record, placed at a commune or hamlet of the reporter's area. */
export function unregisteredCase(
  disease: string,
  person: CasePerson,
  unitCode: string,
  days: CaseDays,
  more: Partial<CaseInput> = {},
): CaseInput {
  return { ...REPORTED, disease, person, unitCode, ...days, ...more };
}

/** The Wednesday `weeks` weeks after (or before) a Monday. */
export function wednesdayOf(monday: string, weeks: number): string {
  const d = new Date(`${monday}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * weeks + 2);
  return d.toISOString().slice(0, 10);
}

/**
 * Past seasons of a disease at one place: for each year's Monday, `counts` gives the cases of the
 * weeks around it (`[offset in weeks, cases]`), each confirmed, with onset and report on its Wednesday.
 */
export function seasonalHistory(
  disease: string,
  unitPath: string,
  mondays: readonly string[],
  counts: readonly (readonly [offset: number, cases: number])[],
): BulkCase[] {
  const history: BulkCase[] = [];
  for (const monday of mondays)
    for (const [offset, n] of counts)
      for (let i = 0; i < n; i++) {
        const day = wednesdayOf(monday, offset);
        history.push({
          disease,
          personName: 'Ca cũ',
          personSex: 'male',
          personBirthYear: 1990,
          unitPath,
          onsetOn: day,
          reportedOn: day,
          classification: 'confirmed',
        });
      }
  return history;
}
