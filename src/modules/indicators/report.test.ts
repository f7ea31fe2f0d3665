import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition, IndicatorValue } from './contracts.js';
import { detailTitle, periodLabel, summaryLines, type ReportRow } from './report.js';
import { targetText, unitLabel, valueWithUnit } from './wording-contracts.js';

const doctors: IndicatorDefinition = {
  code: 'T12_DOCTORS',
  version: 1,
  validFrom: '2025-07-01',
  validTo: null,
  nameVi: 'Số bác sĩ tuyến cơ sở trên 10.000 dân',
  nameEn: 'Grassroots doctors per 10,000 population',
  definitionVi: 'Bác sĩ của trạm y tế xã và trung tâm y tế trên 10.000 dân',
  definitionEn: 'Doctors of commune stations and health centres per 10,000 population',
  numerator: 'grassroots_doctors',
  denominator: 'population',
  factor: 10_000,
  unit: 'per 10,000',
  kind: 'stock',
  periodType: 'month',
  direction: 'higher',
  target: { value: 10, operator: '>=', deadline: '2030-12-31', source: 'Nghị quyết 72-NQ/TW' },
};

const value = (v: number | null, numerator: number, denominator: number, period = '2026-11') =>
  ({
    unitCode: '22',
    unitName: 'Tỉnh Quảng Ninh',
    unitLevel: 'province',
    period,
    asOf: '2026-11-30',
    numerator,
    denominator,
    value: v,
  }) satisfies IndicatorValue;

const row: ReportRow = {
  indicator: doctors,
  value: value(9.32, 1244, 1_334_207),
  trend: [value(9, 1200, 1_334_207, '2026-10'), value(9.32, 1244, 1_334_207)],
  children: [],
};

describe('the summary report’s words', () => {
  it('names each indicator by its name, never by its catalogue code (no "T12_DOCT/ORS")', () => {
    for (const lang of ['vi', 'en'] as const) {
      const { header, lines } = summaryLines([row], lang, '2026-11');
      const text = [...header, ...lines.flatMap((l) => l.cells), detailTitle(row, lang)].join('\n');
      expect(text).not.toContain('T12');
      expect(text).not.toContain('DOCTORS');
    }
    expect(summaryLines([row], 'vi', '2026-11').lines[0]!.cells[0]).toBe(
      'Số bác sĩ tuyến cơ sở trên 10.000 dân\nTử số / mẫu số: 1.244 / 1.334.207',
    );
    expect(detailTitle(row, 'en')).toBe('Grassroots doctors per 10,000 population');
  });

  it('says the unit in the reader’s language: no English "per" in the Vietnamese report', () => {
    const vi = summaryLines([row], 'vi', '2026-11').lines[0]!.cells;
    expect(vi.slice(1, 4)).toEqual([
      '9,32 trên 10.000 dân',
      '≥ 10 trên 10.000 dân (2030)',
      '0,68 trên 10.000 dân',
    ]);
    expect(vi.join(' ')).not.toMatch(/\bper\b/);
    const en = summaryLines([row], 'en', '2026-11').lines[0]!.cells;
    expect(en.slice(1, 4)).toEqual([
      '9.32 per 10,000 population',
      '≥ 10 per 10,000 population (2030)',
      '0.68 per 10,000 population',
    ]);
  });

  it('writes values with two decimals at most, as every page does', () => {
    const percent = { ...doctors, unit: '%', target: { ...doctors.target!, value: 90 } };
    expect(valueWithUnit(percent, 'vi', 85.714)).toBe('85,71%');
    expect(valueWithUnit(percent, 'en', 100)).toBe('100%');
    expect(targetText(percent, 'vi')).toBe('≥ 90% (2030)');
    expect(unitLabel({ unit: 'per 10,000' }, 'vi')).toBe('trên 10.000 dân');
  });

  it('says the period as a reader does', () => {
    expect(periodLabel('2026-11', 'vi')).toBe('Tháng 11/2026');
    expect(periodLabel('2026-11', 'en')).toBe('November 2026');
    expect(periodLabel('2026-Q4', 'vi')).toBe('Quý 4/2026');
    expect(periodLabel('2026', 'en')).toBe('2026');
  });
});
