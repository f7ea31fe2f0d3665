/**
 * Builds the project's own national immunization schedule (lịch tiêm chủng mở rộng) file:
 *
 *   reference/immunization/schedule.csv   one row per antigen, vaccine, dose, rule and condition
 *
 * The diseases, vaccines and target groups are read from the shared excerpt of Circular
 * 10/2024/TT-BYT's list (item numbers become the rows' source); the ages and intervals are our own
 * transcription of the project's domain notes (brief §4) and of third-party notes quoting Circular
 * 52/2025/TT-BYT, below. None of the ages could be checked against the official text: every dose row
 * is written with `checked = false` (see reference/immunization/SOURCES.md).
 *
 * Run: npx tsx scripts/build-immunization-schedule.ts
 * The source is read from ../shared/data relative to the project root, or from $YTCS_SHARED_DIR; it is
 * never copied into the project.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { SCHEDULE_COLUMNS } from '../src/modules/immunization/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const excerpt = path.join(sharedDir, 'epi-schedule', 'mandatory_vaccines_tt10_2024_excerpt.csv');
const outDir = path.join(projectRoot, 'reference', 'immunization');

const TT10 = 'Thông tư 10/2024/TT-BYT'; // in force 01/08/2024
const TT10_FROM = '2024-08-01';
const BRIEF = 'ages: project notes (brief §4), not checked against the official text';
const TT52 = (page: string) => `Thông tư 52/2025/TT-BYT ${page} as quoted by third-party notes, not checked`;

/** The item of the circular's list naming a disease (read from the excerpt). */
const items = new Map<string, string>();
for (const row of parse(readFileSync(excerpt, 'utf8'), { columns: true, skip_empty_lines: true }) as {
  item_no: string;
  disease: string;
}[])
  items.set(row.disease, row.item_no);
const item = (disease: string) => {
  const no = items.get(disease);
  if (!no) throw new Error(`no item for ${disease} in ${excerpt}`);
  return `${TT10}, danh mục mục ${no}`;
};

type Row = Partial<Record<(typeof SCHEDULE_COLUMNS)[number], string>>;
const rows: Row[] = [];

// Antigens (kháng nguyên): one per disease of the list; the disease's name as the circular prints it.
const ANTIGENS: [string, string, string][] = [
  ['hepb', 'Bệnh viêm gan vi rút B', 'Hepatitis B'],
  ['tb', 'Bệnh lao', 'Tuberculosis'],
  ['diphtheria', 'Bệnh bạch hầu', 'Diphtheria'],
  ['pertussis', 'Bệnh ho gà', 'Pertussis'],
  ['tetanus', 'Bệnh uốn ván', 'Tetanus'],
  ['polio', 'Bệnh bại liệt', 'Poliomyelitis'],
  ['hib', 'Bệnh do Haemophilus influenzae týp b', 'Haemophilus influenzae type b'],
  ['measles', 'Bệnh sởi', 'Measles'],
  ['je', 'Bệnh viêm não Nhật Bản B', 'Japanese encephalitis'],
];
for (const [code, vi, en] of ANTIGENS)
  rows.push({ record: 'antigen', code, name_vi: vi, name_en: en, valid_from: TT10_FROM, source: item(vi) });
// Rubella: in the EPI with the measles-rubella vaccine; listed as a disease by Circular 52/2025.
rows.push({
  record: 'antigen',
  code: 'rubella',
  name_vi: 'Bệnh rubella',
  name_en: 'Rubella',
  valid_from: TT10_FROM,
  source: `${TT52('Điều 1')}; MR vaccine of the EPI (brief §4)`,
});

