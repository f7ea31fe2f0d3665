/**
 * Immunization ← a dose of the immunization module (mũi tiêm): read, search by patient. Voided doses
 * are `entered-in-error`. Doses are recorded through the immunization module (session days).
 */
import type { Immunization } from '@medplum/fhirtypes';
import { childCard, getVaccination, type VaccinationOut } from '../immunization/index.js';
import { fhirError } from './outcome.js';
import {
  checkParams,
  one,
  reference,
  referenceParam,
  uuidOf,
  type Translator,
  pageOf,
  unlessNotFound,
} from './translator.js';

/** The vaccines of the schedule (reference/immunization), by ytcs's code. */
export const VACCINE_SYSTEM = 'https://ytcs.vn/fhir/CodeSystem/vaccine';

export function immunizationOf(v: VaccinationOut): Immunization {
  return {
    resourceType: 'Immunization',
    id: v.id,
    status: v.voided ? 'entered-in-error' : 'completed',
    vaccineCode: {
      coding: [{ system: VACCINE_SYSTEM, code: v.vaccine, display: v.vaccineName }],
      text: v.vaccineName,
    },
    patient: reference('Patient', v.residentId),
    occurrenceDateTime: v.givenOn,
    primarySource: !v.givenElsewhere,
    ...(v.givenElsewhere && v.place ? { reportOrigin: { text: v.place } } : {}),
    ...(v.facilityId ? { location: { display: v.facilityName ?? v.facilityId } } : {}),
    ...(v.lot ? { lotNumber: v.lot } : {}),
    ...(v.expiresOn ? { expirationDate: v.expiresOn } : {}),
    ...(v.site ? { site: { text: v.site } } : {}),
    ...(v.route ? { route: { text: v.route } } : {}),
    ...(v.vaccinatorId
      ? { performer: [{ actor: reference('Practitioner', v.vaccinatorId, v.vaccinatorName) }] }
      : v.vaccinatorName
        ? { performer: [{ actor: { display: v.vaccinatorName } }] }
        : {}),
    ...(v.note || v.voidReason
      ? { note: [{ text: [v.note, v.voidReason].filter(Boolean).join(' — ') }] }
      : {}),
  };
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The child (Patient/<resident id>)' },
] as const satisfies Translator['searchParams'];

export const immunizationTranslator: Translator<Immunization> = {
  type: 'Immunization',
  documentation: 'Doses of the immunization module (voided ones entered-in-error)',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) =>
    immunizationOf(await getVaccination(ctx.db, ctx.actor, uuidOf('Immunization', id))),
  async search(ctx, params, page) {
    checkParams('Immunization', params, [...PARAMS]);
    const patient = one(params, 'patient');
    if (!patient) throw fhirError(400, 'not-supported', 'search Immunization by patient');
    const card = await unlessNotFound(
      childCard(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(patient, 'Patient'))),
      undefined,
    );
    return pageOf((card?.vaccinations ?? []).map(immunizationOf), page);
  },
  references: {
    patient: (i) => [i.patient],
    performer: (i) => (i.performer ?? []).map((p) => p.actor),
  },
};
