/**
 * Input and output shapes of the visits module (khám bệnh tại trạm): a visit and its parts, the
 * catalogues of services, drugs and supplies, and the payment (BHYT or self-pay). Used by the routes,
 * by the claims module (XML export, register A1) and by the web app: no database or server code here.
 */
import { z } from 'zod';
import { plausibilityWarning } from '../../core/plausibility-contracts.js';
import { today } from '../../core/clock.js';
import { icd10Code, ORGAN_SYSTEMS } from '../people/contracts.js';

export { icd10Code, ORGAN_SYSTEMS };

const isoDate = z.iso.date();
const text = (max = 500) => z.string().trim().min(1).max(max);
const optionalText = (max = 500) => text(max).nullable().optional();
const money = z.number().nonnegative();

// ---------------------------------------------------------------- catalogues (danh mục)

export const CATALOGUE_KINDS = [
  'service', // dịch vụ kỹ thuật (commune-level technical services)
  'drug', // thuốc
  'supply', // vật tư y tế
] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

/** A catalogue code as the price lists write it (letters, digits, dot, dash, underscore, slash). */
export const catalogueCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[0-9A-Za-z._/-]+$/, 'letters, digits, dot, dash, slash or underscore only');

/** One priced item of a catalogue as valid on a day (a price change is a new row from a new date). */
export const catalogueItemOut = z.object({
  id: z.uuid(),
  kind: z.enum(CATALOGUE_KINDS),
  code: catalogueCode,
  name: z.string(),
  /** Đơn vị tính: lần, viên, gói, chai, miếng… */
  unit: z.string(),
  /** Unit price in VND (đơn giá). */
  price: money,
  /** Paid by the health insurance fund when the patient has a valid card. */
  insuranceCovered: z.boolean(),
  /** Drugs: hoạt chất, hàm lượng, đường dùng, số đăng ký; services: nhóm. */
  activeIngredient: z.string().nullable(),
  strength: z.string().nullable(),
  route: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  group: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  source: z.string().nullable(),
  /** Rows of the demo catalogue (reference/catalogues/demo-*.csv): never real prices. */
  demo: z.boolean(),
});
export type CatalogueItemOut = z.infer<typeof catalogueItemOut>;

/** The services a station declares it can perform (target T8). */
export const stationServicesInput = z.strictObject({
  serviceCodes: z.array(catalogueCode).max(2000),
});
export type StationServicesInput = z.infer<typeof stationServicesInput>;

export const stationServicesOut = z.object({
  facilityId: z.uuid(),
  on: z.string(),
  /** Services on the list valid on the day. */
  listed: z.number().int(),
  /** Of those, the ones the station declared it can perform. */
  able: z.number().int(),
  services: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      able: z.boolean(),
      declaredAt: z.string().nullable(),
      declaredBy: z.string().nullable(),
    }),
  ),
});
export type StationServicesOut = z.infer<typeof stationServicesOut>;

// ---------------------------------------------------------------- a visit: input

/**
 * Sinh hiệu. BMI is derived from height and weight, never typed. Only the form of each value is checked
 * here; what is possible and what is unusual (by age) are the plausibility rules in force on the visit
 * date (reference/codes/plausibility-rule.csv, docs/adr/0022).
 */
export const vitalsInput = z.strictObject({
  pulse: z.number().int().positive().nullable().optional(), // mạch, lần/phút
  temperatureC: z.number().positive().nullable().optional(), // nhiệt độ, °C
  systolic: z.number().int().positive().nullable().optional(), // huyết áp tâm thu, mmHg
  diastolic: z.number().int().positive().nullable().optional(), // huyết áp tâm trương, mmHg
  respiration: z.number().int().positive().nullable().optional(), // nhịp thở, lần/phút
  spo2: z.number().int().positive().max(100).nullable().optional(), // SpO2, %
  heightCm: z.number().positive().nullable().optional(),
  weightKg: z.number().positive().nullable().optional(),
  waistCm: z.number().positive().nullable().optional(), // vòng bụng
  fastingGlucose: z.number().positive().nullable().optional(), // đường huyết lúc đói, mmol/L
  randomGlucose: z.number().positive().nullable().optional(), // đường huyết bất kỳ, mmol/L
  hba1c: z.number().positive().max(25).nullable().optional(), // HbA1c, %
  visualAcuityLeft: optionalText(20), // thị lực mắt trái, e.g. 8/10
  visualAcuityRight: optionalText(20),
});
export type VitalsInput = z.infer<typeof vitalsInput>;

