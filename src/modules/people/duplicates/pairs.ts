/**
 * Likely duplicates of an area, for review (rà soát hồ sơ trùng): the pairs of one commune (or hamlet)
 * scored as service.ts scores a single record, the pairs a user judged to be different people
 * ("không phải trùng"), and the merges of the area with their undoing.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { inScope, requirePermission } from '../../../core/actor.js';
import { AppError, conflict, deniedNotFound, invalid, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Page } from '../../../core/paging.js';
import { rows, type Executor, type Orm } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson } from '../access.js';
import { unitPathOf } from '../places.js';
import { iso } from '../sql.js';
import type { DismissalInArea, DismissalOut, DuplicatePair, MergeInArea, PairMember } from './contracts.js';
import { residentDuplicateDismissals } from './schema.js';
import { duplicateScore } from './service.js';

/** How many pairs one review lists at most (the most likely first). */
const MAX_PAIRS = 200;

/**
 * The area of a review: the `unit` asked for (a commune or a hamlet in the actor's area), else the
 * actor's own area, which must then be a commune or below (pairs are looked for one commune at a time).
 */
async function reviewArea(db: Executor, actor: Actor, unit: string | undefined): Promise<string> {
  const path = unit ? await unitPathOf(db, unit) : actor.scopePath;
  if (unit && !inScope(actor, path))
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [{ path: 'unit', code: 'unknown_unit', message: 'no such unit in your area' }],
      denial: { entityType: 'unit', entityId: unit, details: { op: 'duplicate_pairs' } },
    });
  if (path.split('.').length < 3)
    throw invalid([
      {
        path: 'unit',
        code: 'commune_required',
        message: 'choose a commune or a hamlet: likely duplicates are looked for one commune at a time',
      },
    ]);
  return path;
}

interface MemberRow extends PairMember {
  householdId: string | null;
  phones: string[];
  motherId: string | null;
}

/** The facts of a pair's records shown side by side and used by the score. */
const memberColumns = sql`r.id, r.full_name AS "fullName", r.sex, r.birth_date AS "birthDate",
  r.birth_year AS "birthYear", r.personal_id AS "personalId", r.status, u.code AS "unitCode",
  CASE WHEN u.level = 'hamlet' THEN u.full_name END AS "hamletName", r.household_id AS "householdId",
  h.code AS "householdCode", r.relation_to_head AS "relationToHead", r.phones, r.mother_id AS "motherId",
  (SELECT c.code FROM insurance_cards c WHERE c.resident_id = r.id AND c.voided_at IS NULL
    ORDER BY c.valid_from DESC, c.id LIMIT 1) AS "cardCode"`;

/**
 * The likely duplicate pairs of a commune or hamlet, most likely first: pairs of the same personal ID,
 * or of the same sex and similar names (trigram similarity ≥ 0.5 of the names without diacritics)
 * with the same given name and birth years at most one apart or the same birth date, scored by
 * `duplicateScore` as a single record's candidates are. Merged records, pairs whose merge was
 * undone and pairs dismissed as different people are left out. Each listed record's read is audited.
 */
