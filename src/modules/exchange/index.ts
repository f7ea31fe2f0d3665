// The public face of the exchange module (trao đổi số liệu tổng hợp, docs/adr/0034): the start loads
// the mapping lists; the exports and the import mapping are HTTP only (routes.ts). It reads the
// indicators' values through indicators' index.ts; no module imports it.
export { loadExchangeMappings, mappingOn, type Mapping } from './mapping.js';
/** For the FHIR API (issue 19): one indicator's value for a unit and month as a MeasureReport (mADX). */
export {
  INDICATOR_SYSTEM,
  MEASURE_BASE,
  toMeasureReport,
  UNIT_CODE_SYSTEM,
  type ExportRow,
} from './formats.js';
