// The public face of the visits module: other modules (claims, indicators, the demo) call these, never its tables.
//
// For the claims module (XML 130 export, register A1):
// - visitForClaim(db, actor, visitId): Promise<VisitOut>
//     one FINISHED visit, current version: patient identity, card used (snapshot), diagnoses (main +
//     others, with titles), services, supplies, prescriptions with quantities, unit prices, amounts and
//     insurer / patient shares, payment totals. 404 outside the actor's area, 409 for a draft. Audited.
// - visitsForMonth(db, actor, { facilityId, month: 'YYYY-MM' }): Promise<VisitOut[]>
//     every finished visit of the facility in the month (by visit date), ordered by date then id. Audited
//     as one list with the ids.
// Amounts are VND; for every line amount = insurerAmount + patientAmount, and the payment totals are
// the sums of the lines.
export { createVisit, getVisit, listVisits, visitForClaim, visitsForMonth } from './visits.js';
/** For the FHIR API (issue 19): a new version of a visit, and one version as it was written. */
export { getVisitVersion, updateVisit } from './visits.js';
export { visitUpdate, type VisitDetail, type VisitVersionOut } from './contracts.js';
/** Payment rules in force on a day, and the pure computation of the shares (for tests and claims). */
export { computePayment, paymentRulesOn, type PaymentRules } from './payment.js';
/**
 * Catalogue items valid on a day (by kind), and the T8 counts of a station; importing a price list
 * (`ytcs catalogue import`) and the demo catalogue (the demo, tests and benches).
 */
export {
  catalogueOn,
  importCatalogue,
  importDemoCatalogue,
  parseCatalogueFile,
  stationServices,
} from './catalogues.js';
/** Counters for the indicators: station visits and those paid by insurance (T4), services listed/able (T8). */
export { visitsChangedPlaces, visitsCounters } from './counters.js';
/** The input of a visit (the benches write visits through the service). */
export { visitInput } from './contracts.js';
export type {
  CatalogueItemOut,
  DiagnosisOut,
  PaymentOut,
  PrescriptionLineOut,
  ServiceLineOut,
  SupplyLineOut,
  VisitCard,
  VisitInput,
  VisitInputParsed,
  VisitOut,
  VisitPatient,
  VisitSummary,
} from './contracts.js';
/** The bulk writer of the demo (declared services, visits and their versions), and what a generator of
 * visits computes as the service does (amounts to the cent, BMI). */
export {
  countVisitsUnder,
  insertVisitsBulk,
  type BulkStationService,
  type BulkVisit,
  type BulkVisitVersion,
  type VisitsBulk,
} from './bulk.js';
export { round2 } from './payment.js';
export { bmiOf, measuresOf } from './visits.js';
/** Finished visits with their measures, for other modules' SQL (ncd), and the tables behind them. */
export { finishedVisitsRelation, visitResidentsChangedSince, VISITS_SOURCES } from './relations.js';
/** The worklist's re-examinations due (hẹn tái khám; src/core/worklist.ts). */
export { visitsDueItems } from './worklist.js';
