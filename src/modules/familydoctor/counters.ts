// The familydoctor module's counters for the indicator catalogue (docs/adr/0010, 0021): T10, communes
// with an active family-doctor practice: a practice open on the period's day (opened on or before it,
// not closed before it) with a doctor practising there on that day. A stock, by the rows' own dates.
import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { NETWORK_SOURCES, unitsRelation } from '../network/index.js';

const communesOn = (c: CounterContext) =>
  sql`u.map = 'post2025' AND u.level = 'commune'
      AND (u.valid_from IS NULL OR u.valid_from <= ${c.asOf}::date) AND (u.valid_to IS NULL OR u.valid_to >= ${c.asOf}::date)`;

export const familyDoctorCounters: CounterRegistry = {
  familydoctor_communes: counter(
    [...NETWORK_SOURCES.units],
    (c) =>
      sql`SELECT u.id::text AS id, u.full_name AS label, u.path AS unit_path, 1::numeric AS weight FROM ${unitsRelation} u WHERE ${communesOn(c)}`,
  ),
  familydoctor_communes_with_practice: counter(
    [...NETWORK_SOURCES.units, 'family_practices', 'family_practice_doctors'],
    (c) =>
      sql`SELECT u.id::text AS id, u.full_name AS label, u.path AS unit_path, 1::numeric AS weight FROM ${unitsRelation} u
          WHERE ${communesOn(c)} AND EXISTS (
            SELECT 1 FROM family_practices p JOIN family_practice_doctors d ON d.practice_id = p.id
            WHERE p.unit_id = u.id AND p.opened_on <= ${c.asOf}::date AND (p.closed_on IS NULL OR p.closed_on >= ${c.asOf}::date)
              AND d.from_day <= ${c.asOf}::date AND (d.to_day IS NULL OR d.to_day >= ${c.asOf}::date))`,
  ),
};

/** A practice and its doctors count at the practice's commune. */
export const familyDoctorChangedPlaces: ChangedPlacesRegistry = {
  family_practices: (since) =>
    sql`SELECT DISTINCT unit_path FROM family_practices WHERE change_seq > ${since}`,
  family_practice_doctors: (since) =>
    sql`SELECT DISTINCT p.unit_path FROM family_practice_doctors d JOIN family_practices p ON p.id = d.practice_id WHERE d.change_seq > ${since}`,
};
