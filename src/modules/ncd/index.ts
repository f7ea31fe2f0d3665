// The public face of the ncd module (quản lý bệnh không lây nhiễm, issue 14): other modules, the demo,
// the CLI and the benches call these, never its tables.
/** Registries and plans; the cohort; the overdue list and calls; high risk; the programme card. */
export { createEnrolment, getEnrolment, listEnrolments, setPlan, updateEnrolment } from './enrolments.js';
export { cohort, cohortCounts, cohortPatients, quarterlyCohort } from './cohort.js';
export { callSummary, highRiskList, listCalls, overdueList, programmeCard, recordCall } from './overdue.js';
/** The programme's definitions (reference/ncd/*.json), loaded at migrate. */
export { loadNcdDefinitions } from './definitions.js';
/** The statuses as SQL relations (the one implementation; docs/adr/0024). */
export { controlStatus, followUps, highRiskOn } from './status.js';
/** Counters for the indicator catalogue (cohort buckets, calls, T6) and where writes land. */
export { ncdChangedPlaces, ncdCounters } from './counters.js';
/** The worklist's due items: `ncd.follow_up`, `ncd.yearly_check` (src/core/worklist.ts). */
export { ncdDueItems } from './worklist.js';
/** The demo's bulk writer. */
export { insertNcdBulk, type BulkEnrolment, type BulkCall, type NcdBulk } from './bulk.js';
/** For the offline sync (docs/adr/0033): the scope's open enrolments by change sequence. */
export { syncEnrolments } from './sync.js';
