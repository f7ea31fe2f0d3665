/**
 * Builds the project's own compact ICD-10 code list from the shared source data:
 *
 *   reference/icd10/icd10.csv   code,title_en,title_vi,valid_from,valid_to   (categories and subcategories)
 *
 * Run: npx tsx scripts/build-icd10.ts [--vi <file.csv>]
 *   --vi   a CSV `code,title_vi`; by default the Ministry of Health's Vietnamese titles in
 *          icd10-vi/icd10_vi.csv of the shared data. Its titles fill the title_vi column (codes not in
 *          the WHO list are reported and skipped).
 * The sources are read from ../shared/data relative to the project root, or from $YTCS_SHARED_DIR. The
 * source files are never copied into the project; see reference/icd10/SOURCES.md for the credit.
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
/** The Ministry of Health's Vietnamese titles (tên bệnh), one row per code: `code,title_vi`. */
const SOURCE_VI = 'icd10-vi/icd10_vi.csv';
const outDir = path.join(projectRoot, 'reference', 'icd10');

function main(): void {
  const args = process.argv.slice(2);
  const viIndex = args.indexOf('--vi');
  const defaultVi = path.join(sharedDir, SOURCE_VI);
  const viFile = viIndex >= 0 ? args[viIndex + 1] : existsSync(defaultVi) ? defaultVi : undefined;
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
      // The first title of a code wins (the source keeps the plain row before a dagger/asterisk one).
      if (code && codes.has(code) && r.title_vi) {
        if (!vi.has(code)) vi.set(code, r.title_vi.normalize('NFC').replace(/\s+/g, ' ').trim());
      } else unknown++;
    }
    console.log(
      `Vietnamese titles from ${viFile}: ${vi.size} merged, ${unknown} skipped (not in the WHO list or empty)`,
    );
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
