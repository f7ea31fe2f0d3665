// The public face of the people module: other modules call these, never its tables.
export { getResident, searchResidents } from './residents.js';
export { getHousehold, listHouseholds } from './households.js';
export { coverage, listCards } from './cards.js';
export { getHealthRecord } from './records.js';
export { listLifeEvents, onTransfer, type TransferHook } from './events.js';
/** SQL conditions for indicators: insured on a day (T3) and health-managed on a day (T5). */
export { healthManagedOn, insuredOn } from './shared.js';
