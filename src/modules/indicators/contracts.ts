/**
 * The indicator catalogue and values, as the API and the web app see them (zod only).
 * An indicator is numerator / denominator × factor over a unit's subtree and a period (DHIS2 style).
 */
import { z } from 'zod';

export const PERIOD_TYPES = ['month', 'quarter', 'year'] as const;
export const INDICATOR_KINDS = ['stock', 'flow'] as const;

export const indicatorDefinition = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/),
  version: z.number().int().min(1),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  definitionVi: z.string().min(1),
  definitionEn: z.string().min(1),
  numerator: z.string().min(1),
  denominator: z.string().min(1),
  factor: z.number().positive(),
  unit: z.string(),
  kind: z.enum(INDICATOR_KINDS),
  periodType: z.enum(PERIOD_TYPES),
  direction: z.enum(['higher', 'lower']),
  target: z
    .object({
      value: z.number(),
      operator: z.enum(['>=', '>', '<=', '<']),
      deadline: z.iso.date(),
      source: z.string(),
    })
    .nullable(),
});
export type IndicatorDefinition = z.infer<typeof indicatorDefinition>;

/** A period: month `2026-11`, quarter `2026-Q4` or year `2026`. */
export const period = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'must be YYYY, YYYY-MM or YYYY-Qn');

export const indicatorValue = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  unitLevel: z.string(),
  period: z.string(),
  asOf: z.string(),
  numerator: z.number(),
  denominator: z.number(),
  /** numerator / denominator × factor, 2 decimals; null when the denominator is 0. */
  value: z.number().nullable(),
});
export type IndicatorValue = z.infer<typeof indicatorValue>;

/** GET /indicators/{code}/values: the definition and the values of a unit (or each of its children). */
export const indicatorValuesOut = z.object({
  indicator: indicatorDefinition,
  values: z.array(indicatorValue),
});
export type IndicatorValues = z.infer<typeof indicatorValuesOut>;

/** Which side of the fraction a drill-down lists. */
export const INDICATOR_PARTS = ['numerator', 'denominator'] as const;
export type IndicatorPart = (typeof INDICATOR_PARTS)[number];

export const indicatorRecord = z.object({
  id: z.string(),
  label: z.string(),
  unitPath: z.string(),
  weight: z.number(),
  /** The place's name (hamlet or commune, not its path) and, under a hamlet, its commune's name. */
  placeName: z.string().nullable(),
  communeName: z.string().nullable(),
  /** Set when the fact is a resident (people's counters, T6): a link to the profile and who they are. */
  resident: z
    .object({
      birthDate: z.string().nullable(),
      birthYear: z.number().int().nullable(),
      personalId: z.string().nullable(),
    })
    .nullable(),
});
export type IndicatorRecord = z.infer<typeof indicatorRecord>;
