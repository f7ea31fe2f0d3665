import { sql } from 'drizzle-orm';
import { counter, type CounterContext, type CounterRegistry } from '../indicators/counters.js';

const stationVisits = (c: CounterContext) =>
  sql`SELECT v.id::text AS id, v.visit_date::text AS label, v.unit_path, 1::numeric AS weight
      FROM visits v JOIN facilities f ON f.id = v.facility_id AND f.kind = 'commune_station'
      WHERE v.status = 'finished' AND v.visit_date BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;
const listedServices = (c: CounterContext) =>
  sql`c.kind = 'service' AND c.valid_from <= ${c.asOf}::date AND (c.valid_to IS NULL OR c.valid_to > ${c.asOf}::date)`;
const stationActive = (c: CounterContext) =>
  sql`f.kind = 'commune_station' AND (f.active_from IS NULL OR f.active_from <= ${c.asOf}::date)
      AND (f.active_to IS NULL OR f.active_to >= ${c.asOf}::date)`;

/**
 * The visits module's counters. T4: finished visits at commune stations in the period (a flow, by
 * visit date) and those paid by insurance (BHYT). T8: for each active station, the services on the
 * list valid on `asOf` and those the station declared it can perform (weights, one row per station).
 * Labels are dates and names, never the patient: the records behind T4 are visits.
 */
export const visitsCounters: CounterRegistry = {
  station_visits: counter(['visits', 'facilities'], stationVisits),
  station_visits_paid_by_insurance: counter(
    ['visits', 'facilities'],
    (c) => sql`${stationVisits(c)} AND v.payment_method = 'insurance'`,
  ),
  station_services_listed: counter(
    ['facilities', 'catalogue_items'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path,
          (SELECT count(*) FROM catalogue_items c WHERE ${listedServices(c)})::numeric AS weight
        FROM facilities f WHERE ${stationActive(c)}`,
  ),
  station_services_able: counter(
    ['facilities', 'catalogue_items', 'station_services'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path,
          (SELECT count(*) FROM catalogue_items c JOIN station_services s ON s.service_code = c.code AND s.facility_id = f.id
            WHERE ${listedServices(c)})::numeric AS weight
        FROM facilities f WHERE ${stationActive(c)}`,
  ),
};
