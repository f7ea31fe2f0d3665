/**
 * What the people module publishes for other modules' SQL (docs/adr/0020-module-boundaries.md): the
 * residents as a relation with the columns others may read, to put where the table would go
 * (`JOIN ${residentsRelation} r ON r.id = v.resident_id`; `residentOn('r', day)` reads its columns).
 * PostgreSQL pulls the sub-select up into the query, so the join plans as the join on the table did.
 * `PEOPLE_SOURCES` names the tables behind it for the `sources` of an indicator counter.
 */
import { sql } from 'drizzle-orm';

/** Residents (người dân): identity, place, status and the day they were registered. */
export const residentsRelation = sql.raw(`(SELECT id, full_name, sex, birth_date, birth_year, personal_id,
  household_id, current_unit_id, unit_path, status, died_on, merged_into_id, created_at FROM residents)`);

/**
 * The tables behind the relations: `residents` alone, or the population of a day (`residentOn` also
 * reads the moves out of `life_events`).
 */
export const PEOPLE_SOURCES = {
  residents: ['residents'],
  population: ['residents', 'life_events'],
} as const;
