/**
 * Places: where residents and households live, as units of the network module's current map
 * (`post2025`), read through the relation it publishes (`unitsRelation`, docs/adr/0020) — a hamlet or
 * commune checked against the actor's area, the `unit` filter of the lists, an address as JSON.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, invalid } from '../../core/errors.js';
import { preparedRows, rows, type Executor } from '../../db/connection.js';
import { unitsRelation } from '../network/index.js';

export interface Place {
  unitId: string;
  code: string;
  level: 'commune' | 'hamlet';
  path: string;
}

/** `post2025.p22.c06862.h001` → `post2025.p22.c06862`. */
export const communeOf = (path: string) => path.split('.').slice(0, 3).join('.');

/**
 * A hamlet or commune of the current map, by code. With `scoped`, it must lie in the actor's area
 * (a current address decides who sees the resident); a permanent address may be anywhere.
 */
export async function resolvePlace(
  db: Executor,
  actor: Actor,
  code: string,
  field: string,
  scoped: boolean,
): Promise<Place> {
  const [unit] = await preparedRows<Place & { validTo: string | null }>(
    db,
    sql`SELECT id AS "unitId", code, level, path::text AS path, valid_to AS "validTo" FROM ${unitsRelation} u
        WHERE map = 'post2025' AND code = ${code} AND level IN ('commune','hamlet')`,
  );
  const outside = unit && scoped && !inScope(actor, unit.path);
  if (!unit || outside || (unit.validTo && unit.validTo < today()))
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        {
          path: field,
          code: 'unknown_unit',
          message: scoped
            ? `no current hamlet or commune ${code} in your area`
            : `no current hamlet or commune ${code}`,
        },
      ],
      ...(outside ? { denial: { entityType: 'unit', entityId: code, details: { op: 'place_person' } } } : {}),
    });
  return { unitId: unit.unitId, code: unit.code, level: unit.level, path: unit.path };
}

/** A unit code of the `unit` filter (province, commune or hamlet), or 422. */
export async function unitPathOf(db: Executor, code: string): Promise<string> {
  const [unit] = await rows<{ path: string }>(
    db,
    sql`SELECT path::text AS path FROM ${unitsRelation} u WHERE map = 'post2025' AND code = ${code}`,
  );
  if (!unit) throw invalid([{ path: 'unit', code: 'unknown_unit', message: `no unit with code ${code}` }]);
  return unit.path;
}

/**
 * The address of a unit (hamlet or commune) and a line, as JSON (AddressOut), with its one-line
 * `text` for lists and printing ("Số 12, Thôn Đông, Xã Tiên Yên, Tỉnh Quảng Ninh").
 */
export function addressJson(unitId: SQL, line: SQL): SQL {
  return sql`(SELECT json_build_object('unitCode', au.code, 'unitName', au.full_name,
      'hamletCode', CASE WHEN au.level = 'hamlet' THEN au.code END,
      'hamletName', CASE WHEN au.level = 'hamlet' THEN au.full_name END,
      'communeCode', ac.code, 'communeName', ac.full_name, 'provinceCode', ap.code, 'provinceName', ap.full_name,
      'line', ${line},
      'text', concat_ws(', ', NULLIF(${line}, ''), CASE WHEN au.level = 'hamlet' THEN au.full_name END,
        ac.full_name, ap.full_name))
    FROM ${unitsRelation} au
    JOIN ${unitsRelation} ac ON ac.id = CASE WHEN au.level = 'hamlet' THEN au.parent_id ELSE au.id END
    JOIN ${unitsRelation} ap ON ap.id = ac.parent_id
    WHERE au.id = ${unitId})`;
}
