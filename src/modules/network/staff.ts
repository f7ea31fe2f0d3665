import { today } from '../../core/clock.js';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { AppError, deniedNotFound, invalid, type Denial, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { isValidCode } from '../terminology/index.js';
import type { StaffInput, StaffOut, StaffPatch } from './contracts.js';
import { facilities, staffMembers, staffPostChanges } from './schema.js';
import { findUnit } from './units.js';

const staffColumns = sql`s.id, s.full_name AS "fullName", s.sex, s.birth_date AS "birthDate", s.title, s.facility_id AS "facilityId",
  f.name AS "facilityName", s.hamlet_id AS "hamletId", h.full_name AS "hamletName", s.unit_path::text AS "unitPath",
  s.full_time AS "fullTime", s.trained, s.phone, s.active_from AS "activeFrom", s.active_to AS "activeTo", s.change_seq AS "changeSeq"`;
const staffFrom = sql`staff_members s LEFT JOIN facilities f ON f.id = s.facility_id LEFT JOIN admin_units h ON h.id = s.hamlet_id`;

export interface StaffFilter {
  unit?: string | undefined;
  facility?: string | undefined;
  title?: string | undefined;
  /** Active on this date (default: today); `all` lists former staff too. */
  activeOn?: string | undefined;
  all?: boolean | undefined;
  q?: string | undefined;
}

export async function listStaff(
  db: Executor,
  actor: Actor,
  filter: StaffFilter,
  paging: Paging,
): Promise<Page<StaffOut>> {
  requirePermission(actor, 'network.read');
  const conditions: SQL[] = [sql`s.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.unit) {
    const unit = await findUnit(db, { code: filter.unit });
    if (!unit)
      throw invalid([{ path: 'unit', code: 'unknown_unit', message: `no unit with code ${filter.unit}` }]);
    conditions.push(sql`s.unit_path <@ ${unit.path}::ltree`);
  }
  if (filter.facility) conditions.push(sql`s.facility_id = ${filter.facility}`);
  if (filter.title) conditions.push(sql`s.title = ${filter.title}`);
  if (!filter.all) {
    const on = filter.activeOn ?? today();
    conditions.push(
      sql`s.active_from <= ${on}::date AND (s.active_to IS NULL OR s.active_to >= ${on}::date)`,
    );
  }
  if (filter.q)
    conditions.push(sql`ytcs_search_key(s.full_name) LIKE '%' || ytcs_search_key(${filter.q}) || '%'`);
  const items = await rows<StaffOut & { total: number }>(
    db,
    sql`SELECT ${staffColumns}, count(*) OVER ()::int AS total FROM ${staffFrom}
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY s.unit_path, s.title, s.full_name LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  await audit(db, actor, {
    action: 'list',
    entityType: 'staff',
    unitPath: actor.scopePath,
    details: { filter, count: items.length },
  });
  return {
    items: items.map(({ total: _t, ...s }) => s),
    total: items[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

async function loadStaff(db: Executor, id: string): Promise<StaffOut | undefined> {
  const [s] = await rows<StaffOut>(db, sql`SELECT ${staffColumns} FROM ${staffFrom} WHERE s.id = ${id}`);
  return s;
}

/** A staff member's record (personal data: the read is audited). */
export async function getStaff(db: Executor, actor: Actor, id: string): Promise<StaffOut> {
  requirePermission(actor, 'network.read');
  const s = await loadStaff(db, id);
  if (!s || !inScope(actor, s.unitPath)) {
    throw deniedNotFound('Staff member', { entityType: 'staff', entityId: id });
  }
  await audit(db, actor, { action: 'read', entityType: 'staff', entityId: id, unitPath: s.unitPath });
  return s;
}

/** Where a staff member works decides the path their record lives under (and so who sees it). */
async function placeOf(
  db: Executor,
  actor: Actor,
  facilityId: string | null | undefined,
  hamletId: string | null | undefined,
): Promise<string> {
  const errors: FieldError[] = [];
  let denial: Denial | undefined;
  let path: string | undefined;
  if (hamletId) {
    const hamlet = await findUnit(db, { id: hamletId });
    if (hamlet && !inScope(actor, hamlet.path))
      denial = { entityType: 'unit', entityId: hamlet.code, details: { op: 'place_staff' } };
    if (!hamlet || hamlet.level !== 'hamlet' || !inScope(actor, hamlet.path))
      errors.push({ path: 'hamletId', code: 'unknown_hamlet', message: 'no such hamlet in your area' });
    else path = hamlet.path;
  }
  if (facilityId) {
    const [f] = await db
      .select({ unitPath: facilities.unitPath })
      .from(facilities)
      .where(eq(facilities.id, facilityId));
    if (f && !inScope(actor, f.unitPath))
      denial = { entityType: 'facility', entityId: facilityId, details: { op: 'place_staff' } };
    if (!f || !inScope(actor, f.unitPath))
      errors.push({ path: 'facilityId', code: 'unknown_facility', message: 'no such facility in your area' });
    else if (!path) path = f.unitPath;
    else if (!path.startsWith(f.unitPath))
      errors.push({
        path: 'hamletId',
        code: 'hamlet_outside_facility',
        message: "the hamlet is not in the facility's commune",
      });
  }
  if (errors.length || !path)
    throw new AppError('validation', 'The request has invalid fields', {
      errors: errors.length
        ? errors
        : [
            {
              path: 'facilityId',
              code: 'required',
              message: 'a staff member works at a facility or in a hamlet',
            },
          ],
      ...(denial ? { denial } : {}),
    });
  return path;
}

async function checkTitle(db: Executor, title: string, on: string) {
  if (!(await isValidCode(db, 'staff-title', title, on)))
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        {
          path: 'title',
          code: 'unknown_code',
          message: `"${title}" is not a professional title valid on ${on}`,
        },
      ],
    });
}

export async function createStaff(db: Orm, actor: Actor, input: StaffInput): Promise<StaffOut> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    const unitPath = await placeOf(tx, actor, input.facilityId, input.hamletId);
    await checkTitle(tx, input.title, input.activeFrom);
    const id = newId();
    await tx.insert(staffMembers).values({
      id,
      fullName: input.fullName,
      sex: input.sex,
      birthDate: input.birthDate ?? null,
      title: input.title,
      facilityId: input.facilityId ?? null,
      hamletId: input.hamletId ?? null,
      unitPath,
      fullTime: input.fullTime,
      trained: input.trained,
      phone: input.phone ?? null,
      activeFrom: input.activeFrom,
      activeTo: input.activeTo ?? null,
    });
    await audit(tx, actor, { action: 'create', entityType: 'staff', entityId: id, unitPath });
    return (await loadStaff(tx, id))!;
  });
}

