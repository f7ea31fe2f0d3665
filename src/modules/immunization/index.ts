// The public face of the immunization module: other modules (indicators, the worklist, the demo) call
// these, never its tables.
/** Counters for the indicator catalogue (T11, coverage by the first birthday, DTP drop-out) and where writes land. */
export { immunizationChangedPlaces, immunizationCounters, IMMUNIZATION_SOURCES } from './counters.js';
/** Due doses for the worklist (kind `immunization.dose`). */
export { immunizationDueItems } from './worklist.js';
/** The shipped schedule, loaded at start when it changed (bootstrap). */
export { loadShippedSchedule, scheduleInForce } from './schedule.js';
/** The pure forecast (benches, other tools) and the child's card (the 831 record's vaccination part). */
export { forecast, meetsRule, ScheduleIndex, type Forecast, type DoseForecast } from './forecast.js';
export { childCard, provinceOf } from './service.js';
/** For the FHIR API (issue 19): one dose by its id, as the child's card shows it. */
export { getVaccination } from './service.js';
/** For the offline sync (docs/adr/0033): doses recorded on a device, through the same checks. */
export { recordDoses } from './service.js';
export type { VaccinationOut } from './contracts.js';
/** The demo's bulk writer: doses as given, then the forecasts of the children. */
export { insertVaccinationRows, refreshForecasts } from './service.js';
export type { CardOut, ForecastOut, SessionListOut } from './contracts.js';
/** The columns of a schedule file (scripts/build-immunization-schedule.ts writes the shipped one). */
export { SCHEDULE_COLUMNS, parseSchedule, readScheduleCsv } from './schedule-file.js';
/** Ages as the schedule writes them, added to a date (the demo plans doses with them). */
export { addAge } from './ages.js';
export type { ScheduleDose as ScheduleDoseRow } from './forecast.js';
/** The session day's list (benches). */
export { sessionList } from './session.js';
/** A person's doses against one antigen (maternal: tetanus protection in pregnancy). */
export {
  ANTIGEN_DOSES_SOURCES,
  antigenDoses,
  antigenDosesRelation,
  type AntigenDose,
} from './antigen-doses.js';
/** A province's list of vaccine lots: the loader (the demo creates its lots through it) and one lot. */
export { importLots, addLot, listLots, provincePathOf } from './lots.js';
/** Vial use and wastage of a session day (pure parts: benches, other tools). */
export { wastageRate } from './vials.js';
/** For the offline sync (docs/adr/0033): the scope's doses and stored forecasts by change sequence. */
export { syncForecasts, syncVaccinations } from './sync.js';
