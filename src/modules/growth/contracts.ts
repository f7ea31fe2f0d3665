// What the growth module takes and answers (zod, shared with the web app).
import { z } from 'zod';

const isoDate = z.iso.date();
const zscore = z.number().nullable();

/** The stateless computation: any tool may ask (POST /api/v1/growth/zscores). */
export const zscoreInput = z.object({
  sex: z.enum(['male', 'female']),
  birthDate: isoDate,
  measuredOn: isoDate,
  weightKg: z.number().positive().max(500).optional(),
  lengthCm: z.number().positive().max(300).optional(),
  /** đo nằm / đo đứng */
  measured: z.enum(['lying', 'standing']).optional(),
  headCm: z.number().positive().max(100).optional(),
  muacCm: z.number().positive().max(100).optional(),
  oedema: z.boolean().optional(),
});
export type ZScoreInput = z.infer<typeof zscoreInput>;

export const ZSCORE_NAMES = [
  'weightForAge',
  'lengthForAge',
  'weightForLength',
  'bmiForAge',
  'headForAge',
  'muacForAge',
] as const;

export const zscoresOut = z.object({
  ageDays: z.number().int(),
  /** The length/height after the ±0.7 cm conversion, and the BMI from it. */
  lengthCm: z.number().nullable(),
  bmi: z.number().nullable(),
  standard: z.enum(['who2006', 'who2007']).nullable(),
  weightForAge: zscore,
  lengthForAge: zscore,
  weightForLength: zscore,
  bmiForAge: zscore,
  headForAge: zscore,
  muacForAge: zscore,
  /** The z-scores WHO flags as implausible. */
  flags: z.array(z.enum(ZSCORE_NAMES)),
  /** Codes of the nutrition statuses met (list `nutrition-status`), flagged z-scores left out. */
  statuses: z.array(z.string()),
});
export type ZScoresOut = z.infer<typeof zscoresOut>;

/** A child's measurement at the station or in the hamlet (cân đo). */
export const measurementInput = z
  .object({
    measuredOn: isoDate,
    weightKg: z.number().positive().max(500).optional(),
    lengthCm: z.number().positive().max(300).optional(),
    measured: z.enum(['lying', 'standing']).optional(),
    headCm: z.number().positive().max(100).optional(),
    muacCm: z.number().positive().max(100).optional(),
    oedema: z.boolean().optional(),
    /** Save a measurement WHO flags as implausible (checked again): it is kept out of the counts. */
    acceptFlagged: z.boolean().optional(),
  })
  .refine((m) => m.lengthCm === undefined || m.measured !== undefined, {
    message: 'say whether the length was taken lying or standing',
    path: ['measured'],
  })
  .refine(
    (m) =>
      m.weightKg !== undefined ||
      m.lengthCm !== undefined ||
      m.headCm !== undefined ||
      m.muacCm !== undefined,
    { message: 'enter at least one measure', path: ['weightKg'] },
  );
export type MeasurementInput = z.infer<typeof measurementInput>;

export const measurementOut = zscoresOut.extend({
  id: z.uuid(),
  residentId: z.uuid(),
  measuredOn: isoDate,
  weightKg: z.number().nullable(),
  measuredLengthCm: z.number().nullable(),
  measured: z.enum(['lying', 'standing']).nullable(),
  headCm: z.number().nullable(),
  muacCm: z.number().nullable(),
  oedema: z.boolean(),
  recordedBy: z.string(),
});
export type MeasurementOut = z.infer<typeof measurementOut>;

/** A reference curve of the chart: the value at −3…+3 SD for each x (age in days, or cm). */
export const curveOut = z.object({
  indicator: z.string(),
  sex: z.enum(['male', 'female']),
  x: z.array(z.number()),
  sd: z.record(z.string(), z.array(z.number())),
});
export type CurveOut = z.infer<typeof curveOut>;

/** The child's growth: who, the measurements (newest first) and the statuses' names. */
export const childGrowthOut = z.object({
  residentId: z.uuid(),
  sex: z.enum(['male', 'female']),
  birthDate: isoDate.nullable(),
  measurements: z.array(measurementOut),
  statusNames: z.record(z.string(), z.object({ vi: z.string(), en: z.string() })),
});
export type ChildGrowthOut = z.infer<typeof childGrowthOut>;

/** The nutrition list (danh sách trẻ suy dinh dưỡng) of a unit: children under 5 below −2 SD, by hamlet. */
export const nutritionListOut = z.object({
  unitCode: z.string(),
  hamlets: z.array(
    z.object({
      unitCode: z.string(),
      name: z.string(),
      children: z.array(
        z.object({
          residentId: z.uuid(),
          fullName: z.string(),
          birthDate: isoDate,
          measuredOn: isoDate,
          ageDays: z.number().int(),
          weightForAge: zscore,
          lengthForAge: zscore,
          weightForLength: zscore,
          statuses: z.array(z.string()),
        }),
      ),
    }),
  ),
  statusNames: z.record(z.string(), z.object({ vi: z.string(), en: z.string() })),
});
export type NutritionListOut = z.infer<typeof nutritionListOut>;
