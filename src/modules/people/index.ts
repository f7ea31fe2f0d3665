// The public face of the people module: other modules call these, never its tables.
export { getResident, searchResidents } from './residents.js';
export { getHousehold, listHouseholds } from './households.js';
export { coverage, listCards } from './cards.js';
export { getHealthRecord } from './records.js';
export { listLifeEvents, onTransfer, type TransferHook } from './events.js';
/** SQL conditions for indicators: insured on a day (T3) and health-managed on a day (T5). */
export { healthManagedOn, insuredOn, residentOn } from './shared.js';
/** Counters for the indicator catalogue (T3, T5). */
export { peopleCounters } from './counters.js';
/** For the visits module: the 831 examination part, residents by id, the card valid on a visit date. */
export {
  appendExamination,
  cardOn,
  patientsById,
  type CardOnDay,
  type PatientIdentity,
} from './examinations.js';
/** A foreign key to a resident for other modules' schemas. */
export { residentKey } from './schema.js';
