import { today } from '../../core/clock.js';
import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, isNational, requirePermission } from '../../core/actor.js';
import { AppError, deniedNotFound, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import type { HamletInput, MapVersion, UnitLevel, UnitOut } from './contracts.js';
import { adminUnits, unitMappings } from './schema.js';
import type { UnitMappingRecord, UnitRecord } from './unit-sources.js';

export const MAP_EFFECTIVE = {
  post2025: { validFrom: '2025-07-01', validTo: null },
  pre2025: { validFrom: null, validTo: '2025-06-30' },
} as const;

export type UnitRow = typeof adminUnits.$inferSelect;

/** ltree label for a unit of a level: p22, d193, c06709, h001. */
function label(level: UnitLevel, code: string): string {
  switch (level) {
    case 'province':
      return `p${code}`;
    case 'district':
      return `d${code}`;
    case 'commune':
      return `c${code}`;
    case 'hamlet':
      return `h${code.split('-')[1]}`;
    default:
      throw new Error(`no label for ${level}`);
  }
}

const unitColumns = sql`u.id, u.map, u.code, u.level, p.code AS "parentCode", u.path::text AS path, u.unit_type AS "unitType",
  u.unit_type_en AS "unitTypeEn", u.name, u.full_name AS "fullName", u.name_en AS "nameEn", u.full_name_en AS "fullNameEn",
  u.population, u.valid_from AS "validFrom", u.valid_to AS "validTo"`;

/**
 * Units an actor may see: its own subtree and the units above it (for the breadcrumb). The old map is
 * visible to national actors; others reach old units through the mapping of their own units.
 */
function visible(actor: Actor): SQL {
  if (isNational(actor)) return sql`TRUE`;
  return sql`(u.path <@ ${actor.scopePath}::ltree OR u.path @> ${actor.scopePath}::ltree)`;
}

/** Internal lookup for other modules (no scope check: callers check scope themselves). */
export async function findUnit(
  db: Executor,
  by: { id: string } | { code: string; map?: MapVersion },
): Promise<UnitRow | undefined> {
  const where =
    'id' in by
      ? eq(adminUnits.id, by.id)
      : and(eq(adminUnits.code, by.code), eq(adminUnits.map, by.map ?? 'post2025'));
  const [row] = await db.select().from(adminUnits).where(where);
  return row;
}

/** A unit the actor may see, or 404 (existence outside the scope is not revealed). */
export async function getUnit(
  db: Executor,
  actor: Actor,
  code: string,
  map: MapVersion = 'post2025',
): Promise<UnitOut & { ancestors: UnitOut[] }> {
  requirePermission(actor, 'network.read');
  const [unit] = await rows<UnitOut>(
    db,
    sql`SELECT ${unitColumns}, (SELECT count(*)::int FROM admin_units c WHERE c.parent_id = u.id) AS "childCount"
        FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        WHERE u.map = ${map} AND u.code = ${code} AND ${visible(actor)}`,
  );
  if (!unit) {
    throw deniedNotFound('Unit', { entityType: 'unit', entityId: code, details: { map } });
  }
  const ancestors = await rows<UnitOut>(
    db,
    sql`SELECT ${unitColumns} FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        WHERE u.path @> ${unit.path}::ltree AND u.path <> ${unit.path}::ltree ORDER BY nlevel(u.path)`,
  );
  return { ...unit, ancestors };
}

export interface UnitFilter {
  map?: MapVersion | undefined;
  parent?: string | undefined;
  level?: UnitLevel | undefined;
  q?: string | undefined;
  /** Include units no longer valid (dissolved hamlets). */
  all?: boolean | undefined;
}

/** Lists units: children of `parent`, or a diacritic-insensitive search by name or code. */
export async function listUnits(
  db: Executor,
  actor: Actor,
  filter: UnitFilter,
  paging: Paging,
): Promise<Page<UnitOut>> {
  requirePermission(actor, 'network.read');
  const map = filter.map ?? 'post2025';
  if (map === 'pre2025' && !isNational(actor))
    throw deniedNotFound('Unit', { entityType: 'unit', details: { map } });
  const conditions: SQL[] = [sql`u.map = ${map}`, visible(actor)];
  if (filter.parent) {
    const parent = await findUnit(db, { code: filter.parent, map });
    if (!parent)
      throw invalid([
        { path: 'parent', code: 'unknown_unit', message: `no unit with code ${filter.parent}` },
      ]);
    conditions.push(sql`u.parent_id = ${parent.id}`);
  }
  if (filter.level) conditions.push(sql`u.level = ${filter.level}`);
  if (!filter.all) conditions.push(sql`(u.valid_to IS NULL OR u.valid_to >= current_date)`);
  let order = sql`u.path`;
  if (filter.q) {
    const key = filter.q.trim();
    conditions.push(
      sql`(u.code = ${key} OR ytcs_search_key(u.full_name) LIKE '%' || ytcs_search_key(${key}) || '%' OR ytcs_search_key(u.name_en) LIKE '%' || ytcs_search_key(${key}) || '%')`,
    );
    // Best match first: exact code, then names starting with the text, then trigram similarity.
    order = sql`(u.code = ${key}) DESC, (ytcs_search_key(u.name) LIKE ytcs_search_key(${key}) || '%') DESC,
      similarity(ytcs_search_key(u.full_name), ytcs_search_key(${key})) DESC, nlevel(u.path), u.path`;
  }
  const where = sql.join(conditions, sql` AND `);
  const items = await rows<UnitOut & { total: number }>(
    db,
    sql`SELECT ${unitColumns}, (SELECT count(*)::int FROM admin_units c WHERE c.parent_id = u.id) AS "childCount", count(*) OVER ()::int AS total
        FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        WHERE ${where} ORDER BY ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  return {
    items: items.map(({ total: _t, ...u }) => u),
    total: items[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

export interface UnitMappingOut {
  direction: 'old_to_new' | 'new_to_old';
  kind: 'full' | 'partial';
  unit: UnitOut;
}

/** The 2025 reform's mapping for a unit: which new units an old one went to, or which old ones a new one came from. */
export async function unitMapping(
  db: Executor,
  actor: Actor,
  code: string,
  map: MapVersion,
): Promise<UnitMappingOut[]> {
  requirePermission(actor, 'network.read');
  if (map === 'post2025') {
    await getUnit(db, actor, code, map);
    return rows<UnitMappingOut>(
      db,
      sql`SELECT 'new_to_old' AS direction, m.kind, row_to_json(x) AS unit FROM unit_mappings m
          JOIN admin_units n ON n.id = m.new_unit_id
          JOIN LATERAL (SELECT ${unitColumns} FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id WHERE u.id = m.old_unit_id) x ON TRUE
          WHERE n.map = 'post2025' AND n.code = ${code} ORDER BY x.code`,
    );
  }
  const result = await rows<UnitMappingOut>(
    db,
    sql`SELECT 'old_to_new' AS direction, m.kind, row_to_json(x) AS unit FROM unit_mappings m
        JOIN admin_units o ON o.id = m.old_unit_id
        JOIN LATERAL (SELECT ${unitColumns} FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id WHERE u.id = m.new_unit_id AND ${visible(actor)}) x ON TRUE
        WHERE o.map = 'pre2025' AND o.code = ${code} ORDER BY x.code`,
  );
  if (!result.length && !isNational(actor))
    throw deniedNotFound('Unit', { entityType: 'unit', entityId: code, details: { map } });
  return result;
}

/** Creates a hamlet (thôn/ấp/khu phố) under a commune of the current map. */
export async function createHamlet(
  db: Orm,
  actor: Actor,
  communeCode: string,
  input: HamletInput,
): Promise<UnitOut> {
  requirePermission(actor, 'hamlets.write');
  return db.transaction(async (tx) => {
    // Lock the commune row: hamlet numbers are handed out one at a time.
    const [commune] = await rows<UnitRow & { path: string }>(
      tx,
      sql`SELECT id, code, level, path::text AS path FROM admin_units WHERE map = 'post2025' AND code = ${communeCode} FOR UPDATE`,
    );
    if (!commune || !inScope(actor, commune.path)) {
      throw deniedNotFound('Commune', {
        entityType: 'unit',
        entityId: communeCode,
        details: { op: 'create_hamlet' },
      });
    }
    if (commune.level !== 'commune')
      throw invalid([
        { path: 'unit', code: 'not_a_commune', message: 'hamlets are created under a commune' },
      ]);
    const [{ next }] = (await rows<{ next: number }>(
      tx,
      sql`SELECT coalesce(max(split_part(code, '-', 2)::int), 0) + 1 AS next FROM admin_units WHERE parent_id = ${commune.id} AND level = 'hamlet'`,
    )) as [{ next: number }];
    if (next > 999)
      throw invalid([
        { path: 'unit', code: 'too_many_hamlets', message: 'a commune has at most 999 hamlets' },
      ]);
    const code = `${commune.code}-${String(next).padStart(3, '0')}`;
    const id = newId();
    await tx.insert(adminUnits).values({
      id,
      map: 'post2025',
      code,
      level: 'hamlet',
      parentId: commune.id,
      path: `${commune.path}.${label('hamlet', code)}`,
      unitType: input.unitType,
      unitTypeEn: 'Hamlet',
      name: input.name,
      fullName: `${input.unitType} ${input.name}`,
      nameEn: input.name,
      fullNameEn: `${input.name} hamlet`,
      population: input.population ?? null,
      validFrom: input.validFrom ?? today(),
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'unit',
      entityId: code,
      unitPath: `${commune.path}.${label('hamlet', code)}`,
      details: { name: input.name },
    });
    const created = await getUnit(tx, actor, code);
    const { ancestors: _a, ...unit } = created;
    return unit;
  });
}

export async function updateHamlet(
  db: Orm,
  actor: Actor,
  code: string,
  patch: Partial<HamletInput> & { validTo?: string | null | undefined },
): Promise<UnitOut> {
  requirePermission(actor, 'hamlets.write');
  return db.transaction(async (tx) => {
    const unit = await findUnit(tx, { code, map: 'post2025' });
    if (!unit || unit.level !== 'hamlet' || !inScope(actor, unit.path)) {
      throw deniedNotFound('Hamlet', {
        entityType: 'unit',
        entityId: code,
        details: { op: 'update_hamlet' },
      });
    }
    const unitType = patch.unitType ?? unit.unitType;
    const name = patch.name ?? unit.name;
    await tx
      .update(adminUnits)
      .set({
        name,
        unitType,
        fullName: `${unitType} ${name}`,
        nameEn: name,
        fullNameEn: `${name} hamlet`,
        ...(patch.population !== undefined ? { population: patch.population } : {}),
        ...(patch.validFrom !== undefined ? { validFrom: patch.validFrom } : {}),
        ...(patch.validTo !== undefined ? { validTo: patch.validTo } : {}),
      })
      .where(eq(adminUnits.id, unit.id));
    await audit(tx, actor, {
      action: 'update',
      entityType: 'unit',
      entityId: code,
      unitPath: unit.path,
      details: { fields: Object.keys(patch) },
    });
    const { ancestors: _a, ...out } = await getUnit(tx, actor, code);
    return out;
  });
}

// ---------------------------------------------------------------- reference loading

export function checksumOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export interface UnitLoadReport {
  inserted: number;
  updated: number;
  skipped: { code: string; reason: string }[];
}

/**
 * Loads (inserts or updates by map + code) the units of one map, parents before children. An
 * existing unit keeps its id; a unit whose parent would change is reported and left alone, since
 * its people and records hang under its path.
 */
export async function loadUnits(
  db: Orm,
  map: MapVersion,
  records: UnitRecord[],
  onProgress?: (done: number, total: number) => void,
): Promise<UnitLoadReport> {
  const report: UnitLoadReport = { inserted: 0, updated: 0, skipped: [] };
  const levelOrder: Record<string, number> = { province: 1, district: 2, commune: 3 };
  const sorted = [...records].sort(
    (a, b) => levelOrder[a.level]! - levelOrder[b.level]! || a.code.localeCompare(b.code),
  );
  const eff = MAP_EFFECTIVE[map];
  await db.transaction(async (tx) => {
    await tx
      .insert(adminUnits)
      .values({
        id: newId(),
        map,
        code: 'VN',
        level: 'country',
        path: map,
        unitType: 'Quốc gia',
        unitTypeEn: 'Country',
        name: 'Việt Nam',
        fullName: 'Việt Nam',
        nameEn: 'Viet Nam',
        fullNameEn: 'Viet Nam',
        validFrom: eff.validFrom,
        validTo: eff.validTo,
      })
      .onConflictDoNothing();
    const existing = new Map(
      (
        await rows<{ id: string; code: string; level: string; path: string; parent_code: string | null }>(
          tx,
          sql`SELECT u.id, u.code, u.level, u.path::text AS path, p.code AS parent_code FROM admin_units u
            LEFT JOIN admin_units p ON p.id = u.parent_id WHERE u.map = ${map} AND u.level <> 'hamlet'`,
        )
      ).map((r) => [r.code, r]),
    );
    const batch: (typeof adminUnits.$inferInsert)[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await tx
        .insert(adminUnits)
        .values(batch)
        .onConflictDoUpdate({
          target: [adminUnits.map, adminUnits.code],
          set: {
            unitType: sql`excluded.unit_type`,
            unitTypeEn: sql`excluded.unit_type_en`,
            name: sql`excluded.name`,
            fullName: sql`excluded.full_name`,
            nameEn: sql`excluded.name_en`,
            fullNameEn: sql`excluded.full_name_en`,
            population: sql`coalesce(excluded.population, admin_units.population)`,
            areaKm2: sql`coalesce(excluded.area_km2, admin_units.area_km2)`,
          },
        });
      batch.length = 0;
    };
    let done = 0;
    for (const r of sorted) {
      done++;
      const parentCode = r.parentCode ?? 'VN';
      const parent = existing.get(parentCode);
      if (!parent) {
        report.skipped.push({ code: r.code, reason: `parent ${parentCode} not found` });
        continue;
      }
      const current = existing.get(r.code);
      if (current && (current.parent_code ?? 'VN') !== parentCode) {
        report.skipped.push({
          code: r.code,
          reason: `would move from ${current.parent_code} to ${parentCode}`,
        });
        continue;
      }
      const path = current?.path ?? `${parent.path}.${label(r.level, r.code)}`;
      const id = current?.id ?? newId();
      if (current) report.updated++;
      else report.inserted++;
      existing.set(r.code, {
        id,
        code: r.code,
        level: r.level,
        path,
        parent_code: parentCode === 'VN' ? null : parentCode,
      });
      batch.push({
        id,
        map,
        code: r.code,
        level: r.level,
        parentId: parent.id,
        path,
        unitType: r.unitType,
        unitTypeEn: r.unitTypeEn,
        name: r.name,
        fullName: r.fullName,
        nameEn: r.nameEn,
        fullNameEn: r.fullNameEn,
        population: r.population,
        areaKm2: r.areaKm2,
        validFrom: eff.validFrom,
        validTo: eff.validTo,
      });
      if (batch.length >= 500 || r.level !== sorted[done]?.level) await flush();
      if (done % 500 === 0) onProgress?.(done, sorted.length);
    }
    await flush();
    onProgress?.(sorted.length, sorted.length);
  });
  return report;
}

/** Loads the old→new mapping; rows naming unknown units are reported, not loaded. */
export async function loadUnitMapping(
  db: Orm,
  mapping: UnitMappingRecord[],
): Promise<{ loaded: number; skipped: number }> {
  return db.transaction(async (tx) => {
    const ids = new Map(
      (
        await rows<{ id: string; map: string; code: string }>(
          tx,
          sql`SELECT id, map, code FROM admin_units WHERE level IN ('province','commune')`,
        )
      ).map((r) => [`${r.map}:${r.code}`, r.id]),
    );
    const values: (typeof unitMappings.$inferInsert)[] = [];
    let skipped = 0;
    for (const m of mapping) {
      const oldUnitId = ids.get(`pre2025:${m.oldCode}`);
      const newUnitId = ids.get(`post2025:${m.newCode}`);
      if (!oldUnitId || !newUnitId) {
        skipped++;
        continue;
      }
      values.push({ oldUnitId, newUnitId, kind: m.kind });
    }
    for (let i = 0; i < values.length; i += 1000) {
      await tx
        .insert(unitMappings)
        .values(values.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [unitMappings.oldUnitId, unitMappings.newUnitId],
          set: { kind: sql`excluded.kind` },
        });
    }
    return { loaded: values.length, skipped };
  });
}

export async function countUnits(db: Executor, map: MapVersion): Promise<Record<string, number>> {
  const result = await rows<{ level: string; n: number }>(
    db,
    sql`SELECT level, count(*)::int AS n FROM admin_units WHERE map = ${map} GROUP BY level`,
  );
  return Object.fromEntries(result.map((r) => [r.level, r.n]));
}

/** A unit of an actor's own area, as the registers, lists and counters of other modules name it. */
export interface AreaUnit {
  /** null for the whole country, which has no unit row. */
  id: string | null;
  code: string;
  level: UnitLevel | 'country';
  path: string;
  /** "Tiên Yên"; the country: "Việt Nam". */
  name: string;
  /** As a heading names it: "Xã Tiên Yên". */
  fullName: string;
}

/**
 * The unit a request is about: one of the actor's own area (its scope or below) named by code, or,
 * without a code, the unit at the actor's scope. A unit above or beside the area is not found (404,
 * audited as a denial) — unlike getUnit, which also shows the units above for the breadcrumb.
 * No permission is checked here: the caller checks the one its question needs.
 */
export async function unitInArea(db: Executor, actor: Actor, code?: string): Promise<AreaUnit> {
  const columns = sql`u.id, u.code, u.level, u.path::text AS path, u.name, u.full_name AS "fullName"`;
  const [unit] = await rows<AreaUnit>(
    db,
    code === undefined
      ? sql`SELECT ${columns} FROM admin_units u WHERE u.path = ${actor.scopePath}::ltree
            ORDER BY u.valid_to IS NULL DESC, u.valid_from DESC NULLS LAST LIMIT 1`
      : sql`SELECT ${columns} FROM admin_units u WHERE u.code = ${code} AND u.map = 'post2025'
            ORDER BY u.valid_to IS NULL DESC, u.valid_from DESC NULLS LAST LIMIT 1`,
  );
  if (code === undefined) {
    // Every map has its country row (path = the map); a scope with no row is the country still being loaded.
    return (
      unit ?? {
        id: null,
        code: 'VN',
        level: 'country',
        path: actor.scopePath,
        name: 'Việt Nam',
        fullName: 'Việt Nam',
      }
    );
  }
  if (!unit) throw notFoundUnit(code);
  if (!inScope(actor, unit.path))
    throw deniedNotFound('Unit', { entityType: 'unit', entityId: code, details: { map: 'post2025' } });
  return unit;
}

const notFoundUnit = (code: string) => new AppError('not-found', `Unit ${code} not found`);
