/**
 * Likely duplicates (the same person registered twice) and their merge. A merge keeps both records
 * and all their rows: the duplicate turns `merged` and points at the survivor, whose reads then include
 * the duplicate's cards, events and 831 versions. Undoing a merge restores both as they were.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, requirePermission } from '../../core/actor.js';
import { AppError, conflict } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, statement, type Executor, type Orm } from '../../db/connection.js';
import {
  checkPersonalId,
  type DuplicateCandidate,
  type DuplicateWarning,
  type MergeOut,
  type ResidentStatus,
} from './contracts.js';
import { lifeEvents, residentMerges, residents } from './schema.js';
import { auditPerson, iso, residentInScope, today } from './shared.js';

/** What is compared: the facts of the record being created or checked. */
export interface DuplicateProbe {
  id?: string | undefined;
  fullName: string;
  sex: 'male' | 'female';
  birthDate?: string | null | undefined;
  birthYear: number;
  personalId?: string | null | undefined;
  householdId?: string | null | undefined;
  phones?: string[] | undefined;
  motherId?: string | null | undefined;
}

interface CandidateRow extends Omit<DuplicateCandidate, 'score' | 'reasons'> {
  householdId: string | null;
  phones: string[];
  motherId: string | null;
  similarity: number;
}

/** Above this, a pair is reported as a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.55;

/**
 * How likely two records are one person (0–1) and why. The same personal ID is near-certain; else it
 * takes a similar name (trigram similarity of the names without diacritics ≥ 0.5), the same sex and a
 * matching birth date or year, helped by the same household, phone or mother. Two different personal
 * IDs make it unlikely.
 */
export function duplicateScore(
  probe: DuplicateProbe,
  c: Omit<CandidateRow, 'id' | 'fullName' | 'status' | 'unitCode' | 'hamletName'>,
): { score: number; reasons: DuplicateCandidate['reasons'] } | null {
  const reasons: DuplicateCandidate['reasons'] = [];
  if (probe.personalId && c.personalId === probe.personalId) {
    reasons.push('personal_id');
    if (c.similarity >= 0.5) reasons.push('name');
    return { score: c.similarity >= 0.5 ? 1 : 0.8, reasons };
  }
  if (c.sex !== probe.sex || c.similarity < 0.5) return null;
  reasons.push('name');
  let score = 0.5 * c.similarity;
  const dateKnownOnBoth = Boolean(probe.birthDate && c.birthDate);
  if (probe.birthDate && c.birthDate === probe.birthDate) {
    score += 0.45;
    reasons.push('birth_date');
  } else if (c.birthYear === probe.birthYear) {
    // Two full dates of the same year that differ: weak, unless day and month look swapped (05-08 / 08-05).
    score += !dateKnownOnBoth || swapped(probe.birthDate!, c.birthDate!) ? 0.35 : 0.03;
    reasons.push('birth_year');
  } else if (!dateKnownOnBoth && Math.abs(c.birthYear - probe.birthYear) <= 1) score += 0.15;
  if (probe.householdId && c.householdId === probe.householdId) {
    score += 0.1;
    reasons.push('household');
  }
  if (probe.phones?.some((p) => c.phones.includes(p))) {
    score += 0.1;
    reasons.push('phone');
  }
  if (probe.motherId && c.motherId === probe.motherId) {
    score += 0.1;
    reasons.push('mother');
  }
  if (probe.personalId && c.personalId && c.personalId !== probe.personalId) score *= 0.4;
  score = Math.min(1, Math.round(score * 100) / 100);
  return score >= DUPLICATE_THRESHOLD ? { score, reasons } : null;
}

function swapped(a: string, b: string): boolean {
  return a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7);
}

/**
 * The candidate query in its four fixed shapes (prepared statements): with or without a personal ID
 * to match, and for an area inside one commune (read through the commune/sex/birth-year index) or a
 * wider one (the area's GiST and the birth-year index).
 */