// Vaccines (vắc xin): products as the station records them; a combination covers several antigens.
const VACCINES: [string, string, string, string, boolean, string][] = [
  ['HEPB', 'Vắc xin viêm gan B đơn giá', 'Hepatitis B (monovalent)', 'hepb', false, 'Bệnh viêm gan vi rút B'],
  ['BCG', 'Vắc xin lao (BCG)', 'BCG', 'tb', true, 'Bệnh lao'],
  [
    'DPT_VGB_HIB',
    'Vắc xin phối hợp DPT-VGB-Hib (5 trong 1)',
    'DTP-HepB-Hib (pentavalent)',
    'diphtheria;tetanus;pertussis;hepb;hib',
    false,
    'Bệnh bạch hầu',
  ],
  [
    'DPT',
    'Vắc xin phối hợp bạch hầu - ho gà - uốn ván (DPT)',
    'DTP',
    'diphtheria;tetanus;pertussis',
    false,
    'Bệnh ho gà',
  ],
  [
    'TD',
    'Vắc xin uốn ván - bạch hầu giảm liều (Td)',
    'Td (reduced-dose diphtheria)',
    'diphtheria;tetanus',
    false,
    'Bệnh bạch hầu',
  ],
  ['TT', 'Vắc xin uốn ván (phụ nữ có thai)', 'Tetanus toxoid (pregnancy)', 'tetanus', false, 'Bệnh uốn ván'],
  ['OPV', 'Vắc xin bại liệt uống (OPV)', 'Oral polio (OPV)', 'polio', true, 'Bệnh bại liệt'],
  ['IPV', 'Vắc xin bại liệt tiêm (IPV)', 'Inactivated polio (IPV)', 'polio', false, 'Bệnh bại liệt'],
  ['MEASLES', 'Vắc xin sởi đơn giá', 'Measles (monovalent)', 'measles', true, 'Bệnh sởi'],
  ['MR', 'Vắc xin sởi - rubella (MR)', 'Measles-rubella (MR)', 'measles;rubella', true, 'Bệnh sởi'],
  ['JE', 'Vắc xin viêm não Nhật Bản B', 'Japanese encephalitis', 'je', false, 'Bệnh viêm não Nhật Bản B'],
  // Given outside the programme (services): recorded as given elsewhere, counted for what they cover.
  [
    'HEXA',
    'Vắc xin 6 trong 1 (DPT-VGB-Hib-IPV, dịch vụ)',
    'Hexavalent DTP-HepB-Hib-IPV (private)',
    'diphtheria;tetanus;pertussis;hepb;hib;polio',
    false,
    'Bệnh bạch hầu',
  ],
];
// Doses per vial (số liều/lọ) of the presentation the programme usually gives: ours (WHO/UNICEF usual
// presentations), not checked against the province's supply; the wastage of a session day reads it.
const DOSES_PER_VIAL: Record<string, number> = {
  HEPB: 1,
  BCG: 20,
  DPT_VGB_HIB: 1,
  DPT: 10,
  TD: 10,
  TT: 10,
  OPV: 20,
  IPV: 5,
  MEASLES: 10,
  MR: 10,
  JE: 1,
  HEXA: 1,
};
for (const [code, vi, en, antigens, live, disease] of VACCINES)
  rows.push({
    record: 'vaccine',
    code,
    name_vi: vi,
    name_en: en,
    antigens,
    live: String(live),
    valid_from: TT10_FROM,
    source: item(disease),
    doses_per_vial: String(DOSES_PER_VIAL[code] ?? ''),
  });

// Conditions noted at screening (khám sàng lọc, Quyết định 1575/QĐ-BYT) that rule a dose out.
const CONDITIONS: [string, string, string][] = [
  [
    'anaphylaxis_previous_dose',
    'Phản vệ độ II trở lên sau liều trước cùng vắc xin',
    'Anaphylaxis after a previous dose',
  ],
  [
    'immunodeficiency',
    'Suy giảm miễn dịch (chống chỉ định vắc xin sống)',
    'Immunodeficiency (no live vaccines)',
  ],
];
for (const [code, vi, en] of CONDITIONS)
  rows.push({
    record: 'condition',
    code,
    name_vi: vi,
    name_en: en,
    valid_from: TT10_FROM,
    source: 'Quyết định 1575/QĐ-BYT (screening guidance; wording ours, not checked)',
  });

