/**
 * Input and output shapes of the ncd module (quản lý bệnh không lây nhiễm, Decision 5904/QĐ-BYT):
 * registries per condition, treatment plans, control status by month (Simple/HEARTS definitions), the
 * overdue list and its calls, people at high risk (T6) and the patient's programme card. Shared with
 * the web app: no database or server code here.
 *
 * Routes (all under /api/v1, JSON; errors problem+json):
 *   POST  /ncd/enrolments                         enrolmentInput → enrolmentOut (201)          person.write
 *   GET   /ncd/enrolments?unit=&condition=&status=&q=&limit=&offset=  → enrolmentPage        person.read
 *   GET   /ncd/enrolments/:id                     → enrolmentOut                                person.read
 *   PATCH /ncd/enrolments/:id                     enrolmentUpdate → enrolmentOut                person.write
 *   PUT   /ncd/enrolments/:id/plan                treatmentPlanInput → enrolmentOut             person.write
 *   GET   /ncd/cohort?unit=&period=YYYY-MM&condition=&trend=18  → cohortOut                    network.read
 *   GET   /ncd/cohort/patients?unit=&period=&condition=&bucket=&limit=&offset= → cohortPatientPage  person.read
 *   GET   /ncd/cohort/quarterly?unit=&quarter=YYYY-Qn&condition= → quarterlyCohortOut           network.read
 *   GET   /ncd/overdue?unit=&condition=&limit=&offset=        → overduePage                    person.read
 *   POST  /ncd/calls                              callInput → callOut (201)                     person.write
 *   GET   /ncd/calls?residentId=                  → callOut[]                                   person.read
 *   GET   /ncd/calls/summary?unit=&period=YYYY-MM → callSummaryOut                              network.read
 *   GET   /ncd/high-risk?unit=&due=&limit=&offset=            → highRiskPage (yearly checks)   person.read
 *   GET   /ncd/patients/:residentId               → programmeCardOut                            person.read
 *
 * `unit` is a unit code (`22`, `06862`, a hamlet's code); without it, the actor's own scope. `period`
 * is a calendar month; the running month is computed as of today.
 */
import { z } from 'zod';
import { pageOf, pagingQuery } from '../../core/paging.js';

const isoDate = z.iso.date();
const text = (max = 500) => z.string().trim().min(1).max(max);
const optionalText = (max = 500) => text(max).nullable().optional();

// ---------------------------------------------------------------- code lists

export const NCD_CONDITIONS = [
  'hypertension', // tăng huyết áp (I10–I15)
  'diabetes', // đái tháo đường (E10–E14)
  'copd', // bệnh phổi tắc nghẽn mạn tính (J44)
  'asthma', // hen phế quản (J45)
] as const;
export type NcdCondition = (typeof NCD_CONDITIONS)[number];
/** Conditions with a control definition (a BP or glucose target); the others count visits only. */
export const CONTROLLED_CONDITIONS = ['hypertension', 'diabetes'] as const;

export const ENROLMENT_SOURCES = [
  'screened_here', // phát hiện qua sàng lọc tại trạm
  'referred', // chuyển từ tuyến trên / cơ sở khác
  'known', // đã được chẩn đoán trước (bệnh nhân cũ)
] as const;
export type EnrolmentSource = (typeof ENROLMENT_SOURCES)[number];

/** Why an enrolment was closed (ngừng quản lý). Death itself is read from the people module. */
export const ENROLMENT_END_REASONS = [
  'transferred_to_public_hospital', // chuyển quản lý lên bệnh viện công
  'moved_to_private_care', // chuyển sang cơ sở tư nhân
  'moved', // chuyển đi nơi khác
  'died', // tử vong
  'diagnosis_revised', // chẩn đoán lại, không mắc
  'other',
] as const;
export type EnrolmentEndReason = (typeof ENROLMENT_END_REASONS)[number];

/** Monthly control buckets (Simple/HEARTS), in the order they are decided. */
export const COHORT_BUCKETS = [
  'dead', // tử vong
  'lost_to_follow_up', // mất dấu: no visit and not registered in the 12 months before M
  'not_in_cohort', // under care but registered < 3 months before M
  'missed_visit', // no visit in M−2..M
  'visited_no_bp', // visited in M−2..M, no BP (no glucose for diabetes)
  'controlled', // latest measure in M−2..M within target
  'uncontrolled',
] as const;
export type CohortBucket = (typeof COHORT_BUCKETS)[number];

