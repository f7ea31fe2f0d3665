export {
  codesValidOn,
  isValidCode,
  loadReferenceCodes,
  loadedChecksum,
  parseCodeCsv,
  recordDatasetLoad,
} from './service.js';
export type { CodeValue } from './contracts.js';
/** The code lists for other modules' SQL, and the tables behind them. */
export { codeDisplayVi, codeValuesRelation, TERMINOLOGY_SOURCES } from './relations.js';
