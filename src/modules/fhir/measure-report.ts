/**
 * MeasureReport ← one indicator's value for one unit and month (indicators module), made by the
 * exchange module's `toMeasureReport` (IHE mADX, the same report its export sends), with an id
 * `<Measure id>.<unit code>.<YYYY-MM>` and the unit as a Location. Read, and search by measure,
 * reporter and period; values are computed from the data, never written. Out of the user's area: 404
 * (the indicators module's unit check). Monthly indicators only (the mADX report is monthly).
 */
import type { MeasureReport } from '@medplum/fhirtypes';
import { MEASURE_BASE, toMeasureReport } from '../exchange/index.js';
import { indicatorValues } from '../indicators/index.js';
import { today } from '../../core/clock.js';
import { definitionOf, measureId } from './measure.js';
import { fhirError } from './outcome.js';
import {
  checkParams,
  dateRanges,
  one,
  referenceParam,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
} from './translator.js';

const ID = /^([A-Z][A-Z0-9-]{0,39})\.([0-9]{2,5}(?:-[0-9]{1,3})?)\.(\d{4}-\d{2})$/;

async function report(
  ctx: FhirContext,
  measure: string,
  unitCode: string,
  month: string,
): Promise<MeasureReport> {
  const d = await definitionOf(ctx.db, measure);
  if (d.periodType !== 'month')
    throw fhirError(404, 'not-found', `Measure/${measure} is reported by ${d.periodType}, not by month`);
  const set = await indicatorValues(ctx.db, ctx.actor, d.code, unitCode, month, false);
  const v = set.values[0];
  if (!v)
    throw fhirError(404, 'not-found', `MeasureReport/${measureId(d.code)}.${unitCode}.${month} not found`);
  const r = toMeasureReport(
    {
      indicator: {
        code: set.indicator.code,
        version: set.indicator.version,
        nameVi: set.indicator.nameVi,
        nameEn: set.indicator.nameEn,
        unit: set.indicator.unit,
      },
      unitCode: v.unitCode,
      unitName: v.unitName,
      period: month,
      asOf: v.asOf,
      numerator: v.numerator,
      denominator: v.denominator,
      value: v.value,
    },
    v.asOf,
  );
  return {
    ...r,
    id: `${measureId(d.code)}.${v.unitCode}.${month}`,
    reporter: { ...r.reporter, reference: `Location/${v.unitCode}` },
  };
}

async function read(ctx: FhirContext, id: string): Promise<MeasureReport> {
  const m = ID.exec(id);
  if (!m) throw fhirError(404, 'not-found', `MeasureReport/${id} not found`);
  try {
    return await report(ctx, m[1]!, m[2]!, m[3]!);
  } catch (err) {
    // A month that is none, or not started yet, is a report that does not exist (the indicators
    // module refuses the period as a field).
    const status = (err as { status?: number }).status;
    if (status === 400 || status === 422) throw fhirError(404, 'not-found', `MeasureReport/${id} not found`);
    throw err;
  }
}

/** The months a `period` search asks for (at most 24), the current one by default. */
function months(params: SearchParams): string[] {
  const range = dateRanges(params['period']);
  const now = today().slice(0, 7);
  const from = (range.from ?? `${now}-01`).slice(0, 7);
  const to = [(range.to ?? today()).slice(0, 7), now].sort()[0]!;
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 24;) {
    out.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  if (!out.length) return [];
  if (out.at(-1)! < to) throw fhirError(400, 'too-costly', 'ask for at most 24 months', 'period');
  return out;
}

const PARAMS = [
  {
    name: 'measure',
    type: 'reference',
    documentation: `The indicator (Measure/<id> or ${MEASURE_BASE}/<code>); required`,
  },
  { name: 'reporter', type: 'reference', documentation: 'The unit (Location/<GSO code>); required' },
  { name: 'period', type: 'date', documentation: 'The months (YYYY-MM; ge/le for a range of at most 24)' },
] as const satisfies Translator['searchParams'];

async function search(
  ctx: FhirContext,
  params: SearchParams,
  page: Page,
): Promise<SearchResult<MeasureReport>> {
  checkParams('MeasureReport', params, [...PARAMS]);
  const measure = one(params, 'measure');
  const reporter = one(params, 'reporter');
  if (!measure || !reporter)
    throw fhirError(400, 'not-supported', 'search MeasureReport by measure and reporter', 'measure');
  const measureRef = measure.split('|')[0]!;
  const id = measureRef.startsWith(MEASURE_BASE)
    ? measureId(measureRef.slice(MEASURE_BASE.length + 1))
    : referenceParam(measureRef, 'Measure');
  const unit = referenceParam(reporter, 'Location');
  const wanted = months(params).reverse();
  const resources: MeasureReport[] = [];
  for (const month of wanted.slice(page.offset, page.offset + page.count))
    resources.push(await report(ctx, id, unit, month));
  return { resources, total: wanted.length };
}

export const measureReportTranslator: Translator<MeasureReport> = {
  type: 'MeasureReport',
  documentation:
    'An indicator’s value for a unit and month (indicators module), as the exchange module’s mADX MeasureReport',
  paths: {},
  searchParams: [...PARAMS],
  read,
  search,
  references: { reporter: (r) => [r.reporter] },
};
