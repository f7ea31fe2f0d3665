// The criteria module's contracts (zod, shared with the web): the versioned criteria data, the
// self-assessment and its review (bộ tiêu chí quốc gia về y tế xã, Decision 1300/QĐ-BYT).
import { z } from 'zod';

const text = z.object({ vi: z.string().min(1), en: z.string().min(1) });

/** Where a pre-filled value comes from in ytcs (network's staff, an indicator's value). */
export const PREFILL_KEYS = [
  'station_doctor',
  'insurance_coverage',
  'health_managed_share',
  'hamlet_health_workers',
  'technical_services',
  'insured_visits',
  'full_immunization',
  'antenatal_4',
  'facility_births',
  'underweight_u5',
  'contraceptive_use',
  'satisfaction',
] as const;
export type PrefillKey = (typeof PREFILL_KEYS)[number];

/**
 * The pre-filled values read from the indicator catalogue: which indicator, and its name in the
 * assessment (the station's doctor comes from network's staff instead, as T1 counts it).
 */
export const PREFILL_INDICATORS: Record<
  Exclude<PrefillKey, 'station_doctor'>,
  { code: string; vi: string; en: string }
> = {
  insurance_coverage: { code: 'T3', vi: 'Tỷ lệ dân số tham gia BHYT', en: 'Insurance coverage' },
  health_managed_share: {
    code: 'T5',
    vi: 'Tỷ lệ dân số được quản lý sức khỏe',
    en: 'Residents with a managed health record',
  },
  hamlet_health_workers: {
    code: 'T2',
    vi: 'Thôn, bản có nhân viên y tế được đào tạo',
    en: 'Hamlets with a trained health worker',
  },
  technical_services: {
    code: 'T8',
    vi: 'Trạm thực hiện được danh mục dịch vụ kỹ thuật',
    en: 'The station performs the list of technical services',
  },
  insured_visits: {
    code: 'T4',
    vi: 'Lượt khám tại trạm do BHYT chi trả',
    en: 'Station visits paid by health insurance',
  },
  full_immunization: {
    code: 'T11',
    vi: 'Trẻ dưới 1 tuổi được tiêm chủng đầy đủ',
    en: 'Children under 1 fully immunized',
  },
  antenatal_4: {
    code: 'MAT_ANC4',
    vi: 'Phụ nữ đẻ được khám thai ≥ 4 lần',
    en: 'Births with ≥ 4 antenatal visits',
  },
  facility_births: {
    code: 'MAT_FACILITY_BIRTHS',
    vi: 'Phụ nữ đẻ tại cơ sở y tế',
    en: 'Births in a facility',
  },
  underweight_u5: {
    code: 'NUT_UNDERWEIGHT_U5',
    vi: 'Trẻ dưới 5 tuổi suy dinh dưỡng nhẹ cân',
    en: 'Children under 5 underweight',
  },
  contraceptive_use: {
    code: 'MAT_FP_USERS',
    vi: 'Sử dụng biện pháp tránh thai',
    en: 'Contraceptive use',
  },
  satisfaction: {
    code: 'T9',
    vi: 'Người bệnh hài lòng với trạm y tế',
    en: 'Patients satisfied with the station',
  },
};

export const criteriaIndicator = z.object({
  code: z.string().regex(/^[0-9]{1,2}(\.[0-9]{1,2}){1,2}$/, 'an indicator code such as 2.1'),
  name: text,
  maxPoints: z.number().positive().max(100),
  /** A knock-out indicator (chỉ tiêu bắt buộc): the commune fails if it does not get its full points. */
  mandatory: z.boolean(),
  /** What ytcs knows that bears on it, shown beside it as a pre-filled value with its source. */
  prefill: z.array(z.enum(PREFILL_KEYS)).default([]),
});
export type CriteriaIndicator = z.infer<typeof criteriaIndicator>;

export const criterion = z.object({
  no: z.number().int().min(1).max(20),
  name: text,
  maxPoints: z.number().positive().max(100),
  indicators: z.array(criteriaIndicator).min(1),
});
export type Criterion = z.infer<typeof criterion>;

/** A version of the criteria as an administrator loads it (and as reference/criteria/ ships it). */
export const criteriaSetDefinition = z
  .object({
    code: z.string().min(1).max(40),
    version: z.number().int().positive(),
    validFrom: z.iso.date(),
    validTo: z.iso.date().nullable(),
    source: z.string().min(1),
    /** Pass rule: at least `minTotal` points, at least `minShareOfEach` of every criterion's points, no knock-out failed. */
    passRule: z.object({
      minTotal: z.number().min(0).max(100),
      minShareOfEach: z.number().min(0).max(1),
    }),
    /** How many years an approved result stands (3). */
    validityYears: z.number().int().min(1).max(10),
    criteria: z.array(criterion).min(1),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.criteria.forEach((c, i) => {
      const sum = c.indicators.reduce((s, x) => s + x.maxPoints, 0);
      if (Math.abs(sum - c.maxPoints) > 1e-9)
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'maxPoints'],
          message: `the indicators' points (${sum}) must add up to the criterion's (${c.maxPoints})`,
        });
      c.indicators.forEach((x, j) => {
        if (seen.has(x.code))
          ctx.addIssue({
            code: 'custom',
            path: ['criteria', i, 'indicators', j, 'code'],
            message: 'duplicate indicator code',
          });
        seen.add(x.code);
      });
    });
  });
