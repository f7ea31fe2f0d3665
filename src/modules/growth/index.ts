// The public face of the growth module (theo dõi tăng trưởng trẻ em): WHO z-scores, children's
// measurements, the growth standards' loader, and the counters of the nutrition indicators.
export { loadGrowthStandards, growthStandards } from './standards.js';
export { computeZScores, recordMeasurement, childGrowth, nutritionList, referenceCurves } from './service.js';
export { anthroZScores, ageInDays, GrowthStandards, type AnthroInput, type AnthroResult } from './zscores.js';
export { readLmsFile } from './reference.js';
export { classify, nutritionRules, type NutritionRule } from './nutrition.js';
/** Counters for the indicator catalogue: underweight, stunting, wasting under 5. */
export { growthChangedPlaces, growthCounters } from './counters.js';
/** The bulk writer of the demo and imports (scores as the service does), and the LMS curve helper. */
export { insertMeasurementsBulk, type BulkMeasurement } from './bulk.js';
export { valueAt, DAYS_PER_MONTH, HEIGHT_FROM_DAYS } from './zscores.js';
/** For the offline sync (docs/adr/0033): the measurements of the scope's children under five by change sequence. */
export { syncMeasurements } from './sync.js';
