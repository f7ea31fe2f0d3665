// The plans module's contracts (zod, shared with the web): a province's plan (kế hoạch) as targets
// linked to the indicator catalogue, and its progress and periodic review (sơ kết, tổng kết).
import { z } from 'zod';

const day = z.iso.date();
export const TARGET_OPERATORS = ['>=', '>', '<=', '<'] as const;
export const TARGET_MEASURES = ['value', 'numerator'] as const;

export const planTargetInput = z.object({
  /** The target as the plan words it. */
  textVi: z.string().trim().min(5).max(1000),
  indicatorCode: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'an indicator code such as T1'),
  /** `value`: the indicator's value (a %, a rate); `numerator`: the count it is made of ("13 centres"). */
  measure: z.enum(TARGET_MEASURES).default('value'),
  operator: z.enum(TARGET_OPERATORS),
  targetValue: z.number().min(0).max(1e9),
  deadline: day,
  /** The agency responsible (cơ quan chủ trì). */
  agency: z.string().trim().min(2).max(200),
});

const planHead = {
  number: z.string().trim().min(2).max(60),
  title: z.string().trim().min(5).max(1000),
  issuer: z.string().trim().min(2).max(300),
  issuedOn: day,
  endsOn: day,
  source: z.string().trim().max(1000).nullish(),
};
const endsAfterIssue: [
  (p: { issuedOn: string; endsOn: string }) => boolean,
  { path: string[]; message: string },
] = [
  (p) => p.endsOn >= p.issuedOn,
  { path: ['endsOn'], message: 'must not be before the day the plan was issued' },
];

export const planInput = z
  .object({
    ...planHead,
    unitCode: z.string().regex(/^([0-9]{2}|[0-9]{5})$/, 'a province or commune code'),
    targets: z.array(planTargetInput).min(1).max(200),
  })
  .refine(...endsAfterIssue);
export type PlanInput = z.input<typeof planInput>;

/**
 * A plan as edited (the unit stays): its head and its targets in order. A target with the `id` of
 * one of the plan's targets changes it; one without is new; a target left out is removed.
 */
export const planUpdate = z
  .object({
    ...planHead,
    targets: z
      .array(planTargetInput.extend({ id: z.uuid().optional() }))
      .min(1)
      .max(200),
  })
  .refine(...endsAfterIssue);
export type PlanUpdate = z.input<typeof planUpdate>;

export const planTargetOut = z.object({
  id: z.string(),
  ordinal: z.number(),
  textVi: z.string(),
  indicatorCode: z.string(),
  measure: z.enum(TARGET_MEASURES),
  operator: z.enum(TARGET_OPERATORS),
  targetValue: z.number(),
  deadline: z.string(),
  agency: z.string(),
});
export type PlanTargetOut = z.infer<typeof planTargetOut>;

export const planOut = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  endsOn: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  source: z.string().nullable(),
  targets: z.array(planTargetOut),
});
export type PlanOut = z.infer<typeof planOut>;
export const planList = z.object({
  items: z.array(planOut.omit({ targets: true }).extend({ targetCount: z.number() })),
});

export const TARGET_RESULTS = ['met', 'not_met', 'no_data'] as const;
export type TargetResult = (typeof TARGET_RESULTS)[number];

/** A target with what the live indicator says for a period. */
export const targetProgress = planTargetOut.extend({
  indicatorNameVi: z.string(),
  indicatorNameEn: z.string(),
  unit: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** What the target measures (the value, or the numerator), null without data. */
  achieved: z.number().nullable(),
  result: z.enum(TARGET_RESULTS),
  asOf: z.string().nullable(),
});
export type TargetProgress = z.infer<typeof targetProgress>;

export const agencySummary = z.object({
  agency: z.string(),
  targets: z.number(),
  met: z.number(),
  notMet: z.number(),
  noData: z.number(),
});

export const planProgressOut = z.object({
  plan: planOut.omit({ targets: true }),
  period: z.string(),
  /** sơ kết (interim) while the period ends before the plan does; tổng kết (final) after. */
  kind: z.enum(['interim', 'final']),
  targets: z.array(targetProgress),
  agencies: z.array(agencySummary),
});
export type PlanProgressOut = z.infer<typeof planProgressOut>;