export const diagnosisInput = z.strictObject({
  /** Checked against the ICD-10 list valid on the visit date (422 on the field otherwise). */
  code: icd10Code,
  /** Free text shown with the code (chẩn đoán), e.g. "Tăng huyết áp độ 1". */
  note: optionalText(300),
});
export type DiagnosisInput = z.infer<typeof diagnosisInput>;

export const serviceLineInput = z.strictObject({
  /** A `service` of the catalogue valid on the visit date. */
  code: catalogueCode,
  quantity: z.number().positive().max(100).default(1),
});

export const supplyLineInput = z.strictObject({
  /** A `supply` of the catalogue valid on the visit date. */
  code: catalogueCode,
  quantity: z.number().positive().max(10_000),
});

/** Đơn thuốc: one drug of the prescription. */
export const prescriptionLineInput = z.strictObject({
  /** A `drug` of the catalogue valid on the visit date. */
  code: catalogueCode,
  /** Liều dùng / cách dùng, e.g. "1 viên x 2 lần/ngày, sau ăn". */
  dose: text(300),
  days: z.number().int().min(1).max(180),
  /** Số lượng dispensed, in the catalogue's unit. */
  quantity: z.number().positive().max(10_000),
});

/** Tuân thủ điều trị: how the patient takes the prescribed medicines (chronic-disease follow-ups). */
export const ADHERENCE_LEVELS = [
  'good', // uống thuốc đều
  'irregular', // uống không đều, quên liều
  'stopped', // tự ý bỏ thuốc
] as const;
export type AdherenceLevel = (typeof ADHERENCE_LEVELS)[number];

/** Sàng lọc biến chứng: the checks of a chronic-disease follow-up (Decision 5904). */
export const COMPLICATION_CHECKS = [
  'foot', // khám bàn chân (loét, mất cảm giác)
  'eye', // khám mắt, soi đáy mắt
  'kidney', // protein niệu, creatinin
  'cardiovascular', // đau ngực, khó thở, phù
  'neurological', // dấu hiệu thần kinh khu trú, tê bì
] as const;
export const COMPLICATION_RESULTS = ['normal', 'abnormal'] as const;

/** Theo dõi bệnh mạn tính: what a chronic-disease follow-up adds to a visit (all optional). */
export const chronicCareInput = z.strictObject({
  adherence: z.enum(ADHERENCE_LEVELS).nullable().optional(),
  /** Each check done, with its result; a check not listed was not done. */
  complications: z.partialRecord(z.enum(COMPLICATION_CHECKS), z.enum(COMPLICATION_RESULTS)).optional(),
  /** Dấu hiệu biến chứng, tác dụng phụ của thuốc. */
  note: optionalText(1000),
});
export type ChronicCareInput = z.infer<typeof chronicCareInput>;

export const PAYMENT_METHODS = [
  'insurance', // BHYT
  'self_pay', // viện phí / tự trả
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const visitInput = z.strictObject({
  residentId: z.uuid(),
  /** The station (or other facility) where the visit took place; its unit must be in the actor's area. */
  facilityId: z.uuid(),
  visitDate: isoDate.refine((d) => d <= today(), 'must not be in the future'),
  /** Người khám: a staff member of the facility, active on the visit date. */
  clinicianId: z.uuid(),
  reason: optionalText(500), // lý do khám
  illnessHistory: optionalText(2000), // bệnh sử
  vitals: vitalsInput.optional(),
  /** Khám lâm sàng by organ system. */
  findings: z.partialRecord(z.enum(ORGAN_SYSTEMS), text(1000)).optional(),
  diagnoses: z
    .strictObject({
      main: diagnosisInput.nullable().optional(), // bệnh chính (required to finish)
      others: z.array(diagnosisInput).max(12).default([]), // bệnh kèm theo
    })
    .optional(),
  services: z.array(serviceLineInput).max(100).default([]),
  supplies: z.array(supplyLineInput).max(100).default([]),
  prescriptions: z.array(prescriptionLineInput).max(50).default([]),
  advice: optionalText(2000), // lời dặn / tư vấn
  reExaminationDate: isoDate.nullable().optional(), // hẹn tái khám
  /** Chronic-disease follow-up: adherence and complications screening. */
  chronicCare: chronicCareInput.nullable().optional(),
  /**
   * `insurance` (default when the person holds a card valid on the visit date) or `self_pay`. With
   * `insurance` and no card valid on the visit date, the visit is self-pay (`payment.reason`).
   */
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  /** Finish the visit now (status `finished`: it counts, updates the 831 record and is claimable). */
  finish: z.boolean().optional(),
});
export type VisitInput = z.input<typeof visitInput>;
export type VisitInputParsed = z.infer<typeof visitInput>;

/**
 * A new version of a visit. A draft is simply saved again; a finished visit is corrected, with a
 * reason, and stays finished. `baseVersion` guards against overwriting someone else's version (409).
 */
export const visitUpdate = visitInput.omit({ residentId: true, facilityId: true }).extend({
  baseVersion: z.number().int().min(1),
  /** Required when the visit is finished (lý do sửa). */
  correctionReason: optionalText(500),
});
export type VisitUpdate = z.input<typeof visitUpdate>;
export type VisitUpdateParsed = z.infer<typeof visitUpdate>;

export const visitFinish = z.strictObject({ baseVersion: z.number().int().min(1) });

export const VISIT_STATUSES = ['draft', 'finished'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

// ---------------------------------------------------------------- a visit: output

export const vitalsOut = vitalsInput.extend({
  /** Derived: weight / height², one decimal. */
  bmi: z.number().nullable().optional(),
});
export type VitalsOut = z.infer<typeof vitalsOut>;

export const diagnosisOut = z.object({
  code: z.string(),
  /** The list's title (Vietnamese when imported, else the WHO English title). */
  title: z.string(),
  note: z.string().nullable(),
});
export type DiagnosisOut = z.infer<typeof diagnosisOut>;

/** Who pays what for one line: amount = quantity × unit price = insurer + patient. */
const pricedLine = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  unitPrice: money,
  /** Thành tiền. */
  amount: money,
  insuranceCovered: z.boolean(),
  /** BHYT thanh toán (T_BHTT). */
  insurerAmount: money,
  /** Người bệnh cùng chi trả + tự trả (T_BNCCT + T_BNTT). */
  patientAmount: money,
  /** The catalogue row the price came from. */
  catalogueItemId: z.uuid(),
});

