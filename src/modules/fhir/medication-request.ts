/**
 * MedicationRequest ← the prescription lines of visits (đơn thuốc), each named `<visit id>.rx<n>`:
 * the drug of the station's catalogue, the dose as written, the quantity and the days. Read and
 * search by patient or encounter, like Observation and Condition (visit-parts.ts); a prescription is
 * written with its visit (Encounter, and the visits module's catalogue and payment rules), not here.
 */
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { VisitOut } from '../visits/index.js';
import { fhirError } from './outcome.js';
import { DRUG_CODE, DRUG_REGISTRATION, MEDICATION_REQUEST_CATEGORY } from './systems.js';
import {
  checkParams,
  dateRanges,
  inRange,
  reference,
  token,
  type FhirContext,
  type Page,
  type SearchParams,
  type Translator,
  pageOf,
} from './translator.js';
import { visitPart, visitReference, visitsFor } from './visit-parts.js';

export function medicationRequestsOf(v: VisitOut): MedicationRequest[] {
  return v.prescriptions.map((p, i) => ({
    resourceType: 'MedicationRequest',
    id: `${v.id}.rx${i}`,
    meta: { versionId: String(v.version), lastUpdated: v.updatedAt },
    ...(p.registrationNumber
      ? { identifier: [{ system: DRUG_REGISTRATION, value: p.registrationNumber }] }
      : {}),
    // A draft visit's prescription may still change; a finished visit's is the one given.
    status: v.status === 'finished' ? 'completed' : 'draft',
    intent: 'order',
    category: [{ coding: [{ system: MEDICATION_REQUEST_CATEGORY, code: 'outpatient' }] }],
    medicationCodeableConcept: {
      coding: [{ system: DRUG_CODE, code: p.code, display: p.name }],
      text: [p.name, p.strength].filter(Boolean).join(' '),
    },
    subject: reference('Patient', v.patient.id, v.patient.fullName),
    encounter: visitReference(v),
    authoredOn: v.visitDate,
    requester: reference('Practitioner', v.clinician.id, v.clinician.fullName),
    dosageInstruction: [
      {
        text: p.dose,
        ...(p.route ? { route: { text: p.route } } : {}),
      },
    ],
    dispenseRequest: {
      quantity: { value: p.quantity, unit: p.unit },
      expectedSupplyDuration: {
        value: p.days,
        unit: 'days',
        system: 'http://unitsofmeasure.org',
        code: 'd',
      },
    },
    ...(p.activeIngredient ? { note: [{ text: `Hoạt chất: ${p.activeIngredient}` }] } : {}),
  }));
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'encounter', type: 'reference', documentation: 'The visit (Encounter/<visit id>)' },
  { name: 'status', type: 'token', documentation: 'completed (a finished visit) or draft' },
  { name: 'code', type: 'token', documentation: `The drug's catalogue code (${DRUG_CODE}|…)` },
  { name: 'authoredon', type: 'date', documentation: 'The visit day' },
] as const satisfies Translator['searchParams'];

async function search(ctx: FhirContext, params: SearchParams, page: Page) {
  checkParams('MedicationRequest', params, [...PARAMS]);
  const codes = (params['code'] ?? []).flatMap((v) => v.split(',')).map(token);
  const statuses = (params['status'] ?? []).flatMap((v) => v.split(','));
  const authored = dateRanges(params['authoredon']);
  const { authoredon, ...rest } = params;
  const visitParams = authoredon ? { ...rest, date: authoredon } : rest;
  const all = (await visitsFor(ctx, 'MedicationRequest', visitParams))
    .flatMap(medicationRequestsOf)
    .filter(
      (m) =>
        (!statuses.length || statuses.includes(m.status)) &&
        inRange(m.authoredOn, authored) &&
        (!codes.length ||
          codes.some(
            (c) =>
              c.code === m.medicationCodeableConcept!.coding![0]!.code &&
              (!c.system || c.system === DRUG_CODE),
          )),
    );
  return pageOf(all, page);
}

export const medicationRequestTranslator: Translator<MedicationRequest> = {
  type: 'MedicationRequest',
  documentation: 'Prescription lines of visits (the station’s drug catalogue; dose, quantity, days)',
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx: FhirContext, id: string) {
    const { visit, part } = await visitPart(ctx, 'MedicationRequest', id);
    const m = medicationRequestsOf(visit).find((x) => x.id === `${visit.id}.${part}`);
    if (!m) throw fhirError(404, 'not-found', `MedicationRequest/${id} not found`);
    return m;
  },
  search,
  references: {
    patient: (m) => [m.subject],
    subject: (m) => [m.subject],
    encounter: (m) => [m.encounter],
  },
};
