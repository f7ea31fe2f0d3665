import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';

const DOCTOR_TITLES = sql`('doctor','preventive_doctor','traditional_medicine_doctor')`;
const stationActive = (c: CounterContext) =>
  sql`f.kind = 'commune_station' AND (f.active_from IS NULL OR f.active_from <= ${c.asOf}::date)
      AND (f.active_to IS NULL OR f.active_to >= ${c.asOf}::date)`;
/**
 * Staff members with their post *on the day* (alias-free relation: id, full_name, title, facility_id,
 * hamlet_id, unit_path, full_time, trained, active_from, active_to): the row's post, unless the post
 * changed after the day, in which case the values the first such change replaced. Staff are
 * thousands, so one left join over the few changes after the day.
 */
export const staffOnDay = (day: string) =>
  sql`(SELECT s.id, s.full_name, s.active_from, s.active_to,
        CASE WHEN p.staff_id IS NULL THEN s.title ELSE p.title END AS title,
        CASE WHEN p.staff_id IS NULL THEN s.facility_id ELSE p.facility_id END AS facility_id,
        CASE WHEN p.staff_id IS NULL THEN s.hamlet_id ELSE p.hamlet_id END AS hamlet_id,
        CASE WHEN p.staff_id IS NULL THEN s.unit_path ELSE p.unit_path END AS unit_path,
        CASE WHEN p.staff_id IS NULL THEN s.full_time ELSE p.full_time END AS full_time,
        CASE WHEN p.staff_id IS NULL THEN s.trained ELSE p.trained END AS trained
      FROM staff_members s LEFT JOIN (SELECT DISTINCT ON (p.staff_id) p.* FROM staff_post_changes p
        WHERE p.changed_on > ${day}::date ORDER BY p.staff_id, p.changed_on, p.change_seq) p ON p.staff_id = s.id)`;
const staffOn = (c: CounterContext) => staffOnDay(c.asOf);
const STAFF = ['staff_members', 'staff_post_changes'];
const staffActive = (c: CounterContext) =>
  sql`s.active_from <= ${c.asOf}::date AND (s.active_to IS NULL OR s.active_to >= ${c.asOf}::date)`;
const hamletExists = (c: CounterContext) =>
  sql`h.level = 'hamlet' AND (h.valid_from IS NULL OR h.valid_from <= ${c.asOf}::date)
      AND (h.valid_to IS NULL OR h.valid_to >= ${c.asOf}::date)`;

/**
 * The network's counters (targets T1, T2, T12). Stocks count what is in force on `asOf` by the
 * records' own dates (active from/to, valid from/to) and each staff member's post as it was on that
 * day, so data for a later period never changes an earlier period's number, while a late entry for a
 * past date corrects it (as in DHIS2).
 */
export const networkCounters: CounterRegistry = {
  stations: counter(
    ['facilities'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, 1::numeric AS weight FROM facilities f WHERE ${stationActive(c)}`,
  ),
  stations_with_fulltime_doctor: counter(
    ['facilities', ...STAFF],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, 1::numeric AS weight FROM facilities f
        WHERE ${stationActive(c)} AND EXISTS (SELECT 1 FROM ${staffOn(c)} s WHERE s.facility_id = f.id
          AND s.title IN ${DOCTOR_TITLES} AND s.full_time AND ${staffActive(c)})`,
  ),
  hamlets: counter(
    ['admin_units'],
    (c) =>
      sql`SELECT h.id::text AS id, h.full_name AS label, h.path AS unit_path, 1::numeric AS weight FROM admin_units h WHERE ${hamletExists(c)}`,
  ),
  hamlets_with_trained_vhw: counter(
    ['admin_units', ...STAFF],
    (c) =>
      sql`SELECT h.id::text AS id, h.full_name AS label, h.path AS unit_path, 1::numeric AS weight FROM admin_units h
        WHERE ${hamletExists(c)} AND EXISTS (SELECT 1 FROM ${staffOn(c)} s WHERE s.hamlet_id = h.id
          AND s.title = 'village_health_worker' AND s.trained AND ${staffActive(c)})`,
  ),
  grassroots_doctors: counter(
    [...STAFF, 'facilities'],
    (c) =>
      sql`SELECT s.id::text AS id, s.full_name AS label, s.unit_path, 1::numeric AS weight FROM ${staffOn(c)} s
        JOIN facilities f ON f.id = s.facility_id AND f.kind IN ('commune_station','health_centre')
        WHERE s.title IN ${DOCTOR_TITLES} AND ${staffActive(c)}`,
  ),
  /** Population of the communes from the administrative figures (until residents are registered). */
  population: counter(
    ['admin_units'],
    () =>
      sql`SELECT u.id::text AS id, u.full_name AS label, u.path AS unit_path, u.population::numeric AS weight FROM admin_units u
        WHERE u.map = 'post2025' AND u.level = 'commune' AND u.population IS NOT NULL`,
  ),
};

/**
 * Where a write to the network's tables may change the facts of its counters (core/counters.ts
 * `ChangedPlaces`): a unit's own path, a facility's place, a staff member's place now and in the post
 * a later change replaced (each post change keeps the place it left).
 */
export const networkChangedPlaces: ChangedPlacesRegistry = {
  admin_units: (since) => sql`SELECT u.path AS unit_path FROM admin_units u WHERE u.change_seq > ${since}`,
  facilities: (since) => sql`SELECT f.unit_path FROM facilities f WHERE f.change_seq > ${since}`,
  staff_members: (since) =>
    sql`SELECT s.unit_path FROM staff_members s WHERE s.change_seq > ${since}
        UNION SELECT p.unit_path FROM staff_post_changes p
          WHERE p.staff_id IN (SELECT s.id FROM staff_members s WHERE s.change_seq > ${since})`,
  staff_post_changes: (since) =>
    sql`SELECT p.unit_path FROM staff_post_changes p WHERE p.change_seq > ${since}
        UNION SELECT s.unit_path FROM staff_members s
          WHERE s.id IN (SELECT p.staff_id FROM staff_post_changes p WHERE p.change_seq > ${since})`,
};
