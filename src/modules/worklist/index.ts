// The public face of the worklist module (danh sách việc cần làm): the list of a commune or hamlet,
// and the registry of every module's due items (for tests and benches).
export {
  worklist,
  dueChangedSince,
  sourcesFor,
  dueRows,
  DUE_COLUMNS,
  CHANGED_PEOPLE_MAX,
} from './service.js';
export { DUE_ITEMS, SUPERSEDES } from './sources.js';
export type { WorklistItem, WorklistOut, WorklistQuery } from './contracts.js';
