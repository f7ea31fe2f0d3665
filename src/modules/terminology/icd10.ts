/**
 * The ICD-10 list (mã bệnh ICD-10) diagnoses are checked against (docs/adr/0012): reference/icd10/icd10.csv,
 * made by scripts/build-icd10.ts from the WHO 2019 list, loaded into the versioned code lists (system
 * `icd10`) when its content changes. The Ministry's Vietnamese titles are merged in by the build script
 * (`--vi`) or into the database by `ytcs icd10 import-vi <file>`; a reload of the file keeps
 * Vietnamese titles already imported when the file has none for a code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { loadedChecksum, recordDatasetLoad } from './service.js';

export const ICD10_SYSTEM = 'icd10';
export const ICD10_FILE = fileURLToPath(new URL('../../../reference/icd10/icd10.csv', import.meta.url));
/** Categories (I10) and subcategories (E11.9, M80.05): what a diagnosis carries. */
export const ICD10_CODE_PATTERN = /^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/;
/** ICD-10 is in use in Vietnam's statistics since before the records this system keeps. */
export const ICD10_VALID_FROM = '2000-01-01';

const icdRow = z.object({
  code: z.string().regex(ICD10_CODE_PATTERN),
  title_en: z.string().min(1),
  title_vi: z.string().optional().default(''),
  valid_from: z.iso.date(),
  valid_to: z.union([z.iso.date(), z.literal('')]).optional(),
});
export type Icd10Row = z.infer<typeof icdRow>;

/** Parses the ICD-10 file (header `code,title_en,title_vi,valid_from,valid_to`; title_vi may be empty). */
export function parseIcd10Csv(text: string): Icd10Row[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const p = icdRow.safeParse(r);
    if (!p.success)
      throw new Error(
        `icd10.csv line ${i + 2}: ${p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    return p.data;
  });
}

/** Loads reference/icd10/icd10.csv into code_values when its content changed (bulk, ~1 s). */
export async function loadIcd10(db: Orm, file = ICD10_FILE): Promise<number | undefined> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  const name = `codes:${ICD10_SYSTEM}`;
  if ((await loadedChecksum(db, name)) === checksum) return undefined;
  const values = parseIcd10Csv(text);
  await db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += 1000) {
      const chunk = values.slice(i, i + 1000);
      await tx.execute(sql`INSERT INTO code_values (id, system, code, display_vi, display_en, sort_order, properties, valid_from, valid_to, source)
        VALUES ${sql.join(
          chunk.map(
            (v) =>
              sql`(${newId()}, ${ICD10_SYSTEM}, ${v.code}, ${v.title_vi || v.title_en}, ${v.title_en}, 0,
                ${JSON.stringify({ vi: Boolean(v.title_vi) })}::jsonb, ${v.valid_from}::date, ${v.valid_to || null}::date, 'reference/icd10/icd10.csv')`,
          ),
          sql`, `,
        )}
        ON CONFLICT (system, code, valid_from) DO UPDATE SET display_en = excluded.display_en, valid_to = excluded.valid_to,
          display_vi = CASE WHEN (excluded.properties->>'vi')::boolean THEN excluded.display_vi ELSE code_values.display_vi END,
          properties = code_values.properties || jsonb_build_object('vi',
            (excluded.properties->>'vi')::boolean OR coalesce((code_values.properties->>'vi')::boolean, false))`);
    }
    await recordDatasetLoad(tx, name, checksum, values.length);
  });
  return values.length;
}

/** Merges Vietnamese titles (CSV `code,title_vi`) into the loaded list; returns merged and unknown codes. */
export async function importIcd10Vietnamese(
  db: Orm,
  text: string,
): Promise<{ merged: number; unknown: string[] }> {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as {
    code?: string;
    title_vi?: string;
  }[];
  const wanted = records
    .map((r) => ({ code: (r.code ?? '').toUpperCase(), title: r.title_vi ?? '' }))
    .filter((r) => r.code && r.title);
  let merged = 0;
  const unknown: string[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < wanted.length; i += 1000) {
      const chunk = wanted.slice(i, i + 1000);
      const updated = await rows<{ code: string }>(
        tx,
        sql`UPDATE code_values cv SET display_vi = v.title, properties = cv.properties || '{"vi": true}'::jsonb
            FROM (VALUES ${sql.join(
              chunk.map((c) => sql`(${c.code}, ${c.title})`),
              sql`, `,
            )}) AS v(code, title)
            WHERE cv.system = ${ICD10_SYSTEM} AND cv.code = v.code RETURNING cv.code`,
      );
      const found = new Set(updated.map((u) => u.code));
      merged += found.size;
      unknown.push(...chunk.filter((c) => !found.has(c.code)).map((c) => c.code));
    }
  });
  return { merged, unknown };
}

/** An ICD-10 code valid on a day with its Vietnamese (or, until imported, English) and English titles. */
export interface Icd10Title {
  code: string;
  title: string;
  titleEn: string;
}

/** The titles of the codes valid on a day; missing codes are absent from the map. */
export async function icd10Titles(
  db: Executor,
  codes: string[],
  on: string,
): Promise<Map<string, { title: string; titleEn: string }>> {
  if (!codes.length) return new Map();
  const found = await rows<Icd10Title>(
    db,
    sql`SELECT code, display_vi AS title, display_en AS "titleEn" FROM code_values
        WHERE system = ${ICD10_SYSTEM} AND code IN (${sql.join(
          [...new Set(codes)].map((c) => sql`${c}`),
          sql`, `,
        )}) AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)`,
  );
  return new Map(found.map((f) => [f.code, { title: f.title, titleEn: f.titleEn }]));
}

/** Searches the list by code prefix or title words (for the diagnosis picker). */
export async function searchIcd10(
  db: Executor,
  q: string,
  on: string,
  paging: { limit: number; offset: number } = { limit: 20, offset: 0 },
): Promise<Icd10Title[]> {
  const text = q.trim();
  return rows(
    db,
    sql`SELECT code, display_vi AS title, display_en AS "titleEn" FROM code_values
        WHERE system = ${ICD10_SYSTEM} AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)
          AND (code ILIKE ${text.toUpperCase() + '%'} OR ytcs_search_key(display_vi) LIKE '%' || ytcs_search_key(${text}) || '%'
               OR lower(display_en) LIKE '%' || lower(${text}) || '%')
        ORDER BY (code ILIKE ${text.toUpperCase() + '%'}) DESC, length(code), code LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
}