export async function duplicatePairs(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined },
): Promise<{ area: string; pairs: DuplicatePair[]; truncated: boolean }> {
  requirePermission(actor, 'person.read');
  const area = await reviewArea(db, actor, filter.unit);
  // Candidates by blocks, each a hash join, so that a commune's residents are compared only within
  // small groups: the same sex, given name (the last word, without diacritics) and birth year or the
  // next; the same sex and birth date (a misspelt given name); the same personal ID. The name's
  // similarity is computed for those pairs only.
  const found = await rows<{ firstId: string; secondId: string; similarity: number }>(
    db,
    sql`WITH area AS MATERIALIZED (
          SELECT id, sex, birth_year, birth_date, personal_id, search_name,
            substring(search_name from '([^[:space:]]+)[[:space:]]*$') AS given
          FROM residents WHERE unit_path <@ ${area}::ltree AND status <> 'merged'),
        candidates AS (
          SELECT a.id AS first_id, b.id AS second_id FROM area a JOIN area b
            ON b.sex = a.sex AND b.given = a.given AND b.birth_year = a.birth_year AND a.id < b.id
          UNION
          SELECT least(a.id, b.id), greatest(a.id, b.id) FROM area a JOIN area b
            ON b.sex = a.sex AND b.given = a.given AND b.birth_year = a.birth_year + 1
          UNION
          SELECT a.id, b.id FROM area a JOIN area b
            ON b.sex = a.sex AND b.birth_date = a.birth_date AND a.id < b.id
          UNION
          SELECT a.id, b.id FROM area a JOIN area b ON b.personal_id = a.personal_id AND a.id < b.id),
        compared AS (
          SELECT c.first_id, c.second_id, similarity(a.search_name, b.search_name)::float8 AS similarity,
            a.personal_id = b.personal_id AS same_id
          FROM candidates c JOIN area a ON a.id = c.first_id JOIN area b ON b.id = c.second_id)
        SELECT c.first_id AS "firstId", c.second_id AS "secondId", c.similarity FROM compared c
        WHERE (c.similarity >= 0.5 OR c.same_id)
          AND NOT EXISTS (SELECT 1 FROM resident_duplicate_dismissals d
            WHERE d.first_id = c.first_id AND d.second_id = c.second_id)
          AND NOT EXISTS (SELECT 1 FROM resident_merges m WHERE m.undone_at IS NOT NULL
            AND ((m.survivor_id = c.first_id AND m.merged_id = c.second_id)
              OR (m.survivor_id = c.second_id AND m.merged_id = c.first_id)))`,
  );
  if (!found.length) return { area, pairs: [], truncated: false };
  const ids = [...new Set(found.flatMap((f) => [f.firstId, f.secondId]))];
  const members = new Map(
    (
      await rows<MemberRow>(
        db,
        sql`SELECT ${memberColumns} FROM residents r JOIN ${unitsRelation} u ON u.id = r.current_unit_id
            LEFT JOIN households h ON h.id = r.household_id
            WHERE r.id IN (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
      )
    ).map((m) => [m.id, m]),
  );
  const scored: DuplicatePair[] = [];
  for (const f of found) {
    const a = members.get(f.firstId)!;
    const b = members.get(f.secondId)!;
    const s = duplicateScore(a, { ...b, similarity: f.similarity });
    if (s) scored.push({ ...s, first: shown(a), second: shown(b) });
  }
  scored.sort(
    (x, y) =>
      y.score - x.score ||
      x.first.fullName.localeCompare(y.first.fullName, 'vi') ||
      x.first.id.localeCompare(y.first.id),
  );
  const pairs = scored.slice(0, MAX_PAIRS);
  // One audited read for the review, naming every record listed.
  if (pairs.length)
    await auditPerson(db, actor, 'list', null, area, {
      op: 'duplicate_pairs',
      residents: [...new Set(pairs.flatMap((p) => [p.first.id, p.second.id]))],
    });
  return { area, pairs, truncated: scored.length > MAX_PAIRS };
}

function shown(m: MemberRow): PairMember {
  return {
    id: m.id,
    fullName: m.fullName,
    sex: m.sex,
    birthDate: m.birthDate,
    birthYear: m.birthYear,
    personalId: m.personalId,
    status: m.status,
    unitCode: m.unitCode,
    hamletName: m.hamletName,
    householdId: m.householdId,
    householdCode: m.householdCode,
    relationToHead: m.relationToHead,
    cardCode: m.cardCode,
  };
}

/**
 * Marks two records as different people: the pair is no longer reported as a likely duplicate. Both
 * must be in the actor's area.
 */
export async function dismissDuplicate(
  db: Orm,
  actor: Actor,
  input: { firstId: string; secondId: string; reason: string },
): Promise<DismissalOut> {
  requirePermission(actor, 'person.write');
  if (input.firstId === input.secondId)
    throw conflict('A record cannot be compared with itself', [
      { path: 'secondId', code: 'same_record', message: 'the same record' },
    ]);
  return db.transaction(async (tx) => {
    const found = await rows<{ id: string; unitPath: string }>(
      tx,
      sql`SELECT id, unit_path::text AS "unitPath" FROM residents WHERE id IN (${input.firstId}::uuid, ${input.secondId}::uuid)`,
    );
    for (const field of ['firstId', 'secondId'] as const) {
      const r = found.find((f) => f.id === input[field]);
      const outside = r && !inScope(actor, r.unitPath);
      if (!r || outside)
        throw new AppError('validation', 'The request has invalid fields', {
          errors: [{ path: field, code: 'unknown_resident', message: 'no such resident in your area' }],
          ...(outside
            ? {
                denial: {
                  entityType: 'person',
                  entityId: input[field],
                  details: { op: 'dismiss_duplicate' },
                },
              }
            : {}),
        });
    }
    const [firstId, secondId] = [input.firstId, input.secondId].sort() as [string, string];
    const id = newId();
    const inserted = await tx
      .insert(residentDuplicateDismissals)
      .values({ id, firstId, secondId, reason: input.reason, dismissedBy: actor.username })
      .onConflictDoNothing()
      .returning({ id: residentDuplicateDismissals.id });
    if (!inserted.length)
      throw conflict('These two records are already marked as different people', [
        { path: 'secondId', code: 'already_dismissed', message: 'already marked as different people' },
      ]);
    const details = { op: 'dismiss_duplicate', dismissalId: id, firstId, secondId };
    for (const r of found) await auditPerson(tx, actor, 'update', r.id, r.unitPath, details);
    const [out] = await rows<DismissalOut>(
      tx,
      sql`SELECT id, first_id AS "firstId", second_id AS "secondId", reason, dismissed_by AS "dismissedBy",
            ${iso(sql`dismissed_at`)} AS "dismissedAt" FROM resident_duplicate_dismissals WHERE id = ${id}`,
    );
    return out!;
  });
}

const personJson = (r: string) =>
  sql.raw(`json_build_object('id', ${r}.id, 'fullName', ${r}.full_name, 'birthDate', ${r}.birth_date,
    'birthYear', ${r}.birth_year, 'personalId', ${r}.personal_id, 'status', ${r}.status)`);

/**
 * The pairs of the area (either record in it) judged to be two people, newest first, with both names:
 * where a dismissal made in error is found again and undone.
 */
export async function dismissalsInArea(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; limit: number; offset: number },
): Promise<Page<DismissalInArea>> {
  requirePermission(actor, 'person.read');
  const area = filter.unit ? await reviewArea(db, actor, filter.unit) : actor.scopePath;
  const from = sql`FROM resident_duplicate_dismissals x JOIN residents a ON a.id = x.first_id
    JOIN residents b ON b.id = x.second_id
    WHERE (a.unit_path <@ ${area}::ltree OR b.unit_path <@ ${area}::ltree)`;
  const items = await rows<DismissalInArea>(
    db,
    sql`SELECT x.id, x.first_id AS "firstId", x.second_id AS "secondId", x.reason, x.dismissed_by AS "dismissedBy",
          ${iso(sql`x.dismissed_at`)} AS "dismissedAt", ${personJson('a')} AS first, ${personJson('b')} AS second
        ${from} ORDER BY x.dismissed_at DESC, x.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
  );
  const [{ n }] = (await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n ${from}`)) as [{ n: number }];
  if (items.length)
    await auditPerson(db, actor, 'list', null, area, {
      op: 'dismissals_of_area',
      dismissals: items.map((d) => d.id),
      residents: [...new Set(items.flatMap((d) => [d.firstId, d.secondId]))],
    });
  return { items, total: n, limit: filter.limit, offset: filter.offset };
}

/**
 * Undoes a "not a duplicate" judgement: the pair is reviewed again. The judgement (who, when, why) stays
 * in both records' audit trail. Both records must be in the actor's area; otherwise, not found.
 */
export async function undoDismissal(db: Orm, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'person.write');
  await db.transaction(async (tx) => {
    const found = await rows<DismissalOut & { firstPath: string; secondPath: string }>(
      tx,
      sql`SELECT x.id, x.first_id AS "firstId", x.second_id AS "secondId", x.reason, x.dismissed_by AS "dismissedBy",
            ${iso(sql`x.dismissed_at`)} AS "dismissedAt", a.unit_path::text AS "firstPath", b.unit_path::text AS "secondPath"
          FROM resident_duplicate_dismissals x JOIN residents a ON a.id = x.first_id
          JOIN residents b ON b.id = x.second_id WHERE x.id = ${id}::uuid FOR UPDATE OF x`,
    );
    const d = found[0];
    if (!d) throw notFound('Dismissal');
    if (!inScope(actor, d.firstPath) || !inScope(actor, d.secondPath))
      throw deniedNotFound('Dismissal', {
        entityType: 'person',
        entityId: inScope(actor, d.firstPath) ? d.secondId : d.firstId,
        details: { op: 'undo_dismiss_duplicate', dismissalId: id },
      });
    await tx.execute(sql`DELETE FROM resident_duplicate_dismissals WHERE id = ${id}::uuid`);
    const details = {
      op: 'undo_dismiss_duplicate',
      dismissalId: id,
      firstId: d.firstId,
      secondId: d.secondId,
      dismissed: { reason: d.reason, by: d.dismissedBy, at: d.dismissedAt },
    };
    await auditPerson(tx, actor, 'update', d.firstId, d.firstPath, details);
    await auditPerson(tx, actor, 'update', d.secondId, d.secondPath, details);
  });
}

/**
 * The merges of the area (either record in it), newest first, with the names of both records, undone
 * ones included (with who undid them and when).
 */
export async function mergesInArea(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; limit: number; offset: number },
): Promise<Page<MergeInArea>> {
  requirePermission(actor, 'person.read');
  const area = filter.unit ? await reviewArea(db, actor, filter.unit) : actor.scopePath;
  const where = sql`(s.unit_path <@ ${area}::ltree OR d.unit_path <@ ${area}::ltree)`;
  const items = await rows<MergeInArea>(
    db,
    sql`SELECT m.id, m.survivor_id AS "survivorId", m.merged_id AS "mergedId", m.reason,
          ARRAY(SELECT jsonb_object_keys(m.filled) ORDER BY 1) AS filled, ${iso(sql`m.merged_at`)} AS "mergedAt",
          m.merged_by AS "mergedBy", ${iso(sql`m.undone_at`)} AS "undoneAt", m.undone_by AS "undoneBy",
          json_build_object('id', s.id, 'fullName', s.full_name, 'birthDate', s.birth_date, 'birthYear', s.birth_year,
            'personalId', s.personal_id, 'status', s.status) AS survivor,
          json_build_object('id', d.id, 'fullName', d.full_name, 'birthDate', d.birth_date, 'birthYear', d.birth_year,
            'personalId', d.personal_id, 'status', d.status) AS merged
        FROM resident_merges m JOIN residents s ON s.id = m.survivor_id JOIN residents d ON d.id = m.merged_id
        WHERE ${where}
        ORDER BY m.merged_at DESC, m.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
  );
  const [{ n }] = (await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM resident_merges m JOIN residents s ON s.id = m.survivor_id
        JOIN residents d ON d.id = m.merged_id WHERE ${where}`,
  )) as [{ n: number }];
  // One audited read for the page, naming every record listed.
  if (items.length)
    await auditPerson(db, actor, 'list', null, area, {
      op: 'merges_of_area',
      merges: items.map((m) => m.id),
      residents: [...new Set(items.flatMap((m) => [m.survivorId, m.mergedId]))],
    });
  return {
    items,
    total: n,
    limit: filter.limit,
    offset: filter.offset,
  };
}
