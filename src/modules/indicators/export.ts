/**
 * Dashboard tables as files: the values of an indicator for a unit's children (the ranking) and the
 * records behind a number, as Excel workbooks with the definition, period and date they were
 * computed for, so that a printed or forwarded sheet still says what it counts.
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/actor.js';
import type { Executor } from '../../db/connection.js';
import type { IndicatorDefinition, IndicatorPart, IndicatorValue } from './contracts.js';
import { indicatorRecords, indicatorValues } from './service.js';
import { indicatorName, targetText, unitLabel, VALUE_DIGITS, type Language } from './wording-contracts.js';

export type { Language } from './wording-contracts.js';

const WORDS = {
  vi: {
    indicator: 'Chỉ tiêu',
    definition: 'Định nghĩa',
    unit: 'Đơn vị',
    period: 'Kỳ',
    asOf: 'Số liệu tính đến ngày',
    target: 'Mục tiêu',
    rank: 'Hạng',
    code: 'Mã đơn vị',
    name: 'Tên đơn vị',
    value: 'Giá trị',
    numerator: 'Tử số',
    denominator: 'Mẫu số',
    part: 'Danh sách',
    record: 'Đối tượng',
    place: 'Thôn/xóm hoặc xã',
    commune: 'Xã/phường',
    birth: 'Ngày sinh',
    personalId: 'Số định danh',
    weight: 'Trọng số',
    source: 'Nguồn: ytcs',
  },
  en: {
    indicator: 'Indicator',
    definition: 'Definition',
    unit: 'Unit',
    period: 'Period',
    asOf: 'Data as of',
    target: 'Target',
    rank: 'Rank',
    code: 'Unit code',
    name: 'Unit name',
    value: 'Value',
    numerator: 'Numerator',
    denominator: 'Denominator',
    part: 'List',
    record: 'Record',
    place: 'Hamlet or commune',
    commune: 'Commune',
    birth: 'Birth date',
    personalId: 'Personal ID',
    weight: 'Weight',
    source: 'Source: ytcs',
  },
} as const;

function header(
  sheet: ExcelJS.Worksheet,
  indicator: IndicatorDefinition,
  lang: Language,
  facts: [string, string][],
) {
  const w = WORDS[lang];
  sheet.addRow([`${indicator.code} — ${indicatorName(indicator, lang)}`]).font = { bold: true, size: 13 };
  sheet.addRow([w.definition, lang === 'vi' ? indicator.definitionVi : indicator.definitionEn]);
  for (const fact of facts) sheet.addRow(fact);
  if (indicator.target) sheet.addRow([w.target, targetText(indicator, lang)]);
  sheet.addRow([]);
}

function table(
  sheet: ExcelJS.Worksheet,
  columns: { title: string; width: number; format?: string }[],
  body: unknown[][],
) {
  const head = sheet.addRow(columns.map((c) => c.title));
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F1EE' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: head.number }];
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = c.width;
    if (c.format) col.numFmt = c.format;
  });
  for (const row of body) sheet.addRow(row);
}

/** Best first, as on the dashboard: units without a value last. */
export function rankValues(values: IndicatorValue[], direction: IndicatorDefinition['direction']) {
  return [...values].sort((a, b) => {
    if (a.value == null || b.value == null) return a.value == null ? (b.value == null ? 0 : 1) : -1;
    return direction === 'higher' ? b.value - a.value : a.value - b.value;
  });
}

/** The values of an indicator for a unit (or each of its children, ranked) and a period. */
export async function valuesWorkbook(
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  period: string,
  children: boolean,
  lang: Language,
): Promise<{ file: Buffer; name: string }> {
  const { indicator, values } = await indicatorValues(db, actor, code, unitCode, period, children);
  const w = WORDS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ytcs';
  const sheet = wb.addWorksheet(code);
  header(sheet, indicator, lang, [
    [w.unit, unitCode],
    [w.period, period],
    [w.asOf, values[0]?.asOf ?? ''],
  ]);
  table(
    sheet,
    [
      { title: w.rank, width: 7 },
      { title: w.code, width: 12 },
      { title: w.name, width: 34 },
      {
        title: `${w.value} (${unitLabel(indicator, lang)})`,
        width: 14,
        format: `#,##0.${'0'.repeat(VALUE_DIGITS)}`,
      },
      { title: w.numerator, width: 14, format: '#,##0' },
      { title: w.denominator, width: 14, format: '#,##0' },
    ],
    rankValues(values, indicator.direction).map((v, i) => [
      i + 1,
      v.unitCode,
      v.unitName,
      v.value,
      v.numerator,
      v.denominator,
    ]),
  );
  sheet.addRow([]);
  sheet.addRow([w.source]).font = { italic: true, color: { argb: 'FF6C757D' } };
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), name: `${code}_${unitCode}_${period}.xlsx` };
}

/** Every record behind a numerator or denominator (audited by indicatorRecords, like the list). */
export async function recordsWorkbook(
  db: Executor,
  actor: Actor,
  code: string,
  unitCode: string,
  period: string,
  part: IndicatorPart,
  lang: Language,
): Promise<{ file: Buffer; name: string }> {
  const { indicator, values } = await indicatorValues(db, actor, code, unitCode, period, false);
  const records = await indicatorRecords(db, actor, code, unitCode, period, part, {
    limit: 1_000_000,
    offset: 0,
  });
  const w = WORDS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ytcs';
  const sheet = wb.addWorksheet(`${code} ${part === 'numerator' ? w.numerator : w.denominator}`);
  header(sheet, indicator, lang, [
    [w.unit, `${values[0]?.unitName ?? ''} (${unitCode})`],
    [w.period, period],
    [w.asOf, values[0]?.asOf ?? ''],
    [w.part, `${part === 'numerator' ? w.numerator : w.denominator}: ${records.total}`],
  ]);
  // Residents get their birth date (or year) and personal ID; the weight column only when it says more than 1s.
  const people = records.items.some((r) => r.resident);
  const weighted = records.items.some((r) => r.weight !== 1);
  const columns: { title: string; width: number; format?: string }[] = [
    { title: '#', width: 7 },
    { title: w.record, width: 36 },
    ...(people
      ? [
          { title: w.birth, width: 12 },
          { title: w.personalId, width: 16 },
        ]
      : []),
    { title: w.place, width: 30 },
    { title: w.commune, width: 30 },
    ...(weighted ? [{ title: w.weight, width: 10, format: '#,##0' }] : []),
  ];
  table(
    sheet,
    columns,
    records.items.map((r, i) => [
      i + 1,
      r.label,
      ...(people
        ? [r.resident?.birthDate ?? r.resident?.birthYear?.toString() ?? '', r.resident?.personalId ?? '']
        : []),
      r.placeName ?? r.unitPath,
      r.communeName ?? '',
      ...(weighted ? [r.weight] : []),
    ]),
  );
  return {
    file: Buffer.from(await wb.xlsx.writeBuffer()),
    name: `${code}_${unitCode}_${period}_${part}.xlsx`,
  };
}
