// The public face of the network module: other modules call these, never its tables.
export { findUnit, getUnit, listUnits, countUnits, type UnitRow } from './units.js';
export { getFacility, listFacilities } from './facilities.js';
export { listStaff } from './staff.js';
export { networkCounters } from './counters.js';
/** Foreign keys to units, facilities and staff for other modules' schemas. */
export { facilityKey, staffKey, unitKey } from './schema.js';
/** Relations for other modules' SQL (units, facilities, staff) and the tables behind them. */
export { facilitiesRelation, NETWORK_SOURCES, staffRelation, unitsRelation } from './relations.js';
