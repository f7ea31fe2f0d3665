/**
 * The three shapes indicator values leave ytcs in, and the one they come back in (docs/adr/0034):
 * pure functions of the values and the mapping, no database.
 *  - DHIS2 `dataValueSets` JSON (Web API `/api/dataValueSets`): one data value per number;
 *  - IHE ADX 1.0 XML (`urn:ihe:qrph:adx:2015`): groups by data set, org unit and period;
 *  - FHIR R4 MeasureReport (IHE mADX): one summary report per indicator and unit, in a Bundle.
 */
import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import type { Bundle, MeasureReport, MeasureReportGroupPopulation } from '@medplum/fhirtypes';
import type {
  Dhis2DataValue,
  Dhis2DataValueSet,
  ImportConflict,
  ImportSummary,
  IndicatorPart,
  MappedValue,
} from './contracts.js';
import {
  fromDhis2Period,
  monthRange,
  toAdxPeriod,
  toDhis2Period,
  type DataElementMapping,
  type Mapping,
} from './mapping.js';

/** One indicator's numbers for one unit and month, as the indicators module computed them. */
export interface ExportRow {
  indicator: { code: string; version: number; nameVi: string; nameEn: string; unit: string };
  unitCode: string;
  unitName: string;
  period: string;
  asOf: string;
  numerator: number;
  denominator: number;
  /** null when the denominator is 0: no value goes out, only its numerator and denominator. */
  value: number | null;
}

export const ADX_NAMESPACE = 'urn:ihe:qrph:adx:2015';
export const MEASURE_BASE = 'https://ytcs.vn/fhir/Measure';
export const INDICATOR_SYSTEM = 'https://ytcs.vn/fhir/CodeSystem/indicator';
export const UNIT_CODE_SYSTEM = 'https://ytcs.vn/fhir/sid/admin-unit';
export const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
/** A numerator or denominator that is not a whole number (population.count is an integer in R4). */
export const DECIMAL_COUNT_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/population-decimal-count';
/** The data set of an ADX group whose mapping names none. */
export const ADX_NO_DATA_SET = 'YTCS_INDICATORS';

/** A number as DHIS2 stores it: a string, never an exponent. */
export function dhis2Number(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return Number.isInteger(n) ? n.toFixed(0) : String(Math.round(n * 1e6) / 1e6);
}

/** The DHIS2 org unit of a ytcs unit: its override, or its own code (the org unit `code` rule). */
export const orgUnitOf = (mapping: Mapping, unitCode: string): string =>
  mapping.orgUnits.get(unitCode) ?? unitCode;

const parts = (m: DataElementMapping, r: ExportRow): [IndicatorPart, string, number][] => {
  const out: [IndicatorPart, string, number][] = [];
  if (m.numerator) out.push(['numerator', m.numerator, r.numerator]);
  if (m.denominator) out.push(['denominator', m.denominator, r.denominator]);
  if (m.value && r.value !== null) out.push(['value', m.value, r.value]);
  return out;
};

/** The rows as one DHIS2 data value set: numerator, denominator and value, each a string. */
export function toDataValueSet(rows: ExportRow[], mapping: Mapping): Dhis2DataValueSet {
  const byIndicator = new Map(mapping.dataElements.map((m) => [m.indicator, m]));
  const dataValues: Dhis2DataValue[] = [];
  for (const r of rows) {
    const m = byIndicator.get(r.indicator.code);
    if (!m) continue;
    for (const [, dataElement, n] of parts(m, r))
      dataValues.push({
        dataElement,
        period: toDhis2Period(r.period),
        orgUnit: orgUnitOf(mapping, r.unitCode),
        categoryOptionCombo: m.categoryOptionCombo,
        attributeOptionCombo: mapping.defaultAttributeOptionCombo,
        value: dhis2Number(n),
      });
  }
  const dataSets = [...new Set(mapping.dataElements.map((m) => m.dataSet).filter(Boolean))];
  return {
    ...(dataSets.length === 1 && { dataSet: dataSets[0] }),
    ...(rows[0] && { completeDate: rows[0].asOf }),
    dataValues,
  };
}

