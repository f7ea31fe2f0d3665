// The public face of the resources module (cơ sở vật chất, trang thiết bị, đầu tư): buildings, beds,
// the equipment list and inventories, investment projects and ethnic-minority communes, for the demo
// and the CLI; and the counters of T12_BEDS and the investment targets.
export { bedsHistory, buildingHistory, recordBeds, recordBuilding } from './buildings.js';
export {
  equipmentListOn,
  equipmentStatus,
  inventory,
  loadEquipmentList,
  parseEquipmentRows,
  recordInventory,
} from './equipment.js';
export {
  addDisbursement,
  completeMilestone,
  createProject,
  getProject,
  listEthnicMinorityCommunes,
  listProjects,
  loadEthnicMinorityCommunes,
  setProjectStatus,
} from './investment.js';
/** The shipped code lists and equipment list (loaded at start). */
export { loadResourcesReference } from './reference.js';
/** Counters for the indicator catalogue: beds per 10,000 (T12_BEDS) and the investment targets. */
export { resourcesChangedPlaces, resourcesCounters } from './counters.js';