export async function updateStaff(db: Orm, actor: Actor, id: string, patch: StaffPatch): Promise<StaffOut> {
  requirePermission(actor, 'staff.write');
  return db.transaction(async (tx) => {
    const current = await loadStaff(tx, id);
    if (!current || !inScope(actor, current.unitPath)) {
      throw deniedNotFound('Staff member', { entityType: 'staff', entityId: id, details: { op: 'update' } });
    }
    const { postChangedOn, ...fields } = patch;
    const next = {
      ...current,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    } as StaffOut;
    if (next.activeTo && next.activeTo < next.activeFrom)
      throw new AppError('validation', 'The request has invalid fields', {
        errors: [{ path: 'activeTo', code: 'before_start', message: 'must not be before activeFrom' }],
      });
    const unitPath =
      patch.facilityId !== undefined || patch.hamletId !== undefined
        ? await placeOf(tx, actor, next.facilityId, next.hamletId)
        : current.unitPath;
    if (patch.title !== undefined) await checkTitle(tx, next.title, next.activeFrom);
    // A new post from today, or from the day given: keep the one it replaces, so earlier days still
    // read it (T1, T2, T12). A change dated before the last one recorded would rewrite what that one
    // replaced: refused.
    const post = (s: StaffOut, path: string) =>
      JSON.stringify([s.title, s.facilityId, s.hamletId, path, s.fullTime, s.trained]);
    const changedOn = postChangedOn ?? today();
    const [last] = await tx
      .select({ on: staffPostChanges.changedOn })
      .from(staffPostChanges)
      .where(eq(staffPostChanges.staffId, id))
      .orderBy(desc(staffPostChanges.changedOn))
      .limit(1);
    const dateProblem =
      changedOn < next.activeFrom
        ? { code: 'before_start', message: `must not be before ${next.activeFrom}` }
        : last && changedOn < last.on
          ? { code: 'before_last_change', message: `must not be before ${last.on}` }
          : null;
    if (dateProblem && postChangedOn !== undefined)
      throw new AppError('validation', 'The request has invalid fields', {
        errors: [{ path: 'postChangedOn', ...dateProblem }],
      });
    if (post(current, current.unitPath) !== post(next, unitPath))
      await tx.insert(staffPostChanges).values({
        id: newId(),
        staffId: id,
        changedOn,
        title: current.title,
        facilityId: current.facilityId,
        hamletId: current.hamletId,
        unitPath: current.unitPath,
        fullTime: current.fullTime,
        trained: current.trained,
        recordedBy: actor.username,
      });
    await tx
      .update(staffMembers)
      .set({
        fullName: next.fullName,
        sex: next.sex,
        birthDate: next.birthDate,
        title: next.title,
        facilityId: next.facilityId,
        hamletId: next.hamletId,
        unitPath,
        fullTime: next.fullTime,
        trained: next.trained,
        phone: next.phone,
        activeFrom: next.activeFrom,
        activeTo: next.activeTo,
      })
      .where(eq(staffMembers.id, id));
    await audit(tx, actor, {
      action: 'update',
      entityType: 'staff',
      entityId: id,
      unitPath,
      details: { fields: Object.keys(patch) },
    });
    return (await loadStaff(tx, id))!;
  });
}