/** The rows as an ADX 1.0 message: a group per data set, org unit and month. */
export function toAdx(rows: ExportRow[], mapping: Mapping, exported: string): string {
  const byIndicator = new Map(mapping.dataElements.map((m) => [m.indicator, m]));
  const groups = new Map<string, { attrs: Record<string, string>; values: Record<string, string>[] }>();
  for (const r of rows) {
    const m = byIndicator.get(r.indicator.code);
    if (!m) continue;
    const attrs = {
      '@_dataSet': m.dataSet ?? ADX_NO_DATA_SET,
      '@_orgUnit': orgUnitOf(mapping, r.unitCode),
      '@_period': toAdxPeriod(r.period),
      '@_completeDate': r.asOf,
    };
    const key = `${attrs['@_dataSet']}|${attrs['@_orgUnit']}|${attrs['@_period']}`;
    const group = groups.get(key) ?? { attrs, values: [] as Record<string, string>[] };
    groups.set(key, group);
    for (const [, dataElement, n] of parts(m, r)) {
      const value: Record<string, string> = { '@_dataElement': dataElement };
      // Totals carry no disaggregation; another combo is named as DHIS2's ADX import reads it.
      if (m.categoryOptionCombo !== mapping.defaultCategoryOptionCombo)
        value['@_categoryOptionCombo'] = m.categoryOptionCombo;
      value['@_value'] = dhis2Number(n);
      group.values.push(value);
    }
  }
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    format: true,
    suppressEmptyNode: true,
  });
  const body = builder.build({
    adx: {
      '@_xmlns': ADX_NAMESPACE,
      '@_exported': exported,
      group: [...groups.values()].map((g) => ({ ...g.attrs, dataValue: g.values })),
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

function population(code: 'numerator' | 'denominator', n: number): MeasureReportGroupPopulation {
  const coding = { code: { coding: [{ system: POPULATION_SYSTEM, code }] } };
  return Number.isInteger(n)
    ? { ...coding, count: n }
    : { ...coding, extension: [{ url: DECIMAL_COUNT_EXTENSION, valueDecimal: n }] };
}

/** One summary MeasureReport (IHE mADX) for one indicator, unit and month. */
export function toMeasureReport(r: ExportRow, generated: string): MeasureReport {
  const range = monthRange(r.period);
  return {
    resourceType: 'MeasureReport',
    status: 'complete',
    type: 'summary',
    measure: `${MEASURE_BASE}/${r.indicator.code}|${r.indicator.version}`,
    date: generated,
    period: { start: range.start, end: range.end },
    reporter: { identifier: { system: UNIT_CODE_SYSTEM, value: r.unitCode }, display: r.unitName },
    group: [
      {
        code: {
          coding: [{ system: INDICATOR_SYSTEM, code: r.indicator.code, display: r.indicator.nameVi }],
          text: r.indicator.nameEn,
        },
        population: [population('numerator', r.numerator), population('denominator', r.denominator)],
        ...(r.value !== null && {
          measureScore:
            r.indicator.unit === '%'
              ? { value: r.value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' }
              : { value: r.value, unit: r.indicator.unit },
        }),
      },
    ],
  };
}

/** The rows as a collection Bundle of MeasureReports. */
export function toMeasureReportBundle(rows: ExportRow[], generated: string): Bundle<MeasureReport> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: generated,
    entry: rows.map((r) => ({
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource: toMeasureReport(r, generated),
    })),
  };
}

// ---- import -------------------------------------------------------------------------------------

/** What the service found of the payload's org units: org unit → ytcs unit code, if known and in scope. */
export type UnitResolution = Map<string, string | null>;

/** The ytcs unit codes a payload's org units may name: an override's, or the org unit itself (the code rule). */
export function candidateUnits(set: Dhis2DataValueSet, mapping: Mapping): Map<string, string> {
  const byOrgUnit = new Map([...mapping.orgUnits].map(([unit, orgUnit]) => [orgUnit, unit]));
  const out = new Map<string, string>();
  for (const v of set.dataValues) {
    const orgUnit = v.orgUnit || set.orgUnit || '';
    out.set(orgUnit, byOrgUnit.get(orgUnit) ?? orgUnit);
  }
  return out;
}

/**
 * Maps every data value of a DHIS2 payload back to ytcs (indicator, number, unit, month). Whatever
 * ytcs cannot keep is a conflict naming the object and why: never dropped without a word.
 */
export function fromDataValueSet(
  set: Dhis2DataValueSet,
  mapping: Mapping,
  units: UnitResolution,
  dryRun: boolean,
): ImportSummary {
  const byElement = new Map<string, { m: DataElementMapping; part: IndicatorPart }>();
  for (const m of mapping.dataElements)
    for (const part of ['value', 'numerator', 'denominator'] as const) {
      const de = m[part];
      if (de) byElement.set(de, { m, part });
    }
  const conflicts = new Map<string, ImportConflict>();
  const conflict = (property: string, object: string, errorCode: string, value: string, i: number) => {
    const key = `${property}\u0000${object}\u0000${errorCode}`;
    const c = conflicts.get(key) ?? { object, property, value, errorCode, indexes: [] };
    c.indexes.push(i);
    conflicts.set(key, c);
  };
  const defaultCoc = mapping.defaultCategoryOptionCombo;
  const defaultAoc = mapping.defaultAttributeOptionCombo;
  const mapped: MappedValue[] = [];
  const seen = new Set<string>();
  set.dataValues.forEach((v, i) => {
    let kept = true;
    const refuse = (property: string, object: string, errorCode: string, value: string) => {
      kept = false;
      conflict(property, object, errorCode, value, i);
    };
    const element = byElement.get(v.dataElement);
    if (!element)
      refuse(
        'dataElement',
        v.dataElement,
        'unmapped_data_element',
        'Data element is not mapped to a ytcs indicator',
      );
    const coc = v.categoryOptionCombo || defaultCoc;
    if (element && coc !== element.m.categoryOptionCombo)
      refuse(
        'categoryOptionCombo',
        coc,
        'unmapped_category_option_combo',
        `Category option combo is not the one mapped for ${element.m.indicator} (${element.m.categoryOptionCombo})`,
      );
    const aoc = v.attributeOptionCombo || set.attributeOptionCombo || defaultAoc;
    if (aoc !== defaultAoc)
      refuse(
        'attributeOptionCombo',
        aoc,
        'unmapped_attribute_option_combo',
        'ytcs keeps only the default attribute option combo',
      );
    const rawPeriod = v.period || set.period || '';
    const period = fromDhis2Period(rawPeriod);
    if (!period)
      refuse('period', rawPeriod, 'unsupported_period', 'ytcs exchanges months only (DHIS2 period YYYYMM)');
    const orgUnit = v.orgUnit || set.orgUnit || '';
    const unit = units.get(orgUnit) ?? null;
    if (!unit)
      refuse('orgUnit', orgUnit, 'unmapped_org_unit', 'Org unit is not mapped to a ytcs unit in your area');
    const raw = v.value ?? '';
    const n = /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) refuse('value', raw, 'invalid_value', 'Value is not a number');
    if (!kept || !element || !period || !unit) return;
    const key = `${element.m.indicator}|${element.part}|${unit}|${period}`;
    if (seen.has(key)) {
      conflict(
        'dataValue',
        key,
        'duplicate',
        'The same indicator, number, unit and month twice: the first is kept',
        i,
      );
      return;
    }
    seen.add(key);
    mapped.push({
      index: i,
      indicator: element.m.indicator,
      part: element.part,
      unitCode: unit,
      period,
      value: n,
    });
  });
  const ignored = set.dataValues.length - mapped.length;
  const list = [...conflicts.values()];
  return {
    responseType: 'ImportSummary',
    status: ignored === 0 ? 'SUCCESS' : mapped.length ? 'WARNING' : 'ERROR',
    description: dryRun
      ? `Dry run: ${mapped.length} of ${set.dataValues.length} data values map to ytcs, ${ignored} ignored`
      : `${mapped.length} of ${set.dataValues.length} data values map to ytcs, ${ignored} ignored`,
    importOptions: { dryRun },
    importCount: { imported: mapped.length, updated: 0, ignored, deleted: 0 },
    conflicts: list,
    mapped,
  };
}
