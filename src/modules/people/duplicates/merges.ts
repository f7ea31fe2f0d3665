/**
 * Merging a duplicate into the record that stays, and undoing it. A merge keeps both records and all
 * their rows: the duplicate turns `merged` and points at the survivor, whose reads then include the
 * duplicate's cards, events and 831 versions. Undoing a merge restores both as they were.
 */
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { inScope, requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { AppError, conflict } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { auditPerson, residentInScope } from '../access.js';
import { lifeEvents } from '../events/schema.js';
import { checkPersonalId } from '../identity.js';
import type { ResidentStatus } from '../residents/contracts.js';
import { residents } from '../residents/schema.js';
import { iso } from '../sql.js';
import type { MergeOut } from './contracts.js';
import { residentMerges } from './schema.js';

/** Survivor fields filled from the duplicate when empty. */
const FILLABLE = [
  ['personalId', 'personal_id'],
  ['birthDate', 'birth_date'],
  ['ethnicity', 'ethnicity'],
  ['religion', 'religion'],
  ['occupation', 'occupation'],
  ['bloodGroup', 'blood_group'],
  ['permanentUnitId', 'permanent_unit_id'],
  ['permanentAddressLine', 'permanent_address_line'],
  ['motherId', 'mother_id'],
  ['fatherId', 'father_id'],
] as const;

type Row = typeof residents.$inferSelect;

async function lockedRow(db: Executor, id: string): Promise<Row> {
  const [r] = await db.select().from(residents).where(eq(residents.id, id)).for('update');
  return r!;
}

const mergeColumns = sql`m.id, m.survivor_id AS "survivorId", m.merged_id AS "mergedId", m.reason,
  ARRAY(SELECT jsonb_object_keys(m.filled) ORDER BY 1) AS filled, ${iso(sql`m.merged_at`)} AS "mergedAt",
  m.merged_by AS "mergedBy", ${iso(sql`m.undone_at`)} AS "undoneAt", m.undone_by AS "undoneBy"`;

async function loadMerge(db: Executor, id: string): Promise<MergeOut> {
  const [m] = await rows<MergeOut>(db, sql`SELECT ${mergeColumns} FROM resident_merges m WHERE m.id = ${id}`);
  return m!;
}

/**
 * Merges `duplicateId` into `survivorId`. Both must be in the actor's area; neither may already be a
 * merged record, and the duplicate may not carry merges of its own (undo or merge those first).
 */
export async function mergeResidents(
  db: Orm,
  actor: Actor,
  survivorId: string,
  input: { duplicateId: string; reason: string },
): Promise<MergeOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    await residentInScope(tx, actor, survivorId, 'merge');
    const [dupeCore] = await rows<{ id: string; unitPath: string }>(
      tx,
      sql`SELECT id, unit_path::text AS "unitPath" FROM residents WHERE id = ${input.duplicateId}`,
    );
    const dupeOutside = dupeCore && !inScope(actor, dupeCore.unitPath);
    if (!dupeCore || dupeOutside)
      throw new AppError('validation', 'The request has invalid fields', {
        errors: [{ path: 'duplicateId', code: 'unknown_resident', message: 'no such resident in your area' }],
        ...(dupeOutside
          ? { denial: { entityType: 'person', entityId: input.duplicateId, details: { op: 'merge' } } }
          : {}),
      });
    if (input.duplicateId === survivorId)
      throw conflict('A record cannot be merged into itself', [
        { path: 'duplicateId', code: 'same_record', message: 'the same record' },
      ]);
    // Lock both in id order, so two merges of the same pair cannot deadlock.
    const [a, b] = [survivorId, input.duplicateId].sort();
    const locked = new Map([
      [a!, await lockedRow(tx, a!)],
      [b!, await lockedRow(tx, b!)],
    ]);
    const survivor = locked.get(survivorId)!;
    const dupe = locked.get(input.duplicateId)!;
    if (survivor.status === 'merged' || dupe.status === 'merged')
      throw conflict('One of the records is already merged', [
        {
          path: survivor.status === 'merged' ? 'id' : 'duplicateId',
          code: 'already_merged',
          message: 'already merged into another record',
        },
      ]);
    const [{ n: carried }] = (await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM residents WHERE merged_into_id = ${dupe.id}`,
    )) as [{ n: number }];
    if (carried > 0)
      throw conflict('The duplicate carries merged records of its own', [
        {
          path: 'duplicateId',
          code: 'has_merged_records',
          message: 'merge into the duplicate instead, or undo its merges first',
        },
      ]);
    if (survivor.sex !== dupe.sex)
      throw conflict('The two records are of different sex', [
        { path: 'duplicateId', code: 'sex_differs', message: 'correct the sex of one record before merging' },
      ]);

    // Fill the survivor's empty fields from the duplicate, remembering what was there.
    const filled: Record<string, { before: unknown; after: unknown }> = {};
    const set: Record<string, unknown> = {};
    for (const [field] of FILLABLE) {
      const mine = survivor[field];
      const theirs = dupe[field];
      if (mine != null || theirs == null) continue;
      if (field === 'birthDate' && Number(String(theirs).slice(0, 4)) !== survivor.birthYear) continue;
      if (
        field === 'personalId' &&
        checkPersonalId(String(theirs), { sex: survivor.sex, birthYear: survivor.birthYear }).length
      )
        continue;
      if ((field === 'motherId' || field === 'fatherId') && theirs === survivor.id) continue;
      filled[field] = { before: null, after: theirs };
      set[field] = theirs;
    }
    const phones = [...new Set([...survivor.phones, ...dupe.phones])];
    if (phones.length !== survivor.phones.length) {
      filled.phones = { before: survivor.phones, after: phones };
      set.phones = phones;
    }
    if (Object.keys(set).length) await tx.update(residents).set(set).where(eq(residents.id, survivor.id));
    await tx
      .update(residents)
      .set({ status: 'merged', mergedIntoId: survivor.id })
      .where(eq(residents.id, dupe.id));
    const id = newId();
    await tx.insert(residentMerges).values({
      id,
      survivorId: survivor.id,
      mergedId: dupe.id,
      reason: input.reason,
      filled,
      mergedStatusBefore: dupe.status,
      mergedBy: actor.username,
    });
    await tx.insert(lifeEvents).values({
      id: newId(),
      residentId: dupe.id,
      kind: 'merge',
      occurredOn: today(),
      unitPath: dupe.unitPath,
      details: { survivorId: survivor.id, reason: input.reason, mergeId: id },
      relatedResidentId: survivor.id,
      recordedBy: actor.username,
    });
    const details = {
      op: 'merge',
      mergeId: id,
      survivorId: survivor.id,
      mergedId: dupe.id,
      filled: Object.keys(filled),
    };
    await auditPerson(tx, actor, 'update', survivor.id, survivor.unitPath, details);
    await auditPerson(tx, actor, 'update', dupe.id, dupe.unitPath, details);
    return loadMerge(tx, id);
  });
}

/**
 * Undoes the merge of `mergedId`: the duplicate gets its status back, and the survivor's fields that
 * were filled from it are emptied again unless someone changed them since.
 */
export async function unmergeResident(
  db: Orm,
  actor: Actor,
  mergedId: string,
  input: { reason: string },
): Promise<MergeOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const core = await residentInScope(tx, actor, mergedId, 'unmerge');
    const [merge] = await rows<{
      id: string;
      survivorId: string;
      filled: Record<string, { before: unknown; after: unknown }>;
      statusBefore: ResidentStatus;
    }>(
      tx,
      sql`SELECT id, survivor_id AS "survivorId", filled, merged_status_before AS "statusBefore"
          FROM resident_merges WHERE merged_id = ${mergedId} AND undone_at IS NULL FOR UPDATE`,
    );
    if (core.status !== 'merged' || !merge)
      throw conflict('This record is not merged', [
        { path: 'id', code: 'not_merged', message: 'not a merged record' },
      ]);
    const survivor = await lockedRow(tx, merge.survivorId);
    const set: Record<string, unknown> = {};
    for (const [field, change] of Object.entries(merge.filled)) {
      const now = survivor[field as keyof Row];
      if (field === 'phones') {
        const added = (change.after as string[]).filter((p) => !(change.before as string[]).includes(p));
        set.phones = (now as string[]).filter((p) => !added.includes(p));
      } else if (JSON.stringify(now) === JSON.stringify(change.after)) set[field] = change.before;
    }
    if (Object.keys(set).length) await tx.update(residents).set(set).where(eq(residents.id, survivor.id));
    await tx
      .update(residents)
      .set({ status: merge.statusBefore, mergedIntoId: null })
      .where(eq(residents.id, mergedId));
    await tx
      .update(residentMerges)
      .set({ undoneAt: new Date(), undoneBy: actor.username, undoReason: input.reason })
      .where(eq(residentMerges.id, merge.id));
    await tx.insert(lifeEvents).values({
      id: newId(),
      residentId: mergedId,
      kind: 'unmerge',
      occurredOn: today(),
      unitPath: core.unitPath,
      details: { survivorId: survivor.id, reason: input.reason, mergeId: merge.id },
      relatedResidentId: survivor.id,
      recordedBy: actor.username,
    });
    const details = {
      op: 'unmerge',
      mergeId: merge.id,
      survivorId: survivor.id,
      mergedId,
      restored: Object.keys(set),
    };
    await auditPerson(tx, actor, 'update', mergedId, core.unitPath, details);
    await auditPerson(tx, actor, 'update', survivor.id, survivor.unitPath, details);
    return loadMerge(tx, merge.id);
  });
}

/** The merges a resident took part in (as survivor or duplicate), newest first. */
export async function mergesOf(db: Executor, actor: Actor, id: string): Promise<MergeOut[]> {
  requirePermission(actor, 'person.read');
  const core = await residentInScope(db, actor, id, 'merges');
  const found = await rows<MergeOut>(
    db,
    sql`SELECT ${mergeColumns} FROM resident_merges m WHERE m.survivor_id = ${id} OR m.merged_id = ${id} ORDER BY m.merged_at DESC, m.id`,
  );
  await auditPerson(db, actor, 'read', id, core.unitPath, { op: 'merges' });
  return found;
}
