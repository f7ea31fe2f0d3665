import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { AppError, conflict, deniedNotFound, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import type { FacilityInput, FacilityKind, FacilityOut } from './contracts.js';
import { adminUnits, facilities, stationHamlets } from './schema.js';
import { findUnit } from './units.js';

const facilityColumns = sql`f.id, f.code, f.name, f.kind, f.station_model AS "stationModel", f.unit_id AS "unitId", u.code AS "unitCode",
  u.full_name AS "unitName", f.unit_path::text AS "unitPath", f.parent_facility_id AS "parentFacilityId", f.address, f.phone,
  f.active_from AS "activeFrom", f.active_to AS "activeTo", f.change_seq AS "changeSeq"`;

export interface FacilityFilter {
  unit?: string | undefined;
  kind?: FacilityKind | undefined;
  q?: string | undefined;
}

export async function listFacilities(
  db: Executor,
  actor: Actor,
  filter: FacilityFilter,
  paging: Paging,
): Promise<Page<FacilityOut>> {
  requirePermission(actor, 'network.read');
  const conditions: SQL[] = [sql`f.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.unit) {
    const unit = await findUnit(db, { code: filter.unit });
    if (!unit)
      throw invalid([{ path: 'unit', code: 'unknown_unit', message: `no unit with code ${filter.unit}` }]);
    conditions.push(sql`f.unit_path <@ ${unit.path}::ltree`);
  }
  if (filter.kind) conditions.push(sql`f.kind = ${filter.kind}`);
  if (filter.q)
    conditions.push(
      sql`(f.code = ${filter.q} OR ytcs_search_key(f.name) LIKE '%' || ytcs_search_key(${filter.q}) || '%')`,
    );
  const items = await rows<FacilityOut & { total: number }>(
    db,
    sql`SELECT ${facilityColumns}, count(*) OVER ()::int AS total FROM facilities f JOIN admin_units u ON u.id = f.unit_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY f.unit_path, f.kind, f.name LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  return {
    items: items.map(({ total: _t, ...f }) => f),
    total: items[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

async function loadFacility(db: Executor, id: string): Promise<FacilityOut | undefined> {
  const [f] = await rows<FacilityOut>(
    db,
    sql`SELECT ${facilityColumns} FROM facilities f JOIN admin_units u ON u.id = f.unit_id WHERE f.id = ${id}`,
  );
  if (!f) return undefined;
  const hamlets = await db
    .select({ id: stationHamlets.hamletId })
    .from(stationHamlets)
    .where(eq(stationHamlets.facilityId, id));
  return { ...f, hamletIds: hamlets.map((h) => h.id) };
}

/** A facility inside the actor's scope, or 404 (and an audited denial). */
export async function getFacility(db: Executor, actor: Actor, id: string): Promise<FacilityOut> {
  requirePermission(actor, 'network.read');
  const f = await loadFacility(db, id);
  if (!f || !inScope(actor, f.unitPath)) {
    throw deniedNotFound('Facility', { entityType: 'facility', entityId: id });
  }
  return f;
}

async function checkParent(db: Executor, actor: Actor, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await loadFacility(db, parentId);
  if (!parent || !inScope(actor, parent.unitPath) || parent.kind !== 'health_centre')
    throw invalid([
      {
        path: 'parentFacilityId',
        code: 'invalid_parent',
        message: 'the parent must be a health centre in your area',
      },
    ]);
}

export async function createFacility(db: Orm, actor: Actor, input: FacilityInput): Promise<FacilityOut> {
  requirePermission(actor, 'network.write');
  return db.transaction(async (tx) => {
    const unit = await findUnit(tx, { code: input.unitCode });
    if (!unit || unit.map !== 'post2025' || !inScope(actor, unit.path)) {
      throw new AppError('validation', 'The request has invalid fields', {
        errors: [{ path: 'unitCode', code: 'unknown_unit', message: 'no such unit in your area' }],
        ...(unit
          ? { denial: { entityType: 'unit', entityId: input.unitCode, details: { op: 'create_facility' } } }
          : {}),
      });
    }
    if (input.kind === 'commune_station' && unit.level !== 'commune')
      throw invalid([
        { path: 'unitCode', code: 'not_a_commune', message: 'a commune station belongs to a commune' },
      ]);
    if (unit.level === 'hamlet' || unit.level === 'country')
      throw invalid([
        { path: 'unitCode', code: 'invalid_level', message: 'a facility belongs to a province or a commune' },
      ]);
    await checkParent(tx, actor, input.parentFacilityId);
    const [dupe] = await tx
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.code, input.code));
    if (dupe)
      throw conflict('A facility with this code exists', [
        { path: 'code', code: 'taken', message: 'facility code already used' },
      ]);
    const id = newId();
    await tx.insert(facilities).values({
      id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      stationModel: input.kind === 'commune_station' ? (input.stationModel ?? null) : null,
      unitId: unit.id,
      unitPath: unit.path,
      parentFacilityId: input.parentFacilityId ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      activeFrom: input.activeFrom ?? null,
      activeTo: input.activeTo ?? null,
    });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'facility',
      entityId: id,
      unitPath: unit.path,
      details: { code: input.code, kind: input.kind },
    });
    return (await loadFacility(tx, id))!;
  });
}

export async function updateFacility(
  db: Orm,
  actor: Actor,
  id: string,
  patch: {
    name?: string | undefined;
    stationModel?: number | undefined;
    parentFacilityId?: string | null | undefined;
    address?: string | null | undefined;
    phone?: string | null | undefined;
    activeTo?: string | null | undefined;
  },
): Promise<FacilityOut> {
  requirePermission(actor, 'network.write');
  return db.transaction(async (tx) => {
    const current = await getFacility(tx, actor, id);
    if (patch.stationModel !== undefined && current.kind !== 'commune_station')
      throw invalid([
        { path: 'stationModel', code: 'not_a_station', message: 'only a commune station has a model' },
      ]);
    await checkParent(tx, actor, patch.parentFacilityId);
    await tx
      .update(facilities)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.stationModel !== undefined ? { stationModel: patch.stationModel } : {}),
        ...(patch.parentFacilityId !== undefined ? { parentFacilityId: patch.parentFacilityId } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.activeTo !== undefined ? { activeTo: patch.activeTo } : {}),
      })
      .where(eq(facilities.id, id));
    await audit(tx, actor, {
      action: 'update',
      entityType: 'facility',
      entityId: id,
      unitPath: current.unitPath,
      details: { fields: Object.keys(patch) },
    });
    return (await loadFacility(tx, id))!;
  });
}