export const serviceLineOut = pricedLine.extend({ group: z.string().nullable() });
export const supplyLineOut = pricedLine;
export const prescriptionLineOut = pricedLine.extend({
  dose: z.string(),
  days: z.number().int(),
  activeIngredient: z.string().nullable(),
  strength: z.string().nullable(),
  route: z.string().nullable(),
  registrationNumber: z.string().nullable(),
});
export type ServiceLineOut = z.infer<typeof serviceLineOut>;
export type SupplyLineOut = z.infer<typeof supplyLineOut>;
export type PrescriptionLineOut = z.infer<typeof prescriptionLineOut>;

/** The card a visit was paid with, as it was on the visit date (a snapshot: later card edits do not change claims). */
export const visitCard = z.object({
  id: z.uuid(),
  code: z.string(),
  socialInsuranceNumber: z.string(),
  beneficiaryGroup: z.string().nullable(),
  benefitLevel: z.number().int().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Nơi đăng ký KCB ban đầu (MA_DKBD). */
  registeredFacilityCode: z.string().nullable(),
});
export type VisitCard = z.infer<typeof visitCard>;

export const PAYMENT_REASONS = [
  'benefit_level', // the card's benefit level (mức hưởng)
  'below_threshold', // total below the share of the base salary paid in full (15 %)
  'commune_level', // full cover at commune level, when the rules in force say so
  'no_card', // no card valid on the visit date
  'card_expired', // a card, but not valid on the visit date
  'chosen', // the patient chose to pay
] as const;
export type PaymentReason = (typeof PAYMENT_REASONS)[number];

export const paymentOut = z.object({
  method: z.enum(PAYMENT_METHODS),
  reason: z.enum(PAYMENT_REASONS),
  card: visitCard.nullable(),
  /** The percentage the fund pays for covered items (0 when self-pay). */
  insurerRate: z.number(),
  /** Tổng chi (T_TONGCHI). */
  total: money,
  /** Quỹ BHYT thanh toán (T_BHTT). */
  insurerAmount: money,
  /** Người bệnh trả (T_BNCCT + T_BNTT). */
  patientAmount: money,
  /** Of which co-payment on covered items (T_BNCCT). */
  patientCoPayment: money,
  /** Of which items outside the insurance (or the whole visit when self-pay) (T_BNTT). */
  patientSelfPay: money,
  /** The base salary (lương cơ sở) in force on the visit date, and the rules file's version used. */
  baseSalary: money,
  rulesVersion: z.string(),
});
export type PaymentOut = z.infer<typeof paymentOut>;

/** Who the patient is, as the claims and register A1 need (read live from the people module). */
export const visitPatient = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  birthYear: z.number().int(),
  personalId: z.string().nullable(),
  ethnicity: z.string().nullable(),
  ethnicityName: z.string().nullable(),
  occupation: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string(),
  /** Commune (5 digits) or hamlet code of the current address. */
  unitCode: z.string(),
});
export type VisitPatient = z.infer<typeof visitPatient>;

