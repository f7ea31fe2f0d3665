/**
 * Builds the project's own compact growth-standard file from the shared source data:
 *
 *   reference/growth/lms.csv   standard,indicator,sex,x,l,m,s
 *
 * - `who2006`: the WHO Child Growth Standards (2006) as WHO's `anthro` package uses them, by day of age
 *   (wfa, lhfa, bmifa, hcfa, acfa — not the skinfolds; `x` = age in days) or by 0.1 cm of length (wfl, `x` =
 *   length lying, 45–110 cm) and of height (wfh, `x` = height standing, 65–120 cm).
 * - `who2007`: the WHO Reference 2007 for 5–19 years by month (hfa, bmifa; `x` = age in months).
 * `sex` is 1 (boy) or 2 (girl) as in WHO's files.
 *
 * Run: npx tsx scripts/build-growth.ts
 * The sources are read from ../shared/data relative to the project root, or from $YTCS_SHARED_DIR. The
 * source files are never copied into the project; see reference/growth/SOURCES.md for the credit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const out = path.join(projectRoot, 'reference', 'growth', 'lms.csv');

/** WHO 2006, anthro's data-raw files: our indicator name → the file. */
const WHO_2006: Record<string, string> = {
  wfa: 'weianthro.txt',
  lhfa: 'lenanthro.txt',
  bmifa: 'bmianthro.txt',
  hcfa: 'hcanthro.txt',
  acfa: 'acanthro.txt',
  wfl: 'wflanthro.txt',
  wfh: 'wfhanthro.txt',
};
/** WHO 2007 (5–19 years), pygrowup's JSON by month: indicator → file stem (`_boys_…`/`_girls_…`). */
const WHO_2007: Record<string, string> = { hfa: 'hfa', bmifa: 'bmifa' };

/** A number as the shortest text that reads back to the same value (no trailing zeros). */
const num = (text: string): string => {
  const v = Number(text);
  if (!Number.isFinite(v)) throw new Error(`not a number: ${text}`);
  return String(v);
};

function main(): void {
  const lines = ['standard,indicator,sex,x,l,m,s'];
  const counts: string[] = [];
  for (const [indicator, file] of Object.entries(WHO_2006)) {
    const source = path.join(sharedDir, 'growth', 'who-2006-lms', file);
    if (!existsSync(source)) throw new Error(`source not found: ${source} (set YTCS_SHARED_DIR)`);
    const rows = readFileSync(source, 'utf8').split(/\r?\n/).filter(Boolean);
    const header = rows[0]!.split('\t');
    if (header[0] !== 'sex' || header[2] !== 'l' || header[3] !== 'm' || header[4] !== 's')
      throw new Error(`${file}: unexpected header ${rows[0]}`);
    let n = 0;
    for (const row of rows.slice(1)) {
      const [sex, x, l, m, s] = row.split('\t');
      if (sex !== '1' && sex !== '2') throw new Error(`${file}: bad sex in ${row}`);
      lines.push(`who2006,${indicator},${sex},${num(x!)},${num(l!)},${num(m!)},${num(s!)}`);
      n++;
    }
    counts.push(`who2006 ${indicator}: ${n}`);
  }
  for (const [indicator, stem] of Object.entries(WHO_2007)) {
    let n = 0;
    for (const [sex, name] of [
      ['1', 'boys'],
      ['2', 'girls'],
    ] as const) {
      const source = path.join(
        sharedDir,
        'growth',
        'pygrowup',
        'tables_who2007_5_19y',
        `${stem}_${name}_5_19_zscores.json`,
      );
      const rows = JSON.parse(readFileSync(source, 'utf8')) as Record<string, string>[];
      for (const r of rows) {
        lines.push(`who2007,${indicator},${sex},${num(r.Month!)},${num(r.L!)},${num(r.M!)},${num(r.S!)}`);
        n++;
      }
    }
    counts.push(`who2007 ${indicator}: ${n}`);
  }
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`${path.relative(projectRoot, out)}: ${lines.length - 1} rows (${counts.join(', ')})`);
}

main();
