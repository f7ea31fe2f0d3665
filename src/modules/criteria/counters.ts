// The criteria module's counters for the indicator catalogue (docs/adr/0010, 0021): T7, communes
// meeting the national commune health criteria. A stock on the period's day: a commune counts when
// its latest assessment approved on or before that day met the criteria and its approval still stands
// (valid_until on or after the day). The approval's day is the review's, never a later one, so a
// past period never changes with a later approval.
import { sql } from 'drizzle-orm';
import { counter, type ChangedPlacesRegistry, type CounterRegistry } from '../../core/counters.js';
import { NETWORK_SOURCES, unitsRelation } from '../network/index.js';

const ASSESSMENTS = ['criteria_assessments'];

export const criteriaCounters: CounterRegistry = {
  /** Communes (xã, phường, đặc khu) of the current map in force on the day. */
  criteria_communes: counter(
    [...NETWORK_SOURCES.units],
    (c) =>
      sql`SELECT u.id::text AS id, u.full_name AS label, u.path AS unit_path, 1::numeric AS weight FROM ${unitsRelation} u
          WHERE u.map = 'post2025' AND u.level = 'commune'
            AND (u.valid_from IS NULL OR u.valid_from <= ${c.asOf}::date) AND (u.valid_to IS NULL OR u.valid_to >= ${c.asOf}::date)`,
  ),
  /** Communes whose latest approved assessment on the day met the criteria and still stands. */
  criteria_communes_meeting: counter(
    [...NETWORK_SOURCES.units, ...ASSESSMENTS],
    (c) =>
      sql`SELECT u.id::text AS id, u.full_name AS label, u.path AS unit_path, 1::numeric AS weight FROM ${unitsRelation} u
          JOIN (SELECT DISTINCT ON (a.unit_id) a.unit_id, a.passed, a.valid_until FROM criteria_assessments a
                WHERE a.status = 'approved' AND a.approved_on <= ${c.asOf}::date
                ORDER BY a.unit_id, a.approved_on DESC, a.year DESC) a ON a.unit_id = u.id
          WHERE u.map = 'post2025' AND u.level = 'commune'
            AND (u.valid_from IS NULL OR u.valid_from <= ${c.asOf}::date) AND (u.valid_to IS NULL OR u.valid_to >= ${c.asOf}::date)
            AND a.passed AND a.valid_until >= ${c.asOf}::date`,
  ),
};

/** An assessment counts at its commune (its row keeps the commune's path). */
export const criteriaChangedPlaces: ChangedPlacesRegistry = {
  criteria_assessments: (since) =>
    sql`SELECT DISTINCT unit_path FROM criteria_assessments WHERE change_seq > ${since}`,
};
