import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { dhis2DataValueSet } from './contracts.js';
import {
  ADX_NAMESPACE,
  candidateUnits,
  DECIMAL_COUNT_EXTENSION,
  dhis2Number,
  fromDataValueSet,
  toAdx,
  toDataValueSet,
  toMeasureReportBundle,
  type ExportRow,
} from './formats.js';
import { fromAdxPeriod, fromDhis2Period, toAdxPeriod, toDhis2Period, type Mapping } from './mapping.js';
import { measureReportIssues } from './validate.js';

/** A hand-built mapping: T1 with all three numbers, T2 with numerator and denominator only, a province override. */
const mapping: Mapping = {
  on: '2026-03-31',
  dataElements: [
    {
      indicator: 'T1',
      value: 'aT1value001',
      numerator: 'aT1numer001',
      denominator: 'aT1denom001',
      categoryOptionCombo: 'HllvX50cXC0',
      dataSet: 'dsMonthly01',
    },
    {
      indicator: 'T2',
      numerator: 'aT2numer001',
      denominator: 'aT2denom001',
      categoryOptionCombo: 'HllvX50cXC0',
      dataSet: 'dsMonthly01',
    },
  ],
  orgUnits: new Map([['22', 'QuangNinh01']]),
  defaultCategoryOptionCombo: 'HllvX50cXC0',
  defaultAttributeOptionCombo: 'HllvX50cXC0',
};

const T1 = {
  code: 'T1',
  version: 1,
  nameVi: 'Trạm y tế có bác sĩ',
  nameEn: 'Stations with a doctor',
  unit: '%',
};
const T2 = { code: 'T2', version: 1, nameVi: 'Thôn có NVYT', nameEn: 'Hamlets with a VHW', unit: '%' };
const T12 = {
  code: 'T12_DOCTORS',
  version: 1,
  nameVi: 'Bác sĩ/vạn dân',
  nameEn: 'Doctors per 10,000',
  unit: 'per 10,000',
};
const row = (over: Partial<ExportRow>): ExportRow => ({
  indicator: T1,
  unitCode: '22',
  unitName: 'Tỉnh Quảng Ninh',
  period: '2026-03',
  asOf: '2026-03-31',
  numerator: 1,
  denominator: 2,
  value: 50,
  ...over,
});
/** Province 22 (override) and commune 06862 (by its code), T1 50 % and 100 %, T2 with no value (0/0). */
const rows: ExportRow[] = [
  row({}),
  row({ unitCode: '06862', unitName: 'Xã Tiên Yên', numerator: 1, denominator: 1, value: 100 }),
  row({ indicator: T2, numerator: 0, denominator: 0, value: null }),
];

describe('periods', () => {
  it('writes a ytcs month as DHIS2 YYYYMM and ADX start/duration, and reads them back', () => {
    expect(toDhis2Period('2026-03')).toBe('202603');
    expect(fromDhis2Period('202603')).toBe('2026-03');
    expect(toAdxPeriod('2026-03')).toBe('2026-03-01/P1M');
    expect(fromAdxPeriod('2026-03-01/P1M')).toBe('2026-03');
  });
  it('refuses periods that are not months', () => {
    for (const p of ['2018', '2018Q1', '201813', '2018W3', '2026-03']) expect(fromDhis2Period(p)).toBeNull();
    expect(fromAdxPeriod('2026-01-01/P1Y')).toBeNull();
  });
  it('writes numbers as DHIS2 strings, never with an exponent', () => {
    expect(dhis2Number(50)).toBe('50');
    expect(dhis2Number(66.67)).toBe('66.67');
    expect(dhis2Number(12_000_000)).toBe('12000000');
  });
});

describe('DHIS2 dataValueSets out', () => {
  it('writes numerator, denominator and value per indicator and unit, each field as DHIS2 expects', () => {
    const set = toDataValueSet(rows, mapping);
    expect(set.dataSet).toBe('dsMonthly01');
    expect(set.completeDate).toBe('2026-03-31');
    const base = {
      period: '202603',
      categoryOptionCombo: 'HllvX50cXC0',
      attributeOptionCombo: 'HllvX50cXC0',
    };
    expect(set.dataValues).toEqual([
      { ...base, dataElement: 'aT1numer001', orgUnit: 'QuangNinh01', value: '1' },
      { ...base, dataElement: 'aT1denom001', orgUnit: 'QuangNinh01', value: '2' },
      { ...base, dataElement: 'aT1value001', orgUnit: 'QuangNinh01', value: '50' },
      { ...base, dataElement: 'aT1numer001', orgUnit: '06862', value: '1' },
      { ...base, dataElement: 'aT1denom001', orgUnit: '06862', value: '1' },
      { ...base, dataElement: 'aT1value001', orgUnit: '06862', value: '100' },
      // T2 at 0/0: its numerator and denominator go out, no value (there is none).
      { ...base, dataElement: 'aT2numer001', orgUnit: 'QuangNinh01', value: '0' },
      { ...base, dataElement: 'aT2denom001', orgUnit: 'QuangNinh01', value: '0' },
    ]);
    expect(dhis2DataValueSet.safeParse(set).success).toBe(true);
  });

  it('leaves out an indicator the mapping does not name', () => {
    expect(toDataValueSet([row({ indicator: T12 })], mapping).dataValues).toEqual([]);
  });
});

