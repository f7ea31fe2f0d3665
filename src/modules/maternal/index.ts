// The public face of the maternal module (sức khỏe bà mẹ): pregnancies, antenatal and postnatal
// contacts (visits of the visits module with their findings here), deliveries, register A3, the
// counters of the antenatal indicators and the due contacts of the worklist.
export {
  listPregnancies,
  recordAntenatal,
  recordOutcome,
  recordPostnatal,
  registerA3,
  registerA4,
  registerPregnancy,
} from './service.js';
/** Family planning (KHHGĐ) and register A5. */
export { listMethods, registerA5, startMethod, stopMethod } from './family-planning.js';
export { assessRisk, eddFromLmp, gestationOn, trimesterOf } from './rules.js';
/** Counters for the indicator catalogue: births, ≥ 4 antenatal contacts, first contact in the first trimester. */
export { maternalChangedPlaces, maternalCounters } from './counters.js';
/** Antenatal and postnatal contacts due (`maternal.antenatal`, `maternal.postnatal`), for the worklist module. */
export { maternalDueItems } from './worklist.js';
export type {
  PregnancyInput,
  PregnancyOut,
  AntenatalInput,
  OutcomeInput,
  PostnatalInput,
} from './contracts.js';
/** The bulk writer of the demo and imports. */
export {
  insertContactsBulk,
  insertFamilyPlanningBulk,
  insertPregnanciesBulk,
  type BulkContact,
  type BulkFamilyPlanning,
  type BulkPregnancy,
} from './bulk.js';
/** For the offline sync (docs/adr/0033): the scope's pregnancies under way by change sequence. */
export { syncPregnancies } from './sync.js';