export type CriteriaSetDefinition = z.infer<typeof criteriaSetDefinition>;

export const criteriaSetOut = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  definition: z.custom<CriteriaSetDefinition>(),
});
export type CriteriaSetOut = z.infer<typeof criteriaSetOut>;

/** A value ytcs already knows, captured when the assessment was opened, with where it came from. */
export const prefillValue = z.object({
  key: z.enum(PREFILL_KEYS),
  /** A number (a share in %), a yes/no (1/0), or null when ytcs has no data. */
  value: z.number().nullable(),
  display: text,
  source: text,
  asOf: z.string(),
});
export type PrefillValue = z.infer<typeof prefillValue>;

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Points per indicator code, e.g. `{ "2.1": 4 }`. */
export const scoresInput = z.record(z.string().max(10), z.number().min(0).max(100));

export const assessmentCreate = z.object({
  unitCode: z.string().regex(/^[0-9]{5}$/, 'a commune code of 5 digits'),
  year: z.number().int().min(2023).max(2100),
});
export const assessmentUpdate = z.object({
  scores: scoresInput,
  note: z.string().max(2000).nullish(),
});
export const reviewInput = z.object({
  decision: z.enum(['approve', 'return']),
  note: z.string().max(2000).nullish(),
});

export const criterionScore = z.object({
  no: z.number().int(),
  points: z.number(),
  maxPoints: z.number(),
  /** At least the pass rule's share of its points. */
  enough: z.boolean(),
});
export const scoreResult = z.object({
  total: z.number(),
  passed: z.boolean(),
  criteria: z.array(criterionScore),
  /** Knock-out indicators not given their full points. */
  failedKnockouts: z.array(z.string()),
  /** The pass rule's reasons for failing, as codes: total, criterion:<no>, knockout:<code>. */
  reasons: z.array(z.string()),
});
export type ScoreResult = z.infer<typeof scoreResult>;

export const evidenceOut = z.object({
  id: z.string(),
  indicatorCode: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});

export const assessmentOut = z.object({
  id: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  status: z.enum(ASSESSMENT_STATUSES),
  set: criteriaSetOut,
  scores: z.record(z.string(), z.number()),
  prefill: z.array(prefillValue),
  score: scoreResult,
  note: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  approvedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  evidence: z.array(evidenceOut),
});
export type AssessmentOut = z.infer<typeof assessmentOut>;

export const assessmentSummary = z.object({
  id: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  status: z.enum(ASSESSMENT_STATUSES),
  total: z.number(),
  passed: z.boolean(),
  approvedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
});
export const assessmentList = z.object({ items: z.array(assessmentSummary) });
export type AssessmentSummary = z.infer<typeof assessmentSummary>;

/** An evidence file as the web sends it: base64 content, at most EVIDENCE_MAX_BYTES once decoded. */
export const EVIDENCE_MAX_BYTES = 2 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 20;
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const evidenceInput = z.object({
  indicatorCode: z.string().max(10),
  fileName: z.string().min(1).max(200),
  mediaType: z.enum(EVIDENCE_MEDIA_TYPES),
  contentBase64: z
    .string()
    .min(1)
    .max(Math.ceil((EVIDENCE_MAX_BYTES * 4) / 3) + 4),
});

// ---------------------------------------------------------------- a version from a CSV or XLSX file

/**
 * A version of the criteria as an administrator uploads it: one row per criterion (indicator_no empty,
 * max_points its total) and one row per indicator (chỉ tiêu) under it. Columns: criterion_no,
 * criterion_name, [criterion_name_en], indicator_no, indicator_text, [indicator_text_en], max_points,
 * mandatory (có/không, true/false, 1/0), [prefill] (keys separated by ; or space). The shared extract
 * (criteria-1300/criteria.csv) has this shape. A criterion without indicator rows is one indicator N.1
 * holding its points.
 */
export const criteriaFileUpload = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    contentBase64: z.string().min(4).max(4_000_000),
    dryRun: z.boolean().default(true),
    code: z.string().trim().min(1).max(40),
    version: z.number().int().positive().max(1000),
    validFrom: z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day from 2000 to 2099'),
    validTo: z.iso
      .date()
      .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day from 2000 to 2099')
      .nullish(),
    source: z.string().trim().min(3).max(1000),
    passRule: z
      .object({ minTotal: z.number().min(0).max(100), minShareOfEach: z.number().min(0).max(1) })
      .default({ minTotal: 80, minShareOfEach: 0.5 }),
    validityYears: z.number().int().min(1).max(10).default(3),
  })
  .strict()
  .refine((u) => !u.validTo || u.validTo >= u.validFrom, {
    path: ['validTo'],
    message: 'must not be before validFrom',
  });
export type CriteriaFileUpload = z.input<typeof criteriaFileUpload>;

export const criteriaRowError = z.object({
  /** The file's row (the header is row 1; 0 for the upload's own fields). */
  row: z.number().int(),
  column: z.string(),
  code: z.string(),
  message: text,
});
export type CriteriaRowError = z.infer<typeof criteriaRowError>;

export const criteriaFileResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  criteria: z.number().int(),
  indicators: z.number().int(),
  errors: z.array(criteriaRowError),
  /** The version as read (also on a dry run, when it has no errors). */
  definition: z.custom<CriteriaSetDefinition>().nullable(),
  /** The version stored (not on a dry run). */
  set: criteriaSetOut.nullable(),
});
export type CriteriaFileResult = z.infer<typeof criteriaFileResult>;
