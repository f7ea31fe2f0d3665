/**
 * ServiceRequest ← a referral slip of the referral module (giấy chuyển tuyến, Circular 01/2025) or a
 * re-examination slip (giấy hẹn khám lại): from the sending facility to the receiving one, for the
 * patient, with the diagnosis (ICD-10) as its reason. Read, and search by patient or as the slips
 * sent from the user's area; the slips are written through the referral module (their form and
 * validity rules), not here.
 */
import type { ServiceRequest } from '@medplum/fhirtypes';
import { getReferral, listReferrals, patientCoordination, type ReferralOut } from '../referral/index.js';
import { ICD10, REFERRAL_SLIP } from './systems.js';
import {
  checkParams,
  dateRanges,
  inRange,
  one,
  reference,
  referenceParam,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
  pageOf,
  unlessNotFound,
} from './translator.js';

/** A slip's status as a request's: sent and received are active; seen and returned are done. */
const STATUS: Record<ReferralOut['status'], ServiceRequest['status']> = {
  sent: 'active',
  received: 'active',
  seen: 'completed',
  returned: 'completed',
};

export function serviceRequestOf(r: ReferralOut): ServiceRequest {
  const notes = [
    r.clinicalSigns && `Dấu hiệu lâm sàng: ${r.clinicalSigns}`,
    r.course && `Tóm tắt diễn biến: ${r.course}`,
    r.treatmentGiven && `Đã điều trị: ${r.treatmentGiven}`,
    r.treatmentPlan && `Hướng điều trị: ${r.treatmentPlan}`,
    r.conditionAtTransfer && `Tình trạng khi chuyển: ${r.conditionAtTransfer}`,
    r.feedback &&
      `Phản hồi (${r.feedback.feedbackOn}): ${r.feedback.findings}${r.feedback.advice ? `; ${r.feedback.advice}` : ''}`,
  ].filter((x): x is string => Boolean(x));
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    identifier: [{ system: REFERRAL_SLIP, value: r.slipNumber }],
    ...(r.previousId ? { basedOn: [reference('ServiceRequest', r.previousId)] } : {}),
    status: STATUS[r.status],
    intent: 'order',
    category: [
      {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: r.kind === 'referral' ? '3457005' : '390906007',
            display: r.kind === 'referral' ? 'Patient referral' : 'Follow-up encounter',
          },
        ],
        text: r.kind === 'referral' ? 'Giấy chuyển tuyến' : 'Giấy hẹn khám lại',
      },
    ],
    code: { text: r.kind === 'referral' ? 'Chuyển cơ sở khám bệnh, chữa bệnh' : 'Khám lại' },
    subject: reference('Patient', r.residentId, r.patientName),
    ...(r.visitId ? { encounter: reference('Encounter', r.visitId) } : {}),
    occurrencePeriod: { start: r.issuedOn, end: r.validUntil },
    authoredOn: r.issuedOn,
    requester: reference('Organization', r.originFacility.id, r.originFacility.name),
    performer: [reference('Organization', r.destinationFacility.id, r.destinationFacility.name)],
    reasonCode: [
      {
        coding: [
          {
            system: ICD10,
            code: r.diagnosisCode,
            ...(r.diagnosisTitle ? { display: r.diagnosisTitle } : {}),
          },
          ...r.otherCodes.map((code) => ({ system: ICD10, code })),
        ],
        ...(r.diagnosisText ? { text: r.diagnosisText } : {}),
      },
    ],
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
  };
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The patient (Patient/<resident id>)' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient' },
  { name: 'status', type: 'token', documentation: 'active (sent, received) or completed (seen, returned)' },
  { name: 'authored', type: 'date', documentation: 'The day the slip was issued' },
] as const satisfies Translator['searchParams'];

/** How many slips sent from the area a search without a patient reads at most. */
const LIST_WINDOW = 500;

async function search(
  ctx: FhirContext,
  params: SearchParams,
  page: Page,
): Promise<SearchResult<ServiceRequest>> {
  checkParams('ServiceRequest', params, [...PARAMS]);
  const patient = one(params, 'patient') ?? one(params, 'subject');
  let slips: ReferralOut[];
  if (patient) {
    // An id that is no resident's (uuidOf's 404) finds nothing too.
    const found = await unlessNotFound(
      (async () =>
        patientCoordination(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(patient, 'Patient'))))(),
      undefined,
    );
    if (!found) return { resources: [], total: 0 };
    slips = found.referrals;
  } else
    slips = (await listReferrals(ctx.db, ctx.actor, { direction: 'sent', limit: LIST_WINDOW, offset: 0 }))
      .items;
  const statuses = (params['status'] ?? []).flatMap((v) => v.split(','));
  const authored = dateRanges(params['authored']);
  const all = slips
    .map(serviceRequestOf)
    .filter((s) => (!statuses.length || statuses.includes(s.status!)) && inRange(s.authoredOn, authored));
  return pageOf(all, page);
}

export const serviceRequestTranslator: Translator<ServiceRequest> = {
  type: 'ServiceRequest',
  documentation:
    'Referral and re-examination slips of the referral module (Circular 01/2025), with the receiving facility’s feedback as a note',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) =>
    serviceRequestOf(await getReferral(ctx.db, ctx.actor, uuidOf('ServiceRequest', id))),
  search,
  references: {
    patient: (s) => [s.subject],
    subject: (s) => [s.subject],
    requester: (s) => [s.requester],
    performer: (s) => s.performer ?? [],
  },
};