/** Sets the hamlets a commune station serves: hamlets of its own commune, each served by one station. */
export async function setStationHamlets(
  db: Orm,
  actor: Actor,
  id: string,
  hamletIds: string[],
): Promise<FacilityOut> {
  requirePermission(actor, 'hamlets.write');
  return db.transaction(async (tx) => {
    const station = await getFacility(tx, actor, id);
    if (station.kind !== 'commune_station')
      throw invalid([
        { path: 'id', code: 'not_a_station', message: 'only a commune station serves hamlets' },
      ]);
    const unique = [...new Set(hamletIds)];
    if (unique.length) {
      const found = await tx
        .select({ id: adminUnits.id })
        .from(adminUnits)
        .where(
          and(
            inArray(adminUnits.id, unique),
            eq(adminUnits.parentId, station.unitId),
            eq(adminUnits.level, 'hamlet'),
          ),
        );
      const ok = new Set(found.map((f) => f.id));
      const bad = unique.map((h, i) => ({ h, i })).filter(({ h }) => !ok.has(h));
      if (bad.length)
        throw invalid(
          bad.map(({ i }) => ({
            path: `hamletIds.${i}`,
            code: 'not_a_hamlet_of_commune',
            message: "not a hamlet of the station's commune",
          })),
        );
    }
    await tx.delete(stationHamlets).where(eq(stationHamlets.facilityId, id));
    if (unique.length) {
      const taken = await tx
        .select({ id: stationHamlets.hamletId })
        .from(stationHamlets)
        .where(inArray(stationHamlets.hamletId, unique));
      if (taken.length)
        throw conflict(
          'A hamlet is already served by another station',
          taken.map((t) => ({ path: 'hamletIds', code: 'served_elsewhere', message: t.id })),
        );
      await tx.insert(stationHamlets).values(unique.map((hamletId) => ({ facilityId: id, hamletId })));
    }
    await audit(tx, actor, {
      action: 'update',
      entityType: 'facility',
      entityId: id,
      unitPath: station.unitPath,
      details: { hamlets: unique.length },
    });
    return (await loadFacility(tx, id))!;
  });
}
