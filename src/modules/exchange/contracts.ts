/**
 * Aggregate exchange (trao đổi số liệu tổng hợp) as the API and the web app see it (zod only): the
 * query of the exports, a DHIS2 `dataValueSets` payload and the import summary, the mapping lists.
 * docs/adr/0034-aggregate-exchange.md.
 */
import { z } from 'zod';
import { unitCode } from '../network/contracts.js';

/** A ytcs month (`2026-03`): indicators are exchanged by month. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A DHIS2 uid: a letter, then 10 letters or digits. */
export const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/;

/** GET /exchange/…?period=&unit=&children= — what every export takes. */
export const exportQuery = z.object({
  period: z.string().regex(MONTH, 'must be a month like 2026-03'),
  unit: unitCode,
  children: z.enum(['true', 'false']).default('false'),
});
export type ExportQuery = z.infer<typeof exportQuery>;

/** One DHIS2 data value (`/api/dataValueSets` JSON), as DHIS2 writes it: every value is a string. */
export const dhis2DataValue = z.looseObject({
  dataElement: z.string().min(1),
  period: z.string().min(1),
  orgUnit: z.string().min(1),
  categoryOptionCombo: z.string().optional(),
  attributeOptionCombo: z.string().optional(),
  value: z.string().optional(),
  comment: z.string().optional(),
  followup: z.boolean().optional(),
  created: z.string().optional(),
  lastUpdated: z.string().optional(),
  storedBy: z.string().optional(),
});
export type Dhis2DataValue = z.infer<typeof dhis2DataValue>;

export const dhis2DataValueSet = z.looseObject({
  dataSet: z.string().optional(),
  completeDate: z.string().optional(),
  period: z.string().optional(),
  orgUnit: z.string().optional(),
  attributeOptionCombo: z.string().optional(),
  dataValues: z.array(dhis2DataValue).max(100_000),
});
export type Dhis2DataValueSet = z.infer<typeof dhis2DataValueSet>;

/** Which number of an indicator a data element carries. */
export const INDICATOR_PARTS = ['value', 'numerator', 'denominator'] as const;
export type IndicatorPart = (typeof INDICATOR_PARTS)[number];

/** A DHIS2 import conflict (ImportConflict): the object that could not be kept and why. */
export const importConflict = z.object({
  object: z.string(),
  property: z.string(),
  value: z.string(),
  errorCode: z.string(),
  indexes: z.array(z.number().int()),
});
export type ImportConflict = z.infer<typeof importConflict>;

/** A data value mapped back to ytcs: indicator, which number, unit, month and the number. */
export const mappedValue = z.object({
  index: z.number().int(),
  indicator: z.string(),
  part: z.enum(INDICATOR_PARTS),
  unitCode: z.string(),
  period: z.string(),
  value: z.number(),
});
export type MappedValue = z.infer<typeof mappedValue>;

/** The answer to an import, shaped like DHIS2's ImportSummary, with what each value mapped to. */
export const importSummary = z.object({
  responseType: z.literal('ImportSummary'),
  status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
  description: z.string(),
  importOptions: z.object({ dryRun: z.boolean() }),
  importCount: z.object({
    imported: z.number().int(),
    updated: z.number().int(),
    ignored: z.number().int(),
    deleted: z.number().int(),
  }),
  conflicts: z.array(importConflict),
  mapped: z.array(mappedValue),
  /** The import kept (a real import without conflicts): `GET /exchange/imports/{importId}`. */
  importId: z.uuid().optional(),
});
export type ImportSummary = z.infer<typeof importSummary>;

/** A DHIS2 import that was kept (all or nothing), as listed. */
export const importOut = z.object({
  id: z.uuid(),
  dataSet: z.string().nullable(),
  completeDate: z.string().nullable(),
  /** The values it kept, and how many of them replaced an earlier import's for the same key. */
  valueCount: z.number().int(),
  updatedCount: z.number().int(),
  /** The months and units its values are for. */
  periods: z.array(z.string()),
  unitCodes: z.array(z.string()),
  importedBy: z.string(),
  importedAt: z.string(),
});
export type ImportOut = z.infer<typeof importOut>;

/**
 * An imported value beside ytcs's own (ADR 0034, amendment): as DHIS2 sent it, as ytcs reads it, the
 * same number of ytcs's own indicator for the unit and month (null when ytcs has none: a value
 * without a denominator), and the difference (imported − ytcs).
 */
export const importedValueOut = z.object({
  index: z.number().int(),
  dataElement: z.string(),
  categoryOptionCombo: z.string().nullable(),
  orgUnit: z.string(),
  dhis2Period: z.string(),
  indicator: z.string(),
  part: z.enum(INDICATOR_PARTS),
  unitCode: z.string(),
  period: z.string(),
  value: z.number(),
  ytcs: z.number().nullable(),
  difference: z.number().nullable(),
  storedBy: z.string().nullable(),
});
export type ImportedValueOut = z.infer<typeof importedValueOut>;

export const importValuesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  indicator: z.string().trim().min(1).max(40).optional(),
  unit: unitCode.optional(),
});
export type ImportValuesQuery = z.infer<typeof importValuesQuery>;

/** The mapping lists an administrator loads (each a versioned code list, ADR 0034). */
export const MAPPING_LISTS = ['data-element', 'org-unit', 'setting'] as const;
export type MappingList = (typeof MAPPING_LISTS)[number];

export const mappingLoadIn = z.object({
  list: z.enum(MAPPING_LISTS),
  /** The list as CSV text, with the columns of reference/exchange/exchange-dhis2-<list>.csv. */
  csv: z.string().min(1).max(2_000_000),
});

export const mappingLoadOut = z.object({
  dryRun: z.boolean(),
  system: z.string(),
  rows: z.number().int(),
  loaded: z.boolean(),
});
export type MappingLoadOut = z.infer<typeof mappingLoadOut>;
