import { sql, type SQL } from 'drizzle-orm';
import {
  counter,
  exactPlaces,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { residentsOnDay, validCard, writtenInYearTo } from './population.js';

/** The population on the day, each person at their place on that day (so past months never move). */
const residentsOn = (c: CounterContext) =>
  sql`SELECT r.id::text AS id, r.full_name AS label, r.unit_path, 1::numeric AS weight
      FROM ${residentsOnDay(sql`${c.asOf}::date`)} r WHERE true`;

/**
 * The people module's counters (targets T3 and T5): stocks on the period's last day (or today). The
 * facts are residents, so the records behind a number are the people counted, by name.
 *
 * "Insured" and "health-managed" are `insuredOn` and `healthManagedOn` of population.ts (the resident's
 * own rows, or those of a duplicate merged into it), written for a whole area: the residents whose
 * own card (or 831 version) qualifies, then those who qualify only through a merged duplicate. Each
 * part is a plain semi-join that the planner runs as one pass over the cards (or versions), where the
 * per-resident form probes an index once for each of millions of residents (issue 5: a province of
 * 5 million took 22 s for T3 and 37 s for T5; see bench/indicators-scale.ts).
 */
const POPULATION = ['residents', 'life_events'];

/**
 * The area's residents holding a row of `table` (alias `alias`) that meets `holds`: by their own row,
 * or (each counted once) only through a duplicate merged into them.
 */
function residentsHolding(c: CounterContext, table: string, alias: string, holds: SQL): SQL {
  const [t, a] = [sql.raw(table), sql.raw(alias)];
  const own = sql`EXISTS (SELECT 1 FROM ${t} ${a} WHERE ${a}.resident_id = r.id AND ${holds})`;
  return sql`${residentsOn(c)} AND ${own}
    UNION ALL
    ${residentsOn(c)} AND NOT ${own} AND r.id IN (SELECT mr.merged_into_id FROM residents mr
      JOIN ${t} ${a} ON ${a}.resident_id = mr.id WHERE mr.merged_into_id IS NOT NULL AND ${holds})`;
}

export const peopleCounters: CounterRegistry = {
  residents: counter(POPULATION, residentsOn),
  insured_residents: counter([...POPULATION, 'insurance_cards'], (c) =>
    residentsHolding(c, 'insurance_cards', 'ic', validCard(sql`${c.asOf}::date`)),
  ),
  health_managed_residents: counter([...POPULATION, 'health_record_versions'], (c) =>
    residentsHolding(c, 'health_record_versions', 'hv', writtenInYearTo(sql`${c.asOf}::date`)),
  ),
};

/**
 * Every place where the residents of `ids` (a relation of resident ids) are or were counted: where
 * each lives now, every place a life event of theirs names (the places a transfer or a move between
 * hamlets took them from and to, where they moved out from), and the same for the resident a
 * duplicate was merged into (whose figures count the duplicate's card and record).
 */
export function placesOfResidents(ids: SQL): SQL {
  const people = sql`(SELECT x.id FROM (${ids}) x(id)
    UNION SELECT r.merged_into_id FROM residents r WHERE r.id IN (${ids}) AND r.merged_into_id IS NOT NULL)`;
  return sql`SELECT r.unit_path FROM residents r WHERE r.id IN ${people}
    UNION SELECT t.unit_path FROM life_events t WHERE t.resident_id IN ${people}`;
}

/**
 * Where a write to people's tables may change the facts of a counter (core/counters.ts
 * `ChangedPlaces`): the places of the residents the written rows belong to, and a life event's own
 * place. Exact: a resident's place changes only by a dated event that keeps the place left (a
 * transfer, a move between hamlets, a move out), so every place they were counted at is on record. The visits module reads `placesOfResidents` for the patients of the visits written.
 */
export const peopleChangedPlaces: ChangedPlacesRegistry = {
  residents: exactPlaces((since) =>
    placesOfResidents(sql`SELECT r.id FROM residents r WHERE r.change_seq > ${since}`),
  ),
  life_events: exactPlaces(
    (since) =>
      sql`SELECT e.unit_path FROM life_events e WHERE e.change_seq > ${since}
      UNION ${placesOfResidents(sql`SELECT e.resident_id FROM life_events e WHERE e.change_seq > ${since}`)}`,
  ),
  insurance_cards: exactPlaces((since) =>
    placesOfResidents(sql`SELECT c.resident_id FROM insurance_cards c WHERE c.change_seq > ${since}`),
  ),
  health_record_versions: exactPlaces((since) =>
    placesOfResidents(sql`SELECT v.resident_id FROM health_record_versions v WHERE v.change_seq > ${since}`),
  ),
};
