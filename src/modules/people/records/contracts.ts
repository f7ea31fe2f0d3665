/**
 * The personal health record of Decision 831/QĐ-BYT (2017) (hồ sơ sức khỏe cá nhân), as zod shapes
 * shared with the web app. Part 1 (administrative) is the resident itself and is not stored here;
 * parts 2–4 (history, vaccinations, examinations) are one JSON document, kept in versions.
 */
import { z } from 'zod';
import { residentOut } from '../residents/contracts.js';

const isoDate = z.iso.date();
const text = (max = 500) => z.string().trim().min(1).max(max);
const optionalText = (max = 500) => text(max).nullable().optional();

/** An ICD-10 code as the Ministry's list writes it: `I10`, `E11.9`, `J44.1` (the list itself: later). */
export const icd10Code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/, 'must be an ICD-10 code like I10 or E11.9');

/** "Có / không / không rõ" answers are true, false or null (not asked). */
const yesNo = z.boolean().nullable().optional();

// ---------------------------------------------------------------- part 2: history (tiền sử)

/** Tình trạng lúc sinh: condition at birth. */
export const birthCondition = z.object({
  deliveryType: z.enum(['normal', 'caesarean', 'assisted']).nullable().optional(), // đẻ thường / mổ / thủ thuật
  premature: yesNo, // đẻ non
  asphyxia: yesNo, // bị ngạt lúc sinh
  birthWeightGrams: z.number().int().min(300).max(7000).nullable().optional(),
  birthLengthCm: z.number().min(20).max(70).nullable().optional(),
  congenitalDefects: optionalText(300), // dị tật bẩm sinh
  other: optionalText(),
});

const usage = z.enum(['never', 'current', 'former']); // không / có / đã bỏ

/** Yếu tố nguy cơ: risk factors. */
export const riskFactors = z.object({
  tobacco: z
    .object({ status: usage, perDay: z.number().int().min(0).max(200).nullable().optional() })
    .nullable()
    .optional(),
  alcohol: z
    .object({ status: usage, drinksPerDay: z.number().min(0).max(50).nullable().optional() })
    .nullable()
    .optional(),
  drugs: z.object({ status: usage }).nullable().optional(), // ma túy
  physicalActivity: z.enum(['none', 'occasional', 'regular']).nullable().optional(), // hoạt động thể lực
  occupationalExposures: z
    .array(z.object({ factor: text(200), years: z.number().min(0).max(80).nullable().optional() }))
    .max(20)
    .optional(), // tiếp xúc yếu tố có hại nghề nghiệp
  /** Loại hố xí của gia đình: latrine type. */
  latrineType: z.enum(['flush', 'semi_septic', 'double_vault', 'pit', 'other', 'none']).nullable().optional(),
  environmentOther: optionalText(), // nguy cơ khác về môi trường
});

/** Khuyết tật: disabilities. */
export const disabilities = z.object({
  hearing: yesNo, // thính lực
  vision: yesNo, // thị lực
  arm: yesNo, // tay
  leg: yesNo, // chân
  spine: yesNo, // cong vẹo cột sống
  cleftLipPalate: yesNo, // khe hở môi, vòm miệng
  other: optionalText(300),
});

/** Dị ứng: allergies. */
export const allergy = z.object({
  kind: z.enum(['drug', 'chemical', 'food', 'other']), // thuốc / hóa chất, mỹ phẩm / thực phẩm / khác
  agent: text(200),
  reaction: optionalText(300),
});

/** Bệnh tật: a disease of the person (ICD-10). */
export const diseaseEntry = z.object({
  icd10: icd10Code.nullable().optional(),
  name: text(300),
  since: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a year, year-month or date')
    .nullable()
    .optional(),
  note: optionalText(),
});

export const surgery = z.object({
  description: text(300), // phẫu thuật
  year: z.number().int().min(1900).max(2100).nullable().optional(),
  place: optionalText(200),
});

