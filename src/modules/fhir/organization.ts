/** Organization ← a facility of the network module (trạm y tế, trung tâm y tế…): read and search. */
import type { Organization } from '@medplum/fhirtypes';
import { today } from '../../core/clock.js';
import { getFacility, listFacilities, type FacilityOut } from '../network/index.js';
import { ADMIN_UNIT_EXTENSION, FACILITY_CODE, YTCS_FACILITY_KIND } from './systems.js';
import { checkParams, one, reference, token, uuidOf, type Translator } from './translator.js';

export function organizationOf(f: FacilityOut): Organization {
  const on = today();
  return {
    resourceType: 'Organization',
    id: f.id,
    meta: { versionId: String(f.changeSeq) },
    identifier: [{ system: FACILITY_CODE, value: f.code }],
    active: (!f.activeFrom || f.activeFrom <= on) && (!f.activeTo || f.activeTo >= on),
    type: [{ coding: [{ system: YTCS_FACILITY_KIND, code: f.kind }] }],
    name: f.name,
    ...(f.phone ? { telecom: [{ system: 'phone' as const, value: f.phone }] } : {}),
    address: [
      {
        extension: [{ url: ADMIN_UNIT_EXTENSION, valueCode: f.unitCode }],
        ...(f.address ? { text: f.address } : {}),
        city: f.unitName,
        country: 'VN',
      },
    ],
    ...(f.parentFacilityId ? { partOf: reference('Organization', f.parentFacilityId) } : {}),
  };
}

const PARAMS = [
  { name: 'name', type: 'string', documentation: 'Part of the name, with or without diacritics' },
  { name: 'identifier', type: 'token', documentation: `The facility code (${FACILITY_CODE})` },
  { name: 'type', type: 'token', documentation: 'commune_station, health_centre, …' },
] as const satisfies Translator['searchParams'];

export const organizationTranslator: Translator<Organization> = {
  type: 'Organization',
  documentation: 'Facilities of the network module (stations, health centres)',
  paths: {},
  searchParams: [...PARAMS],
  read: async (ctx, id) => organizationOf(await getFacility(ctx.db, ctx.actor, uuidOf('Organization', id))),
  async search(ctx, params, page) {
    checkParams('Organization', params, [...PARAMS]);
    const name = one(params, 'name');
    const identifier = one(params, 'identifier');
    const type = one(params, 'type');
    const found = await listFacilities(
      ctx.db,
      ctx.actor,
      {
        ...(name || identifier ? { q: name ?? token(identifier!).code } : {}),
        ...(type ? { kind: token(type).code as FacilityOut['kind'] } : {}),
      },
      { limit: page.count, offset: page.offset },
    );
    return { resources: found.items.map(organizationOf), total: found.total };
  },
  references: { partof: (o) => [o.partOf] },
};