export const visitOut = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(VISIT_STATUSES),
  visitDate: z.string(),
  finishedAt: z.string().nullable(),
  patient: visitPatient,
  facility: z.object({ id: z.uuid(), code: z.string(), name: z.string(), unitPath: z.string() }),
  clinician: z.object({ id: z.uuid(), fullName: z.string(), title: z.string() }),
  reason: z.string().nullable(),
  illnessHistory: z.string().nullable(),
  vitals: vitalsOut,
  findings: z.partialRecord(z.enum(ORGAN_SYSTEMS), z.string()),
  diagnoses: z.object({ main: diagnosisOut.nullable(), others: z.array(diagnosisOut) }),
  services: z.array(serviceLineOut),
  supplies: z.array(supplyLineOut),
  prescriptions: z.array(prescriptionLineOut),
  advice: z.string().nullable(),
  reExaminationDate: z.string().nullable(),
  chronicCare: chronicCareInput.nullable().optional(),
  payment: paymentOut,
  createdAt: z.string(),
  updatedAt: z.string(),
  changeSeq: z.number(),
});
export type VisitOut = z.infer<typeof visitOut>;

/** One line of today's list or of a person's history. */
export const visitSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(VISIT_STATUSES),
  visitDate: z.string(),
  residentId: z.uuid(),
  patientName: z.string(),
  patientSex: z.enum(['male', 'female']),
  patientBirthYear: z.number().int(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  clinicianName: z.string(),
  mainDiagnosis: z.string().nullable(),
  mainDiagnosisTitle: z.string().nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  total: money,
  insurerAmount: money,
  patientAmount: money,
});
export type VisitSummary = z.infer<typeof visitSummary>;

export const VERSION_KINDS = ['create', 'update', 'finish', 'correct'] as const;

export const visitVersionMeta = z.object({
  version: z.number().int(),
  kind: z.enum(VERSION_KINDS),
  status: z.enum(VISIT_STATUSES),
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type VisitVersionMeta = z.infer<typeof visitVersionMeta>;

export const visitDetail = visitOut.extend({ versions: z.array(visitVersionMeta) });
export type VisitDetail = z.infer<typeof visitDetail>;

/** A past version as it was written (the patient as read now). */
export const visitVersionOut = visitOut.extend({ meta: visitVersionMeta });
export type VisitVersionOut = z.infer<typeof visitVersionOut>;

/**
 * What one version of a visit stores: the content as entered, with the catalogue's names and prices of
 * the visit date and the computed payment (a snapshot: later price or rule changes never move a
 * finished visit's amounts). Also the answer of POST /visits/preview.
 */
export const visitDocument = z.object({
  visitDate: z.string(),
  clinicianId: z.uuid(),
  reason: z.string().nullable(),
  illnessHistory: z.string().nullable(),
  vitals: vitalsOut,
  findings: z.partialRecord(z.enum(ORGAN_SYSTEMS), z.string()),
  diagnoses: z.object({ main: diagnosisOut.nullable(), others: z.array(diagnosisOut) }),
  services: z.array(serviceLineOut),
  supplies: z.array(supplyLineOut),
  prescriptions: z.array(prescriptionLineOut),
  advice: z.string().nullable(),
  reExaminationDate: z.string().nullable(),
  /** Absent in versions written before issue 14. */
  chronicCare: chronicCareInput.nullable().optional(),
  payment: paymentOut,
});
export type VisitDocument = z.infer<typeof visitDocument>;

/** The month of a claim batch or a register: `2026-03`. */
export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');

/** An ICD-10 code valid on a day (GET /icd10). */
export const icd10Out = z.object({ code: z.string(), title: z.string(), titleEn: z.string() });
export type Icd10Out = z.infer<typeof icd10Out>;

/** The plausibility findings' codes and the warning's shape, for the visit form (docs/adr/0022). */
export { PLAUSIBILITY_CODES, type PlausibilityWarning } from '../../core/plausibility-contracts.js';

/** A visit as saved, with the values the plausibility rules find unusual (saved all the same). */
export const visitSaved = visitDetail.extend({ warnings: z.array(plausibilityWarning) });
export type VisitSaved = z.infer<typeof visitSaved>;

/** A preview, with the warnings the visit would be saved with. */
export const visitPreview = visitDocument.extend({ warnings: z.array(plausibilityWarning) });
export type VisitPreview = z.infer<typeof visitPreview>;
