import { sql } from 'drizzle-orm';
import { counter, type CounterContext, type CounterRegistry } from '../indicators/counters.js';
import { healthManagedOn, insuredOn, residentOn } from './shared.js';

const residentsOn = (c: CounterContext) =>
  sql`SELECT r.id::text AS id, r.full_name AS label, r.unit_path, 1::numeric AS weight
      FROM residents r WHERE ${residentOn('r', sql`${c.asOf}::date`)}`;

/**
 * The people module's counters (targets T3 and T5): stocks on the period's last day (or today). The
 * facts are residents, so the records behind a number are the people counted, by name.
 */
const POPULATION = ['residents', 'life_events'];

export const peopleCounters: CounterRegistry = {
  residents: counter(POPULATION, residentsOn),
  insured_residents: counter(
    [...POPULATION, 'insurance_cards'],
    (c) => sql`${residentsOn(c)} AND ${insuredOn(sql`r.id`, sql`${c.asOf}::date`)}`,
  ),
  health_managed_residents: counter(
    [...POPULATION, 'health_record_versions'],
    (c) => sql`${residentsOn(c)} AND ${healthManagedOn(sql`r.id`, sql`${c.asOf}::date`)}`,
  ),
};
