import { sql } from 'drizzle-orm';
import { counter, type CounterContext, type CounterRegistry } from '../../core/counters.js';

const DOCTOR_TITLES = sql`('doctor','preventive_doctor','traditional_medicine_doctor')`;
const stationActive = (c: CounterContext) =>
  sql`f.kind = 'commune_station' AND (f.active_from IS NULL OR f.active_from <= ${c.asOf}::date)
      AND (f.active_to IS NULL OR f.active_to >= ${c.asOf}::date)`;
const staffActive = (c: CounterContext) =>
  sql`s.active_from <= ${c.asOf}::date AND (s.active_to IS NULL OR s.active_to >= ${c.asOf}::date)`;
const hamletExists = (c: CounterContext) =>
  sql`h.level = 'hamlet' AND (h.valid_from IS NULL OR h.valid_from <= ${c.asOf}::date)
      AND (h.valid_to IS NULL OR h.valid_to >= ${c.asOf}::date)`;

/**
 * The network's counters (targets T1, T2, T12). Stocks count what is in force on `asOf` by the
 * records' own dates (active from/to, valid from/to), so data for a later period never changes an
 * earlier period's number, while a late entry for a past date corrects it (as in DHIS2).
 */
export const networkCounters: CounterRegistry = {
  stations: counter(
    ['facilities'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, 1::numeric AS weight FROM facilities f WHERE ${stationActive(c)}`,
  ),
  stations_with_fulltime_doctor: counter(
    ['facilities', 'staff_members'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, 1::numeric AS weight FROM facilities f
        WHERE ${stationActive(c)} AND EXISTS (SELECT 1 FROM staff_members s WHERE s.facility_id = f.id
          AND s.title IN ${DOCTOR_TITLES} AND s.full_time AND ${staffActive(c)})`,
  ),
  hamlets: counter(
    ['admin_units'],
    (c) =>
      sql`SELECT h.id::text AS id, h.full_name AS label, h.path AS unit_path, 1::numeric AS weight FROM admin_units h WHERE ${hamletExists(c)}`,
  ),
  hamlets_with_trained_vhw: counter(
    ['admin_units', 'staff_members'],
    (c) =>
      sql`SELECT h.id::text AS id, h.full_name AS label, h.path AS unit_path, 1::numeric AS weight FROM admin_units h
        WHERE ${hamletExists(c)} AND EXISTS (SELECT 1 FROM staff_members s WHERE s.hamlet_id = h.id
          AND s.title = 'village_health_worker' AND s.trained AND ${staffActive(c)})`,
  ),
  grassroots_doctors: counter(
    ['staff_members', 'facilities'],
    (c) =>
      sql`SELECT s.id::text AS id, s.full_name AS label, s.unit_path, 1::numeric AS weight FROM staff_members s
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
