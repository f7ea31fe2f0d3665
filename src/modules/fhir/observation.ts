/**
 * Observation ← a visit's vital signs and point-of-care measures (sinh hiệu; glucose and HbA1c as
 * laboratory), one Observation per measure, LOINC-coded as the FHIR vital-signs profile asks. Read
 * and search by patient or encounter; they are written through the visit (Encounter, or the JSON API).
 */
import type { Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import type { VisitOut } from '../visits/index.js';
import { fhirError } from './outcome.js';
import { LOINC, OBSERVATION_CATEGORY, UCUM } from './systems.js';
import {
  checkParams,
  dropped,
  reference,
  token,
  unkept,
  type FhirContext,
  type Page,
  type SearchParams,
  type Translator,
  pageOf,
} from './translator.js';
import { reviseVisit, visitOfPart, visitPart, visitReference, visitsFor } from './visit-parts.js';

type Vitals = VisitOut['vitals'];

interface Measure {
  /** The part of the Observation's id. */
  key: string;
  loinc: string;
  display: string;
  category: 'vital-signs' | 'laboratory';
  field?: keyof Vitals;
  unit?: string;
  ucum?: string;
  components?: { field: keyof Vitals; loinc: string; display: string }[];
}

const MEASURES: Measure[] = [
  {
    key: 'bp',
    loinc: '85354-9',
    display: 'Blood pressure panel with all children optional',
    category: 'vital-signs',
    unit: 'mmHg',
    ucum: 'mm[Hg]',
    components: [
      { field: 'systolic', loinc: '8480-6', display: 'Systolic blood pressure' },
      { field: 'diastolic', loinc: '8462-4', display: 'Diastolic blood pressure' },
    ],
  },
  {
    key: 'pulse',
    field: 'pulse',
    loinc: '8867-4',
    display: 'Heart rate',
    category: 'vital-signs',
    unit: '/min',
    ucum: '/min',
  },
  {
    key: 'temperature',
    field: 'temperatureC',
    loinc: '8310-5',
    display: 'Body temperature',
    category: 'vital-signs',
    unit: 'Cel',
    ucum: 'Cel',
  },
  {
    key: 'respiration',
    field: 'respiration',
    loinc: '9279-1',
    display: 'Respiratory rate',
    category: 'vital-signs',
    unit: '/min',
    ucum: '/min',
  },
  {
    key: 'spo2',
    field: 'spo2',
    loinc: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    category: 'vital-signs',
    unit: '%',
    ucum: '%',
  },
  {
    key: 'height',
    field: 'heightCm',
    loinc: '8302-2',
    display: 'Body height',
    category: 'vital-signs',
    unit: 'cm',
    ucum: 'cm',
  },
  {
    key: 'weight',
    field: 'weightKg',
    loinc: '29463-7',
    display: 'Body weight',
    category: 'vital-signs',
    unit: 'kg',
    ucum: 'kg',
  },
  {
    key: 'bmi',
    field: 'bmi',
    loinc: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    category: 'vital-signs',
    unit: 'kg/m2',
    ucum: 'kg/m2',
  },
  {
    key: 'waist',
    field: 'waistCm',
    loinc: '8280-0',
    display: 'Waist Circumference at umbilicus by Tape measure',
    category: 'vital-signs',
    unit: 'cm',
    ucum: 'cm',
  },
  {
    key: 'fasting-glucose',
    field: 'fastingGlucose',
    loinc: '14771-0',
    display: 'Fasting glucose [Moles/volume] in Serum or Plasma',
    category: 'laboratory',
    unit: 'mmol/L',
    ucum: 'mmol/L',
  },
  {
    key: 'random-glucose',
    field: 'randomGlucose',
    loinc: '15074-8',
    display: 'Glucose [Moles/volume] in Blood',
    category: 'laboratory',
    unit: 'mmol/L',
    ucum: 'mmol/L',
  },
  {
    key: 'hba1c',
    field: 'hba1c',
    loinc: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    category: 'laboratory',
    unit: '%',
    ucum: '%',
  },
];

const quantity = (value: number, m: Measure): Quantity => ({
  value,
  unit: m.unit!,
  system: UCUM,
  code: m.ucum!,
});

function observationOf(v: VisitOut, m: Measure): Observation | undefined {
  const vitals = v.vitals as Record<string, unknown>;
  let value: Pick<Observation, 'valueQuantity' | 'component'>;
  if (m.components) {
    const component: ObservationComponent[] = m.components.flatMap((c) =>
      typeof vitals[c.field] === 'number'
        ? [
            {
              code: { coding: [{ system: LOINC, code: c.loinc, display: c.display }] },
              valueQuantity: quantity(vitals[c.field] as number, m),
            },
          ]
        : [],
    );
    if (!component.length) return undefined;
    value = { component };
  } else {
    const x = vitals[m.field!];
    if (typeof x !== 'number') return undefined;
    value = { valueQuantity: quantity(x, m) };
  }
  return {
    resourceType: 'Observation',
    id: `${v.id}.${m.key}`,
    meta: { versionId: String(v.version), lastUpdated: v.updatedAt },
    status: v.status === 'finished' ? 'final' : 'preliminary',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: m.category }] }],
    code: { coding: [{ system: LOINC, code: m.loinc, display: m.display }], text: m.display },
    subject: reference('Patient', v.patient.id, v.patient.fullName),
    encounter: visitReference(v),
    effectiveDateTime: v.visitDate,
    performer: [reference('Practitioner', v.clinician.id, v.clinician.fullName)],
    ...value,
  };
}

