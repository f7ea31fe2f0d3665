// The growth standards' reference file (reference/growth/lms.csv, made by scripts/build-growth.ts from
// WHO's tables; see reference/growth/SOURCES.md): read and checked here, loaded into `growth_lms` by
// standards.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INDICATORS, type Indicator, type LmsRow, type Standard } from './zscores.js';

export const LMS_FILE = fileURLToPath(new URL('../../../reference/growth/lms.csv', import.meta.url));

const STANDARDS = new Set<string>(['who2006', 'who2007']);
const INDICATOR_SET = new Set<string>(INDICATORS);

/** Parses the LMS file (`standard,indicator,sex,x,l,m,s`), refusing any row it cannot read. */
export function parseLmsCsv(text: string, file = 'lms.csv'): LmsRow[] {
  const lines = text.split(/\r?\n/).filter(Boolean);
  if (lines[0] !== 'standard,indicator,sex,x,l,m,s')
    throw new Error(`${file}: unexpected header ${lines[0]}`);
  return lines.slice(1).map((line, i) => {
    const [standard, indicator, sex, x, l, m, s] = line.split(',');
    const nums = [x, l, m, s].map(Number);
    if (
      !STANDARDS.has(standard ?? '') ||
      !INDICATOR_SET.has(indicator ?? '') ||
      (sex !== '1' && sex !== '2') ||
      nums.some((v) => !Number.isFinite(v)) ||
      nums[2]! <= 0 ||
      nums[3]! <= 0
    )
      throw new Error(`${file} line ${i + 2}: cannot read ${line}`);
    return {
      standard: standard as Standard,
      indicator: indicator as Indicator,
      sex: sex === '1' ? 1 : 2,
      x: nums[0]!,
      l: nums[1]!,
      m: nums[2]!,
      s: nums[3]!,
    };
  });
}

export function readLmsFile(file = LMS_FILE): { text: string; rows: LmsRow[] } {
  const text = readFileSync(file, 'utf8');
  return { text, rows: parseLmsCsv(text, file) };
}
