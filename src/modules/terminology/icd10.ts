/**
 * The ICD-10 list (mã bệnh ICD-10) diagnoses are checked against (docs/adr/0012): reference/icd10/icd10.csv,
 * made by scripts/build-icd10.ts from the WHO 2019 list with the Ministry of Health's Vietnamese titles,
 * loaded into the versioned code lists (system `icd10`) when its content changes. `display_vi` is the
 * Vietnamese title (the English one for the few codes the Ministry's list lacks), `display_en` the
 * English. A newer Vietnamese list is merged into the database by `ytcs catalogue import icd10-vi
 * <file>`; a reload of the file keeps Vietnamese titles already imported when the file has none for a code.
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
/** The reference_datasets entry an import of Vietnamese titles writes (so the search index reloads). */
const ICD10_VI_DATASET = `codes:${ICD10_SYSTEM}-vi`;

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
    await recordDatasetLoad(tx, ICD10_VI_DATASET, createHash('sha256').update(text).digest('hex'), merged);
  });
  return { merged, unknown };
}

/** An ICD-10 code valid on a day with its Vietnamese (English where the Ministry's list lacks it) and English titles. */
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

/**
 * A search key: lower case, without diacritics (đ → d), NFC. "Tăng huyết áp" → "tang huyet ap".
 * The same folding as the database's `ytcs_search_key`, done here for the in-memory index.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** The words of a text, lower case, with their diacritics (NFC). */
