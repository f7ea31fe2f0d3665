/** Practitioner ← a staff member of the network module (nhân viên y tế): read and search by name. */
import type { Practitioner } from '@medplum/fhirtypes';
import { getStaff, listStaff, type StaffOut } from '../network/index.js';
import { nameOf } from './patient.js';
import { YTCS_STAFF_TITLE } from './systems.js';
import { checkParams, one, uuidOf, type Translator } from './translator.js';

export function practitionerOf(s: StaffOut): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: s.id,
    meta: { versionId: String(s.changeSeq) },
    active: !s.activeTo,
    name: [nameOf(s.fullName)],
    gender: s.sex,
    ...(s.birthDate ? { birthDate: s.birthDate } : {}),
    ...(s.phone ? { telecom: [{ system: 'phone' as const, value: s.phone }] } : {}),
    qualification: [{ code: { coding: [{ system: YTCS_STAFF_TITLE, code: s.title }] } }],
  };
}

const PARAMS = [
  { name: 'name', type: 'string', documentation: 'Part of the name, with or without diacritics' },
] as const satisfies Translator['searchParams'];

export const practitionerTranslator: Translator<Practitioner> = {
  type: 'Practitioner',
  documentation: 'Staff of the network module (titles as qualifications)',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) => practitionerOf(await getStaff(ctx.db, ctx.actor, uuidOf('Practitioner', id))),
  async search(ctx, params, page) {
    checkParams('Practitioner', params, [...PARAMS]);
    const name = one(params, 'name');
    const found = await listStaff(
      ctx.db,
      ctx.actor,
      { ...(name ? { q: name } : {}), all: true },
      { limit: page.count, offset: page.offset },
    );
    return { resources: found.items.map(practitionerOf), total: found.total };
  },
};
