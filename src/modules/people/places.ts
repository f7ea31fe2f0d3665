/**
 * Places: where residents and households live, as units of the network module's current map
 * (`post2025`), read through the relation it publishes (`unitsRelation`, docs/adr/0020) — a hamlet or
 * commune checked against the actor's area, the `unit` filter of the lists, an address as JSON.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
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

/** A commune or hamlet of the current map, as found by `searchPlaces`. */
export interface PlaceFoundRow {
  code: string;
  level: 'commune' | 'hamlet';
  name: string;
  communeName: string;
  provinceName: string;
  inArea: boolean;
}

/**
 * Communes and hamlets of the current map in use today, anywhere in the country, by code or by name
 * with or without diacritics: where a person may be placed outside the actor's area (the destination
 * of a transfer, a permanent address). The network's own unit search shows a station only its area.
 * Best match first: the code, communes before hamlets, names starting with the text, then similarity.
 */
export async function searchPlaces(
  db: Executor,
  actor: Actor,
  q: string,
  limit: number,
): Promise<PlaceFoundRow[]> {
  requirePermission(actor, 'person.read');
  const key = q.trim();
  return rows<PlaceFoundRow>(
    db,
    sql`SELECT u.code, u.level, u.full_name AS name, ac.full_name AS "communeName", ap.full_name AS "provinceName",
          (u.path <@ ${actor.scopePath}::ltree) AS "inArea"
        FROM ${unitsRelation} u
        JOIN ${unitsRelation} ac ON ac.id = CASE WHEN u.level = 'hamlet' THEN u.parent_id ELSE u.id END
        JOIN ${unitsRelation} ap ON ap.id = ac.parent_id
        WHERE u.map = 'post2025' AND u.level IN ('commune', 'hamlet')
          AND (u.valid_to IS NULL OR u.valid_to >= ${today()}::date)
          AND (u.code = ${key} OR ytcs_search_key(u.full_name) LIKE '%' || ytcs_search_key(${key}) || '%')
        ORDER BY (u.code = ${key}) DESC, (u.level = 'commune') DESC,
          (ytcs_search_key(u.name) LIKE ytcs_search_key(${key}) || '%') DESC,
          similarity(ytcs_search_key(u.full_name), ytcs_search_key(${key})) DESC, u.path
        LIMIT ${limit}`,
  );
}
