/**
 * The household a resident joins (registration, a change of household, a birth): an active household
 * of the actor's area, with its place; 422 naming `householdId` otherwise.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import { rows, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';

export interface HouseholdRow {
  id: string;
  unitId: string;
  unitPath: string;
  code: string;
  level: 'commune' | 'hamlet';
  addressLine: string | null;
  status: 'active' | 'dissolved';
}

export async function householdForMember(db: Executor, actor: Actor, id: string): Promise<HouseholdRow> {
  const [h] = await rows<HouseholdRow>(
    db,
    sql`SELECT h.id, h.unit_id AS "unitId", h.unit_path::text AS "unitPath", u.code, u.level, h.address_line AS "addressLine", h.status
        FROM households h JOIN ${unitsRelation} u ON u.id = h.unit_id WHERE h.id = ${id}`,
  );
  const outside = h && !(h.unitPath === actor.scopePath || h.unitPath.startsWith(`${actor.scopePath}.`));
  if (!h || outside || h.status !== 'active')
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        { path: 'householdId', code: 'unknown_household', message: 'no such active household in your area' },
      ],
      ...(outside
        ? { denial: { entityType: 'household', entityId: id, details: { op: 'add_member' } } }
        : {}),
    });
  return h;
}
