// The public face of the referral module (chuyển cơ sở khám bệnh, chữa bệnh; tư vấn từ xa): referral
// slips with the receiving facility's feedback, re-examination slips, teleconsultations, the
// working-day calendar, and what other modules read: the slips of visits (claims, XML13), the
// counters of the feedback indicator and the slips awaiting feedback (worklist).
export {
  createReExamination,
  createReferral,
  getReferral,
  listReferrals,
  receiveReferral,
  recordFeedback,
} from './service.js';
export {
  answerConsultation,
  closeConsultation,
  getConsultation,
  listConsultations,
  requestConsultation,
} from './teleconsult.js';
export { patientCoordination } from './record.js';
/** Working days and a slip's validity (pure), for tests and other modules. */
export { isWorkingDay, nthWorkingDay, oneYearFrom, validityOf, validityOn } from './calendar.js';
/** The calendar and the lists in reference/referral/ (loaded at migrate). */
export { loadReferralReference } from './reference.js';
/** For the claims module: the slip written at each visit (XML13). */
export { referralsForVisits, type VisitReferral } from './claims-export.js';
/** For register A1's referral column: the slip of each visit (at it, or by its station that day). */
export { referralsForRegister, type RegisterReferral, type RegisterVisit } from './register-a1.js';
/** Counters for the indicator catalogue: slips sent, and those returned with feedback. */
export { referralChangedPlaces, referralCounters } from './counters.js';
/** Slips without feedback (`referrals.feedback`), for the worklist module. */
export { referralDueItems } from './worklist.js';
export type {
  ConsultationInput,
  ConsultationOut,
  FeedbackInput,
  ReferralInput,
  ReferralOut,
} from './contracts.js';