export const observationsOf = (v: VisitOut): Observation[] =>
  MEASURES.flatMap((m) => {
    const o = observationOf(v, m);
    return o ? [o] : [];
  });

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'encounter', type: 'reference', documentation: 'The visit (Encounter/<visit id>)' },
  {
    name: 'code',
    type: 'token',
    documentation: `A LOINC code (${LOINC}|8480-6 finds the blood pressure panel by its component)`,
  },
  { name: 'category', type: 'token', documentation: 'vital-signs or laboratory' },
  { name: 'date', type: 'date', documentation: 'The visit date' },
] as const satisfies Translator['searchParams'];

async function search(ctx: FhirContext, params: SearchParams, page: Page) {
  checkParams('Observation', params, [...PARAMS]);
  const codes = (params['code'] ?? []).flatMap((v) => v.split(',')).map(token);
  const categories = (params['category'] ?? []).flatMap((v) => v.split(',')).map((v) => token(v).code);
  const all = (await visitsFor(ctx, 'Observation', params)).flatMap(observationsOf).filter((o) => {
    const own = [...(o.code.coding ?? []), ...(o.component ?? []).flatMap((c) => c.code.coding ?? [])];
    return (
      (!codes.length ||
        codes.some((c) => own.some((x) => x.code === c.code && (!c.system || c.system === x.system)))) &&
      (!categories.length || categories.includes(o.category![0]!.coding![0]!.code!))
    );
  });
  return pageOf(all, page);
}

// ---------------------------------------------------------------- FHIR → a visit's measure

/** UCUM units ytcs converts from, to the unit it keeps (a factor, or a function for temperatures). */
const CONVERSIONS: Record<string, Record<string, number | ((x: number) => number)>> = {
  kg: { kg: 1, g: 0.001, '[lb_av]': 0.45359237 },
  cm: { cm: 1, m: 100, mm: 0.1, '[in_i]': 2.54 },
  Cel: { Cel: 1, '[degF]': (x) => ((x - 32) * 5) / 9 },
  'mm[Hg]': { 'mm[Hg]': 1 },
  '/min': { '/min': 1, '{beats}/min': 1, '{breaths}/min': 1 },
  '%': { '%': 1 },
  'mmol/L': { 'mmol/L': 1, 'mg/dL': 1 / 18.016 },
};
/** Values ytcs keeps as whole numbers. */
const WHOLE = new Set<string>(['pulse', 'systolic', 'diastolic', 'respiration', 'spo2']);

