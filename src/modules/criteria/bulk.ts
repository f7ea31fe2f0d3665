// The criteria module's bulk writer, for the demo and imports: assessments of past years with their
// review already done (the service approves only on the day of review). Each is scored here by the
// version it names, as the service would.
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { rows, type Executor } from '../../db/connection.js';
import type { AssessmentStatus, CriteriaSetDefinition } from './contracts.js';
import { scoreAssessment, validUntil } from './scoring.js';

export interface BulkAssessment {
  unitId: string;
  unitPath: string;
  year: number;
  status: AssessmentStatus;
  scores: Record<string, number>;
  /** The day of approval (status approved): the result stands the version's validity years from it. */
  approvedOn?: string;
  by: string;
}

/** The version in force on a day (for the demo to score against). */
export async function criteriaSetOn(
  db: Executor,
  day: string,
): Promise<{ id: string; definition: CriteriaSetDefinition } | undefined> {
  const [row] = await rows<{ id: string; definition: CriteriaSetDefinition }>(
    db,
    sql`SELECT id, definition FROM criteria_sets WHERE valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)
        ORDER BY valid_from DESC, version DESC LIMIT 1`,
  );
  return row;
}

export async function insertAssessmentsBulk(
  db: Executor,
  set: { id: string; definition: CriteriaSetDefinition },
  list: BulkAssessment[],
): Promise<number> {
  if (!list.length) return 0;
  const values = list.map((a) => {
    const score = scoreAssessment(set.definition, a.scores);
    const approved = a.status === 'approved' && a.approvedOn;
    return sql`(${uuidv7()}, ${a.unitId}, ${a.unitPath}::ltree, ${a.year}, ${set.id}, ${a.status}, ${JSON.stringify(a.scores)}::jsonb,
      '[]'::jsonb, ${score.total}, ${score.passed}, ${a.status === 'draft' ? null : `${a.year + 1}-01-15`}::timestamptz,
      ${a.status === 'draft' ? null : a.by}, ${approved ? a.approvedOn : null}::timestamptz, ${approved ? 'demo' : null},
      ${approved ? a.approvedOn : null}::date, ${approved ? validUntil(a.approvedOn!, set.definition.validityYears) : null}::date, ${a.by})`;
  });
  await db.execute(
    sql`INSERT INTO criteria_assessments (id, unit_id, unit_path, year, set_id, status, scores, prefill, total, passed,
          submitted_at, submitted_by, reviewed_at, reviewed_by, approved_on, valid_until, created_by)
        VALUES ${sql.join(values, sql`, `)}`,
  );
  return list.length;
}
