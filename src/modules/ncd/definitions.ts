/**
 * The programme's definitions as versioned data (reference/ncd/control.json, risk-rules.json; their
 * SOURCES.md): parsed here, loaded into `ncd_definitions` when a file's checksum changes, and read by
 * the SQL of status.ts as the version in force on the day counted (`definitionOn`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { invalid } from '../../core/errors.js';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { loadVersionedFile, parseVersionedFile } from '../terminology/index.js';
import { ncdDefinitions } from './schema.js';

const isoDate = z.iso.date();
const threshold = z.object({ systolicBelow: z.number().int(), diastolicBelow: z.number().int() });
const atLeast = z.object({ systolicAtLeast: z.number().int(), diastolicAtLeast: z.number().int() });
const prefixes = z.array(z.string().regex(/^[A-Z]\d{2}\d?$/)).min(1);

export const controlDefinition = z.object({
  version: z.string().min(1),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string().min(1),
  underCareMonths: z.number().int().min(1),
  cohortMinMonths: z.number().int().min(0),
  windowMonths: z.number().int().min(1),
  bp: z.object({ default: threshold, withDiabetes: threshold }),
  glucose: z.object({
    controlledBelow: z.object({ hba1c: z.number(), fasting: z.number(), random: z.number() }),
    bands: z.object({
      hba1c: z.array(z.number()),
      fasting: z.array(z.number()),
      random: z.array(z.number()),
    }),
  }),
  overdue: z.object({
    followUpDays: z.number().int().min(1),
    leaveAfterDays: z.number().int().min(1),
    hideDays: z.object({ agreed_to_visit: z.number().int(), remind_to_call_later: z.number().int() }),
    returnWindowDays: z.number().int().min(1),
    bpVeryHigh: atLeast,
    cardiovascularHistory: atLeast.extend({ icd10Prefixes: prefixes }),
  }),
});
export type ControlDefinition = z.infer<typeof controlDefinition>;

export const riskDefinition = z.object({
  version: z.string().min(1),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string().min(1),
  checkMonths: z.number().int().min(1),
  minAge: z.number().int().min(0),
  sufficient: z.array(z.string()),
  atLeast: z.number().int().min(1),
  rules: z.object({
    age_40_plus: z.object({ ageAtLeast: z.number().int() }),
    bp_raised: atLeast,
    bmi_23_plus: z.object({ bmiAtLeast: z.number() }),
    waist_high: z.object({ maleAtLeast: z.number(), femaleAtLeast: z.number() }),
    tobacco: z.object({ statuses: z.array(z.enum(['current', 'former'])) }),
    alcohol: z.object({ statuses: z.array(z.enum(['current', 'former'])) }),
    family_history: z.object({ icd10Prefixes: prefixes }),
    glucose_raised: z.object({
      fastingAtLeast: z.number(),
      randomAtLeast: z.number(),
      hba1cAtLeast: z.number(),
    }),
    gestational_diabetes: z.object({ icd10Prefixes: prefixes }),
    cardiovascular_history: z.object({ icd10Prefixes: prefixes }),
    ncd_enrolled: z.object({ conditions: z.array(z.string()) }),
  }),
});
export type RiskDefinition = z.infer<typeof riskDefinition>;

const FILES = {
  control: { file: 'control.json', schema: controlDefinition },
  risk: { file: 'risk-rules.json', schema: riskDefinition },
} as const;
type Kind = keyof typeof FILES;

const referenceFile = (name: string) =>
  fileURLToPath(new URL(`../../../reference/ncd/${name}`, import.meta.url));

/** The versions of one file, checked (the versions must not overlap). */
export function parseDefinitions(kind: Kind, text: string) {
  return parseVersionedFile(
    `reference/ncd/${FILES[kind].file}`,
    kind,
    FILES[kind].schema as z.ZodType<Definition>,
    text,
  );
}
type Definition = ControlDefinition | RiskDefinition;

/** Loads reference/ncd/*.json into `ncd_definitions` when a file changed; the versions loaded. */
export async function loadNcdDefinitions(db: Orm): Promise<number> {
  let loaded = 0;
  for (const kind of Object.keys(FILES) as Kind[])
    loaded += await loadVersionedFile(
      db,
      `ncd-${kind}`,
      readFileSync(referenceFile(FILES[kind].file), 'utf8'),
      (text) => parseDefinitions(kind, text),
      (tx, v) =>
        tx
          .insert(ncdDefinitions)
          .values({ kind, version: v.version, validFrom: v.validFrom, validTo: v.validTo, document: v })
          .onConflictDoUpdate({
            target: [ncdDefinitions.kind, ncdDefinitions.version],
            set: { validFrom: v.validFrom, validTo: v.validTo, document: v },
          }),
    );
  return loaded;
}

/** The definitions document of a kind in force on a day, as a jsonb scalar SQL expression. */
export const definitionOn = (kind: Kind, day: SQL) =>
  sql`(SELECT d.document FROM ncd_definitions d WHERE d.kind = ${kind} AND d.valid_from <= ${day}
      AND (d.valid_to IS NULL OR d.valid_to > ${day}) ORDER BY d.valid_from DESC LIMIT 1)`;

/** The parsed definition in force on a day (for the services' own arithmetic: windows, hiding days). */
export async function controlOn(db: Executor, day: string, dayPath = 'date'): Promise<ControlDefinition> {
  const [row] = await rows<{ document: unknown }>(
    db,
    sql`SELECT ${definitionOn('control', sql`${day}::date`)} AS document`,
  );
  // A day before the first definition (a period asked for long ago) is the caller's field, not a fault.
  if (!row?.document)
    throw invalid([
      {
        path: dayPath,
        code: 'not_in_force',
        message: `no control definition is in force on ${day}`,
        text: {
          vi: `Không có định nghĩa kiểm soát bệnh áp dụng ngày ${day}`,
          en: `No control definition is in force on ${day}`,
        },
      },
    ]);
  return controlDefinition.parse(row.document);
}

export async function riskOn(db: Executor, day: string): Promise<RiskDefinition> {
  const [row] = await rows<{ document: unknown }>(
    db,
    sql`SELECT ${definitionOn('risk', sql`${day}::date`)} AS document`,
  );
  if (!row?.document) throw new Error(`no ncd risk definition in force on ${day} (run ytcs migrate)`);
  return riskDefinition.parse(row.document);
}
