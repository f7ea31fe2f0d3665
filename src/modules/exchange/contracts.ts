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
});
export type ImportSummary = z.infer<typeof importSummary>;

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
