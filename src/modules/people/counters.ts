import { sql } from 'drizzle-orm';
import type { CounterContext, CounterRegistry } from '../indicators/counters.js';
import { healthManagedOn, insuredOn, residentOn } from './shared.js';

const residentsOn = (c: CounterContext) =>
  sql`SELECT r.id::text AS id, r.full_name AS label, r.unit_path, 1::numeric AS weight
      FROM residents r WHERE ${residentOn('r', sql`${c.asOf}::date`)}`;

/**
 * The people module's counters (targets T3 and T5): stocks on the period's last day (or today). The
 * facts are residents, so the records behind a number are the people counted, by name.
 */
export const peopleCounters: CounterRegistry = {
  residents: residentsOn,
  insured_residents: (c) => sql`${residentsOn(c)} AND ${insuredOn(sql`r.id`, sql`${c.asOf}::date`)}`,
  health_managed_residents: (c) =>
    sql`${residentsOn(c)} AND ${healthManagedOn(sql`r.id`, sql`${c.asOf}::date`)}`,
};