function valueIn(q: Quantity | undefined, m: Measure, field: string, path: string): number {
  const to = m.ucum!;
  const from = q?.code ?? q?.unit;
  const convert = from !== undefined ? CONVERSIONS[to]?.[from] : undefined;
  if (typeof q?.value !== 'number' || convert === undefined)
    throw fhirError(
      422,
      'invalid',
      `ytcs keeps ${m.display} as a quantity in ${to}${from ? `, not ${from}` : ''}`,
      path,
    );
  const x = typeof convert === 'function' ? convert(q.value) : q.value * convert;
  return WHOLE.has(field) ? Math.round(x) : Math.round(x * 10) / 10;
}

/** Other LOINC codes the examples and other systems use for the same measures. */
const ALIASES: Record<string, string> = {
  '2708-6': '59408-5',
  '8331-1': '8310-5',
  '8306-3': '8302-2',
  '3141-9': '29463-7',
};

async function create(ctx: FhirContext, o: Observation): Promise<Observation> {
  unkept(ctx, o, [
    'status',
    'category',
    'code',
    'subject',
    'encounter',
    'effectiveDateTime',
    'valueQuantity',
    'component',
  ]);
  if (o.status === 'cancelled' || o.status === 'entered-in-error')
    throw fhirError(
      422,
      'not-supported',
      `ytcs records measures taken, not ${o.status} ones`,
      'Observation.status',
    );
  const codes = (o.code.coding ?? [])
    .filter((c) => c.system === LOINC)
    .map((c) => ALIASES[c.code ?? ''] ?? c.code);
  const m = MEASURES.find((x) => codes.includes(x.loinc));
  if (!m)
    throw fhirError(
      422,
      'code-invalid',
      `ytcs keeps the vital signs and glucose measures of a visit (LOINC ${MEASURES.map((x) => x.loinc).join(', ')})`,
      'Observation.code',
    );
  if (m.key === 'bmi')
    throw fhirError(422, 'business-rule', 'ytcs computes the BMI from height and weight', 'Observation.code');
  const visit = await visitOfPart(
    ctx,
    'Observation',
    o.encounter?.reference,
    o.subject?.reference,
    o.effectiveDateTime,
  );
  const vitals: Record<string, unknown> = { ...visit.vitals };
  delete vitals['bmi'];
  if (m.components) {
    for (const [i, c] of (o.component ?? []).entries()) {
      const part = m.components.find((x) =>
        c.code.coding?.some((y) => y.system === LOINC && y.code === x.loinc),
      );
      if (part)
        vitals[part.field] = valueIn(
          c.valueQuantity,
          m,
          part.field,
          `Observation.component[${i}].valueQuantity`,
        );
      else
        dropped(
          ctx,
          `Observation.component[${i}]`,
          `ytcs keeps the ${m.components.map((x) => x.display).join(' and ')} of this panel only`,
        );
    }
  } else vitals[m.field!] = valueIn(o.valueQuantity, m, m.field!, 'Observation.valueQuantity');
  const updated = await reviseVisit(ctx, 'Observation', visit, { vitals }, `${m.display} added`);
  return observationOf(updated, m)!;
}

export const observationTranslator: Translator<Observation> = {
  type: 'Observation',
  documentation: "Vital signs and point-of-care measures of visits (the visit's current version)",
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx, id) {
    const { visit, part } = await visitPart(ctx, 'Observation', id);
    const m = MEASURES.find((x) => x.key === part);
    const o = m && observationOf(visit, m);
    if (!o) throw fhirError(404, 'not-found', `Observation/${id} not found`);
    return o;
  },
  search,
  create,
  references: {
    patient: (o) => [o.subject],
    subject: (o) => [o.subject],
    encounter: (o) => [o.encounter],
  },
};
