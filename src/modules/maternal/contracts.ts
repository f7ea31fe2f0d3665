// What the maternal module takes and answers (zod, shared with the web app).
import { z } from 'zod';

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).optional();

export const RISK_LEVELS = ['normal', 'watch', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const OUTCOMES = [
  'live_birth',
  'stillbirth',
  'miscarriage',
  'induced_abortion',
  'ectopic',
  'maternal_death',
] as const;
export const DELIVERY_PLACES = ['station', 'other_facility', 'home', 'on_the_way'] as const;
export const DELIVERY_ATTENDANTS = [
  'doctor',
  'midwife',
  'nurse',
  'physician_assistant',
  'village_midwife',
  'relative',
  'none',
] as const;
export const DELIVERY_MODES = ['vaginal', 'assisted', 'caesarean'] as const;
export const URINE_PROTEIN = ['negative', 'trace', '1+', '2+', '3+'] as const;

/** Đăng ký quản lý thai. Either the LMP (the EDD is then LMP + 280 days) or the EDD (by ultrasound). */
export const pregnancyInput = z
  .strictObject({
    registeredOn: isoDate,
    lmp: isoDate.optional(), // kỳ kinh cuối
    edd: isoDate.optional(), // ngày dự sinh (siêu âm)
    gravidity: z.number().int().min(1).max(30), // số lần có thai, this one included
    parity: z.number().int().min(0).max(29), // số lần đẻ
    /** Factors the clinician ticks (codes of the list `pregnancy-risk`). */
    riskFactors: z.array(z.string().min(1).max(60)).max(30).default([]),
    /** Measures at registration that set risk factors by the list's thresholds. */
    systolic: z.number().int().positive().max(300).optional(),
    diastolic: z.number().int().positive().max(200).optional(),
    haemoglobin: z.number().positive().max(25).optional(),
    heightCm: z.number().positive().max(250).optional(),
  })
  .refine((p) => p.lmp !== undefined || p.edd !== undefined, {
    message: 'give the last menstrual period or the expected delivery date',
    path: ['lmp'],
  })
  .refine((p) => p.parity < p.gravidity, { message: 'parity must be below gravidity', path: ['parity'] });
export type PregnancyInput = z.input<typeof pregnancyInput>;
export type PregnancyInputParsed = z.infer<typeof pregnancyInput>;

export const antenatalInput = z.strictObject({
  facilityId: z.uuid(),
  clinicianId: z.uuid(),
  contactOn: isoDate,
  weightKg: z.number().positive().max(300).optional(),
  systolic: z.number().int().positive().max(300).optional(),
  diastolic: z.number().int().positive().max(200).optional(),
  fundalHeightCm: z.number().positive().max(60).optional(), // chiều cao tử cung
  foetalHeartRate: z.number().int().positive().max(250).optional(), // tim thai
  urineProtein: z.enum(URINE_PROTEIN).optional(), // protein niệu
  haemoglobin: z.number().positive().max(25).optional(), // huyết sắc tố g/dL
  ironFolate: z.enum(['given', 'not_given']).optional(), // viên sắt/axit folic
  note: optionalText(1000),
});
export type AntenatalInput = z.infer<typeof antenatalInput>;

/** The end of a pregnancy: a delivery (đẻ) or another outcome. */
export const outcomeInput = z.strictObject({
  endedOn: isoDate,
  outcome: z.enum(OUTCOMES),
  deliveryPlace: z.enum(DELIVERY_PLACES).optional(),
  deliveryAttendant: z.enum(DELIVERY_ATTENDANTS).optional(),
  deliveryMode: z.enum(DELIVERY_MODES).optional(),
  births: z.number().int().min(1).max(8).optional(),
  birthWeightG: z.number().int().min(200).max(8000).optional(),
  /** A live birth: the child to register (a resident in the mother's household, born on `endedOn`). */
  child: z
    .strictObject({
      fullName: z.string().trim().min(1).max(200),
      sex: z.enum(['male', 'female']),
      personalId: z
        .string()
        .trim()
        .regex(/^\d{12}$/)
        .optional(),
    })
    .optional(),
});
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const postnatalInput = z.strictObject({
  facilityId: z.uuid(),
  clinicianId: z.uuid(),
  contactOn: isoDate,
  systolic: z.number().int().positive().max(300).optional(),
  diastolic: z.number().int().positive().max(200).optional(),
  abnormalBleeding: z.enum(['yes', 'no']).optional(),
  breastfeeding: z.enum(['exclusive', 'partial', 'none']).optional(),
  newbornWeightG: z.number().int().min(200).max(10000).optional(),
  newbornJaundice: z.enum(['yes', 'no']).optional(),
  note: optionalText(1000),
});
export type PostnatalInput = z.infer<typeof postnatalInput>;

export const antenatalOut = z.object({
  visitId: z.uuid(),
  contactOn: isoDate,
  gestationDays: z.number().int(),
  trimester: z.number().int(),
  weightKg: z.number().nullable(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  fundalHeightCm: z.number().nullable(),
  foetalHeartRate: z.number().nullable(),
  urineProtein: z.string().nullable(),
  haemoglobin: z.number().nullable(),
  ironFolate: z.string().nullable(),
  note: z.string().nullable(),
});
export type AntenatalOut = z.infer<typeof antenatalOut>;

export const postnatalOut = z.object({
  visitId: z.uuid(),
  contactOn: isoDate,
  dayAfterBirth: z.number().int(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  abnormalBleeding: z.string().nullable(),
  breastfeeding: z.string().nullable(),
  newbornWeightG: z.number().nullable(),
  newbornJaundice: z.string().nullable(),
  note: z.string().nullable(),
});

/** Tetanus protection (VAT) of the mother for this pregnancy, from her doses up to the birth (or today). */
export const tetanusOut = z.object({
  doses: z.array(z.object({ vaccine: z.string(), givenOn: isoDate, counted: z.number().int().nullable() })),
  /** Doses of the series that count (0–5); a dose given before the interval is listed, not counted. */
  counted: z.number().int(),
  protectedFrom: isoDate.nullable(),
  /** The last day protected; null while `protectedFrom` is set: through the childbearing years. */
  protectedUntil: isoDate.nullable(),
  /** Protected on the delivery day, or on the EDD while the pregnancy is under way (bảo vệ uốn ván sơ sinh). */
  protectedAtBirth: z.boolean(),
  nextDose: z.number().int().nullable(),
  nextFrom: isoDate.nullable(),
});
export type TetanusOut = z.infer<typeof tetanusOut>;

export const pregnancyOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  registeredOn: isoDate,
  lmp: isoDate.nullable(),
  edd: isoDate,
  eddSource: z.enum(['lmp', 'ultrasound']),
  gravidity: z.number().int(),
  parity: z.number().int(),
  riskFactors: z.array(z.object({ code: z.string(), vi: z.string(), en: z.string(), level: z.string() })),
  riskLevel: z.enum(RISK_LEVELS),
  /** Gestation today (or on the day it ended), in days. */
  gestationDays: z.number().int(),
  endedOn: isoDate.nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  deliveryPlace: z.string().nullable(),
  deliveryAttendant: z.string().nullable(),
  deliveryMode: z.string().nullable(),
  births: z.number().nullable(),
  birthWeightG: z.number().nullable(),
  /** The child registered from a live birth (a resident), if any. */
  childId: z.uuid().nullable(),
  antenatal: z.array(antenatalOut),
  postnatal: z.array(postnatalOut),
  tetanus: tetanusOut,
});
export type PregnancyOut = z.infer<typeof pregnancyOut>;

/** Register A3 (sổ khám thai): one row per antenatal contact of the month at the facility's commune. */
export const registerA3Row = z.object({
  contactOn: isoDate,
  visitId: z.uuid(),
  residentId: z.uuid(),
  fullName: z.string(),
  birthYear: z.number().int(),
  address: z.string(),
  gravidity: z.number().int(),
  parity: z.number().int(),
  lmp: isoDate.nullable(),
  edd: isoDate,
  gestationWeeks: z.number().int(),
  contactNumber: z.number().int(),
  weightKg: z.number().nullable(),
  bloodPressure: z.string().nullable(),
  fundalHeightCm: z.number().nullable(),
  foetalHeartRate: z.number().nullable(),
  urineProtein: z.string().nullable(),
  haemoglobin: z.number().nullable(),
  riskLevel: z.enum(RISK_LEVELS),
});
export type RegisterA3Row = z.infer<typeof registerA3Row>;

/** Register A4 (sổ đẻ): one row per pregnancy ended by a birth in the month, in the actor's area. */
export const registerA4Row = z.object({
  deliveredOn: isoDate,
  pregnancyId: z.uuid(),
  residentId: z.uuid(),
  fullName: z.string(),
  birthYear: z.number().int(),
  address: z.string(),
  gravidity: z.number().int(),
  parity: z.number().int(),
  gestationWeeks: z.number().int(),
  antenatalContacts: z.number().int(),
  outcome: z.enum(OUTCOMES),
  deliveryPlace: z.string().nullable(),
  deliveryAttendant: z.string().nullable(),
  deliveryMode: z.string().nullable(),
  births: z.number().nullable(),
  birthWeightG: z.number().nullable(),
  riskLevel: z.enum(RISK_LEVELS),
});
export type RegisterA4Row = z.infer<typeof registerA4Row>;

/** A family planning method started (kế hoạch hóa gia đình): a code of the list `contraceptive-method`. */
export const fpStartInput = z.strictObject({
  method: z.string().min(1).max(40),
  startedOn: isoDate,
});
export type FpStartInput = z.infer<typeof fpStartInput>;

export const FP_STOP_REASONS = [
  'wants_child',
  'side_effects',
  'switched',
  'no_longer_needed',
  'other',
] as const;
export const fpStopInput = z.strictObject({
  stoppedOn: isoDate,
  reason: z.enum(FP_STOP_REASONS),
});
export type FpStopInput = z.infer<typeof fpStopInput>;

export const fpEpisodeOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  method: z.string(),
  methodVi: z.string(),
  methodEn: z.string(),
  startedOn: isoDate,
  stoppedOn: isoDate.nullable(),
  stopReason: z.string().nullable(),
});
export type FpEpisodeOut = z.infer<typeof fpEpisodeOut>;

/** Register A5 (sổ KHHGĐ) of a month: methods started and stopped, and users by method at its end. */
export const registerA5Out = z.object({
  month: z.string(),
  started: z.array(
    fpEpisodeOut.extend({ fullName: z.string(), birthYear: z.number().int(), address: z.string() }),
  ),
  stopped: z.array(
    fpEpisodeOut.extend({ fullName: z.string(), birthYear: z.number().int(), address: z.string() }),
  ),
  usersByMethod: z.array(z.object({ method: z.string(), methodVi: z.string(), users: z.number().int() })),
});
export type RegisterA5Out = z.infer<typeof registerA5Out>;
