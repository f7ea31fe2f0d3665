/**
 * CarePlan ← the treatment plan of an NCD enrolment (kế hoạch điều trị, ncd module): its medicines as
 * activities, the follow-up interval, the personal targets and the advice; same id as the enrolment
 * (its EpisodeOfCare), which it names. Read, and search by patient; the plan is changed through the
 * ncd module (PUT …/plan), not here. The maternal antenatal schedule is a dated code list
 * (`antenatal-schedule`), not a plan kept per woman, so it is not served as CarePlan.
 */
import type { CarePlan, CarePlanActivity } from '@medplum/fhirtypes';
import { getEnrolment } from '../ncd/index.js';
import { fhirError } from './outcome.js';
import { conditionConcept, enrolmentsFor, type Enrolment } from './episode-of-care.js';
import { DRUG_CODE } from './systems.js';
import {
  checkParams,
  one,
  reference,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
  pageOf,
} from './translator.js';

const TARGETS: Record<string, string> = {
  systolic: 'Huyết áp tâm thu mục tiêu (mmHg) <',
  diastolic: 'Huyết áp tâm trương mục tiêu (mmHg) <',
  fastingGlucose: 'Đường huyết lúc đói mục tiêu (mmol/L) ≤',
  hba1c: 'HbA1c mục tiêu (%) <',
  weightKg: 'Cân nặng mục tiêu (kg)',
};

export function carePlanOf(e: Enrolment): CarePlan | undefined {
  const plan = e.plan;
  if (!plan) return undefined;
  const activity: CarePlanActivity[] = plan.medicines.map((m) => ({
    detail: {
      kind: 'MedicationRequest',
      status: e.endedOn ? 'stopped' : 'in-progress',
      productCodeableConcept: {
        ...(m.code ? { coding: [{ system: DRUG_CODE, code: m.code }] } : {}),
        text: m.name,
      },
      description: m.dose,
    },
  }));
  if (plan.followUpDays)
    activity.push({
      detail: {
        kind: 'Appointment',
        status: e.endedOn ? 'stopped' : 'scheduled',
        code: { text: 'Khám theo dõi' },
        scheduledTiming: { repeat: { frequency: 1, period: plan.followUpDays, periodUnit: 'd' } },
      },
    });
  const targets = Object.entries(plan.targets ?? {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${TARGETS[k] ?? k} ${String(v)}`);
  const notes = [...targets, ...(plan.note ? [plan.note] : [])];
  return {
    resourceType: 'CarePlan',
    id: e.id,
    meta: { lastUpdated: plan.updatedAt },
    status: e.endedOn ? 'completed' : 'active',
    intent: 'plan',
    category: [conditionConcept(e.condition)],
    title: `Kế hoạch điều trị ${conditionConcept(e.condition).text.toLowerCase()}`,
    subject: reference('Patient', e.residentId, e.patientName),
    period: { start: e.registeredOn, ...(e.endedOn ? { end: e.endedOn } : {}) },
    created: plan.updatedAt,
    author: reference('Organization', e.facilityId, e.facilityName),
    ...(activity.length ? { activity } : {}),
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
    // The enrolment the plan belongs to (EpisodeOfCare of the same id), as R4's standard extension says.
    extension: [
      {
        url: 'http://hl7.org/fhir/StructureDefinition/careplan-episodeOfCare',
        valueReference: reference('EpisodeOfCare', e.id),
      },
    ],
  };
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'status', type: 'token', documentation: 'active or completed' },
] as const satisfies Translator['searchParams'];

async function search(ctx: FhirContext, params: SearchParams, page: Page): Promise<SearchResult<CarePlan>> {
  checkParams('CarePlan', params, [...PARAMS]);
  const patient = one(params, 'patient') ?? one(params, 'subject');
  if (!patient) throw fhirError(400, 'not-supported', 'search CarePlan by patient', 'patient');
  const statuses = (params['status'] ?? []).flatMap((v) => v.split(','));
  const found = await enrolmentsFor(ctx, { patient: [patient] }, { count: 100, offset: 0 });
  const all = found.items
    .map(carePlanOf)
    .filter((c): c is CarePlan => Boolean(c) && (!statuses.length || statuses.includes(c!.status)));
  return pageOf(all, page);
}

export const carePlanTranslator: Translator<CarePlan> = {
  type: 'CarePlan',
  documentation:
    'Treatment plans of NCD enrolments (ncd module): medicines, follow-up interval, targets, advice',
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx: FhirContext, id: string) {
    const plan = carePlanOf(await getEnrolment(ctx.db, ctx.actor, uuidOf('CarePlan', id)));
    if (!plan) throw fhirError(404, 'not-found', `CarePlan/${id} not found (the enrolment has no plan)`);
    return plan;
  },
  search,
  references: { patient: (c) => [c.subject], subject: (c) => [c.subject] },
};