describe('ADX out', () => {
  it('writes one group per data set, org unit and month with its data values', () => {
    const xml = toAdx(rows, mapping, '2026-04-01T00:00:00.000Z');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['group', 'dataValue'].includes(n),
    }).parse(xml);
    expect(doc.adx.xmlns).toBe(ADX_NAMESPACE);
    expect(doc.adx.exported).toBe('2026-04-01T00:00:00.000Z');
    const groups = doc.adx.group as { dataValue: Record<string, string>[] }[];
    expect(groups.map(({ dataValue: _d, ...g }) => g)).toEqual([
      {
        dataSet: 'dsMonthly01',
        orgUnit: 'QuangNinh01',
        period: '2026-03-01/P1M',
        completeDate: '2026-03-31',
      },
      { dataSet: 'dsMonthly01', orgUnit: '06862', period: '2026-03-01/P1M', completeDate: '2026-03-31' },
    ]);
    expect(groups[0]!.dataValue).toEqual([
      { dataElement: 'aT1numer001', value: '1' },
      { dataElement: 'aT1denom001', value: '2' },
      { dataElement: 'aT1value001', value: '50' },
      { dataElement: 'aT2numer001', value: '0' },
      { dataElement: 'aT2denom001', value: '0' },
    ]);
    expect(groups[1]!.dataValue).toEqual([
      { dataElement: 'aT1numer001', value: '1' },
      { dataElement: 'aT1denom001', value: '1' },
      { dataElement: 'aT1value001', value: '100' },
    ]);
  });
});

describe('FHIR MeasureReport out (mADX)', () => {
  it('writes one valid summary MeasureReport per indicator and unit with its populations and score', () => {
    const bundle = toMeasureReportBundle(
      [...rows, row({ indicator: T12, numerator: 1.5, denominator: 10_000, value: 1.5 })],
      '2026-04-01T00:00:00.000Z',
    );
    expect(measureReportIssues(bundle)).toEqual([]);
    expect(bundle.type).toBe('collection');
    expect(bundle.entry).toHaveLength(4);
    const [first, , third, fourth] = bundle.entry!.map((e) => e.resource!);
    expect(first).toEqual({
      resourceType: 'MeasureReport',
      status: 'complete',
      type: 'summary',
      measure: 'https://ytcs.vn/fhir/Measure/T1|1',
      date: '2026-04-01T00:00:00.000Z',
      period: { start: '2026-03-01', end: '2026-03-31' },
      reporter: {
        identifier: { system: 'https://ytcs.vn/fhir/sid/admin-unit', value: '22' },
        display: 'Tỉnh Quảng Ninh',
      },
      group: [
        {
          code: {
            coding: [
              {
                system: 'https://ytcs.vn/fhir/CodeSystem/indicator',
                code: 'T1',
                display: 'Trạm y tế có bác sĩ',
              },
            ],
            text: 'Stations with a doctor',
          },
          population: [
            {
              code: {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'numerator' },
                ],
              },
              count: 1,
            },
            {
              code: {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'denominator' },
                ],
              },
              count: 2,
            },
          ],
          measureScore: { value: 50, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        },
      ],
    });
    // 0/0: no score.
    expect(third!.group![0]!.measureScore).toBeUndefined();
    // A numerator that is not a whole number keeps its value in an extension (count is an integer in R4).
    expect(fourth!.group![0]!.population![0]).toEqual({
      code: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'numerator' }],
      },
      extension: [{ url: DECIMAL_COUNT_EXTENSION, valueDecimal: 1.5 }],
    });
    expect(fourth!.group![0]!.measureScore).toEqual({ value: 1.5, unit: 'per 10,000' });
  });

  it('is caught by the validator when a report is not valid R4', () => {
    const bundle = toMeasureReportBundle([row({})], '2026-04-01T00:00:00.000Z');
    // The period is required (1..1); a population count must be an integer.
    delete (bundle.entry![0]!.resource as { period?: unknown }).period;
    bundle.entry![0]!.resource!.group![0]!.population![0]!.count = 0.5;
    const issues = measureReportIssues(bundle);
    expect(issues.map((i) => i.expression?.[0])).toEqual(
      expect.arrayContaining([expect.stringMatching(/period/), expect.stringMatching(/count/)]),
    );
  });
});

