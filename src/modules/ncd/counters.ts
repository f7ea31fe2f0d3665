/**
 * The ncd module's indicator counters (docs/adr/0010, 0021): the monthly cohort buckets of
 * hypertension and diabetes, calls and returns to care, and T6 (people at high risk, and of them those
 * checked in the 12 months). All read status.ts, the one definition; a stock counts on `asOf` (a
 * past month's last day), so later visits, deaths and transfers leave a past month as it was.
 */
import { sql } from 'drizzle-orm';
import {
  counter,
  exactPlaces,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { unitsRelation } from '../network/index.js';
import { PEOPLE_SOURCES, placesOfResidents, residentsRelation } from '../people/index.js';
import { VISITS_SOURCES } from '../visits/index.js';
import type { CohortBucket, NcdCondition } from './contracts.js';
import { definitionOn } from './definitions.js';
import { returnedAfter } from './overdue.js';
import { controlStatus, highRiskOn } from './status.js';

/** The tables the statuses read (for counters' and due items' `sources`). */
export const NCD_STATUS_SOURCES = [
  'ncd_enrolments',
  'ncd_definitions',
  ...VISITS_SOURCES.visits,
  ...PEOPLE_SOURCES.population,
  ...PEOPLE_SOURCES.healthRecords,
] as const;

const IN_COHORT: CohortBucket[] = ['missed_visit', 'visited_no_bp', 'controlled', 'uncontrolled'];
const BUCKETS: Record<string, CohortBucket[] | null> = {
  registered: null,
  alive: ['lost_to_follow_up', 'not_in_cohort', ...IN_COHORT],
  under_care: ['not_in_cohort', ...IN_COHORT],
  lost_to_follow_up: ['lost_to_follow_up'],
  dead: ['dead'],
  cohort: IN_COHORT,
  controlled: ['controlled'],
  uncontrolled: ['uncontrolled'],
  visited_no_bp: ['visited_no_bp'],
  missed_visit: ['missed_visit'],
};

const bucketCounter = (condition: NcdCondition, buckets: CohortBucket[] | null) =>
  counter(NCD_STATUS_SOURCES, (c: CounterContext) => {
    const only = buckets
      ? sql`WHERE s.bucket IN (${sql.join(
          buckets.map((b) => sql`${b}`),
          sql`, `,
        )})`
      : sql``;
    return sql`SELECT s.enrolment_id::text AS id, r.full_name AS label, s.unit_path, 1::numeric AS weight
      FROM ${controlStatus(condition, sql`${c.asOf}::date`)} s JOIN ${residentsRelation} r ON r.id = s.resident_id ${only}`;
  });

const PREFIX: Partial<Record<NcdCondition, string>> = { hypertension: 'ncd_htn', diabetes: 'ncd_dm' };

const cohortCounters: CounterRegistry = Object.fromEntries(
  Object.entries(PREFIX).flatMap(([condition, prefix]) =>
    Object.entries(BUCKETS).map(([name, buckets]) => [
      `${prefix}_${name}`,
      bucketCounter(condition as NcdCondition, buckets),
    ]),
  ),
);

const callsIn = (c: CounterContext) =>
  sql`SELECT k.id::text AS id, r.full_name AS label, k.unit_path, 1::numeric AS weight
    FROM ncd_calls k JOIN ${residentsRelation} r ON r.id = k.resident_id
    WHERE k.called_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;

const highRisk = (c: CounterContext) =>
  sql`SELECT h.resident_id::text AS id, h.full_name AS label, h.unit_path, 1::numeric AS weight
    FROM ${highRiskOn(sql`${c.asOf}::date`)} h`;

export const ncdCounters: CounterRegistry = {
  ...cohortCounters,
  /** Calls to overdue people in the period (a flow). */
  ncd_calls: counter(['ncd_calls', ...PEOPLE_SOURCES.residents], callsIn),
  /** …of which followed by a finished visit within the definition's window (quay lại điều trị). */
  ncd_calls_returned_to_care: counter(
    ['ncd_calls', 'ncd_definitions', ...VISITS_SOURCES.visits, ...PEOPLE_SOURCES.residents],
    (c) =>
      sql`${callsIn(c)} AND ${returnedAfter(
        sql`k`,
        sql`(SELECT (${definitionOn('control', sql`k.called_on`)})->'overdue'->>'returnWindowDays')`,
      )}`,
  ),
  /** T6: people at high risk on the day, by the risk rules in force (reference/ncd/risk-rules.json). */
  high_risk_residents: counter(NCD_STATUS_SOURCES, highRisk),
  /** …of whom checked: a finished visit in the 12 months up to the day. */
  high_risk_residents_checked: counter(NCD_STATUS_SOURCES, (c) => sql`${highRisk(c)} WHERE h.checked`),
};

/**
 * Where a write to the ncd module's tables may change a counter's facts (core/counters.ts): an
 * enrolment's person wherever they are or were counted (exact: people keeps every place left), a
 * call's place and its person's, and every map's root for a new version of the definitions.
 */
export const ncdChangedPlaces: ChangedPlacesRegistry = {
  ncd_enrolments: exactPlaces((since) =>
    placesOfResidents(sql`SELECT e.resident_id FROM ncd_enrolments e WHERE e.change_seq > ${since}`),
  ),
  ncd_calls: exactPlaces(
    (since) =>
      sql`SELECT k.unit_path FROM ncd_calls k WHERE k.change_seq > ${since}
        UNION ${placesOfResidents(sql`SELECT k.resident_id FROM ncd_calls k WHERE k.change_seq > ${since}`)}`,
  ),
  ncd_definitions: (since) =>
    sql`SELECT u.path AS unit_path FROM ${unitsRelation} u WHERE u.parent_id IS NULL
      AND EXISTS (SELECT 1 FROM ncd_definitions d WHERE d.change_seq > ${since})`,
};
