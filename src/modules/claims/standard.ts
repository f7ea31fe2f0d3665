/**
 * The Ministry of Health's claim data standard (Decision 130/QĐ-BYT as amended) as versioned data:
 * reference/claims/*.json, one file per version with its validity dates. Code here only reads it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const CLAIMS_DIR = fileURLToPath(new URL('../../../reference/claims', import.meta.url));

/** The tables a station produces (bảng XML): visit summary, medicines, services, referral, appointment. */
export const CLAIM_TABLES = ['XML1', 'XML2', 'XML3', 'XML13', 'XML14'] as const;
export type ClaimTable = (typeof CLAIM_TABLES)[number];

export const FIELD_FORMATS = [
  'datetime',
  'date',
  'birth',
  'dateList',
  'cardList',
  'icd10',
  'icd10List',
  'facility',
  'personalId',
  'decimal2',
  'province',
  'commune',
  'socialInsuranceNumber',
  'certificateList',
] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

const fieldSpec = z.discriminatedUnion('type', [
  z.object({
    name: z.string().regex(/^[A-Z0-9_]+$/),
    type: z.literal('string'),
    max: z.number().int().positive().nullable(),
    required: z.union([z.boolean(), z.literal('insured')]),
    requiredWhen: z.object({ field: z.string(), values: z.array(z.string()) }).optional(),
    format: z.enum(FIELD_FORMATS).optional(),
    maxItems: z.number().int().positive().optional(),
    values: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  z.object({
    name: z.string().regex(/^[A-Z0-9_]+$/),
    type: z.literal('number'),
    precision: z.number().int().positive(),
    scale: z.number().int().min(0),
    required: z.union([z.boolean(), z.literal('insured')]),
    requiredWhen: z.object({ field: z.string(), values: z.array(z.string()) }).optional(),
    values: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
]);
export type FieldSpec = z.infer<typeof fieldSpec>;

const tableSpec = z.object({
  titleVi: z.string(),
  root: z.string(),
  list: z.string().nullable(),
  record: z.string(),
  fields: z.array(fieldSpec).min(1),
});
export type TableSpec = z.infer<typeof tableSpec>;

const standardSpec = z.object({
  id: z.string(),
  version: z.number().int(),
  titleVi: z.string(),
  titleEn: z.string(),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  source: z.string(),
  envelope: z.object({
    root: z.string(),
    unit: z.string(),
    facilityCode: z.string(),
    records: z.string(),
    createdOn: z.string(),
    count: z.string(),
    list: z.string(),
    record: z.string(),
    file: z.string(),
    fileType: z.string(),
    fileContent: z.string(),
    signature: z.string(),
  }),
  defaults: z.object({
    nationality: z.string(),
    occupationNone: z.string(),
    departmentCode: z.string(),
    visitType: z.string(),
    outcome: z.number().int(),
    patientCategory: z.object({ registeredHere: z.string(), otherFacility: z.string(), selfPay: z.string() }),
  }),
  costGroups: z.object({
    codes: z.array(
      z.object({
        code: z.number().int(),
        nameVi: z.string(),
        kind: z.enum(['drug', 'service', 'supply']),
      }),
    ),
  }),
  tables: z.object({
    XML1: tableSpec,
    XML2: tableSpec,
    XML3: tableSpec,
    XML13: tableSpec,
    XML14: tableSpec,
  }),
});
export type ClaimStandard = z.infer<typeof standardSpec>;

/** Parses one standard file; throws with the offending paths when it does not have the expected shape. */
export function parseClaimStandard(text: string, file = 'standard.json'): ClaimStandard {
  const parsed = standardSpec.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  for (const table of CLAIM_TABLES) {
    const names = parsed.data.tables[table].fields.map((f) => f.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`${file}: ${table} lists ${dup} twice`);
  }
  return parsed.data;
}

let cache: { dir: string; standards: ClaimStandard[] } | undefined;

/** Every version of the standard shipped in reference/claims, oldest first. */
export function claimStandards(dir = CLAIMS_DIR): ClaimStandard[] {
  if (cache?.dir === dir) return cache.standards;
  const standards = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => parseClaimStandard(readFileSync(join(dir, f), 'utf8'), f))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  cache = { dir, standards };
  return standards;
}

/** The version in force on a date (YYYY-MM-DD), or undefined before the first one. */
export function claimStandardOn(date: string, dir = CLAIMS_DIR): ClaimStandard | undefined {
  return claimStandards(dir).find((s) => s.validFrom <= date && (s.validTo === null || date < s.validTo));
}

/** The cost-group codes (MA_NHOM) of one kind. */
export function costGroupsOf(standard: ClaimStandard, kind: 'drug' | 'service' | 'supply'): Set<number> {
  return new Set(standard.costGroups.codes.filter((c) => c.kind === kind).map((c) => c.code));
}
