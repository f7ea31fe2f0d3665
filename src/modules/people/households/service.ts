/**
 * Households (hộ gia đình): registered with their members in one go, listed by area, given a new head
 * or a new address. The head is the member whose relation to head is `head`.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { AppError, conflict, deniedNotFound, invalid } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Page, Paging } from '../../../core/paging.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { codeDisplayVi } from '../../terminology/index.js';
import { auditPerson } from '../access.js';
import { addCard } from '../cards/service.js';
import { checkCodes } from '../codes.js';
import type { PlausibilityWarning } from '../../../core/plausibility-contracts.js';
import type { ResidentWarning } from '../duplicates/contracts.js';
import { duplicateCandidates, toWarnings } from '../duplicates/service.js';
import { recordHamletMoves } from '../events/hamlet-moves.js';
import { addressJson, communeOf, resolvePlace, unitPathOf } from '../places.js';
import type { ResidentInput } from '../residents/contracts.js';
import { summaryColumns, summaryFrom } from '../residents/profile.js';
import { residents } from '../residents/schema.js';
import { prepareResident } from '../residents/service.js';
import type { HouseholdDetail, HouseholdInput, HouseholdOut, HouseholdPatch } from './contracts.js';
import { householdForMember } from './members.js';
import { households } from './schema.js';

const householdColumns = sql`h.id, h.code, ${addressJson(sql`h.unit_id`, sql`h.address_line`)} AS address, h.status,
  hd.id AS "headId", hd.full_name AS "headName",
  (SELECT count(*)::int FROM residents m WHERE m.household_id = h.id AND m.status = 'active') AS "memberCount",
  h.unit_path::text AS "unitPath", h.change_seq AS "changeSeq"`;
const householdFrom = sql`households h LEFT JOIN residents hd ON hd.household_id = h.id AND hd.relation_to_head = 'head' AND hd.status = 'active'`;

const householdDenied = (id: string, op: string) =>
  deniedNotFound('Household', { entityType: 'household', entityId: id, details: { op } });

/** A household of the actor's area, or 404 (audited denial). */
export async function loadHousehold(
  db: Executor,
  actor: Actor,
  id: string,
  op: string,
): Promise<HouseholdOut> {
  const [h] = await rows<HouseholdOut>(
    db,
    sql`SELECT ${householdColumns} FROM ${householdFrom} WHERE h.id = ${id} AND h.unit_path <@ ${actor.scopePath}::ltree`,
  );
  if (!h) throw householdDenied(id, op);
  return h;
}

async function detail(db: Executor, actor: Actor, id: string, op: string): Promise<HouseholdDetail> {
  const h = await loadHousehold(db, actor, id, op);
  const members = await rows<HouseholdDetail['members'][number]>(
    db,
    sql`SELECT ${summaryColumns},
          ${codeDisplayVi('relation-to-head', sql`r.relation_to_head`)} AS "relationToHeadName"
        FROM ${summaryFrom} WHERE r.household_id = ${id} AND r.status = 'active'
        ORDER BY (r.relation_to_head = 'head') DESC, r.birth_year, r.full_name, r.id`,
  );
  return { ...h, members };
}

/** A household with its living members (audited: it lists people). */
export async function getHousehold(db: Executor, actor: Actor, id: string): Promise<HouseholdDetail> {
  requirePermission(actor, 'person.read');
  const d = await detail(db, actor, id, 'read');
  await auditPerson(db, actor, 'read', null, d.unitPath, {
    householdId: id,
    ids: d.members.map((m) => m.id),
  });
  return d;
}

