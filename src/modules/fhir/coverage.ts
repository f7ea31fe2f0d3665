/**
 * Coverage ↔ a health insurance card of the people module (thẻ BHYT): read, search by patient, and
 * create (a card recorded for its holder, with people's checks of the code, group and dates).
 */
import type { Coverage } from '@medplum/fhirtypes';
import { addCard, getCard, insuranceCardInput, listCards, type InsuranceCardOut } from '../people/index.js';
import { fhirError, fromContractIssues, type FieldPaths } from './outcome.js';
import { FACILITY_CODE, INSURANCE_NUMBER, SOCIAL_INSURANCE_NUMBER } from './systems.js';
import {
  checkParams,
  one,
  reference,
  referenceId,
  referenceParam,
  unkept,
  uuidOf,
  type FhirContext,
  type Translator,
  pageOf,
  unlessNotFound,
} from './translator.js';

const COVERAGE_CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';
/** Bảo hiểm xã hội Việt Nam: the payer of every card. */
const PAYOR = { display: 'Bảo hiểm xã hội Việt Nam' };

const PATHS: FieldPaths = {
  code: `Coverage.identifier.where(system='${INSURANCE_NUMBER}').value`,
  validFrom: 'Coverage.period.start',
  validTo: 'Coverage.period.end',
  registeredFacilityCode: 'Coverage.network',
  beneficiaryGroup: 'Coverage.class',
  benefitLevel: 'Coverage.class',
};

export function coverageOf(c: InsuranceCardOut): Coverage {
  return {
    resourceType: 'Coverage',
    id: c.id,
    meta: { versionId: String(c.changeSeq) },
    identifier: [
      { system: INSURANCE_NUMBER, value: c.code },
      { system: SOCIAL_INSURANCE_NUMBER, value: c.socialInsuranceNumber },
    ],
    status: c.voidedAt ? 'entered-in-error' : c.validNow ? 'active' : 'cancelled',
    subscriberId: c.code,
    beneficiary: reference('Patient', c.residentId),
    period: { start: c.validFrom, ...(c.validTo ? { end: c.validTo } : {}) },
    payor: [PAYOR],
    ...(c.beneficiaryGroup || c.benefitLevel
      ? {
          class: [
            ...(c.beneficiaryGroup
              ? [
                  {
                    type: { coding: [{ system: COVERAGE_CLASS, code: 'group' }] },
                    value: c.beneficiaryGroup,
                    ...(c.beneficiaryGroupName ? { name: c.beneficiaryGroupName } : {}),
                  },
                ]
              : []),
            ...(c.benefitLevel
              ? [
                  {
                    type: { coding: [{ system: COVERAGE_CLASS, code: 'plan' }] },
                    value: String(c.benefitLevel),
                    name: 'Mức hưởng',
                  },
                ]
              : []),
          ],
        }
      : {}),
    ...(c.registeredFacilityCode ? { network: `${FACILITY_CODE}|${c.registeredFacilityCode}` } : {}),
  };
}

async function create(ctx: FhirContext, c: Coverage): Promise<Coverage> {
  unkept(ctx, c, [
    'identifier',
    'status',
    'subscriberId',
    'beneficiary',
    'period',
    'payor',
    'class',
    'network',
  ]);
  const residentId = referenceId(c.beneficiary?.reference, 'Patient');
  if (!residentId) throw fhirError(422, 'required', 'the beneficiary is a Patient', 'Coverage.beneficiary');
  const code = c.identifier?.find((i) => i.system === INSURANCE_NUMBER)?.value ?? c.subscriberId;
  const level = c.class?.find((x) => x.type.coding?.some((y) => y.code === 'plan'))?.value;
  const parsed = insuranceCardInput.safeParse({
    code,
    validFrom: c.period?.start?.slice(0, 10),
    validTo: c.period?.end?.slice(0, 10) ?? null,
    registeredFacilityCode: c.network?.split('|').pop() ?? null,
    beneficiaryGroup: c.class?.find((x) => x.type.coding?.some((y) => y.code === 'group'))?.value ?? null,
    benefitLevel: level ? Number(level) : null,
  });
  if (!parsed.success) throw fromContractIssues('Coverage', parsed.error.issues, PATHS, ctx.lang);
  return coverageOf(await addCard(ctx.db, ctx.actor, uuidOf('Patient', residentId), parsed.data));
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The card holder (Patient/<resident id>)' },
  { name: 'beneficiary', type: 'reference', documentation: 'Same as patient' },
] as const satisfies Translator['searchParams'];

export const coverageTranslator: Translator<Coverage> = {
  type: 'Coverage',
  documentation: 'Health insurance cards of the people module (every card, voided ones entered-in-error)',
  paths: PATHS,
  searchParams: [...PARAMS],
  read: async (ctx, id) => coverageOf(await getCard(ctx.db, ctx.actor, uuidOf('Coverage', id))),
  async search(ctx, params, page) {
    checkParams('Coverage', params, [...PARAMS]);
    const patient = one(params, 'patient') ?? one(params, 'beneficiary');
    if (!patient) throw fhirError(400, 'not-supported', 'search Coverage by patient (or beneficiary)');
    const cards = await unlessNotFound(
      listCards(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(patient, 'Patient'))),
      [],
    );
    return pageOf(cards.map(coverageOf), page);
  },
  create,
  references: {
    patient: (c) => [c.beneficiary],
    beneficiary: (c) => [c.beneficiary],
  },
};