export const RELATIVES = ['father', 'mother', 'sibling', 'child', 'grandparent', 'other'] as const;
/** Tiền sử gia đình: a disease in the family, and which relative. */
export const familyHistoryEntry = z.object({
  relative: z.enum(RELATIVES),
  icd10: icd10Code.nullable().optional(),
  condition: text(300),
});

/** Sức khỏe sinh sản và kế hoạch hóa gia đình: reproductive health. */
export const reproductiveHealth = z.object({
  contraception: optionalText(200), // biện pháp tránh thai đang dùng
  pregnancies: z.number().int().min(0).max(30).nullable().optional(), // số lần có thai
  births: z.number().int().min(0).max(30).nullable().optional(), // số lần sinh
  caesareans: z.number().int().min(0).max(30).nullable().optional(),
  difficultBirths: z.number().int().min(0).max(30).nullable().optional(),
  fullTermBirths: z.number().int().min(0).max(30).nullable().optional(),
  prematureBirths: z.number().int().min(0).max(30).nullable().optional(),
  miscarriages: z.number().int().min(0).max(30).nullable().optional(), // sẩy thai
  abortions: z.number().int().min(0).max(30).nullable().optional(), // phá thai
  livingChildren: z.number().int().min(0).max(30).nullable().optional(), // số con hiện sống
  lastPregnancy: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a year, year-month or date')
    .nullable()
    .optional(),
  gynecologicalDiseases: optionalText(300), // bệnh phụ khoa
});

export const historyPart = z.object({
  birth: birthCondition.optional(),
  riskFactors: riskFactors.optional(),
  disabilities: disabilities.optional(),
  allergies: z.array(allergy).max(50).optional(),
  diseases: z.array(diseaseEntry).max(100).optional(),
  surgeries: z.array(surgery).max(50).optional(),
  familyHistory: z.array(familyHistoryEntry).max(50).optional(),
  reproductive: reproductiveHealth.optional(),
  other: optionalText(2000),
});
export type HistoryPart = z.infer<typeof historyPart>;

// ---------------------------------------------------------------- part 3: vaccinations (tiêm chủng)

export const vaccinationDose = z.object({
  /** Vaccine or antigen as written on the immunisation card: BCG, VGB, DPT-VGB-Hib, OPV, MR, VNNB… */
  vaccine: text(60),
  doseNumber: z.number().int().min(1).max(10).nullable().optional(),
  date: isoDate.nullable().optional(),
  /** Expanded programme (tiêm chủng mở rộng) or a paid service vaccine. */
  program: z.enum(['epi', 'service']).default('epi'),
  /** Tetanus dose given in pregnancy (uốn ván phụ nữ có thai). */
  inPregnancy: z.boolean().optional(),
  place: optionalText(200),
  reaction: optionalText(300),
  /**
   * Set when the dose was written from the immunization module's record (its id): such doses are kept
   * in step with it (a voided dose leaves), never typed twice; doses without it were typed here.
   */
  sourceId: z.string().max(80).optional(),
});
export const vaccinationsPart = z.object({ doses: z.array(vaccinationDose).max(200).default([]) });
export type VaccinationsPart = z.infer<typeof vaccinationsPart>;

// ---------------------------------------------------------------- part 4: examinations (khám bệnh)

export const vitals = z.object({
  pulse: z.number().int().min(20).max(250).nullable().optional(),
  temperatureC: z.number().min(30).max(45).nullable().optional(),
  systolic: z.number().int().min(50).max(300).nullable().optional(),
  diastolic: z.number().int().min(20).max(200).nullable().optional(),
  respiration: z.number().int().min(5).max(80).nullable().optional(),
  heightCm: z.number().min(30).max(250).nullable().optional(),
  weightKg: z.number().min(0.5).max(300).nullable().optional(),
  bmi: z.number().min(5).max(80).nullable().optional(),
  waistCm: z.number().min(20).max(250).nullable().optional(),
  visualAcuityLeft: optionalText(20),
  visualAcuityRight: optionalText(20),
});

