/**
 * Condition ← the diagnoses of visits (ICD-10, chẩn đoán: the main one first), each named
 * `<visit id>.d<n>`. Read and search by patient or encounter; written through the visit (Encounter).
 */
import type { Condition } from '@medplum/fhirtypes';
import type { VisitOut } from '../visits/index.js';
import { diagnosesOf, diagnosisId } from './encounter.js';
import { fhirError } from './outcome.js';
import { CONDITION_CATEGORY, CONDITION_VERIFICATION, ICD10 } from './systems.js';
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
import {
  inputOfVisit,
  reviseVisit,
  visitOfPart,
  visitPart,
  visitReference,
  visitsFor,
} from './visit-parts.js';

export function conditionsOf(v: VisitOut): Condition[] {
  const offset = v.diagnoses.main ? 0 : 1;
  return diagnosesOf(v).map((d, i) => ({
    resourceType: 'Condition',
    id: diagnosisId(v.id, i + offset),
    meta: { versionId: String(v.version), lastUpdated: v.updatedAt },
    verificationStatus: {
      coding: [
        { system: CONDITION_VERIFICATION, code: v.status === 'finished' ? 'confirmed' : 'provisional' },
      ],
    },
    category: [
      {
        coding: [{ system: CONDITION_CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }],
      },
    ],
    code: {
      coding: [{ system: ICD10, code: d.code, display: d.title }],
      ...(d.note ? { text: d.note } : {}),
    },
    subject: reference('Patient', v.patient.id, v.patient.fullName),
    encounter: visitReference(v),
    recordedDate: v.visitDate,
    recorder: reference('Practitioner', v.clinician.id, v.clinician.fullName),
  }));
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'encounter', type: 'reference', documentation: 'The visit (Encounter/<visit id>)' },
  { name: 'code', type: 'token', documentation: `An ICD-10 code (${ICD10}|I10)` },
  { name: 'category', type: 'token', documentation: 'encounter-diagnosis' },
] as const satisfies Translator['searchParams'];

async function search(ctx: FhirContext, params: SearchParams, page: Page) {
  checkParams('Condition', params, [...PARAMS]);
  const codes = (params['code'] ?? []).flatMap((v) => v.split(',')).map(token);
  const categories = (params['category'] ?? []).flatMap((v) => v.split(',')).map((v) => token(v).code);
  if (categories.some((c) => c !== 'encounter-diagnosis') && !categories.includes('encounter-diagnosis'))
    return { resources: [], total: 0 };
  const all = (await visitsFor(ctx, 'Condition', params))
    .flatMap(conditionsOf)
    .filter(
      (c) =>
        !codes.length ||
        codes.some((x) => x.code === c.code!.coding![0]!.code && (!x.system || x.system === ICD10)),
    );
  return pageOf(all, page);
}

/** A diagnosis added to a visit: the main one when it has none, else one of the others. */
async function create(ctx: FhirContext, c: Condition): Promise<Condition> {
  unkept(ctx, c, [
    'clinicalStatus',
    'verificationStatus',
    'category',
    'code',
    'subject',
    'encounter',
    'recordedDate',
    'recorder',
    'onsetDateTime',
  ]);
  const icd = c.code?.coding?.find((x) => x.system === ICD10 && x.code);
  if (!icd) {
    const given = (c.code?.coding ?? []).map((x) => `${x.system ?? '?'}|${x.code ?? '?'}`).join(', ');
    throw fhirError(
      422,
      'code-invalid',
      `ytcs records diagnoses in ICD-10 (${ICD10})${given ? `, not ${given}` : ''}`,
      'Condition.code',
    );
  }
  for (const x of c.code!.coding!)
    if (x !== icd)
      dropped(
        ctx,
        'Condition.code.coding',
        `the coding ${x.system ?? ''}|${x.code ?? ''} is not kept: ytcs keeps the ICD-10 code`,
      );
  const visit = await visitOfPart(
    ctx,
    'Condition',
    c.encounter?.reference,
    c.subject?.reference,
    c.recordedDate ?? c.onsetDateTime,
  );
  const { diagnoses } = inputOfVisit(visit);
  const added = { code: icd.code!, note: c.code?.text ?? null };
  const next = diagnoses.main
    ? { main: diagnoses.main, others: [...diagnoses.others, added] }
    : { main: added, others: diagnoses.others };
  const updated = await reviseVisit(
    ctx,
    'Condition',
    visit,
    { diagnoses: next },
    `diagnosis ${icd.code} added`,
  );
  return conditionsOf(updated).at(diagnoses.main ? -1 : 0)!;
}

export const conditionTranslator: Translator<Condition> = {
  type: 'Condition',
  documentation: 'Diagnoses of visits (ICD-10, the main one first)',
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx, id) {
    const { visit, part } = await visitPart(ctx, 'Condition', id);
    const c = conditionsOf(visit).find((x) => x.id === `${visit.id}.${part}`);
    if (!c) throw fhirError(404, 'not-found', `Condition/${id} not found`);
    return c;
  },
  search,
  create,
  references: {
    patient: (c) => [c.subject],
    subject: (c) => [c.subject],
    encounter: (c) => [c.encounter],
  },
};