export async function listHouseholds(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; q?: string | undefined; all?: boolean | undefined },
  paging: Paging,
): Promise<Page<HouseholdOut>> {
  requirePermission(actor, 'person.read');
  const conditions: SQL[] = [sql`h.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.unit) conditions.push(sql`h.unit_path <@ ${await unitPathOf(db, filter.unit)}::ltree`);
  if (!filter.all) conditions.push(sql`h.status = 'active'`);
  if (filter.q)
    conditions.push(sql`(h.code = ${filter.q} OR EXISTS (SELECT 1 FROM residents m WHERE m.household_id = h.id
      AND m.status = 'active' AND m.search_name LIKE '%' || ytcs_search_key(${filter.q}) || '%'))`);
  const found = await rows<HouseholdOut & { total: number }>(
    db,
    sql`SELECT ${householdColumns}, count(*) OVER ()::int AS total FROM ${householdFrom}
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY h.unit_path, hd.full_name, h.id
        LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  await auditPerson(db, actor, 'list', null, actor.scopePath, {
    households: found.map((h) => h.id),
    heads: found.map((h) => h.headId).filter(Boolean),
  });
  return {
    items: found.map(({ total: _t, ...h }) => h),
    total: found[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/**
 * Registers a household in a hamlet (or commune) of the actor's area, with its members: they live at
 * the household's address unless they give another. Likely duplicates come back as warnings.
 */
export async function createHousehold(
  db: Orm,
  actor: Actor,
  input: HouseholdInput,
  /** Ids minted on a device that registered the household offline (UUIDv7, docs/adr/0033); else new ones. */
  ids?: { household?: string; members?: (string | undefined)[] },
): Promise<HouseholdDetail> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const place = await resolvePlace(tx, actor, input.unitCode, 'unitCode', true);
    const id = ids?.household ?? newId();
    await tx.insert(households).values({
      id,
      code: input.code ?? null,
      unitId: place.unitId,
      unitPath: place.path,
      addressLine: input.addressLine ?? null,
    });
    const household = await householdForMember(tx, actor, id);
    const warnings: ResidentWarning[] = [];
    const unusual: PlausibilityWarning[] = [];
    const rowsToInsert = [];
    for (const [i, { card: _card, ...member }] of input.members.entries()) {
      const row = await prepareResident(
        tx,
        actor,
        { ...member, householdId: id } as ResidentInput,
        household,
        `members.${i}.`,
        unusual,
      );
      row.id = ids?.members?.[i] ?? row.id;
      rowsToInsert.push(row);
      warnings.push(...toWarnings(await duplicateCandidates(tx, actor, row)));
    }
    warnings.push(...unusual);
    // Relations between new members (mother of a child registered together) are given by index later.
    if (rowsToInsert.length) await tx.insert(residents).values(rowsToInsert);
    await auditPerson(tx, actor, 'create', null, place.path, {
      householdId: id,
      members: rowsToInsert.map((r) => r.id),
    });
    for (const r of rowsToInsert)
      await auditPerson(tx, actor, 'create', r.id!, r.unitPath, {
        householdId: id,
        possibleDuplicates: warnings.flatMap((w) => ('candidate' in w ? [w.candidate.id] : [])),
      });
    // Cards typed with the members are stored in the same transaction: a refused card refuses all.
    for (const [i, member] of input.members.entries()) {
      if (!member.card) continue;
      try {
        await addCard(tx, actor, rowsToInsert[i]!.id!, member.card);
      } catch (err) {
        if (err instanceof AppError)
          throw new AppError(err.kind, err.message, {
            errors: err.errors.map((e) => ({ ...e, path: `members.${i}.card.${e.path}` })),
            status: err.status,
            extra: err.extra,
            ...(err.denial ? { denial: err.denial } : {}),
          });
        throw err;
      }
    }
    return { ...(await detail(tx, actor, id, 'create')), warnings };
  });
}

/**
 * Changes a household's address (its members who live there move with it, within the commune), its
 * code, or its head.
 */
export async function updateHousehold(
  db: Orm,
  actor: Actor,
  id: string,
  patch: HouseholdPatch,
): Promise<HouseholdDetail> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const current = await loadHousehold(tx, actor, id, 'update');
    if (current.status !== 'active')
      throw conflict('The household is dissolved', [{ path: 'id', code: 'dissolved', message: 'dissolved' }]);
    const set: Partial<typeof households.$inferInsert> = {};
    if (patch.code !== undefined) set.code = patch.code;
    if (patch.addressLine !== undefined) set.addressLine = patch.addressLine;
    if (patch.unitCode) {
      const place = await resolvePlace(tx, actor, patch.unitCode, 'unitCode', true);
      if (communeOf(place.path) !== communeOf(current.unitPath))
        throw invalid([
          {
            path: 'unitCode',
            code: 'other_commune',
            message: 'moving to another commune is a transfer (POST /households/{id}/transfer)',
          },
        ]);
      set.unitId = place.unitId;
      set.unitPath = place.path;
    }
    if (Object.keys(set).length) {
      await tx.update(households).set(set).where(eq(households.id, id));
      if (set.unitId || set.addressLine !== undefined) {
        // Members living at the household's address follow it.
        const [h] = await tx.select().from(households).where(eq(households.id, id));
        const members = await rows<{ id: string; path: string }>(
          tx,
          sql`SELECT id, unit_path::text AS path FROM residents WHERE household_id = ${id} AND status = 'active'`,
        );
        await tx.execute(sql`UPDATE residents SET current_unit_id = ${h!.unitId}, current_address_line = ${h!.addressLine},
            unit_path = ${h!.unitPath}::ltree
          WHERE household_id = ${id} AND status = 'active'`);
        await recordHamletMoves(
          tx,
          actor,
          members.map((m) => ({ residentId: m.id, from: m.path, to: h!.unitPath })),
        );
      }
    }
    if (patch.headId && patch.headId !== current.headId) {
      const [member] = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM residents WHERE id = ${patch.headId} AND household_id = ${id} AND status = 'active'`,
      );
      if (!member)
        throw invalid([
          {
            path: 'headId',
            code: 'not_a_member',
            message: 'the new head must be a living member of the household',
          },
        ]);
      if (current.headId) {
        if (!patch.formerHeadRelation)
          throw invalid([
            {
              path: 'formerHeadRelation',
              code: 'required',
              message: 'say how the former head is related to the new head',
            },
          ]);
        await checkCodes(tx, [
          { system: 'relation-to-head', code: patch.formerHeadRelation, path: 'formerHeadRelation' },
        ]);
        if (patch.formerHeadRelation === 'head')
          throw invalid([
            { path: 'formerHeadRelation', code: 'two_heads', message: 'a household has one head' },
          ]);
        await tx
          .update(residents)
          .set({ relationToHead: patch.formerHeadRelation })
          .where(eq(residents.id, current.headId));
      }
      await tx.update(residents).set({ relationToHead: 'head' }).where(eq(residents.id, patch.headId));
    }
    const out = await detail(tx, actor, id, 'update');
    await auditPerson(tx, actor, 'update', null, out.unitPath, {
      householdId: id,
      fields: Object.keys(patch),
      members: out.members.map((m) => m.id),
    });
    return out;
  });
}