/** Call outcomes on the overdue list (kết quả gọi điện) and how long each hides the person. */
export const CALL_OUTCOMES = [
  'agreed_to_visit', // đồng ý đến khám: hidden 7 days
  'remind_to_call_later', // hẹn gọi lại: hidden 30 days
  'removed_from_overdue_list', // bỏ khỏi danh sách, with a reason
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const REMOVAL_REASONS = [
  'already_visited', // đã đi khám
  'not_responding', // không nghe máy
  'refused', // từ chối
  'invalid_phone', // số điện thoại sai
  'transferred_to_public_hospital', // chuyển bệnh viện công
  'moved_to_private_care', // chuyển cơ sở tư nhân
  'moved', // chuyển nơi ở
  'died', // tử vong
  'other', // lý do khác
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/**
 * Why a person is high risk on the overdue list (ưu tiên): the codes of reference/ncd/control.json.
 * The web renders `ncd.overdueRisk.<code>`.
 */
export const OVERDUE_RISK_REASONS = [
  'bp_very_high', // last BP ≥ 180/110
  'cardiovascular_history_bp_high', // prior stroke or heart attack and last BP ≥ 140/90
  'glucose_uncontrolled', // last glucose in an uncontrolled band
] as const;
export type OverdueRiskReason = (typeof OVERDUE_RISK_REASONS)[number];

/**
 * Why a person is at high risk of NCD (T6, người có nguy cơ cao): the rule codes of
 * reference/ncd/risk-rules.json as shipped; a later version may add codes (the web falls back to the
 * code). The web renders `ncd.risk.<code>`.
 */
export const RISK_RULE_CODES = [
  'age_40_plus', // từ 40 tuổi
  'bp_raised', // HA ≥ 130/85 at the last measure
  'bmi_23_plus', // BMI ≥ 23 (Asian cut-off)
  'waist_high', // vòng bụng ≥ 90 cm (men) / ≥ 80 cm (women)
  'tobacco', // hút thuốc
  'alcohol', // uống rượu bia
  'family_history', // tiền sử gia đình THA/ĐTĐ/đột quỵ
  'glucose_raised', // đường huyết đói ≥ 5.6 mmol/L, ngẫu nhiên ≥ 7.8, HbA1c ≥ 5.7 %
  'gestational_diabetes', // tiền sử ĐTĐ thai kỳ
  'ncd_enrolled', // đang quản lý THA/ĐTĐ
  'cardiovascular_history', // tiền sử đột quỵ, nhồi máu cơ tim
] as const;

export const GLUCOSE_KINDS = [
  'fasting', // đường huyết lúc đói, mmol/L
  'random', // đường huyết bất kỳ, mmol/L
  'hba1c', // HbA1c, %
] as const;
export type GlucoseKind = (typeof GLUCOSE_KINDS)[number];

export const ncdCondition = z.enum(NCD_CONDITIONS);
export const monthPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');
export const quarterPeriod = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter like 2026-Q1');
const unitCode = z.string().trim().min(1).max(40);

// ---------------------------------------------------------------- treatment plan (phác đồ điều trị)

export const planMedicine = z.strictObject({
  /** Tên thuốc (generic, strength), e.g. "Amlodipin 5 mg". */
  name: text(200),
  /** The drug's catalogue code when it is on the station's list. */
  code: z.string().trim().min(1).max(50).nullable().optional(),
  /** Liều dùng, e.g. "1 viên x 1 lần/ngày, buổi sáng". */
  dose: text(300),
});
export type PlanMedicine = z.infer<typeof planMedicine>;

/** Mục tiêu điều trị: personal targets (the programme's defaults apply where empty). */
export const planTargets = z.strictObject({
  systolic: z.number().int().min(90).max(200).nullable().optional(),
  diastolic: z.number().int().min(50).max(120).nullable().optional(),
  fastingGlucose: z.number().min(3).max(20).nullable().optional(), // mmol/L
  hba1c: z.number().min(4).max(15).nullable().optional(), // %
  weightKg: z.number().min(20).max(250).nullable().optional(),
});

export const treatmentPlanInput = z.strictObject({
  medicines: z.array(planMedicine).max(20).default([]),
  targets: planTargets.default({}),
  /** Lời dặn: diet, exercise, follow-up interval agreed with the patient. */
  note: optionalText(2000),
  /** Days between follow-ups agreed (default: the programme's, 30). */
  followUpDays: z.number().int().min(7).max(180).nullable().optional(),
});
export type TreatmentPlanInput = z.input<typeof treatmentPlanInput>;

export const treatmentPlanOut = z.object({
  medicines: z.array(planMedicine),
  targets: planTargets,
  note: z.string().nullable(),
  followUpDays: z.number().int().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type TreatmentPlanOut = z.infer<typeof treatmentPlanOut>;

// ---------------------------------------------------------------- enrolment (đăng ký quản lý)

export const enrolmentInput = z.strictObject({
  residentId: z.uuid(),
  condition: ncdCondition,
  /** Ngày chẩn đoán: not after the registration. */
  diagnosedOn: isoDate,
  source: z.enum(ENROLMENT_SOURCES),
  /** Ngày đăng ký quản lý tại trạm: default today; may be past (paper registers transcribed). */
  registeredOn: isoDate.optional(),
  /** The station managing the patient (its unit must be in the actor's scope). */
  facilityId: z.uuid(),
  /** Người phụ trách: a staff member of the facility. */
  clinicianId: z.uuid().nullable().optional(),
  plan: treatmentPlanInput.optional(),
});
export type EnrolmentInput = z.input<typeof enrolmentInput>;

export const enrolmentUpdate = z.strictObject({
  diagnosedOn: isoDate.optional(),
  source: z.enum(ENROLMENT_SOURCES).optional(),
  registeredOn: isoDate.optional(),
  facilityId: z.uuid().optional(),
  clinicianId: z.uuid().nullable().optional(),
  /** Ngừng quản lý: both or neither; `null` reopens. */
  endedOn: isoDate.nullable().optional(),
  endReason: z.enum(ENROLMENT_END_REASONS).nullable().optional(),
});
export type EnrolmentUpdate = z.input<typeof enrolmentUpdate>;

export const enrolmentOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  patientName: z.string(),
  patientSex: z.enum(['male', 'female']),
  patientBirthYear: z.number().int(),
  condition: ncdCondition,
  diagnosedOn: z.string(),
  source: z.enum(ENROLMENT_SOURCES),
  registeredOn: z.string(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  clinicianId: z.uuid().nullable(),
  clinicianName: z.string().nullable(),
  /** Where the patient is counted (their place; moves with a transfer). */
  unitPath: z.string(),
  plan: treatmentPlanOut.nullable(),
  endedOn: z.string().nullable(),
  endReason: z.enum(ENROLMENT_END_REASONS).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnrolmentOut = z.infer<typeof enrolmentOut>;

export const enrolmentListQuery = pagingQuery.extend({
  unit: unitCode.optional(),
  condition: ncdCondition.optional(),
  /** `active` (default): not ended; `ended`; `all`. */
  status: z.enum(['active', 'ended', 'all']).default('active'),
  /** Name (with or without diacritics), phone or personal id. */
  q: z.string().trim().min(1).max(100).optional(),
});
export type EnrolmentListQuery = z.infer<typeof enrolmentListQuery>;
export const enrolmentPage = pageOf(enrolmentOut);
export type EnrolmentPage = z.infer<typeof enrolmentPage>;

// ---------------------------------------------------------------- cohort (HEARTS control)

export const cohortCounts = z.object({
  /** Cumulative registrations up to the end of M, alive or not (tích lũy đăng ký). */
  registered: z.number().int(),
  /** Alive; registered < 12 months before M or a visit < 12 months before M (đang quản lý). */
  underCare: z.number().int(),
  /** Alive, registered ≥ 12 months before M, no visit in the 12 months before M (mất dấu). */
  lostToFollowUp: z.number().int(),
  /** Died by the end of M. */
  dead: z.number().int(),
  /** Under care and registered ≥ 3 months before M: the denominator of the rates. */
  cohort: z.number().int(),
  controlled: z.number().int(),
  uncontrolled: z.number().int(),
  /** Visited in M−2..M without a BP (diabetes: without a glucose). */
  visitedNoBp: z.number().int(),
  /** No visit in M−2..M. */
  missedVisit: z.number().int(),
});
export type CohortCounts = z.infer<typeof cohortCounts>;

export const cohortUnit = z.object({
  code: z.string(),
  name: z.string(),
  path: z.string(),
  level: z.string(),
});
export type CohortUnit = z.infer<typeof cohortUnit>;

export const cohortQuery = z.object({
  unit: unitCode.optional(),
  /** Default: the running month. */
  period: monthPeriod.optional(),
  condition: ncdCondition.default('hypertension'),
  /** Months of trend ending at `period` (HEARTS360 shows 18); 0 for none. */
  trend: z.coerce.number().int().min(0).max(36).default(18),
});
export type CohortQuery = z.infer<typeof cohortQuery>;

export const cohortOut = z.object({
  unit: cohortUnit,
  period: z.string(),
  condition: ncdCondition,
  /**
   * False for COPD and asthma: no target measure, so controlled and uncontrolled are 0 and every
   * patient of the cohort who came in the window is counted in `visitedNoBp`.
   */
  controlDefined: z.boolean(),
  /** The version of reference/ncd/control.json that decided the buckets. */
  definitionVersion: z.string(),
  counts: cohortCounts,
  /** The unit's children (communes of a province, hamlets of a commune), same period. */
  children: z.array(z.object({ unit: cohortUnit, counts: cohortCounts })),
  /** The unit's counts for each month ending at `period`, oldest first. */
  trend: z.array(z.object({ period: z.string(), counts: cohortCounts })),
});
export type CohortOut = z.infer<typeof cohortOut>;

export const cohortPatientsQuery = pagingQuery.extend({
  unit: unitCode.optional(),
  period: monthPeriod.optional(),
  condition: ncdCondition.default('hypertension'),
  /** Without it, everyone registered by the end of the period with their bucket. */
  bucket: z.enum(COHORT_BUCKETS).optional(),
});
export type CohortPatientsQuery = z.infer<typeof cohortPatientsQuery>;

export const bpReading = z.object({
  on: z.string(),
  visitId: z.uuid(),
  systolic: z.number().int(),
  diastolic: z.number().int(),
});
export type BpReading = z.infer<typeof bpReading>;

export const glucoseReading = z.object({
  on: z.string(),
  visitId: z.uuid(),
  kind: z.enum(GLUCOSE_KINDS),
  /** mmol/L for fasting and random glucose, % for HbA1c. */
  value: z.number(),
});
export type GlucoseReading = z.infer<typeof glucoseReading>;

export const cohortPatient = z.object({
  residentId: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  /** The hamlet (or commune) where the person is counted. */
  placeName: z.string(),
  registeredOn: z.string(),
  bucket: z.enum(COHORT_BUCKETS),
  lastVisitOn: z.string().nullable(),
  lastBp: bpReading.nullable(),
  lastGlucose: glucoseReading.nullable(),
});
export type CohortPatient = z.infer<typeof cohortPatient>;
export const cohortPatientPage = pageOf(cohortPatient);
export type CohortPatientPage = z.infer<typeof cohortPatientPage>;

export const quarterlyCohortQuery = z.object({
  unit: unitCode.optional(),
  quarter: quarterPeriod,
  condition: ncdCondition.default('hypertension'),
});
/**
 * Registered in the quarter; outcome from the visits of the next quarter (the latest one): the same
 * buckets, `missedVisit` = no visit in that quarter. Dead by the end of the next quarter counted apart.
 */
export const quarterlyCohortOut = z.object({
  unit: cohortUnit,
  quarter: z.string(),
  outcomeFrom: z.string(),
  outcomeTo: z.string(),
  condition: ncdCondition,
  registered: z.number().int(),
  dead: z.number().int(),
  controlled: z.number().int(),
  uncontrolled: z.number().int(),
  visitedNoBp: z.number().int(),
  missedVisit: z.number().int(),
});
export type QuarterlyCohortOut = z.infer<typeof quarterlyCohortOut>;

// ---------------------------------------------------------------- overdue list and calls

export const overdueQuery = pagingQuery.extend({
  unit: unitCode.optional(),
  condition: ncdCondition.optional(),
});
export type OverdueQuery = z.infer<typeof overdueQuery>;

export const callOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  outcome: z.enum(CALL_OUTCOMES),
  removalReason: z.enum(REMOVAL_REASONS).nullable(),
  note: z.string().nullable(),
  calledAt: z.string(),
  calledBy: z.string(),
  /** The follow-up due date the call was about. */
  dueOn: z.string(),
  /** Not on the overdue list before this day (null: until a new due date, for a removal). */
  hiddenUntil: z.string().nullable(),
  /** A finished visit came within the programme's window after the call (quay lại điều trị). */
  returnedToCare: z.boolean(),
});
export type CallOut = z.infer<typeof callOut>;

/**
 * One overdue patient (quá hẹn tái khám), high risk first then least overdue first; hidden by a recent
 * call; gone after 365 days overdue (then lost to follow-up).
 */
export const overdueRow = z.object({
  residentId: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  /** Thôn/ấp (or the commune when no hamlet). */
  placeName: z.string(),
  unitPath: z.string(),
  conditions: z.array(ncdCondition),
  /** The follow-up date missed (the appointment, or the last visit + the plan's interval). */
  dueOn: z.string(),
  daysOverdue: z.number().int(),
  highRisk: z.boolean(),
  riskReasons: z.array(z.enum(OVERDUE_RISK_REASONS)),
  lastVisitOn: z.string().nullable(),
  lastBp: bpReading.nullable(),
  lastGlucose: glucoseReading.nullable(),
  lastCall: callOut.nullable(),
});
export type OverdueRow = z.infer<typeof overdueRow>;
export const overduePage = pageOf(overdueRow);
export type OverduePage = z.infer<typeof overduePage>;

export const callInput = z
  .strictObject({
    residentId: z.uuid(),
    outcome: z.enum(CALL_OUTCOMES),
    /** Required with `removed_from_overdue_list`, forbidden otherwise. */
    removalReason: z.enum(REMOVAL_REASONS).nullable().optional(),
    note: optionalText(500),
  })
  .refine((c) => (c.outcome === 'removed_from_overdue_list') === (c.removalReason != null), {
    path: ['removalReason'],
    message: 'required exactly when the outcome is removed_from_overdue_list',
  });
export type CallInput = z.input<typeof callInput>;

export const callListQuery = z.object({ residentId: z.uuid() });

export const callSummaryQuery = z.object({ unit: unitCode.optional(), period: monthPeriod.optional() });
/** Calls made in the month and how many of the people called came back within the window. */
export const callSummaryOut = z.object({
  unit: cohortUnit,
  period: z.string(),
  calls: z.number().int(),
  agreedToVisit: z.number().int(),
  remindToCallLater: z.number().int(),
  removed: z.number().int(),
  /** People called in the month with a finished visit within the window after the call. */
  returnedToCare: z.number().int(),
  /** The window (days), from reference/ncd/control.json. */
  returnWindowDays: z.number().int(),
});
export type CallSummaryOut = z.infer<typeof callSummaryOut>;

// ---------------------------------------------------------------- high risk (T6) and yearly checks

export const highRiskQuery = pagingQuery.extend({
  unit: unitCode.optional(),
  /** Only those whose yearly check is due (no finished visit in the last 12 months). */
  due: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type HighRiskQuery = z.infer<typeof highRiskQuery>;

export const highRiskRow = z.object({
  residentId: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  placeName: z.string(),
  unitPath: z.string(),
  /** Rule codes of reference/ncd/risk-rules.json (RISK_RULE_CODES as shipped). */
  reasons: z.array(z.string()),
  /** The last finished visit (khám sàng lọc / kiểm tra), any reason. */
  lastCheckOn: z.string().nullable(),
  /** The day the yearly check is due (last check + 12 months; today when never checked). */
  checkDueOn: z.string(),
  checkDue: z.boolean(),
});
export type HighRiskRow = z.infer<typeof highRiskRow>;
export const highRiskPage = pageOf(highRiskRow);
export type HighRiskPage = z.infer<typeof highRiskPage>;

// ---------------------------------------------------------------- the patient's programme card

export const programmeCardOut = z.object({
  patient: z.object({
    id: z.uuid(),
    fullName: z.string(),
    sex: z.enum(['male', 'female']),
    birthDate: z.string().nullable(),
    birthYear: z.number().int(),
    phone: z.string().nullable(),
    placeName: z.string(),
    unitPath: z.string(),
    /** Died (ngày mất), from the people module. */
    diedOn: z.string().nullable(),
  }),
  enrolments: z.array(enrolmentOut),
  /** This month's bucket per enrolled condition. */
  status: z.array(z.object({ condition: ncdCondition, period: z.string(), bucket: z.enum(COHORT_BUCKETS) })),
  /** Next follow-up due (null when not enrolled or ended) and whether it is overdue today. */
  followUp: z.object({ dueOn: z.string(), daysOverdue: z.number().int(), highRisk: z.boolean() }).nullable(),
  highRisk: z.object({
    isHighRisk: z.boolean(),
    reasons: z.array(z.string()),
    lastCheckOn: z.string().nullable(),
    checkDueOn: z.string().nullable(),
  }),
  /** Every finished visit's BP, oldest first. */
  bp: z.array(bpReading),
  /** Every finished visit's glucose measures, oldest first. */
  glucose: z.array(glucoseReading),
  weight: z.array(
    z.object({ on: z.string(), visitId: z.uuid(), weightKg: z.number(), bmi: z.number().nullable() }),
  ),
  visits: z.array(
    z.object({
      id: z.uuid(),
      visitDate: z.string(),
      mainDiagnosis: z.string().nullable(),
      reExaminationDate: z.string().nullable(),
      adherence: z.string().nullable(),
    }),
  ),
  calls: z.array(callOut),
});
export type ProgrammeCardOut = z.infer<typeof programmeCardOut>;