export const ORGAN_SYSTEMS = [
  'cardiovascular',
  'respiratory',
  'digestive',
  'urinary',
  'musculoskeletal',
  'neurological',
  'psychiatric',
  'endocrine',
  'ent',
  'eye',
  'dental',
  'skin',
  'other',
] as const;

export const examination = z.object({
  date: isoDate,
  reason: optionalText(500), // lý do khám
  illnessHistory: optionalText(2000), // bệnh sử
  vitals: vitals.optional(),
  /** Khám lâm sàng by organ system. */
  findings: z.partialRecord(z.enum(ORGAN_SYSTEMS), text(1000)).optional(),
  tests: z
    .array(z.object({ name: text(200), result: text(500) }))
    .max(50)
    .optional(), // cận lâm sàng
  diagnoses: z
    .array(
      z.object({ icd10: icd10Code.nullable().optional(), name: text(300), primary: z.boolean().optional() }),
    )
    .max(20)
    .optional(),
  advice: optionalText(2000), // tư vấn
  examiner: optionalText(120), // bác sĩ khám
  facilityCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{5,10}$/)
    .nullable()
    .optional(),
  /** The visit that wrote this examination (the visits module, later). */
  visitId: z.uuid().nullable().optional(),
});
export const examinationsPart = z.object({ items: z.array(examination).max(1000).default([]) });
export type ExaminationsPart = z.infer<typeof examinationsPart>;

/** Parts 2–4 as one stored document. */
export const healthRecordDocument = z.object({
  history: historyPart.default({}),
  vaccinations: vaccinationsPart.default({ doses: [] }),
  examinations: examinationsPart.default({ items: [] }),
});
export type HealthRecordDocument = z.infer<typeof healthRecordDocument>;
export const RECORD_PARTS = ['history', 'vaccinations', 'examinations'] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];

/**
 * An update replaces the parts it names, whole; the others are carried over from the current version.
 * `baseVersion` (optional) guards against overwriting someone else's newer version (409).
 */
export const healthRecordUpdate = z
  .strictObject({
    history: historyPart.optional(),
    vaccinations: vaccinationsPart.optional(),
    examinations: examinationsPart.optional(),
    /** Also mark the record reviewed (the yearly review of Decision 831). */
    reviewed: z.boolean().optional(),
    note: optionalText(500),
    baseVersion: z.number().int().min(0).optional(),
  })
  .refine((v) => v.history || v.vaccinations || v.examinations || v.reviewed, {
    message: 'name at least one part to update, or set reviewed',
    path: ['history'],
  });
export type HealthRecordUpdate = z.infer<typeof healthRecordUpdate>;

export const healthRecordReview = z.strictObject({
  note: optionalText(500),
  baseVersion: z.number().int().min(0).optional(),
});
export type HealthRecordReview = z.input<typeof healthRecordReview>;

export const VERSION_KINDS = ['create', 'update', 'review'] as const;

export const recordVersionMeta = z.object({
  version: z.number().int(),
  kind: z.enum(VERSION_KINDS),
  changedParts: z.array(z.enum(RECORD_PARTS)),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** The resident this version was written for: another id when it came with a merged duplicate. */
  residentId: z.uuid(),
});
export type RecordVersionMeta = z.infer<typeof recordVersionMeta>;

export const recordVersionOut = recordVersionMeta.extend({ document: healthRecordDocument });
export type RecordVersionOut = z.infer<typeof recordVersionOut>;

/** GET /residents/{id}/health-record: the 831 record, part 1 from the resident and parts 2–4 versioned. */
export const healthRecordOut = z.object({
  residentId: z.uuid(),
  /** Part 1, from the resident. */
  administrative: residentOut,
  record: z
    .object({
      id: z.uuid(),
      currentVersion: z.number(),
      reviewedAt: z.string().nullable(),
      lastUpdatedAt: z.string(),
      healthManaged: z.boolean(),
      current: recordVersionOut,
    })
    .nullable(),
  /** Every version, newest first, including those of duplicates merged into this resident. */
  versions: z.array(recordVersionMeta),
});
export type HealthRecordOut = z.infer<typeof healthRecordOut>;
