/**
 * Transfers between communes: the whole record (identity, cards, 831 versions, events) moves with the
 * person, or with a household and its living members; other modules move their own rows through
 * `onTransfer` hooks, in the same transaction.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { conflict, invalid } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { rows, type Orm, type Tx } from '../../../db/connection.js';
import { auditPerson, requireStatus, residentInScope } from '../access.js';
import { households } from '../households/schema.js';
import { loadHousehold } from '../households/service.js';
import { communeOf, resolvePlace } from '../places.js';
import type { ResidentOut } from '../residents/contracts.js';
import { loadResident } from '../residents/profile.js';
import { residents } from '../residents/schema.js';
import type { TransferInput } from './contracts.js';
import { lifeEvents } from './schema.js';
import { notBeforeBirth } from './service.js';

/** What another module does when a person's record moves to another commune (e.g. move appointments). */
export type TransferHook = (
  tx: Tx,
  move: { residentIds: string[]; fromPath: string; toPath: string; on: string },
) => Promise<void>;
const transferHooks: TransferHook[] = [];

/** Lets another module (visits, immunization…) move its own rows with a transferred person, in the same transaction. */
export function onTransfer(hook: TransferHook): void {
  transferHooks.push(hook);
}

async function transferRows(
  tx: Tx,
  actor: Actor,
  members: { id: string; unitPath: string }[],
  to: { unitId: string; code: string; path: string },
  input: TransferInput,
  extra: Record<string, unknown>,
) {
  for (const m of members) {
    const details = {
      fromPath: m.unitPath,
      toPath: to.path,
      toUnitCode: to.code,
      reason: input.reason ?? null,
      ...extra,
    };
    // Two rows: one in the register of the commune left, one in the register of the commune reached.
    await tx.insert(lifeEvents).values([
      {
        id: newId(),
        residentId: m.id,
        kind: 'transfer',
        occurredOn: input.on,
        unitPath: m.unitPath,
        details: { ...details, direction: 'out' },
        recordedBy: actor.username,
      },
      {
        id: newId(),
        residentId: m.id,
        kind: 'transfer',
        occurredOn: input.on,
        unitPath: to.path,
        details: { ...details, direction: 'in' },
        recordedBy: actor.username,
      },
    ]);
    await auditPerson(tx, actor, 'update', m.id, m.unitPath, { op: 'transfer', toPath: to.path, ...extra });
  }
  const from = members[0]?.unitPath;
  if (from)
    for (const hook of transferHooks)
      await hook(tx, {
        residentIds: members.map((m) => m.id),
        fromPath: from,
        toPath: to.path,
        on: input.on,
      });
}

/**
 * Transfers a resident to another commune (any of the country): the record keeps its id, cards, 831
 * versions and events, and from now on belongs to the destination's area. The person leaves their
 * household (the destination adds them to one).
 */
export async function transferResident(
  db: Orm,
  actor: Actor,
  id: string,
  input: TransferInput,
): Promise<ResidentOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await residentInScope(tx, actor, id, 'transfer', { lock: true });
    requireStatus(r, ['active'], 'The resident cannot be transferred');
    notBeforeBirth(input.on, r);
    const to = await resolvePlace(tx, actor, input.toUnitCode, 'toUnitCode', false);
    if (communeOf(to.path) === communeOf(r.unitPath))
      throw invalid([
        {
          path: 'toUnitCode',
          code: 'same_commune',
          message: 'a move within the commune is a change of address (PATCH)',
        },
      ]);
    await tx
      .update(residents)
      .set({
        currentUnitId: to.unitId,
        currentAddressLine: input.addressLine ?? null,
        unitPath: to.path,
        householdId: null,
        relationToHead: null,
      })
      .where(eq(residents.id, id));
    // Duplicates merged into the person travel with them.
    await tx
      .update(residents)
      .set({ unitPath: to.path })
      .where(and(eq(residents.mergedIntoId, id), eq(residents.status, 'merged')));
    await transferRows(tx, actor, [{ id, unitPath: r.unitPath }], to, input, {
      householdIdBefore: r.householdId,
    });
    return (await loadResident(tx, id))!;
  });
}

/** Transfers a whole household, with its living members, to another commune. */
export async function transferHousehold(
  db: Orm,
  actor: Actor,
  householdId: string,
  input: TransferInput,
): Promise<{ householdId: string; unitPath: string; residentIds: string[] }> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const h = await loadHousehold(tx, actor, householdId, 'transfer');
    if (h.status !== 'active')
      throw conflict('The household is dissolved', [{ path: 'id', code: 'dissolved', message: 'dissolved' }]);
    const to = await resolvePlace(tx, actor, input.toUnitCode, 'toUnitCode', false);
    if (communeOf(to.path) === communeOf(h.unitPath))
      throw invalid([
        {
          path: 'toUnitCode',
          code: 'same_commune',
          message: 'a move within the commune is a change of address (PATCH)',
        },
      ]);
    const members = await rows<{ id: string; unitPath: string }>(
      tx,
      sql`SELECT id, unit_path::text AS "unitPath" FROM residents WHERE household_id = ${householdId} AND status = 'active' ORDER BY id FOR UPDATE`,
    );
    if (!members.length)
      throw conflict('The household has no living members to transfer', [
        { path: 'id', code: 'empty_household', message: 'no living members' },
      ]);
    await tx
      .update(households)
      .set({ unitId: to.unitId, unitPath: to.path, addressLine: input.addressLine ?? null })
      .where(eq(households.id, householdId));
    const ids = members.map((m) => m.id);
    await tx
      .update(residents)
      .set({ currentUnitId: to.unitId, currentAddressLine: input.addressLine ?? null, unitPath: to.path })
      .where(inArray(residents.id, ids));
    await tx.update(residents).set({ unitPath: to.path }).where(inArray(residents.mergedIntoId, ids));
    await transferRows(tx, actor, members, to, input, { householdId });
    return { householdId, unitPath: to.path, residentIds: ids };
  });
}
