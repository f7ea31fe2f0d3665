// The public face of the criteria module (bộ tiêu chí quốc gia về y tế xã, Decision 1300/QĐ-BYT):
// the criteria versions' loader, the self-assessments for the demo, and T7's counters.
export {
  addEvidence,
  getAssessment,
  listAssessments,
  loadCriteriaFile,
  loadCriteriaReference,
  loadCriteriaSet,
  openAssessment,
  reviewAssessment,
  submitAssessment,
  updateAssessment,
  type IndicatorValuesReader,
} from './service.js';
export { scoreAssessment, validUntil } from './scoring.js';
export { criteriaFromRecords } from './file.js';
/** Counters for the indicator catalogue: T7 (communes meeting the national criteria). */
export { criteriaChangedPlaces, criteriaCounters } from './counters.js';
/** The shape of a criteria version (scripts/build-criteria.ts writes the shipped one with it). */
export { criteriaSetDefinition, type CriteriaSetDefinition, type PrefillKey } from './contracts.js';
/** The demo's and imports' bulk writer (reviewed assessments of past years). */
export { criteriaSetOn, insertAssessmentsBulk, type BulkAssessment } from './bulk.js';
