/**
 * What the network module publishes for other modules' SQL (docs/adr/0020-module-boundaries.md):
 * relations with the columns others may read, as drizzle fragments to put where a table would go
 * (`JOIN ${facilitiesRelation} f ON f.id = v.facility_id`). PostgreSQL pulls such a sub-select up
 * into the query, so a join through it plans and runs as the join on the table did; the network
 * module can change its tables behind it. `NETWORK_SOURCES` names the tables behind each relation,
 * for the `sources` of an indicator counter that reads it (the stored values go stale on their writes).
 */
import { sql } from 'drizzle-orm';

/** Administrative units of both maps (đơn vị hành chính): country, province, district, commune, hamlet. */
export const unitsRelation =
  sql.raw(`(SELECT id, map, code, level, parent_id, path, unit_type, unit_type_en, name,
  full_name, name_en, full_name_en, population, area_km2, valid_from, valid_to FROM admin_units)`);

/** Health facilities (cơ sở y tế): commune stations, health centres and others, with their unit. */
export const facilitiesRelation = sql.raw(`(SELECT id, code, name, kind, station_model, unit_id, unit_path,
  parent_facility_id, address, phone, active_from, active_to FROM facilities)`);

/** Staff members (nhân viên y tế) of facilities, and village health workers of hamlets. */
export const staffRelation = sql.raw(`(SELECT id, full_name, sex, title, facility_id, hamlet_id, unit_path,
  full_time, trained, active_from, active_to FROM staff_members)`);

/** The tables behind each relation, for indicator counters' `sources`. */
export const NETWORK_SOURCES = {
  units: ['admin_units'],
  facilities: ['facilities'],
  staff: ['staff_members'],
} as const;