function candidateQuery(withPersonalId: boolean, inCommune: boolean) {
  const p = sql.placeholder;
  // The probe's search key, computed once per query (a sub-select: in the generic plan of this
  // prepared statement, a bare `ytcs_search_key($n)` runs again for every row compared).
  const key = sql`(SELECT ytcs_search_key(${p('name')}::text))`;
  const self = sql`${p('self')}::uuid`;
  // Residents of the area (alias d) matching `where`, with their name's similarity: inside a commune,
  // by name, read from the commune/sex/birth-year index alone (it includes every column used here).
  const matching = (where: SQL) =>
    sql`SELECT d.id, similarity(d.search_name, ${key})::float8 AS similarity FROM residents d
        WHERE d.unit_path <@ ${p('scope')}::ltree AND d.status <> 'merged' AND d.id <> ${self} AND ${where}`;
  const byName = matching(
    sql`d.sex = ${p('sex')}::text AND d.birth_year BETWEEN ${p('fromYear')}::int AND ${p('toYear')}::int
      ${inCommune ? sql`AND subpath(d.unit_path, 0, 3) = subpath(${p('scope')}::ltree, 0, 3)` : sql``}
      AND similarity(d.search_name, ${key}) >= 0.5`,
  );
  const candidates = withPersonalId
    ? sql`${byName} UNION ${matching(sql`d.personal_id = ${p('personalId')}::text`)}`
    : byName;
  return statement<
    {
      scope: string;
      self: string;
      personalId: string | null;
      sex: string;
      fromYear: number;
      toYear: number;
      name: string;
    },
    CandidateRow
  >(
    `duplicate_candidates_${withPersonalId ? 'id' : 'noid'}_${inCommune ? 'commune' : 'wide'}`,
    () => sql`SELECT r.id, r.full_name AS "fullName", r.sex, r.birth_date AS "birthDate", r.birth_year AS "birthYear",
          r.personal_id AS "personalId", r.status, cu.code AS "unitCode",
          CASE WHEN cu.level = 'hamlet' THEN cu.full_name END AS "hamletName",
          r.household_id AS "householdId", r.phones, r.mother_id AS "motherId", c.similarity
        FROM (${candidates}) c JOIN residents r ON r.id = c.id JOIN admin_units cu ON cu.id = r.current_unit_id
        WHERE NOT EXISTS (SELECT 1 FROM resident_merges m WHERE m.undone_at IS NOT NULL
            AND ((m.survivor_id = r.id AND m.merged_id = ${self}) OR (m.merged_id = r.id AND m.survivor_id = ${self})))
        ORDER BY c.similarity DESC, r.id LIMIT 50`,
  );
}

const candidateQueries = {
  id_commune: candidateQuery(true, true),
  id_wide: candidateQuery(true, false),
  noid_commune: candidateQuery(false, true),
  noid_wide: candidateQuery(false, false),
};

/**
 * Records of the actor's area that are likely the same person as `probe`, best first: the same
 * personal ID, or the same sex, a birth year within one, and a similar name (the candidates are read
 * through the birth-year and area indexes, then compared). Pairs a user already separated (an undone
 * merge) are not reported again.
 */
export async function duplicateCandidates(
  db: Executor,
  actor: Actor,
  probe: DuplicateProbe,
): Promise<DuplicateCandidate[]> {
  const shape = `${probe.personalId ? 'id' : 'noid'}_${actor.scopePath.split('.').length >= 3 ? 'commune' : 'wide'}`;
  const found = await candidateQueries[shape as keyof typeof candidateQueries](db, {
    scope: actor.scopePath,
    self: probe.id ?? '00000000-0000-0000-0000-000000000000',
    personalId: probe.personalId ?? null,
    sex: probe.sex,
    fromYear: probe.birthYear - 1,
    toYear: probe.birthYear + 1,
    name: probe.fullName,
  });
  const out: DuplicateCandidate[] = [];
  for (const c of found) {
    const s = duplicateScore(probe, c);
    if (!s) continue;
    out.push({
      id: c.id,
      fullName: c.fullName,
      sex: c.sex,
      birthDate: c.birthDate,
      birthYear: c.birthYear,
      personalId: c.personalId,
      status: c.status,
      unitCode: c.unitCode,
      hamletName: c.hamletName,
      ...s,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, 20);
}

export function toWarnings(candidates: DuplicateCandidate[]): DuplicateWarning[] {
  return candidates.map((candidate) => ({
    code: 'possible_duplicate' as const,
    message: `possibly the same person as ${candidate.fullName} (${candidate.birthDate ?? candidate.birthYear}), score ${candidate.score}: ${candidate.reasons.join(', ')}`,
    candidate,
  }));
}

/** Likely duplicates of a resident, on demand (audited read). */
export async function findDuplicates(db: Executor, actor: Actor, id: string): Promise<DuplicateCandidate[]> {
  requirePermission(actor, 'person.read');
  await residentInScope(db, actor, id, 'duplicates');
  const [r] = await rows<DuplicateProbe & { unitPath: string }>(
    db,
    sql`SELECT id, full_name AS "fullName", sex, birth_date AS "birthDate", birth_year AS "birthYear", personal_id AS "personalId",
          household_id AS "householdId", phones, mother_id AS "motherId", unit_path::text AS "unitPath"
        FROM residents WHERE id = ${id}`,
  );
  const found = await duplicateCandidates(db, actor, r!);
  await auditPerson(db, actor, 'read', id, r!.unitPath, {
    op: 'duplicates',
    candidates: found.map((c) => c.id),
  });
  return found;
}

// ---------------------------------------------------------------- merge and un-merge

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
