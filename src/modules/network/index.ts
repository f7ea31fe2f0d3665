// The public face of the network module: other modules call these, never its tables.
export {
  countUnits,
  createHamlet,
  findUnit,
  getUnit,
  listUnits,
  loadUnits,
  unitInArea,
  type AreaUnit,
  type UnitRow,
} from './units.js';
/** The reference units shipped in reference/units (loaded at start). */
export { loadReferenceUnits, type Progress } from './reference.js';
/** A unit's code as other modules' routes accept it; the hamlet types; the shapes of a facility. */
export { HAMLET_TYPES, unitCode, type FacilityOut } from './contracts.js';
export { getFacility, listFacilities } from './facilities.js';
export { getStaff, listStaff } from './staff.js';
export type { StaffOut, UnitOut } from './contracts.js';
/** For the claims: the practising-certificate number in force for a staff member on a day. */
export { certificatesOn } from './workforce.js';
export { networkChangedPlaces, networkCounters } from './counters.js';
/** Foreign keys to units, facilities and staff for other modules' schemas. */
export { facilityKey, staffKey, unitKey } from './schema.js';
/** Relations for other modules' SQL (units, facilities, staff) and the tables behind them. */
export { facilitiesRelation, NETWORK_SOURCES, staffRelation, unitsRelation } from './relations.js';
/** The bulk writer of the demo and imports (hamlets, facilities, station hamlets, staff) and its reads. */
export {
  communeOrigins,
  insertNetworkBulk,
  lockNetworkForBulk,
  type BulkCertificate,
  type BulkFacility,
  type BulkHamlet,
  type BulkPosition,
  type BulkStaffMember,
  type BulkStationHamlet,
  type CommuneOrigin,
  type NetworkBulk,
  type NetworkBulkCounts,
} from './bulk.js';
/**
 * Administrative-unit sources as ytcs reads them (`ytcs units import`: the GSO list, thanglequoc JSON; the
 * shipped reference/units files), and the plumbing scripts/unit-sources.ts builds those files with.
 */
export {
  MAPPING_CSV_COLUMNS,
  mappingFromCsv,
  parseGsoCsv,
  parseThanglequocPost2025,
  parseThanglequocPre2025,
  splitUnitType,
  UNIT_CSV_COLUMNS,
  unitsFromCsv,
  unitSourceKit,
  type MapVersion,
  type UnitLevel,
  type UnitMappingRecord,
  type UnitRecord,
} from './unit-sources.js';
