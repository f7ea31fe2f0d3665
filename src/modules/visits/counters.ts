import { sql } from 'drizzle-orm';
import { declaredOn } from './catalogues.js';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { facilitiesRelation, NETWORK_SOURCES, unitsRelation } from '../network/index.js';
import { placesOfResidents } from '../people/index.js';

const stationVisits = (c: CounterContext) =>
  sql`SELECT v.id::text AS id, v.visit_date::text AS label, v.unit_path, 1::numeric AS weight
      FROM visits v JOIN ${facilitiesRelation} f ON f.id = v.facility_id AND f.kind = 'commune_station'
      WHERE v.status = 'finished' AND v.visit_date BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;
const listedServices = (c: CounterContext) =>
  sql`c.kind = 'service' AND c.valid_from <= ${c.asOf}::date AND (c.valid_to IS NULL OR c.valid_to > ${c.asOf}::date)`;
const stationActive = (c: CounterContext) =>
  sql`f.kind = 'commune_station' AND (f.active_from IS NULL OR f.active_from <= ${c.asOf}::date)
      AND (f.active_to IS NULL OR f.active_to >= ${c.asOf}::date)`;

/**
 * The visits module's counters. T4: finished visits at commune stations in the period (a flow, by
 * visit date) and those paid by insurance (BHYT). T8: for each active station, the services on the
 * list valid on `asOf` and those the station had declared it can perform on that day (weights, one
 * row per station): a declaration or withdrawal never changes an earlier month.
 * Labels are dates and names, never the patient: the records behind T4 are visits.
 */
export const visitsCounters: CounterRegistry = {
  station_visits: counter(['visits', ...NETWORK_SOURCES.facilities], stationVisits),
  station_visits_paid_by_insurance: counter(
    ['visits', ...NETWORK_SOURCES.facilities],
    (c) => sql`${stationVisits(c)} AND v.payment_method = 'insurance'`,
  ),
  station_services_listed: counter(
    [...NETWORK_SOURCES.facilities, 'catalogue_items'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path,
          (SELECT count(*) FROM catalogue_items c WHERE ${listedServices(c)})::numeric AS weight
        FROM ${facilitiesRelation} f WHERE ${stationActive(c)}`,
  ),
  station_services_able: counter(
    [...NETWORK_SOURCES.facilities, 'catalogue_items', 'station_services'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path,
          (SELECT count(*) FROM catalogue_items c JOIN station_services s ON s.service_code = c.code AND s.facility_id = f.id
            AND ${declaredOn(sql`${c.asOf}::date`)} WHERE ${listedServices(c)})::numeric AS weight
        FROM ${facilitiesRelation} f WHERE ${stationActive(c)}`,
  ),
};

/**
 * Where a write to the visits module's tables may change the facts of a counter (core/counters.ts
 * `ChangedPlaces`): a visit's place and every place its patient is or was counted (the ncd module's
 * counters, T6 among them, count the patient where they live), a station's place for its declared services, and every unit tree's root
 * for a change to the list of services (it counts at every station).
 */
export const visitsChangedPlaces: ChangedPlacesRegistry = {
  visits: (since) =>
    sql`SELECT v.unit_path FROM visits v WHERE v.change_seq > ${since}
      UNION ${placesOfResidents(sql`SELECT v.resident_id FROM visits v WHERE v.change_seq > ${since}`)}`,
  station_services: (since) =>
    sql`SELECT f.unit_path FROM ${facilitiesRelation} f
      WHERE f.id IN (SELECT s.facility_id FROM station_services s WHERE s.change_seq > ${since})`,
  catalogue_items: (since) =>
    sql`SELECT u.path AS unit_path FROM ${unitsRelation} u WHERE u.parent_id IS NULL
      AND EXISTS (SELECT 1 FROM catalogue_items c WHERE c.kind = 'service' AND c.change_seq > ${since})`,
};
