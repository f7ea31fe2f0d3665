/**
 * PractitionerRole ← a staff member's post (network module): the facility or hamlet, the title, the
 * dates. One per staff member, with the staff member's id.
 */
import type { PractitionerRole } from '@medplum/fhirtypes';
import { getStaff, listStaff, type StaffOut } from '../network/index.js';
import { YTCS_STAFF_TITLE } from './systems.js';
import {
  checkParams,
  one,
  reference,
  referenceParam,
  uuidOf,
  type Translator,
  unlessNotFound,
} from './translator.js';

export function practitionerRoleOf(s: StaffOut): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: s.id,
    meta: { versionId: String(s.changeSeq) },
    active: !s.activeTo,
    period: { start: s.activeFrom, ...(s.activeTo ? { end: s.activeTo } : {}) },
    practitioner: reference('Practitioner', s.id, s.fullName),
    ...(s.facilityId ? { organization: reference('Organization', s.facilityId, s.facilityName) } : {}),
    code: [{ coding: [{ system: YTCS_STAFF_TITLE, code: s.title }] }],
    ...(s.hamletName ? { location: [{ display: s.hamletName }] } : {}),
  };
}

const PARAMS = [
  { name: 'practitioner', type: 'reference', documentation: 'The staff member (Practitioner/<id>)' },
  { name: 'organization', type: 'reference', documentation: 'The facility (Organization/<id>)' },
] as const satisfies Translator['searchParams'];

export const practitionerRoleTranslator: Translator<PractitionerRole> = {
  type: 'PractitionerRole',
  documentation: "Staff members' posts (network module): facility, title, dates",
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) =>
    practitionerRoleOf(await getStaff(ctx.db, ctx.actor, uuidOf('PractitionerRole', id))),
  async search(ctx, params, page) {
    checkParams('PractitionerRole', params, [...PARAMS]);
    const practitioner = one(params, 'practitioner');
    if (practitioner) {
      const r = await unlessNotFound(
        this.read(ctx, referenceParam(practitioner, 'Practitioner')).then((x) => [x]),
        [],
      );
      return { resources: r, total: r.length };
    }
    const organization = one(params, 'organization');
    const found = await listStaff(
      ctx.db,
      ctx.actor,
      organization ? { facility: uuidOf('Organization', referenceParam(organization, 'Organization')) } : {},
      { limit: page.count, offset: page.offset },
    );
    return { resources: found.items.map(practitionerRoleOf), total: found.total };
  },
  references: {
    practitioner: (r) => [r.practitioner],
    organization: (r) => [r.organization],
  },
};
