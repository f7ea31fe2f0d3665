/** Group ← a household of the people module (hộ gia đình): its members, head first. Read and search. */
import type { Group } from '@medplum/fhirtypes';
import { getHousehold, getResident, listHouseholds, type HouseholdDetail } from '../people/index.js';
import { HOUSEHOLD_CODE } from './systems.js';
import {
  checkParams,
  one,
  reference,
  referenceParam,
  token,
  uuidOf,
  type Translator,
  unlessNotFound,
} from './translator.js';

export function groupOf(h: HouseholdDetail): Group {
  const members = [...h.members].sort((a, b) => (a.id === h.headId ? -1 : b.id === h.headId ? 1 : 0));
  return {
    resourceType: 'Group',
    id: h.id,
    meta: { versionId: String(h.changeSeq) },
    ...(h.code ? { identifier: [{ system: HOUSEHOLD_CODE, value: h.code }] } : {}),
    active: h.status === 'active',
    type: 'person',
    actual: true,
    code: { text: 'Hộ gia đình' },
    name: h.headName ? `Hộ ${h.headName}` : `Hộ ${h.code ?? h.id}`,
    quantity: h.memberCount,
    member: members.map((m) => ({
      entity: reference('Patient', m.id, m.fullName),
      inactive: m.status !== 'active',
    })),
  };
}

const PARAMS = [
  { name: 'identifier', type: 'token', documentation: `The household code (${HOUSEHOLD_CODE})` },
  { name: 'member', type: 'reference', documentation: 'A member (Patient/<resident id>)' },
  { name: 'name', type: 'string', documentation: "A member's name, with or without diacritics" },
] as const satisfies Translator['searchParams'];

export const groupTranslator: Translator<Group> = {
  type: 'Group',
  documentation: 'Households of the people module (members as Patients)',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) => groupOf(await getHousehold(ctx.db, ctx.actor, uuidOf('Group', id))),
  async search(ctx, params, page) {
    checkParams('Group', params, [...PARAMS]);
    const identifier = one(params, 'identifier');
    const name = one(params, 'name');
    const member = one(params, 'member');
    if (member) {
      // The member's household, as the member's profile names it.
      const r = await unlessNotFound(
        getResident(ctx.db, ctx.actor, uuidOf('Patient', referenceParam(member, 'Patient'))),
        undefined,
      );
      if (!r?.householdId) return { resources: [], total: 0 };
      return { resources: [groupOf(await getHousehold(ctx.db, ctx.actor, r.householdId))], total: 1 };
    }
    const q = identifier ? token(identifier).code : name;
    const found = await listHouseholds(
      ctx.db,
      ctx.actor,
      { ...(q ? { q } : {}) },
      { limit: page.count, offset: page.offset },
    );
    const resources: Group[] = [];
    for (const h of found.items) resources.push(groupOf(await getHousehold(ctx.db, ctx.actor, h.id)));
    return { resources, total: found.total };
  },
  references: { member: (g) => (g.member ?? []).map((m) => m.entity) },
};
