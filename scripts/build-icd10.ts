/**
 * Builds the project's own compact ICD-10 code list from the shared source data:
 *
 *   reference/icd10/icd10.csv   code,title_en,title_vi,valid_from,valid_to   (categories and subcategories)
 *
 * Run: npx tsx scripts/build-icd10.ts [--vi <file.csv>]
 *   --vi   a CSV `code,title_vi` (e.g. the Ministry of Health's Vietnamese list, Decision 4469/QĐ-BYT):
 *          its titles fill the title_vi column (codes not in the WHO list are reported and skipped).
 * The source is read from ../shared/data relative to the project root, or from $YTCS_SHARED_DIR. The
 * source file is never copied into the project; see reference/icd10/SOURCES.md for the credit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ICD10_CODE_PATTERN, ICD10_VALID_FROM } from '../src/modules/terminology/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const SOURCE = 'icd10/who_icd10_2019_code_description_pairs.tsv';
const outDir = path.join(projectRoot, 'reference', 'icd10');

function main(): void {
  const args = process.argv.slice(2);
  const viIndex = args.indexOf('--vi');
  const viFile = viIndex >= 0 ? args[viIndex + 1] : undefined;
  const source = path.join(sharedDir, SOURCE);
  if (!existsSync(source)) throw new Error(`source not found: ${source} (set YTCS_SHARED_DIR)`);
  const codes = new Map<string, string>();
  for (const line of readFileSync(source, 'utf8').split('\n')) {
    const [code, title] = line.replace(/\r$/, '').split('\t');
    // Chapters (I, II…) and blocks (A00-A09) are groupings, not codes a diagnosis can carry.
    if (code && title && ICD10_CODE_PATTERN.test(code)) codes.set(code, title.trim());
  }
  const vi = new Map<string, string>();
  if (viFile) {
    const records = parse(readFileSync(viFile, 'utf8'), { columns: true, bom: true, trim: true }) as {
      code: string;
      title_vi: string;
    }[];
    let unknown = 0;
    for (const r of records) {
      const code = r.code?.toUpperCase();
      if (code && codes.has(code) && r.title_vi) vi.set(code, r.title_vi);
      else unknown++;
    }
    console.log(`Vietnamese titles: ${vi.size} merged, ${unknown} skipped (unknown code or empty title)`);
  } else {
    // Keep the Vietnamese titles already merged into the current file.
    const current = path.join(outDir, 'icd10.csv');
    if (existsSync(current))
      for (const r of parse(readFileSync(current, 'utf8'), { columns: true }) as {
        code: string;
        title_vi: string;
      }[])
        if (r.title_vi) vi.set(r.code, r.title_vi);
  }
  const sorted = [...codes.keys()].sort();
  const out = stringify(
    sorted.map((code) => [code, codes.get(code)!, vi.get(code) ?? '', ICD10_VALID_FROM, '']),
    { header: true, columns: ['code', 'title_en', 'title_vi', 'valid_from', 'valid_to'] },
  );
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'icd10.csv'), out);
  console.log(`reference/icd10/icd10.csv: ${sorted.length} codes`);
}

main();
