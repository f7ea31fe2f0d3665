/**
 * Builds the project's own file of the outpatient satisfaction questionnaire (phiếu khảo sát ý kiến
 * người bệnh ngoại trú, form 2 of Decision 3869/QĐ-BYT, 28/08/2019):
 *
 *   reference/satisfaction/outpatient-3869.json   sections, questions, the 1–5 scale, the satisfied rule
 *
 * Questions and scale are read from the shared extract (satisfaction-3869/outpatient.csv, scale.csv);
 * section titles in English and the satisfied rule are ours (see reference/satisfaction/SOURCES.md).
 *
 * Run: npx tsx scripts/build-satisfaction.ts (the source is read from ../shared/data or $YTCS_SHARED_DIR).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { surveyFormDefinition, type SurveyFormDefinition } from '../src/modules/satisfaction/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const dir = path.join(sharedDir, 'satisfaction-3869');
const outDir = path.join(projectRoot, 'reference', 'satisfaction');

const SECTION_EN: Record<string, string> = {
  A: 'Access',
  B: 'Transparency of information and procedures',
  C: 'Facilities and amenities',
  D: 'Conduct and competence of health workers',
  E: 'Results of the service',
};
const SCALE_EN = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

const questions = parse(readFileSync(path.join(dir, 'outpatient.csv'), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
}) as {
  section: string;
  code: string;
  question_vi: string;
}[];
const scale = parse(readFileSync(path.join(dir, 'scale.csv'), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
}) as {
  score: string;
  label_vi: string;
}[];

const sections: SurveyFormDefinition['sections'] = [];
for (const q of questions) {
  const code = q.section.slice(0, 1);
  let section = sections.find((s) => s.code === code);
  if (!section) {
    section = { code, title: { vi: q.section, en: `${code}. ${SECTION_EN[code]}` }, questions: [] };
    sections.push(section);
  }
  section.questions.push({ code: q.code, vi: q.question_vi });
}
const form: SurveyFormDefinition = {
  code: 'outpatient-3869',
  version: 1,
  validFrom: '2019-08-28',
  validTo: null,
  title: {
    vi: 'Phiếu khảo sát ý kiến người bệnh ngoại trú',
    en: 'Outpatient satisfaction survey',
  },
  source: 'Quyết định 3869/QĐ-BYT ngày 28/08/2019, Mẫu số 2 (xem reference/satisfaction/SOURCES.md)',
  scale: scale.map((s) => ({
    score: Number(s.score),
    label: { vi: s.label_vi, en: SCALE_EN[Number(s.score) - 1]! },
  })),
  sections,
  satisfiedRule: {
    kind: 'mean_at_least',
    minMean: 4,
    minAnswered: 1,
    description: {
      vi: 'Một phiếu được tính là hài lòng khi điểm trung bình các câu đã trả lời từ 4 (Hài lòng) trở lên',
      en: 'An answer counts as satisfied when the mean score of the questions answered is 4 (Satisfied) or more',
    },
  },
};
const checked = surveyFormDefinition.parse(form);
const n = checked.sections.reduce((s, x) => s + x.questions.length, 0);
if (n !== 31) throw new Error(`expected 31 questions, got ${n}`);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'outpatient-3869.json'), JSON.stringify(checked, null, 2) + '\n');
console.log(`outpatient-3869.json: ${checked.sections.length} sections, ${n} questions`);
