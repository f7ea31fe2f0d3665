// The growth module's counters for the indicator catalogue (docs/adr/0010, 0021): the prevalence of
// underweight, stunting and wasting among children under 5, each from every child's latest
// measurement in the period that has the indicator's z-score (WHO/UNICEF 2019). A z-score WHO flags
// as implausible is left out of both numerator and denominator; the statuses were classified when
// the measurement was saved, by the list in force on its day, so a past period never changes
// because of a later rule. Counted where the child was when measured; the drill-down names the child.
import { sql, type SQL } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { PEOPLE_SOURCES, residentsRelation } from '../people/index.js';

const SOURCES = ['growth_measurements', ...PEOPLE_SOURCES.residents];
/** Under 5: to day 1826 (60 months), as the 2006 standard's age-based z-scores. */
const UNDER_5_DAYS = 1826;

/** The latest measurement in the period with a usable `column` (z-score) of each child under 5. */
function latestWith(column: 'z_wfa' | 'z_lhfa' | 'z_wflh', flag: string, c: CounterContext): SQL {
  return sql`SELECT DISTINCT ON (g.resident_id) g.id, g.resident_id, g.measured_on, g.unit_path, g.statuses
    FROM growth_measurements g
    WHERE g.measured_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date AND g.replaced_by IS NULL
      AND g.age_days <= ${UNDER_5_DAYS} AND g.${sql.raw(column)} IS NOT NULL AND NOT (${flag} = ANY(g.flags))
    ORDER BY g.resident_id, g.measured_on DESC, g.created_at DESC`;
}

const children = (column: 'z_wfa' | 'z_lhfa' | 'z_wflh', flag: string, status?: string) =>
  counter(
    SOURCES,
    (c) =>
      sql`SELECT m.resident_id::text AS id, r.full_name AS label, m.unit_path, 1::numeric AS weight
          FROM (${latestWith(column, flag, c)}) m JOIN ${residentsRelation} r ON r.id = m.resident_id
          ${status ? sql`WHERE ${status} = ANY(m.statuses)` : sql``}`,
  );

export const growthCounters: CounterRegistry = {
  growth_weighed_under5: children('z_wfa', 'weightForAge'),
  growth_underweight_under5: children('z_wfa', 'weightForAge', 'underweight'),
  growth_measured_height_under5: children('z_lhfa', 'lengthForAge'),
  growth_stunted_under5: children('z_lhfa', 'lengthForAge', 'stunting'),
  growth_measured_wflh_under5: children('z_wflh', 'weightForLength'),
  growth_wasted_under5: children('z_wflh', 'weightForLength', 'wasting'),
};

/** A measurement counts where it was taken (its row keeps the place): its rows' places, widened to the commune. */
export const growthChangedPlaces: ChangedPlacesRegistry = {
  growth_measurements: (since) =>
    sql`SELECT DISTINCT unit_path FROM growth_measurements WHERE change_seq > ${since}`,
};
