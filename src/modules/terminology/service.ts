import { today } from '../../core/clock.js';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import type { CodeValue } from './contracts.js';
import { PLAUSIBILITY_SYSTEM, ruleOf } from './plausibility.js';
import { codeValues, referenceDatasets } from './schema.js';
import { createHash } from 'node:crypto';

export const CODES_DIR = fileURLToPath(new URL('../../../reference/codes', import.meta.url));
const PROJECT_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/** Where a list came from, as a path inside the project (reference/<folder>/<file>). */
export function sourceOf(dir: string, file: string): string {
  return relative(PROJECT_DIR, join(dir, file)).split('\\').join('/');
}

const codeRow = z.object({
  code: z.string().min(1),
  display_vi: z.string().min(1),
  display_en: z.string().min(1),
  valid_from: z.iso.date(),
  valid_to: z.union([z.iso.date(), z.literal('')]).optional(),
  sort_order: z.coerce.number().int().default(0),
  source: z.string().optional(),
});

/** The columns every code list has; any other column of a file is a property of its values. */
const STANDARD_COLUMNS = new Set([
  'code',
  'display_vi',
  'display_en',
  'valid_from',
  'valid_to',
  'sort_order',
  'source',
]);

/**
 * Parses one code-list CSV (header: code,display_vi,display_en,valid_from,valid_to,sort_order,source,
 * then any columns of the list's own, e.g. `benefit_levels`). A list's own columns become the value's
 * `properties` (column name → text; empty cells left out).
 */
export function parseCodeCsv(
  text: string,
  file = 'codes.csv',
): (CodeValue & { properties: Record<string, string> })[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const parsed = codeRow.safeParse(r);
    if (!parsed.success)
      throw new Error(
        `${file} line ${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    const v = parsed.data;
    const properties: Record<string, string> = {};
    for (const [column, value] of Object.entries(r))
      if (!STANDARD_COLUMNS.has(column) && value !== '') properties[column] = value;
    return {
      properties,
      code: v.code,
      displayVi: v.display_vi,
      displayEn: v.display_en,
      validFrom: v.valid_from,
      validTo: v.valid_to || null,
      sortOrder: v.sort_order,
    };
  });
}

/** Loads every reference/codes/<system>.csv whose content changed since the last load. */
export async function loadReferenceCodes(
  db: Orm,
  dir = CODES_DIR,
): Promise<{ system: string; rows: number }[]> {
  const loaded: { system: string; rows: number }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const system = basename(file, '.csv');
    const text = readFileSync(join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(text).digest('hex');
    const name = `codes:${system}`;
    const [current] = await db.select().from(referenceDatasets).where(eq(referenceDatasets.name, name));
    if (current?.checksum === checksum) continue;
    const values = parseCodeCsv(text, file);
    // A list whose values carry rules is checked whole before anything of it is loaded.
    if (system === PLAUSIBILITY_SYSTEM) for (const v of values) ruleOf(v);
    await db.transaction(async (tx) => {
      for (const v of values) {
        await tx
          .insert(codeValues)
          .values({ id: newId(), system, ...v, source: sourceOf(dir, file) })
          .onConflictDoUpdate({
            target: [codeValues.system, codeValues.code, codeValues.validFrom],
            set: {
              displayVi: v.displayVi,
              displayEn: v.displayEn,
              validTo: v.validTo,
              sortOrder: v.sortOrder,
              properties: v.properties,
            },
          });
      }
      await tx
        .insert(referenceDatasets)
        .values({ name, checksum, rowCount: values.length })
        .onConflictDoUpdate({
          target: referenceDatasets.name,
          set: { checksum, rowCount: values.length, loadedAt: new Date() },
        });
    });
    loaded.push({ system, rows: values.length });
  }
  return loaded;
}

/** The values of a code list valid on a date (default today). */
export async function codesValidOn(db: Executor, system: string, on?: string): Promise<CodeValue[]> {
  const date = on ?? today();
  return rows<CodeValue>(
    db,
    sql`SELECT code, display_vi AS "displayVi", display_en AS "displayEn", valid_from::text AS "validFrom", valid_to::text AS "validTo", sort_order AS "sortOrder"
        FROM code_values WHERE system = ${system} AND valid_from <= ${date}::date AND (valid_to IS NULL OR valid_to > ${date}::date)
        ORDER BY sort_order, code`,
  );
}

export async function isValidCode(db: Executor, system: string, code: string, on: string): Promise<boolean> {
  const found = await db
    .select({ id: codeValues.id })
    .from(codeValues)
    .where(
      and(
        eq(codeValues.system, system),
        eq(codeValues.code, code),
        sql`${codeValues.validFrom} <= ${on}::date AND (${codeValues.validTo} IS NULL OR ${codeValues.validTo} > ${on}::date)`,
      ),
    );
  return found.length > 0;
}

/** The checksum of a reference dataset as last loaded, if any. */
export async function loadedChecksum(db: Executor, name: string): Promise<string | undefined> {
  const [current] = await db.select().from(referenceDatasets).where(eq(referenceDatasets.name, name));
  return current?.checksum;
}

export async function recordDatasetLoad(
  db: Executor,
  name: string,
  checksum: string,
  rowCount: number,
): Promise<void> {
  await db
    .insert(referenceDatasets)
    .values({ name, checksum, rowCount })
    .onConflictDoUpdate({
      target: referenceDatasets.name,
      set: { checksum, rowCount, loadedAt: new Date() },
    });
}