function words(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface IndexedCode extends Icd10Title {
  validFrom: string;
  validTo: string | null;
  /** The title's words as written (lower case) and folded, Vietnamese then English. */
  vi: string[];
  viFolded: string[];
  en: string[];
}

/** Sorted distinct keys, each with the codes (positions in `codes`) it belongs to. */
interface Postings {
  keys: string[];
  codes: number[][];
}

interface Icd10Index {
  codes: IndexedCode[];
  /** Codes as written (J02.9) and without the dot (J029), for a code or its beginning typed. */
  code: Postings;
  /** Folded title words, for typed words: every word of a title begins with a typed word's letters. */
  vi: Postings;
  en: Postings;
}

function postings(entries: Iterable<[string, number]>): Postings {
  const map = new Map<string, Set<number>>();
  for (const [key, i] of entries) {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(i);
  }
  const keys = [...map.keys()].sort();
  return { keys, codes: keys.map((k) => [...map.get(k)!]) };
}

/** The codes having a key that begins with `prefix` (a binary search, then the run of keys). */
function withPrefix(p: Postings, prefix: string, into: Set<number>): Set<number> {
  let lo = 0;
  let hi = p.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.keys[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < p.keys.length && p.keys[k]!.startsWith(prefix); k++)
    for (const i of p.codes[k]!) into.add(i);
  return into;
}

/** The codes whose keys begin with every one of the prefixes. */
function withEveryPrefix(p: Postings, prefixes: string[]): number[] {
  const sets = prefixes.map((w) => withPrefix(p, w, new Set()));
  sets.sort((x, y) => x.size - y.size);
  return [...sets[0]!].filter((i) => sets.every((s) => s.has(i)));
}

/**
 * The in-memory index of the ICD-10 list, one per database handle, rebuilt when the list's reference
 * data changes (a new icd10.csv or an import of Vietnamese titles, told by reference_datasets): the
 * codes and the sorted words of their titles, folded, each with the codes it occurs in. A query costs
 * one small read of reference_datasets and a few binary searches, whatever the database; a SQL scan
 * folding 12,246 titles per query could not use an index without a migration (see README.md).
 */
const indexes = new WeakMap<object, { version: string; index: Promise<Icd10Index> }>();

async function buildIndex(db: Executor): Promise<Icd10Index> {
  const all = await rows<{
    code: string;
    title: string;
    titleEn: string;
    validFrom: string;
    validTo: string | null;
  }>(
    db,
    sql`SELECT code, display_vi AS title, display_en AS "titleEn", valid_from::text AS "validFrom",
          valid_to::text AS "validTo" FROM code_values WHERE system = ${ICD10_SYSTEM} ORDER BY code, valid_from`,
  );
  const codes = all.map((c) => {
    const vi = words(c.title);
    return { ...c, vi, viFolded: vi.map(foldVietnamese), en: words(foldVietnamese(c.titleEn)) };
  });
  return {
    codes,
    code: postings(codes.flatMap((c, i) => [[c.code, i] as [string, number], [c.code.replace('.', ''), i]])),
    vi: postings(codes.flatMap((c, i) => c.viFolded.map((w) => [w, i] as [string, number]))),
    en: postings(codes.flatMap((c, i) => c.en.map((w) => [w, i] as [string, number]))),
  };
}

async function icd10Index(db: Executor): Promise<Icd10Index> {
  const [v] = await rows<{ version: string | null }>(
    db,
    sql`SELECT string_agg(name || ':' || checksum || ':' || loaded_at::text, ',' ORDER BY name) AS version
        FROM reference_datasets WHERE name IN (${`codes:${ICD10_SYSTEM}`}, ${ICD10_VI_DATASET})`,
  );
  const version = v?.version ?? '';
  const cached = indexes.get(db);
  if (cached && cached.version === version) return cached.index;
  const index = buildIndex(db);
  indexes.set(db, { version, index });
  index.catch(() => indexes.delete(db));
  return index;
}

/**
 * How well a title's words match the typed words: every typed word must begin a word of the title,
 * in any order; undefined when one does not. Lower is better, compared element by element:
 * typed diacritics the title does not have, typed words that are only a word's beginning, words not
 * in the typed order, then title words beyond the typed ones (a shorter title is the more general,
 * more likely code).
 */
function titleScore(
  title: string[],
  folded: string[],
  typed: string[],
  typedFolded: string[],
  accented: boolean[],
): number[] | undefined {
  let accentMisses = 0;
  let partial = 0;
  let outOfOrder = 0;
  let last = -1;
  const used = new Set<number>();
  for (let i = 0; i < typed.length; i++) {
    const t = typedFolded[i]!;
    let best = -1;
    let bestCost = Infinity;
    for (let w = 0; w < folded.length; w++) {
      if (used.has(w) || !folded[w]!.startsWith(t)) continue;
      const cost =
        (accented[i] && !title[w]!.startsWith(typed[i]!) ? 4 : 0) +
        (folded[w]!.length === t.length ? 0 : 2) +
        (w > last ? 0 : 1);
      if (cost < bestCost) {
        bestCost = cost;
        best = w;
      }
    }
    if (best < 0) return undefined;
    used.add(best);
    if (accented[i] && !title[best]!.startsWith(typed[i]!)) accentMisses++;
    if (folded[best]!.length !== t.length) partial++;
    if (best < last) outOfOrder++;
    last = best;
  }
  return [accentMisses, partial, outOfOrder, folded.length - typed.length];
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The diagnosis picker's search, ranked: the code typed exactly, then codes beginning with it
 * (I1 → I10, I11 …; J029 finds J02.9), then titles whose words begin with every typed word, in any
 * order, with or without diacritics ("tang huyet ap", "viêm họng"), in Vietnamese or English — those
 * matching the typed diacritics and whole words first, then the shorter titles, then by code.
 */
export async function searchIcd10(
  db: Executor,
  q: string,
  on: string,
  paging: { limit: number; offset: number } = { limit: 20, offset: 0 },
): Promise<Icd10Title[]> {
  const typed = words(q);
  if (!typed.length) return [];
  const typedFolded = typed.map(foldVietnamese);
  const accented = typed.map((t, i) => t !== typedFolded[i]);
  const unaccented = typed.map(() => false);
  const codeTyped = q.trim().toUpperCase();
  const index = await icd10Index(db);
  const valid = (c: IndexedCode) => c.validFrom <= on && (c.validTo === null || c.validTo > on);
  const hits: { code: IndexedCode; score: number[] }[] = [];
  const seen = new Set<number>();
  if (/^[A-Z]\d[0-9A-Z.]*$/.test(codeTyped))
    for (const i of withPrefix(index.code, codeTyped, new Set())) {
      const c = index.codes[i]!;
      if (!valid(c)) continue;
      seen.add(i);
      const exact = c.code === codeTyped || c.code.replace('.', '') === codeTyped;
      hits.push({ code: c, score: exact ? [0] : [1, c.code.length] });
    }
  for (const i of withEveryPrefix(index.vi, typedFolded)) {
    const c = index.codes[i]!;
    if (seen.has(i) || !valid(c)) continue;
    const score = titleScore(c.vi, c.viFolded, typed, typedFolded, accented);
    if (!score) continue;
    seen.add(i);
    hits.push({ code: c, score: [2, ...score, 0, c.code.length] });
  }
  for (const i of withEveryPrefix(index.en, typedFolded)) {
    const c = index.codes[i]!;
    if (seen.has(i) || !valid(c)) continue;
    const score = titleScore(c.en, c.en, typedFolded, typedFolded, unaccented);
    if (score) hits.push({ code: c, score: [2, ...score, 1, c.code.length] });
  }
  hits.sort((a, b) => compareScores(a.score, b.score) || (a.code.code < b.code.code ? -1 : 1));
  return hits
    .slice(paging.offset, paging.offset + paging.limit)
    .map(({ code: c }) => ({ code: c.code, title: c.title, titleEn: c.titleEn }));
}