describe('DHIS2 dataValueSets in (mapping back)', () => {
  const units = (set: Parameters<typeof candidateUnits>[0], known: string[]) =>
    new Map([...candidateUnits(set, mapping)].map(([o, c]) => [o, known.includes(c) ? c : null]));

  it('maps every value of an export back to its indicator, number, unit and month', () => {
    const set = toDataValueSet(rows, mapping);
    const summary = fromDataValueSet(set, mapping, units(set, ['22', '06862']), true);
    expect(summary.status).toBe('SUCCESS');
    expect(summary.importCount).toEqual({ imported: 8, updated: 0, ignored: 0, deleted: 0 });
    expect(summary.conflicts).toEqual([]);
    expect(summary.mapped.map((m) => [m.indicator, m.part, m.unitCode, m.period, m.value])).toEqual([
      ['T1', 'numerator', '22', '2026-03', 1],
      ['T1', 'denominator', '22', '2026-03', 2],
      ['T1', 'value', '22', '2026-03', 50],
      ['T1', 'numerator', '06862', '2026-03', 1],
      ['T1', 'denominator', '06862', '2026-03', 1],
      ['T1', 'value', '06862', '2026-03', 100],
      ['T2', 'numerator', '22', '2026-03', 0],
      ['T2', 'denominator', '22', '2026-03', 0],
    ]);
  });

  it('lists every value of a real DHIS2 payload it cannot keep, by object and reason', () => {
    const set = dhis2DataValueSet.parse(
      JSON.parse(
        readFileSync(new URL('./fixtures/dhis2-sierra-leone-6-values.json', import.meta.url), 'utf8'),
      ),
    );
    const summary = fromDataValueSet(set, mapping, units(set, []), true);
    expect(summary.status).toBe('ERROR');
    expect(summary.importCount).toEqual({ imported: 0, updated: 0, ignored: 6, deleted: 0 });
    const by = (property: string) =>
      summary.conflicts.filter((c) => c.property === property).map((c) => [c.object, c.errorCode, c.indexes]);
    expect(by('dataElement')).toEqual([
      ['tpz77FcntKx', 'unmapped_data_element', [0]],
      ['dFaBg0HpoIL', 'unmapped_data_element', [1]],
      ['BjDrgVrkBI3', 'unmapped_data_element', [2]],
      ['UMD2TSAxtFr', 'unmapped_data_element', [3]],
      ['mIefFUftPpa', 'unmapped_data_element', [4]],
      ['Md3xk3vlABx', 'unmapped_data_element', [5]],
    ]);
    expect(by('orgUnit')).toEqual([['O6uvpzGd5pu', 'unmapped_org_unit', [0, 1, 2, 3, 4, 5]]]);
    expect(by('period')).toEqual([['2018', 'unsupported_period', [0, 1]]]);
    expect(by('value')).toEqual([['true', 'invalid_value', [4, 5]]]);
  });

  it('refuses a value in another category or attribute option combo, a malformed value and a duplicate', () => {
    const v = { period: '202603', orgUnit: '06862', dataElement: 'aT1numer001' };
    const set = {
      dataValues: [
        { ...v, value: '3' },
        { ...v, value: '4' },
        { ...v, dataElement: 'aT1denom001', categoryOptionCombo: 'oPcWGgS2Liz', value: '5' },
        { ...v, dataElement: 'aT1value001', attributeOptionCombo: 'OtherAoc001', value: '6' },
        { ...v, dataElement: 'aT2numer001', value: '1e3' },
      ],
    };
    const summary = fromDataValueSet(set, mapping, units(set, ['06862']), true);
    expect(summary.status).toBe('WARNING');
    expect(summary.importCount).toEqual({ imported: 1, updated: 0, ignored: 4, deleted: 0 });
    expect(summary.conflicts.map((c) => [c.property, c.object, c.errorCode, c.indexes])).toEqual([
      ['dataValue', 'T1|numerator|06862|2026-03', 'duplicate', [1]],
      ['categoryOptionCombo', 'oPcWGgS2Liz', 'unmapped_category_option_combo', [2]],
      ['attributeOptionCombo', 'OtherAoc001', 'unmapped_attribute_option_combo', [3]],
      ['value', '1e3', 'invalid_value', [4]],
    ]);
  });
});
