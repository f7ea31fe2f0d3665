// The public face of the people module: other modules call these, never its tables.
export { getResident } from './residents/service.js';
/** For the FHIR API (issue 19): registration and identity changes through the same service, and their shapes. */
export { createResident, getResidentJson, getResidentsJson, updateResident } from './residents/service.js';
/** Every version of a resident's identity, newest first (FHIR Patient history and vread). */
export { residentVersions } from './residents/service.js';
/** Decree 13/2023: a resident's contact details erased, in the record and its past versions (privacy). */
export { eraseContactDetails } from './residents/service.js';
export {
  phone,
  residentInput,
  residentPatch,
  type ResidentFound,
  type ResidentOut,
} from './residents/contracts.js';
export type { HouseholdDetail } from './households/contracts.js';
export { insuranceCardInput, type InsuranceCardOut } from './cards/contracts.js';
export { searchResidents, SEARCH_BOUND } from './residents/search.js';
export { getHousehold, listHouseholds } from './households/service.js';
export { addCard, getCard, listCards } from './cards/service.js';
export { coverage } from './coverage/service.js';
export { getHealthRecord } from './records/service.js';
export { listLifeEvents } from './events/service.js';
/** For the maternal module: a live birth registers the child (linked to the mother, her household, an 831 record). */
export { registerBirth } from './events/service.js';
export type { BirthInput } from './events/contracts.js';
export { onTransfer, type TransferHook } from './events/transfers.js';
/**
 * SQL for indicators: the population of a day with each person's place on that day (`residentsOnDay`),
 * in the population on a day, insured on a day (T3) and health-managed on a day (T5).
 */
export { bornBetween, healthManagedOn, insuredOn, residentOn, residentsOnDay } from './population.js';
/** Residents for other modules' SQL, and the tables behind them for counters' sources. */
export { healthHistoryOf, PEOPLE_SOURCES, residentsChangedSince, residentsRelation } from './relations.js';
/** Counters for the indicator catalogue (T3, T5). */
export { peopleChangedPlaces, peopleCounters, placesOfResidents } from './counters.js';
/** For the visits module: the 831 examination part, residents by id, the card valid on a visit date. */
export { appendExamination } from './records/examinations.js';
/** For the immunization module: the 831 record's vaccinations part kept in step with its doses. */
export { syncProgrammeVaccinations, type ProgrammeDose } from './records/vaccinations.js';
export { patientsById, type PatientIdentity } from './residents/patients.js';
export { cardOn, type CardOnDay } from './cards/service.js';
/**
 * For the offline sync (docs/adr/0033): the scope's rows by change sequence, who left it, a
 * resident's administrative fields as a device's edit is merged into them (through `updateResident`),
 * and a household registered on a device (`createHousehold`).
 */
export { createHousehold, updateHousehold } from './households/service.js';
export {
  residentFieldsForSync,
  syncCards,
  syncHouseholds,
  syncResidentExits,
  syncResidents,
  SYNC_RESIDENT_FIELDS,
  type SyncRange,
  type SyncResidentField,
  type SyncRow,
} from './sync.js';
/** Import of households and residents from a file (the CLI's `ytcs people import`). */
export { importPeople, type ImportResult } from './import/service.js';
/** A foreign key to a resident for other modules' schemas. */
export { residentKey } from './residents/schema.js';
/** The bulk writer of the demo (people's own tables, in the caller's transaction) and its set reads. */
export {
  cardsUnder,
  insertPeopleBulk,
  livingCoverage,
  livingResidentsUnder,
  lockPeopleForBulk,
  type BulkCard,
  type BulkHealthRecord,
  type BulkHealthRecordVersion,
  type BulkHousehold,
  type BulkLifeEvent,
  type BulkResident,
  type LivingResident,
  type PeopleBulk,
  type PeopleBulkOptions,
  type ResidentCard,
} from './bulk.js';
/** Personal IDs and card codes as the demo makes and checks them, and the 831 document's shape. */
export { centurySexDigit, checkPersonalId, ID_PROVINCES, parseInsuranceCode } from './identity.js';
export { healthRecordDocument, type HealthRecordDocument, type HistoryPart } from './records/contracts.js';
/** For other modules' tests only: put registrations and 831 versions on a story's past dates. */
export { backdateRecordVersions, backdateRegistration } from './testing.js';
