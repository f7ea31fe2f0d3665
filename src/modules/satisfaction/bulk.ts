// The satisfaction module's bulk writer, for the demo: anonymous answers of past days on a station's
// link, each marked satisfied by the rule of the form in force on its day (as the public route does).
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { rows, type Executor } from '../../db/connection.js';
import type { SurveyFormDefinition } from './contracts.js';
import { isSatisfied } from './service.js';

export interface BulkAnswer {
  answeredOn: string;
  answers: Record<string, number | null>;
}

/** The questionnaire in force on a day (its question codes, for the demo to answer). */
export async function surveyFormOn(
  db: Executor,
  day: string,
): Promise<{ id: string; definition: SurveyFormDefinition } | undefined> {
  const [f] = await rows<{ id: string; definition: SurveyFormDefinition }>(
    db,
    sql`SELECT id, definition FROM survey_forms WHERE code = 'outpatient-3869' AND valid_from <= ${day}::date
          AND (valid_to IS NULL OR valid_to >= ${day}::date) ORDER BY valid_from DESC, version DESC LIMIT 1`,
  );
  return f;
}

export async function insertAnswersBulk(
  db: Executor,
  link: { id: string; facilityId: string },
  form: { id: string; definition: SurveyFormDefinition },
  answers: BulkAnswer[],
): Promise<number> {
  if (!answers.length) return 0;
  const [l] = await rows<{ unitPath: string }>(
    db,
    sql`SELECT unit_path::text AS "unitPath" FROM survey_links WHERE id = ${link.id}`,
  );
  const values = answers.map(
    (a) =>
      sql`(${uuidv7()}, ${link.id}, ${link.facilityId}, ${l!.unitPath}::ltree, ${form.id}, ${a.answeredOn}::date,
        ${JSON.stringify(a.answers)}::jsonb, ${isSatisfied(form.definition, a.answers)})`,
  );
  await db.execute(
    sql`INSERT INTO survey_responses (id, link_id, facility_id, unit_path, form_id, answered_on, answers, satisfied)
        VALUES ${sql.join(values, sql`, `)}`,
  );
  return answers.length;
}
