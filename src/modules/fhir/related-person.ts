/**
 * RelatedPerson ← a member of a household of the people module (hộ gia đình), related to its head
 * (quan hệ với chủ hộ): the member is the RelatedPerson (same id as the member's Patient), the head
 * the `patient`, `relationship` the member's relation to the head. Read and search by patient; the
 * relation is changed through people (a household's members), not here.
 */
import type { CodeableConcept, RelatedPerson } from '@medplum/fhirtypes';
import { getHousehold, getResident, type HouseholdDetail } from '../people/index.js';
import { fhirError } from './outcome.js';
import { nameOf } from './patient.js';
import { RELATION_TO_HEAD, V3_ROLE_CODE } from './systems.js';
import {
  checkParams,
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

/**
 * The HL7 v3 RoleCode of a relation to the head, where one means the same (the member is the head's
 * …); the ytcs code (list `relation-to-head`) always comes too.
 */
const ROLE_CODES: Record<string, string> = {
  spouse: 'SPS',
  child: 'CHILD',
  child_in_law: 'CHLDINLAW',
  grandchild: 'GRNDCHILD',
  parent: 'PRN',
  parent_in_law: 'PRNINLAW',
  grandparent: 'GRPRN',
  sibling: 'SIB',
  sibling_in_law: 'SIBINLAW',
  nephew_niece: 'NIENEPH',
  great_grandchild: 'EXT',
  other_relative: 'EXT',
};

function relationship(code: string, display: string | null): CodeableConcept {
  const v3 = ROLE_CODES[code];
  return {
    coding: [
      ...(v3 ? [{ system: V3_ROLE_CODE, code: v3 }] : []),
      { system: RELATION_TO_HEAD, code, ...(display ? { display } : {}) },
    ],
    ...(display ? { text: display } : {}),
  };
}

type Member = HouseholdDetail['members'][number];

export function relatedPersonOf(h: HouseholdDetail, m: Member): RelatedPerson {
  return {
    resourceType: 'RelatedPerson',
    id: m.id,
    active: m.status === 'active' && h.status === 'active',
    patient: reference('Patient', h.headId!, h.headName),
    relationship: [relationship(m.relationToHead!, m.relationToHeadName)],
    name: [nameOf(m.fullName)],
    ...(m.phones.length ? { telecom: m.phones.map((value) => ({ system: 'phone' as const, value })) } : {}),
    gender: m.sex,
    birthDate: m.birthDate ?? String(m.birthYear),
  };
}

/** The members of a household other than its head, each related to the head (none without a head). */
function relatedOf(h: HouseholdDetail): RelatedPerson[] {
  if (!h.headId) return [];
  return h.members
    .filter((m) => m.id !== h.headId && m.relationToHead && m.relationToHead !== 'head')
    .map((m) => relatedPersonOf(h, m));
}

const notFound = (id: string) => fhirError(404, 'not-found', `RelatedPerson/${id} not found`);

async function read(ctx: FhirContext, id: string): Promise<RelatedPerson> {
  const member = await getResident(ctx.db, ctx.actor, uuidOf('RelatedPerson', id));
  if (!member.householdId) throw notFound(id);
  const found = relatedOf(await getHousehold(ctx.db, ctx.actor, member.householdId)).find(
    (r) => r.id === member.id,
  );
  if (!found) throw notFound(id);
  return found;
}

const PARAMS = [
  { name: 'patient', type: 'reference', documentation: 'The head of the household (Patient/<resident id>)' },
  {
    name: 'relationship',
    type: 'token',
    documentation: `The relation to the head: a v3 RoleCode (CHILD, SPS…) or a ytcs code (${RELATION_TO_HEAD})`,
  },
] as const satisfies Translator['searchParams'];

async function search(
  ctx: FhirContext,
  params: SearchParams,
  page: Page,
): Promise<SearchResult<RelatedPerson>> {
  checkParams('RelatedPerson', params, [...PARAMS]);
  const patient = one(params, 'patient');
  if (!patient)
    throw fhirError(400, 'not-supported', 'search RelatedPerson by patient (the head)', 'patient');
  const head = await unlessNotFound(
    getResident(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(patient, 'Patient'))),
    undefined,
  );
  if (!head?.householdId || head.relationToHead !== 'head') return { resources: [], total: 0 };
  const wanted = (params['relationship'] ?? []).flatMap((v) => v.split(',')).map(token);
  const all = relatedOf(await getHousehold(ctx.db, ctx.actor, head.householdId)).filter(
    (r) =>
      !wanted.length ||
      wanted.some((w) =>
        r.relationship![0]!.coding!.some((c) => c.code === w.code && (!w.system || w.system === c.system)),
      ),
  );
  return pageOf(all, page);
}

export const relatedPersonTranslator: Translator<RelatedPerson> = {
  type: 'RelatedPerson',
  documentation:
    'Members of a household related to its head (people module; the member is also a Patient of the same id)',
  paths: {},
  searchParams: [...PARAMS],
  read,
  search,
  references: { patient: (r) => [r.patient] },
};
