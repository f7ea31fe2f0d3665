/**
 * Likely duplicates (the same person registered twice): how likely two records are one person, the
 * candidates of the actor's area read through the indexes, warned about on registration and listed on
 * demand. Merging them is merges.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { rows, statement, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson, residentInScope } from '../access.js';
import type { DuplicateCandidate, DuplicateWarning } from './contracts.js';

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
        FROM (${candidates}) c JOIN residents r ON r.id = c.id JOIN ${unitsRelation} cu ON cu.id = r.current_unit_id
        WHERE NOT EXISTS (SELECT 1 FROM resident_merges m WHERE m.undone_at IS NOT NULL
            AND ((m.survivor_id = r.id AND m.merged_id = ${self}) OR (m.merged_id = r.id AND m.survivor_id = ${self})))
          AND NOT EXISTS (SELECT 1 FROM resident_duplicate_dismissals x
            WHERE x.first_id = least(r.id, ${self}) AND x.second_id = greatest(r.id, ${self}))
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
 * merge, or marked as different people) are not reported again.
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
