/**
 * The population of a day (docs/adr/0014-population-of-a-day.md), as SQL conditions: in the
 * population on a day, insured on a day (target T3), health-managed on a day (target T5). The
 * profile, the coverage figures, the indicator counters (counters.ts) and other modules (through
 * index.ts) all count with these.
 */
import { sql, type SQL } from 'drizzle-orm';
import { TIME_ZONE } from '../../core/clock.js';
import { identityIds } from './sql.js';

/**
 * The first instant after a Vietnamese day: `ts < afterVietnamDay(d)` says the same as
 * `(ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= d`, as a bound on the column itself, which the
 * planner estimates from the column's statistics and an index can serve (counting a province, a
 * misestimate picks plans ten times slower).
 */
export const afterVietnamDay = (day: SQL) => sql`((${day})::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`;

/** A card (alias `ic`) valid on a day: not voided, and the day within its validity. */
export const validCard = (on: SQL) =>
  sql`ic.voided_at IS NULL AND ic.valid_from <= ${on} AND (ic.valid_to IS NULL OR ic.valid_to >= ${on})`;

/**
 * A card is "valid on a day" when the day lies in its validity and it is not voided. The resident's
 * own cards count, and those of duplicates merged into it. Used by target T3. (Two EXISTS, each on an
 * index: this runs once per resident when a whole area is counted.)
 */
export function insuredOn(residentId: SQL, on: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM insurance_cards ic WHERE ic.resident_id = ${residentId} AND ${validCard(on)})
    OR EXISTS (SELECT 1 FROM residents mr JOIN insurance_cards ic ON ic.resident_id = mr.id
      WHERE mr.merged_into_id = ${residentId} AND ${validCard(on)}))`;
}

/**
 * Health-managed (target T5) on a day: a version of the 831 record — created, updated or reviewed —
 * written in the 12 months up to that (Vietnamese) day, on the resident's own record or on one of a
 * duplicate merged into it. Versions are never changed, so the answer for a past day stays what it
 * was whatever is written later.
 */
export function healthManagedOn(residentId: SQL, on: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM health_record_versions hv WHERE hv.resident_id = ANY(${identityIds(residentId)})
    AND ${writtenInYearTo(on)})`;
}

/**
 * A version (alias `hv`) written in the 12 months up to a day: on a Vietnamese day after the day 12
 * months before, and not after the day.
 */
export const writtenInYearTo = (on: SQL) =>
  sql`hv.created_at >= ${afterVietnamDay(sql`${on}::date - interval '12 months'`)} AND hv.created_at < ${afterVietnamDay(on)}`;

/**
 * In the population on a day (the denominators of T3 and T5): registered in the system by then,
 * not dead by then, and not away on the day (moved out of the system and not back by then). A duplicate merged into another record is never counted (its
 * survivor is). This says *whether*, not *where*: the row's `unit_path` is today's place; the place
 * on the day is `residentsOnDay`'s.
 */
export function residentOn(r: string, on: SQL): SQL {
  const row = sql.raw(r);
  // The moved-out test is one NOT EXISTS with the status inside, which the planner runs as an
  // anti-join on a hash of the moves. Under an OR (`status <> 'moved_out' OR NOT EXISTS …`) the
  // planner costs it as an index probe for every row (41 M for the 5 million residents of
  // bench/indicators-scale.ts, 150 times the scan itself), and so preferred probing the cards or
  // 831 versions once per resident to reading them once: T5 of that province took 34 s, not 6.
  // Away on the day: a move out by then with no move back in between (a person who left and came
  // back is counted before and after, not while away; one who left again, from then on).
  return sql`${row}.status <> 'merged' AND ${row}.created_at < ${afterVietnamDay(on)}
    AND (${row}.status <> 'dead' OR ${row}.died_on > ${on}::date)
    AND NOT EXISTS (SELECT 1 FROM life_events mo WHERE mo.resident_id = ${row}.id
      AND mo.kind = 'move_out' AND mo.occurred_on <= ${on}::date
      AND NOT EXISTS (SELECT 1 FROM life_events mi WHERE mi.resident_id = mo.resident_id
        AND mi.kind = 'move_in' AND mi.occurred_on <= ${on}::date
        AND (mi.occurred_on > mo.occurred_on OR (mi.occurred_on = mo.occurred_on AND mi.recorded_at > mo.recorded_at))))`;
}

/**
 * Residents (alias `r`) who transferred to another commune or moved to another hamlet after a day,
 * with the place they left by the first such move (its 'out' row's `unit_path`): where they lived on
 * the day. Moves are few, so this is a small set read once through the index on (kind, occurred_on).
 */
const placeBeforeTransfer = (on: SQL) =>
  sql`(SELECT DISTINCT ON (t.resident_id) t.resident_id, t.unit_path FROM life_events t
      WHERE t.kind IN ('transfer', 'hamlet_move') AND t.occurred_on > ${on}::date AND t.details->>'direction' = 'out'
      ORDER BY t.resident_id, t.occurred_on, t.recorded_at, t.id)`;

/**
 * The population of a day with each person's place *on that day* (docs/adr/0014): a relation
 * `(id, full_name, unit_path)` to put where the residents table would go
 * (`FROM ${residentsOnDay(day)} r WHERE r.unit_path <@ …`). A resident with no transfer after the day
 * (nearly all) is where the row says, read as the table itself so a filter on the place uses the
 * index; one transferred after the day is where that transfer took them from. So a transfer dated
 * today leaves last month's figures of the old commune as they were, and a transfer dated in the
 * past moves the person from that date.
 *
 * `among`: a condition on the residents row (alias `r`, the table's own columns) that picks a few of
 * them, applied inside both parts so that its index is used: children born in a month are thousands
 * among millions, and a filter put outside (after the UNION) reads the whole population first (T11 of
 * a province of 5 million, bench/immunization.ts).
 */
export function residentsOnDay(on: SQL, among: SQL = sql`true`): SQL {
  return sql`(SELECT r.id, r.full_name, r.unit_path FROM residents r
      WHERE ${residentOn('r', on)} AND (${among}) AND NOT EXISTS (SELECT 1 FROM life_events t
        WHERE t.resident_id = r.id AND t.kind IN ('transfer', 'hamlet_move') AND t.occurred_on > ${on}::date)
    UNION ALL
    SELECT r.id, r.full_name, p.unit_path FROM residents r JOIN ${placeBeforeTransfer(on)} p ON p.resident_id = r.id
      WHERE ${residentOn('r', on)} AND (${among}))`;
}

/**
 * A condition for `residentsOnDay`'s `among`: residents (alias `r`) born from `from` to `to`
 * (inclusive), with the birth year said too, so that the index on it narrows the read (the birth
 * date, when known, is in that year: a check constraint).
 */
export function bornBetween(from: SQL, to: SQL): SQL {
  return sql`r.birth_year BETWEEN extract(year FROM (${from})::date)::int AND extract(year FROM (${to})::date)::int
    AND r.birth_date BETWEEN (${from})::date AND (${to})::date`;
}
