// The resources module's counters for the indicator catalogue (docs/adr/0010, 0021), all stocks read
// by the records' own dates so that a past period keeps its value:
// - beds per 10,000 (T12_BEDS): each active station's and health centre's beds on the day (its latest
//   bed record on or before it), over network's population;
// - stations in ethnic-minority communes (a commune listed on the day by a decision in force) and
//   those invested from the national target programme (a construction or renovation project from
//   `ntp_ethnic_minority` completed on or before the day);
// - health centres, and those equipped from the recovery programme (an equipment project from
//   `recovery_programme` completed on or before the day).
import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { facilitiesRelation, NETWORK_SOURCES } from '../network/index.js';

const active = (c: CounterContext, kinds: ReturnType<typeof sql>) =>
  sql`f.kind IN ${kinds} AND (f.active_from IS NULL OR f.active_from <= ${c.asOf}::date)
      AND (f.active_to IS NULL OR f.active_to >= ${c.asOf}::date)`;
const STATION = sql`('commune_station')`;
const CENTRE = sql`('health_centre')`;
const GRASSROOTS = sql`('commune_station','health_centre')`;

const inEthnicMinorityCommune = (c: CounterContext) =>
  sql`EXISTS (SELECT 1 FROM ethnic_minority_communes e WHERE e.unit_id = f.unit_id
        AND e.valid_from <= ${c.asOf}::date AND (e.valid_to IS NULL OR e.valid_to >= ${c.asOf}::date))`;
const investedBy = (c: CounterContext, source: string, kinds: ReturnType<typeof sql>) =>
  sql`EXISTS (SELECT 1 FROM investment_project_facilities pf JOIN investment_projects p ON p.id = pf.project_id
        WHERE pf.facility_id = f.id AND p.funding_source = ${source} AND p.kind IN ${kinds}
          AND p.completed_on <= ${c.asOf}::date)`;
const PROJECTS = ['investment_projects', 'investment_project_facilities'];

const facts = (weight = sql`1::numeric`) =>
  sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, ${weight} AS weight FROM ${facilitiesRelation} f`;

export const resourcesCounters: CounterRegistry = {
  resources_beds: counter(
    [...NETWORK_SOURCES.facilities, 'facility_beds'],
    (c) =>
      sql`SELECT f.id::text AS id, f.name AS label, f.unit_path, b.beds::numeric AS weight FROM ${facilitiesRelation} f
          JOIN LATERAL (SELECT b.beds FROM facility_beds b WHERE b.facility_id = f.id AND b.from_day <= ${c.asOf}::date
            ORDER BY b.from_day DESC LIMIT 1) b ON true
          WHERE ${active(c, GRASSROOTS)} AND b.beds > 0`,
  ),
  resources_em_stations: counter(
    [...NETWORK_SOURCES.facilities, 'ethnic_minority_communes'],
    (c) => sql`${facts()} WHERE ${active(c, STATION)} AND ${inEthnicMinorityCommune(c)}`,
  ),
  resources_em_stations_invested: counter(
    [...NETWORK_SOURCES.facilities, 'ethnic_minority_communes', ...PROJECTS],
    (c) =>
      sql`${facts()} WHERE ${active(c, STATION)} AND ${inEthnicMinorityCommune(c)}
            AND ${investedBy(c, 'ntp_ethnic_minority', sql`('construction','renovation')`)}`,
  ),
  resources_health_centres: counter(
    [...NETWORK_SOURCES.facilities],
    (c) => sql`${facts()} WHERE ${active(c, CENTRE)}`,
  ),
  resources_health_centres_equipped: counter(
    [...NETWORK_SOURCES.facilities, ...PROJECTS],
    (c) =>
      sql`${facts()} WHERE ${active(c, CENTRE)} AND ${investedBy(c, 'recovery_programme', sql`('equipment')`)}`,
  ),
};

/**
 * Where a write lands: a bed record at its facility's place; a commune's listing at the commune; a
 * project at each facility it invests in (its own row carries the owner's place, which may be the
 * province: the facilities' places are the ones counted).
 */
export const resourcesChangedPlaces: ChangedPlacesRegistry = {
  facility_beds: (since) => sql`SELECT unit_path FROM facility_beds WHERE change_seq > ${since}`,
  ethnic_minority_communes: (since) =>
    sql`SELECT unit_path FROM ethnic_minority_communes WHERE change_seq > ${since}`,
  investment_projects: (since) =>
    sql`SELECT pf.unit_path FROM investment_project_facilities pf JOIN investment_projects p ON p.id = pf.project_id
        WHERE p.change_seq > ${since}`,
  investment_project_facilities: (since) =>
    sql`SELECT unit_path FROM investment_project_facilities WHERE change_seq > ${since}`,
};
