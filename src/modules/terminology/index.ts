// The public face of the terminology module (danh mục dùng chung): the versioned code lists and ICD-10.
// Other modules call these and join the published relations, never the tables behind them.
export {
  codesValidOn,
  isValidCode,
  loadReferenceCodes,
  loadedChecksum,
  parseCodeCsv,
  recordDatasetLoad,
} from './service.js';
export { codeValueOut, type CodeValue } from './contracts.js';
/** Reference files of dated versions (a module's rules as JSON), parsed, checked and loaded when changed. */
export { loadVersionedFile, parseVersionedFile, type DatedVersion } from './versioned-files.js';
/**
 * ICD-10 (mã bệnh): the list loaded from reference/icd10/icd10.csv, the Vietnamese titles merged in,
 * the titles of codes valid on a day (checking a visit's diagnoses) and the diagnosis picker's search.
 */
export {
  ICD10_CODE_PATTERN,
  ICD10_SYSTEM,
  ICD10_VALID_FROM,
  icd10Titles,
  importIcd10Vietnamese,
  loadIcd10,
  parseIcd10Csv,
  searchIcd10,
  type Icd10Row,
  type Icd10Title,
} from './icd10.js';
/** Plausibility rules (reference/codes/plausibility-rule.csv) for the modules that write records. */
export { checkPlausible, PLAUSIBILITY_SYSTEM, plausibilityRules } from './plausibility.js';
/** The code lists for other modules' SQL, and the tables behind them. */
export { codeDisplayVi, codeValuesRelation, TERMINOLOGY_SOURCES } from './relations.js';
