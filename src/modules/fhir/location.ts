/**
 * Location ← an administrative unit of the network module (tỉnh, xã/phường, thôn/ấp): its GSO code is
 * its id (`06862`, `06862-001`). Read, and search of a unit's children or by name.
 */
import type { Location } from '@medplum/fhirtypes';
import { fhirError } from './outcome.js';
import { getUnit, listUnits, type UnitOut } from '../network/index.js';
import { ADMIN_UNIT_CODE } from './systems.js';
import { checkParams, one, reference, referenceParam, type Translator } from './translator.js';

export function locationOf(u: UnitOut): Location {
  return {
    resourceType: 'Location',
    id: u.code,
    identifier: [{ system: ADMIN_UNIT_CODE, value: u.code }],
    status: u.validTo ? 'inactive' : 'active',
    name: u.fullName,
    alias: [u.fullNameEn],
    mode: 'instance',
    type: [{ text: u.unitType }],
    physicalType: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
          code: 'jdn',
          display: 'Jurisdiction',
        },
      ],
    },
    ...(u.parentCode ? { partOf: reference('Location', u.parentCode) } : {}),
  };
}

const PARAMS = [
  { name: 'name', type: 'string', documentation: 'Part of the name or the code, with or without diacritics' },
  { name: 'partof', type: 'reference', documentation: 'The parent unit (Location/<code>): its children' },
] as const satisfies Translator['searchParams'];

export const locationTranslator: Translator<Location> = {
  type: 'Location',
  documentation: 'Administrative units of the network module (province, commune, hamlet), by GSO code',
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx, id) {
    if (!/^\d{2,5}(-\d{3})?$/.test(id)) throw fhirError(404, 'not-found', `Location/${id} not found`);
    return locationOf(await getUnit(ctx.db, ctx.actor, id));
  },
  async search(ctx, params, page) {
    checkParams('Location', params, [...PARAMS]);
    const name = one(params, 'name');
    const parent = one(params, 'partof');
    const found = await listUnits(
      ctx.db,
      ctx.actor,
      { ...(name ? { q: name } : {}), ...(parent ? { parent: referenceParam(parent, 'Location') } : {}) },
      { limit: page.count, offset: page.offset },
    );
    return { resources: found.items.map(locationOf), total: found.total };
  },
  references: { partof: (l) => [l.partOf] },
};
