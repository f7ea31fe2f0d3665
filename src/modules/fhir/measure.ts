/**
 * Measure ← an indicator definition of the indicators module's catalogue (chỉ tiêu: T1–T12 and the
 * programmes'), the version in force today; its id is the indicator's code with `-` for `_`
 * (`NCD_HTN_CONTROL` → `NCD-HTN-CONTROL`: FHIR ids take no `_`), its canonical URL the one the
 * exchange module's MeasureReports name. Read and search; the catalogue is loaded by an
 * administrator (`ytcs migrate`), not written here.
 */
import type { Measure } from '@medplum/fhirtypes';
import { INDICATOR_SYSTEM, MEASURE_BASE } from '../exchange/index.js';
import { listIndicators, type IndicatorDefinition } from '../indicators/index.js';
import { today } from '../../core/clock.js';
import { fhirError } from './outcome.js';
import { checkParams, one, type Page, type SearchParams, type Translator, pageOf } from './translator.js';

export const measureId = (code: string) => code.replaceAll('_', '-');
export const indicatorCode = (id: string) => id.replaceAll('-', '_');
export const measureUrl = (code: string) => `${MEASURE_BASE}/${code}`;

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export function measureOf(d: IndicatorDefinition): Measure {
  // The criteria are the catalogue's words: `text/plain` (the binding is extensible; the type narrows it).
  const criteria = (text: string) => ({ language: 'text/plain' as 'text/cql', expression: text });
  return {
    resourceType: 'Measure',
    id: measureId(d.code),
    url: measureUrl(d.code),
    identifier: [{ system: INDICATOR_SYSTEM, value: d.code }],
    version: String(d.version),
    name: d.code,
    title: d.nameVi,
    subtitle: d.nameEn,
    status: d.validTo && d.validTo < today() ? 'retired' : 'active',
    description: `${d.definitionVi}\n\n${d.definitionEn}`,
    effectivePeriod: { start: d.validFrom, ...(d.validTo ? { end: d.validTo } : {}) },
    scoring: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-scoring', code: 'proportion' }],
    },
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/measure-type',
            code: d.kind === 'stock' ? 'structure' : 'process',
          },
        ],
      },
    ],
    improvementNotation: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
          code: d.direction === 'higher' ? 'increase' : 'decrease',
        },
      ],
    },
    ...(d.target
      ? {
          guidance: `Mục tiêu ${d.target.operator} ${d.target.value}${d.unit ? ` ${d.unit}` : ''} đến ${d.target.deadline} (${d.target.source})`,
        }
      : {}),
    group: [
      {
        description: `× ${d.factor}${d.unit ? ` (${d.unit})` : ''}, ${d.periodType}`,
        population: [
          {
            code: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'numerator' },
              ],
            },
            description: d.numerator,
            criteria: criteria(d.numerator),
          },
          {
            code: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'denominator' },
              ],
            },
            description: d.denominator,
            criteria: criteria(d.denominator),
          },
        ],
      },
    ],
  };
}

/** The definition in force today of a Measure id (or a canonical URL's last part), or 404. */
export async function definitionOf(
  db: Parameters<typeof listIndicators>[0],
  id: string,
): Promise<IndicatorDefinition> {
  const code = indicatorCode(id);
  const found = (await listIndicators(db)).find((d) => d.code === code);
  if (!found) throw fhirError(404, 'not-found', `Measure/${id} not found`);
  return found;
}

const PARAMS = [
  { name: 'url', type: 'uri', documentation: `The canonical URL (${MEASURE_BASE}/<code>)` },
  { name: 'identifier', type: 'token', documentation: `The indicator code (${INDICATOR_SYSTEM}|T1)` },
  {
    name: 'title',
    type: 'string',
    documentation: 'Part of the Vietnamese or English name, with or without diacritics',
  },
  { name: 'status', type: 'token', documentation: 'active or retired' },
] as const satisfies Translator['searchParams'];

export const measureTranslator: Translator<Measure> = {
  type: 'Measure',
  documentation: 'Indicator definitions of the indicators module’s catalogue (the version in force today)',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) => measureOf(await definitionOf(ctx.db, id)),
  async search(ctx, params: SearchParams, page: Page) {
    checkParams('Measure', params, [...PARAMS]);
    const url = one(params, 'url')?.split('|')[0];
    const identifier = one(params, 'identifier');
    const code = identifier?.includes('|') ? identifier.split('|')[1] : identifier;
    const title = one(params, 'title');
    const status = one(params, 'status');
    const all = (await listIndicators(ctx.db))
      .map(measureOf)
      .filter(
        (m) =>
          (!url || m.url === url) &&
          (!code || m.name === code) &&
          (!status || m.status === status) &&
          (!title || plain(`${m.title} ${m.subtitle}`).includes(plain(title))),
      );
    return pageOf(all, page);
  },
};