interface DoseDef {
  code: string;
  series: string;
  no: number;
  vi: string;
  en: string;
  antigens: string;
  vaccines?: string;
  min: string;
  rec: string;
  overdue: string;
  max?: string;
  interval?: string;
  prerequisites?: string;
  live?: boolean;
  source: string;
}
const ALL = 'anaphylaxis_previous_dose';
const LIVE = 'anaphylaxis_previous_dose;immunodeficiency';
const PENTA = 'diphtheria;tetanus;pertussis;hepb;hib';
const DOSES: DoseDef[] = [
  {
    code: 'HEPB0',
    series: 'hepb0',
    no: 1,
    vi: 'Viêm gan B sơ sinh (trong 24 giờ)',
    en: 'Hepatitis B birth dose (within 24 h)',
    antigens: 'hepb',
    vaccines: 'HEPB',
    min: '0 days',
    rec: '0 days',
    overdue: '1 day',
    max: '7 days',
    source: `${TT52('p.1')}; latest age 7 days: ours (WHO position), not checked`,
  },
  {
    code: 'BCG',
    series: 'bcg',
    no: 1,
    vi: 'Lao (BCG)',
    en: 'BCG',
    antigens: 'tb',
    min: '0 days',
    rec: '0 days',
    overdue: '1 month',
    max: '12 months',
    live: true,
    source: BRIEF,
  },
  ...[1, 2, 3].map((no) => ({
    code: `DTP${no}`,
    series: 'dtp',
    no,
    vi: `DPT-VGB-Hib mũi ${no}`,
    en: `DTP-HepB-Hib dose ${no}`,
    antigens: PENTA,
    min: `${2 + 4 * no} weeks`,
    rec: `${no + 1} months`,
    overdue: `${no + 2} months`,
    max: '5 years',
    ...(no > 1 ? { interval: '4 weeks' } : {}),
    source: BRIEF,
  })),
  {
    code: 'DTP4',
    series: 'dtp',
    no: 4,
    vi: 'DPT nhắc lại (18 tháng)',
    en: 'DTP booster (18 months)',
    antigens: 'diphtheria;tetanus;pertussis',
    min: '15 months',
    rec: '18 months',
    overdue: '19 months',
    max: '6 years',
    interval: '6 months',
    source: `${TT52('pp.2–4')}; minimum age and interval: ours, not checked`,
  },
  ...[1, 2, 3].map((no) => ({
    code: `OPV${no}`,
    series: 'opv',
    no,
    vi: `Bại liệt uống mũi ${no}`,
    en: `Oral polio dose ${no}`,
    antigens: 'polio',
    vaccines: 'OPV;IPV;HEXA',
    min: `${2 + 4 * no} weeks`,
    rec: `${no + 1} months`,
    overdue: `${no + 2} months`,
    max: '5 years',
    ...(no > 1 ? { interval: '4 weeks' } : {}),
    live: true,
    source: BRIEF,
  })),
  {
    code: 'IPV1',
    series: 'ipv',
    no: 1,
    vi: 'Bại liệt tiêm mũi 1 (5 tháng)',
    en: 'IPV dose 1 (5 months)',
    antigens: 'polio',
    vaccines: 'IPV;HEXA',
    min: '14 weeks',
    rec: '5 months',
    overdue: '6 months',
    max: '5 years',
    source: BRIEF,
  },
  {
    code: 'IPV2',
    series: 'ipv',
    no: 2,
    vi: 'Bại liệt tiêm mũi 2 (9 tháng)',
    en: 'IPV dose 2 (9 months)',
    antigens: 'polio',
    vaccines: 'IPV;HEXA',
    min: '18 weeks',
    rec: '9 months',
    overdue: '10 months',
    max: '5 years',
    interval: '4 weeks',
    source: BRIEF,
  },
  {
    code: 'MCV1',
    series: 'mcv',
    no: 1,
    vi: 'Sởi mũi 1 (9 tháng)',
    en: 'Measles dose 1 (9 months)',
    antigens: 'measles',
    min: '9 months',
    rec: '9 months',
    overdue: '10 months',
    max: '5 years',
    live: true,
    source: TT52('p.7'),
  },
  {
    code: 'MCV2',
    series: 'mcv',
    no: 2,
    vi: 'Sởi - Rubella (18 tháng)',
    en: 'Measles-rubella (18 months)',
    antigens: 'measles;rubella',
    min: '12 months',
    rec: '18 months',
    overdue: '19 months',
    max: '14 years',
    interval: '1 month',
    live: true,
    source: BRIEF,
  },
  {
    code: 'JE1',
    series: 'je',
    no: 1,
    vi: 'Viêm não Nhật Bản mũi 1',
    en: 'Japanese encephalitis dose 1',
    antigens: 'je',
    min: '12 months',
    rec: '12 months',
    overdue: '13 months',
    max: '5 years',
    source: BRIEF,
  },
  {
    code: 'JE2',
    series: 'je',
    no: 2,
    vi: 'Viêm não Nhật Bản mũi 2 (1–2 tuần sau mũi 1)',
    en: 'Japanese encephalitis dose 2 (1–2 weeks after dose 1)',
    antigens: 'je',
    min: '12 months 7 days',
    rec: '12 months 14 days',
    overdue: '13 months 14 days',
    max: '5 years',
    interval: '1 week',
    source: BRIEF,
  },
  {
    code: 'JE3',
    series: 'je',
    no: 3,
    vi: 'Viêm não Nhật Bản mũi 3 (1 năm sau mũi 2)',
    en: 'Japanese encephalitis dose 3 (a year after dose 2)',
    antigens: 'je',
    min: '24 months',
    rec: '24 months 14 days',
    overdue: '25 months 14 days',
    max: '5 years',
    interval: '12 months',
    source: BRIEF,
  },
  {
    code: 'TD7',
    series: 'td',
    no: 1,
    vi: 'Uốn ván - bạch hầu giảm liều (7 tuổi)',
    en: 'Td (7 years)',
    antigens: 'diphtheria;tetanus',
    vaccines: 'TD',
    min: '7 years',
    rec: '7 years',
    overdue: '7 years 1 month',
    max: '8 years',
    prerequisites: 'DTP3',
    source: TT52('pp.3–4'),
  },
];
for (const d of DOSES)
  rows.push({
    record: 'dose',
    code: d.code,
    series: d.series,
    dose_no: String(d.no),
    name_vi: d.vi,
    name_en: d.en,
    antigens: d.antigens,
    vaccines: d.vaccines ?? '',
    min_age: d.min,
    rec_age: d.rec,
    overdue_age: d.overdue,
    max_age: d.max ?? '',
    min_interval: d.interval ?? '',
    prerequisites: d.prerequisites ?? '',
    contraindications: d.live ? LIVE : ALL,
    valid_from: TT10_FROM,
    checked: 'false',
    source: d.source,
  });

// Fully immunized under 1 (tiêm chủng đầy đủ cho trẻ dưới 1 tuổi): the doses due before the first
// birthday of the programme as the brief lists them (HepB birth dose and IPV2 at 9 months left out:
// our reading, not checked).
rows.push({
  record: 'rule',
  code: 'FULLY_IMMUNIZED_UNDER_1',
  name_vi: 'Trẻ dưới 1 tuổi được tiêm chủng đầy đủ',
  name_en: 'Children under one fully immunized',
  doses: 'BCG;DTP1;DTP2;DTP3;OPV1;OPV2;OPV3;IPV1;MCV1',
  max_age: '12 months',
  valid_from: TT10_FROM,
  checked: 'false',
  source: 'brief §4 ("all doses due before the first birthday"); the list of doses: ours, not checked',
});

mkdirSync(outDir, { recursive: true });
const lines = rows.map((r) => SCHEDULE_COLUMNS.map((c) => r[c] ?? ''));
writeFileSync(
  path.join(outDir, 'schedule.csv'),
  stringify([SCHEDULE_COLUMNS as unknown as string[], ...lines]),
);
console.log(`reference/immunization/schedule.csv: ${rows.length} rows`);
