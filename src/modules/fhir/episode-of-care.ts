/**
 * EpisodeOfCare ← an enrolment of the ncd module (đăng ký quản lý bệnh không lây nhiễm: hypertension,
 * diabetes, COPD, asthma): the patient, the managing station and clinician, from registration to its
 * end (ngừng quản lý). Read, and search by patient or over the user's area (the registry); enrolments
 * are written through the ncd module (its checks of diagnosis and station), not here. Pregnancies are
 * not served: the maternal module reads them only through the woman (no read of one by its id).
 */
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { getEnrolment, listEnrolments, programmeCard } from '../ncd/index.js';
import { fhirError } from './outcome.js';
import { ICD10, NCD_CONDITION } from './systems.js';
import {
  checkParams,
  dateRanges,
  one,
  reference,
  referenceParam,
  token,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
  pageOf,
  unlessNotFound,
} from './translator.js';

export type Enrolment = Awaited<ReturnType<typeof getEnrolment>>;

/** Each condition's name and the ICD-10 block it stands for (the ncd module's registries). */
export const CONDITIONS: Record<Enrolment['condition'], { vi: string; icd10: string; icd10Title: string }> = {
  hypertension: { vi: 'Tăng huyết áp', icd10: 'I10-I15', icd10Title: 'Hypertensive diseases' },
  diabetes: { vi: 'Đái tháo đường', icd10: 'E10-E14', icd10Title: 'Diabetes mellitus' },
  copd: {
    vi: 'Bệnh phổi tắc nghẽn mạn tính',
    icd10: 'J44',
    icd10Title: 'Other chronic obstructive pulmonary disease',
  },
  asthma: { vi: 'Hen phế quản', icd10: 'J45', icd10Title: 'Asthma' },
};

export const conditionConcept = (condition: Enrolment['condition']) => ({
  coding: [
    { system: NCD_CONDITION, code: condition, display: CONDITIONS[condition].vi },
    { system: ICD10, code: CONDITIONS[condition].icd10, display: CONDITIONS[condition].icd10Title },
  ],
  text: CONDITIONS[condition].vi,
});

export function episodeOf(e: Enrolment): EpisodeOfCare {
  return {
    resourceType: 'EpisodeOfCare',
    id: e.id,
    meta: { lastUpdated: e.updatedAt },
    status: e.endedOn ? 'finished' : 'active',
    type: [conditionConcept(e.condition)],
    patient: reference('Patient', e.residentId, e.patientName),
    managingOrganization: reference('Organization', e.facilityId, e.facilityName),
    period: { start: e.registeredOn, ...(e.endedOn ? { end: e.endedOn } : {}) },
    ...(e.clinicianId ? { careManager: reference('Practitioner', e.clinicianId, e.clinicianName) } : {}),
  };
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'status', type: 'token', documentation: 'active or finished' },
  {
    name: 'type',
    type: 'token',
    documentation: `The condition (${NCD_CONDITION}|hypertension, diabetes, copd, asthma)`,
  },
  { name: 'date', type: 'date', documentation: 'A day within the episode (registration to its end)' },
] as const satisfies Translator['searchParams'];

/** The enrolments a search reads: a patient's (their programme card), or the area's registry. */
export async function enrolmentsFor(ctx: FhirContext, params: SearchParams, page: Page) {
  const patient = one(params, 'patient') ?? one(params, 'subject');
  const types = (params['type'] ?? []).flatMap((v) => v.split(',')).map((v) => token(v).code);
  const statuses = (params['status'] ?? []).flatMap((v) => v.split(','));
  const range = dateRanges(params['date']);
  const keep = (e: Enrolment) =>
    (!types.length || types.includes(e.condition)) &&
    (!statuses.length || statuses.includes(e.endedOn ? 'finished' : 'active')) &&
    (!range.to || e.registeredOn <= range.to) &&
    (!range.from || !e.endedOn || e.endedOn >= range.from);
  if (patient) {
    // An id that is no resident's (uuidOf's 404) finds nothing too.
    const card = await unlessNotFound(
      (async () => programmeCard(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(patient, 'Patient'))))(),
      undefined,
    );
    const { resources, total } = pageOf(card?.enrolments.filter(keep) ?? [], page);
    return { items: resources, total };
  }
  if (statuses.length > 1 || range.from || range.to)
    throw fhirError(400, 'not-supported', 'search the registry by one status and type, or by patient');
  const condition = types.length === 1 ? types[0] : undefined;
  if (types.length > 1 || (condition && !(condition in CONDITIONS))) return { items: [], total: 0 };
  const found = await listEnrolments(ctx.db, ctx.actor, {
    status: statuses[0] === 'finished' ? 'ended' : statuses[0] === 'active' ? 'active' : 'all',
    ...(condition ? { condition: condition as Enrolment['condition'] } : {}),
    limit: Math.max(1, page.count),
    offset: page.offset,
  });
  return { items: found.items, total: found.total };
}

async function search(
  ctx: FhirContext,
  params: SearchParams,
  page: Page,
): Promise<SearchResult<EpisodeOfCare>> {
  checkParams('EpisodeOfCare', params, [...PARAMS]);
  const found = await enrolmentsFor(ctx, params, page);
  return { resources: found.items.map(episodeOf), total: found.total };
}

export const episodeOfCareTranslator: Translator<EpisodeOfCare> = {
  type: 'EpisodeOfCare',
  documentation:
    'Enrolments in the NCD registries of the ncd module (hypertension, diabetes, COPD, asthma), from registration to their end',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) => episodeOf(await getEnrolment(ctx.db, ctx.actor, uuidOf('EpisodeOfCare', id))),
  search,
  references: {
    patient: (e) => [e.patient],
    organization: (e) => [e.managingOrganization],
  },
};
