/**
 * What the people module publishes for other modules' SQL (docs/adr/0020-module-boundaries.md): the
 * residents as a relation with the columns others may read, to put where the table would go
 * (`JOIN ${residentsRelation} r ON r.id = v.resident_id`; `residentOn('r', day)` reads its columns).
 * PostgreSQL pulls the sub-select up into the query, so the join plans as the join on the table did.
 * `PEOPLE_SOURCES` names the tables behind it for the `sources` of an indicator counter.
 */
import { sql, type SQL } from 'drizzle-orm';
import { TIME_ZONE } from '../../core/clock.js';

/** Residents (người dân): identity, place, status and the day they were registered. */
export const residentsRelation = sql.raw(`(SELECT id, full_name, sex, birth_date, birth_year, personal_id,
  household_id, current_unit_id, unit_path, status, died_on, merged_into_id, phones, created_at, change_seq
  FROM residents)`);

/**
 * The tables behind the relations: `residents` alone, or the population of a day (`residentOn` also
 * reads the moves out of `life_events`).
 */
export const PEOPLE_SOURCES = {
  residents: ['residents'],
  population: ['residents', 'life_events'],
  /** The 831 record's versions (`healthHistoryOf`). */
  healthRecords: ['health_record_versions'],
} as const;

/**
 * A resident's 831 history part (tiền sử: risk factors, diseases, family history, reproductive health)
 * as the latest version written by the end of a Vietnamese day said it, as a jsonb scalar (null when
 * no record yet): `${healthHistoryOf(sql\`r.id\`, day)}->'riskFactors'`. Versions are never changed,
 * so a past day's answer stays (the ncd module's high-risk rules read it, issue 14).
 */
export function healthHistoryOf(residentId: SQL, day: SQL): SQL {
  return sql`(SELECT hv.document->'history' FROM health_record_versions hv WHERE hv.resident_id = ${residentId}
    AND hv.created_at < ((${day})::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}
    ORDER BY hv.created_at DESC, hv.version DESC LIMIT 1)`;
}

/**
 * The people whose rows behind `residentsRelation`, the population (life events) and the 831 record
 * were written after `since` (a change sequence value), as a relation `(resident_id uuid)`; a person
 * may come more than once. For an incremental list of whose computed facts may have changed (the
 * worklist's due items on a device, docs/adr/0033).
 */
export function residentsChangedSince(since: SQL): SQL {
  return sql`(SELECT id AS resident_id FROM residents WHERE change_seq > ${since}
    UNION ALL SELECT resident_id FROM life_events WHERE change_seq > ${since}
    UNION ALL SELECT resident_id FROM health_record_versions WHERE change_seq > ${since})`;
}
