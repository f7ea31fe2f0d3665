// The public face of the indicators module (chỉ tiêu): the one catalogue and its values per unit and
// period (docs/adr/0010, 0015). The start loads the catalogue; the CLI and the benches rebuild and
// read the stored values. The counters behind the numbers are the other modules' (each publishes its
// own in its index.ts; registry.ts groups them). With claims the highest module: no module imports it.
export {
  indicatorTrend,
  indicatorValues,
  listIndicators,
  loadCatalogue,
  rebuildIndicators,
} from './service.js';
export { previousMonths } from './periods.js';
/** Keeping the stored values current as data is written: one pass, or a refresher in the background. */
export { keepIndicatorsCurrent, startIndicatorRefresher, type RefreshPass } from './refresher.js';
export type { IndicatorDefinition, IndicatorValue, IndicatorValues } from './contracts.js';
/** Pieces of the summary report for other reports (plans' reviews): the period, names, numbers and targets as written. */
export { periodLabel } from './report.js';
export { meets } from './status-contracts.js';
export { formatIndicatorNumber, indicatorName, valueWithUnit } from './wording-contracts.js';
