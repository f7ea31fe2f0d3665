// The public face of the familydoctor module (bác sĩ gia đình): practices, doctors, panels, and T10's counters.
export {
  addPracticeDoctor,
  closePractice,
  createPractice,
  listPractices,
  registerOnPanel,
} from './service.js';
/** Counters for the indicator catalogue: T10 (communes with an active family-doctor practice). */
export { familyDoctorChangedPlaces, familyDoctorCounters } from './counters.js';
