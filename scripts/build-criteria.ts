/**
 * Builds the project's own file of the national commune health criteria (bộ tiêu chí quốc gia về y tế
 * xã đến năm 2030, Decision 1300/QĐ-BYT of 09/03/2023):
 *
 *   reference/criteria/criteria-1300.json   the 10 criteria with their points, their indicators, the
 *                                            pass rule and the validity of an approval
 *
 * The criteria's names and points are read from the shared extract (criteria-1300/criteria.csv); the
 * English names are ours. The decision's appendix (the indicators, their points and which are
 * mandatory) was not found: each criterion is written as one indicator holding all its points, with no
 * knock-out, until an administrator loads the appendix as a new version (POST /criteria/sets). The pass
 * rule (≥ 80 points, ≥ 50% of each criterion) and the 3-year validity are issue 17's statement of the
 * decision, not read from its text. See reference/criteria/SOURCES.md.
 *
 * Run: npx tsx scripts/build-criteria.ts (the source is read from ../shared/data or $YTCS_SHARED_DIR).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  criteriaSetDefinition,
  type CriteriaSetDefinition,
  type PrefillKey,
} from '../src/modules/criteria/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const source = path.join(sharedDir, 'criteria-1300', 'criteria.csv');
const outDir = path.join(projectRoot, 'reference', 'criteria');

const EN: Record<number, string> = {
  1: 'Direction and management of health care',
  2: 'Health workforce',
  3: 'Commune health station infrastructure',
  4: 'Equipment, medicines and other means',
  5: 'Preventive medicine, HIV/AIDS prevention, environmental sanitation and food safety',
  6: 'Medical examination and treatment, rehabilitation and traditional medicine',
  7: 'Maternal and child health care',
  8: 'Population and family planning',
  9: 'Health communication and education',
  10: 'Information technology',
};
/** What ytcs knows that bears on a criterion (our placement, to help the assessor: not from the decision). */
const PREFILL: Record<number, PrefillKey[]> = {
  1: ['insurance_coverage'],
  2: ['station_doctor', 'hamlet_health_workers'],
  5: ['full_immunization'],
  6: ['health_managed_share', 'technical_services', 'insured_visits', 'satisfaction'],
  7: ['antenatal_4', 'facility_births', 'underweight_u5'],
  8: ['contraceptive_use'],
};

const rows = parse(readFileSync(source, 'utf8'), { columns: true, skip_empty_lines: true }) as {
  criterion_no: string;
  criterion_name: string;
  max_points: string;
}[];
const definition: CriteriaSetDefinition = {
  code: '1300/QĐ-BYT',
  version: 1,
  validFrom: '2023-03-09',
  validTo: null,
  source:
    'Quyết định 1300/QĐ-BYT ngày 09/03/2023 (Bộ tiêu chí quốc gia về y tế xã đến năm 2030): tên và điểm 10 tiêu chí; chỉ tiêu chi tiết chưa nạp (xem reference/criteria/SOURCES.md)',
  passRule: { minTotal: 80, minShareOfEach: 0.5 },
  validityYears: 3,
  criteria: rows.map((r) => {
    const no = Number(r.criterion_no);
    const points = Number(r.max_points);
    return {
      no,
      name: { vi: r.criterion_name, en: EN[no]! },
      maxPoints: points,
      indicators: [
        {
          code: `${no}.1`,
          name: {
            vi: `Toàn bộ tiêu chí ${no} (chưa tách chỉ tiêu)`,
            en: `All of criterion ${no} (indicators not yet loaded)`,
          },
          maxPoints: points,
          mandatory: false,
          prefill: PREFILL[no] ?? [],
        },
      ],
    };
  }),
};
const checked = criteriaSetDefinition.parse(definition);
const total = checked.criteria.reduce((s, c) => s + c.maxPoints, 0);
if (checked.criteria.length !== 10 || total !== 100)
  throw new Error(`expected 10 criteria and 100 points, got ${checked.criteria.length}, ${total}`);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'criteria-1300.json'), JSON.stringify(checked, null, 2) + '\n');
console.log(`criteria-1300.json: ${checked.criteria.length} criteria, ${total} points`);
