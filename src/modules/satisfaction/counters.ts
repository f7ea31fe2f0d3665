// The satisfaction module's counters for the indicator catalogue (docs/adr/0010, 0021): T9, satisfied
// answers / answers, a flow over the answers given in the period. Whether an answer is satisfied was
// decided when it was given, by the rule of the form then in force, so a past period never changes.
// An answer counts at its station's commune.
import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';

const SOURCES = ['survey_responses'];
const answers = (c: CounterContext, satisfiedOnly: boolean) =>
  sql`SELECT r.id::text AS id, r.answered_on::text AS label, r.unit_path, 1::numeric AS weight FROM survey_responses r
      WHERE r.answered_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date ${satisfiedOnly ? sql`AND r.satisfied` : sql``}`;

export const satisfactionCounters: CounterRegistry = {
  survey_answers: counter(SOURCES, (c) => answers(c, false)),
  survey_answers_satisfied: counter(SOURCES, (c) => answers(c, true)),
};

export const satisfactionChangedPlaces: ChangedPlacesRegistry = {
  survey_responses: (since) =>
    sql`SELECT DISTINCT unit_path FROM survey_responses WHERE change_seq > ${since}`,
};
