// Satisfaction surveys (khảo sát sự hài lòng người bệnh, Decision 3869/QĐ-BYT form 2): the
// questionnaire as data, a public link per station (its QR code on the wall), one-answer tokens handed
// out when the form is opened, anonymous answers (no name, no address, no device: nothing personal),
// and the results per question and station. T9's counters are counters.ts.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, deniedNotFound, invalid, notFound, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, getFacility, unitsRelation } from '../network/index.js';
import { loadedChecksum, recordDatasetLoad } from '../terminology/index.js';
import {
  publicAnswerInput,
  surveyFormDefinition,
  type PublicSurvey,
  type StationResults,
  type SurveyFormDefinition,
  type SurveyLink,
} from './contracts.js';

export const FORM_FILE = fileURLToPath(
  new URL('../../../reference/satisfaction/outpatient-3869.json', import.meta.url),
);
const DATASET = 'satisfaction:outpatient-3869';
/** How long a token handed out with the form may be used (hours). */
export const TOKEN_HOURS = 24;

/** Loads reference/satisfaction/outpatient-3869.json when it changed; its question count, or null. */
export async function loadSurveyForms(db: Orm, file = FORM_FILE): Promise<number | null> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  if ((await loadedChecksum(db, DATASET)) === checksum) return null;
  const form = surveyFormDefinition.parse(JSON.parse(text));
  const questions = form.sections.reduce((s, x) => s + x.questions.length, 0);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO survey_forms (id, code, version, valid_from, valid_to, definition, checksum)
          VALUES (${uuidv7()}, ${form.code}, ${form.version}, ${form.validFrom}, ${form.validTo}, ${JSON.stringify(form)}::jsonb, ${checksum})
          ON CONFLICT (code, version) DO UPDATE SET valid_from = excluded.valid_from, valid_to = excluded.valid_to,
            definition = excluded.definition, checksum = excluded.checksum, loaded_at = now()`,
    );
    await recordDatasetLoad(tx, DATASET, checksum, questions);
  });
  return questions;
}

async function formInForce(
  db: Executor,
  code: string,
  day: string,
): Promise<{ id: string; definition: SurveyFormDefinition }> {
  const [f] = await rows<{ id: string; definition: SurveyFormDefinition }>(
    db,
    sql`SELECT id, definition FROM survey_forms WHERE code = ${code} AND valid_from <= ${day}::date
          AND (valid_to IS NULL OR valid_to >= ${day}::date) ORDER BY valid_from DESC, version DESC LIMIT 1`,
  );
  if (!f) throw notFound('Survey form');
  return f;
}

/** Whether an answer is satisfied by the form's rule (the mean of the questions answered). */
export function isSatisfied(form: SurveyFormDefinition, answers: Record<string, number | null>): boolean {
  const given = Object.values(answers).filter((v): v is number => typeof v === 'number');
  if (given.length < form.satisfiedRule.minAnswered) return false;
  return given.reduce((s, v) => s + v, 0) / given.length >= form.satisfiedRule.minMean - 1e-9;
}

const linkPath = (key: string) => `/khao-sat/${key}`;
interface LinkRow {
  id: string;
  facilityId: string;
  facilityName: string;
  unitCode: string;
  unitPath: string;
  linkKey: string;
  active: boolean;
  formCode: string;
}
const linkSelect = sql`SELECT l.id, l.facility_id AS "facilityId", f.name AS "facilityName", u.code AS "unitCode",
    l.unit_path::text AS "unitPath", l.link_key AS "linkKey", l.active, l.form_code AS "formCode"
  FROM survey_links l JOIN ${facilitiesRelation} f ON f.id = l.facility_id JOIN ${unitsRelation} u ON u.id = f.unit_id`;
const linkOut = (l: LinkRow): SurveyLink => ({
  id: l.id,
  facilityId: l.facilityId,
  facilityName: l.facilityName,
  unitCode: l.unitCode,
  linkKey: l.linkKey,
  path: linkPath(l.linkKey),
  active: l.active,
});

/** The station's public survey link (made on first request: one active link a station). */
export async function stationLink(db: Orm, actor: Actor, facilityId: string): Promise<SurveyLink> {
  requirePermission(actor, 'surveys.manage');
  const facility = await getFacility(db, actor, facilityId);
  if (facility.kind !== 'commune_station')
    throw invalid([
      {
        path: 'params.facilityId',
        code: 'not_a_station',
        message: 'Survey links are made for commune stations',
        text: {
          vi: 'Chỉ tạo đường dẫn khảo sát cho trạm y tế xã',
          en: 'Survey links are made for commune stations',
        },
      },
    ]);
  return db.transaction(async (tx) => {
    const [found] = await rows<LinkRow>(
      tx,
      sql`${linkSelect} WHERE l.facility_id = ${facilityId} AND l.active`,
    );
    if (found) return linkOut(found);
    const id = uuidv7();
    await tx.execute(
      sql`INSERT INTO survey_links (id, facility_id, unit_path, form_code, link_key, created_by)
          VALUES (${id}, ${facilityId}, ${facility.unitPath}::ltree, 'outpatient-3869', ${randomBytes(18).toString('base64url')}, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'survey_link',
      entityId: id,
      unitPath: facility.unitPath,
    });
    const [row] = await rows<LinkRow>(tx, sql`${linkSelect} WHERE l.id = ${id}`);
    return linkOut(row!);
  });
}

/** The active links in the caller's scope. */
export async function listLinks(db: Executor, actor: Actor): Promise<SurveyLink[]> {
  requirePermission(actor, 'surveys.manage');
  return (
    await rows<LinkRow>(
      db,
      sql`${linkSelect} WHERE l.active AND l.unit_path <@ ${actor.scopePath}::ltree ORDER BY f.name LIMIT 2000`,
    )
  ).map(linkOut);
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const unknownLink = () =>
  new AppError('not-found', 'This survey link does not exist or was withdrawn', {
    errors: [
      {
        path: 'params.key',
        code: 'unknown_link',
        message: 'This survey link does not exist or was withdrawn',
        text: {
          vi: 'Đường dẫn khảo sát không tồn tại hoặc đã ngừng',
          en: 'This survey link does not exist or was withdrawn',
        },
      },
    ],
  });

/** Opens the public form (no sign-in): the station, the form and a new one-answer token. */
export async function openPublicSurvey(db: Orm, key: string): Promise<PublicSurvey> {
  const [link] = await rows<LinkRow>(db, sql`${linkSelect} WHERE l.link_key = ${key} AND l.active`);
  if (!link) throw unknownLink();
  const form = await formInForce(db, link.formCode, today());
  const token = randomBytes(32).toString('base64url');
  await db.execute(sql`INSERT INTO survey_tokens (token_hash, link_id) VALUES (${hash(token)}, ${link.id})`);
  return { stationName: link.facilityName, form: form.definition, token };
}

/**
 * Records an anonymous answer given with a token from `openPublicSurvey`: accepted once per token
 * (a second use is refused with 409 and counts nothing), within TOKEN_HOURS of opening the form.
 */
export async function answerPublicSurvey(
  db: Orm,
  key: string,
  input: { token: string; answers: Record<string, number | null> },
): Promise<{ accepted: true }> {
  const [link] = await rows<LinkRow>(db, sql`${linkSelect} WHERE l.link_key = ${key} AND l.active`);
  if (!link) throw unknownLink();
  await answerOnLink(db, link, input);
  return { accepted: true as const };
}

/**
 * Records an answer on a link (its id): the questions checked against the form in force, the token
 * spent in the same transaction as the answer is stored. With an actor (an answer sent by a signed-in
 * system, e.g. through FHIR), the write is audited as that account's.
 */
async function answerOnLink(
  db: Orm,
  link: LinkRow,
  input: { token: string; answers: Record<string, number | null> },
  actor?: Actor,
): Promise<string> {
  const day = today();
  const form = await formInForce(db, link.formCode, day);
  const codes = new Set(form.definition.sections.flatMap((s) => s.questions.map((q) => q.code)));
  const errors: FieldError[] = Object.keys(input.answers)
    .filter((c) => !codes.has(c))
    .map((c) => ({
      path: `body.answers.${c}`,
      code: 'unknown_question',
      message: `No question ${c} on this form`,
      text: { vi: `Phiếu không có câu ${c}`, en: `No question ${c} on this form` },
    }));
  const given = Object.values(input.answers).filter((v) => v !== null).length;
  if (given < form.definition.satisfiedRule.minAnswered)
    errors.push({
      path: 'body.answers',
      code: 'too_small',
      message: 'Answer at least one question',
      text: { vi: 'Hãy trả lời ít nhất một câu hỏi', en: 'Answer at least one question' },
    });
  if (errors.length) throw invalid(errors, 'The answer has invalid fields');
  return db.transaction(async (tx) => {
    const [used] = await rows<{ ok: boolean }>(
      tx,
      sql`UPDATE survey_tokens SET used_at = now() WHERE token_hash = ${hash(input.token)} AND link_id = ${link.id}
            AND used_at IS NULL AND issued_at > now() - make_interval(hours => ${TOKEN_HOURS}) RETURNING true AS ok`,
    );
    if (!used) {
      const [t] = await rows<{ usedAt: string | null }>(
        tx,
        sql`SELECT used_at::text AS "usedAt" FROM survey_tokens WHERE token_hash = ${hash(input.token)} AND link_id = ${link.id}`,
      );
      if (t?.usedAt)
        throw conflict('This form was already answered', [
          {
            path: 'body.token',
            code: 'already_answered',
            message: 'This form was already answered',
            text: {
              vi: 'Phiếu này đã được gửi, mỗi phiếu chỉ gửi một lần',
              en: 'This form was already answered; each form is sent once',
            },
          },
        ]);
      throw invalid([
        {
          path: 'body.token',
          code: 'invalid_token',
          message: 'The form has expired: open the link again',
          text: {
            vi: 'Phiếu đã hết hạn: hãy mở lại đường dẫn',
            en: 'The form has expired: open the link again',
          },
        },
      ]);
    }
    const id = uuidv7();
    await tx.execute(
      sql`INSERT INTO survey_responses (id, link_id, facility_id, unit_path, form_id, answered_on, answers, satisfied)
          VALUES (${id}, ${link.id}, ${link.facilityId}, ${link.unitPath}::ltree, ${form.id}, ${day}::date,
            ${JSON.stringify(input.answers)}::jsonb, ${isSatisfied(form.definition, input.answers)})`,
    );
    if (actor)
      await audit(tx, actor, {
        action: 'create',
        entityType: 'survey_response',
        entityId: id,
        unitPath: link.unitPath,
      });
    return id;
  });
}

/** A station's results over [from, to]: answers, satisfied share, and per question the mean and counts. */
export async function stationResults(
  db: Executor,
  actor: Actor,
  facilityId: string,
  range: { from: string; to: string },
): Promise<StationResults> {
  requirePermission(actor, 'network.read');
  const facility = await getFacility(db, actor, facilityId);
  if (!inScope(actor, facility.unitPath))
    throw deniedNotFound('Facility', { entityType: 'facility', entityId: facilityId });
  const [total] = await rows<{ answers: number; satisfied: number }>(
    db,
    sql`SELECT count(*)::int AS answers, count(*) FILTER (WHERE satisfied)::int AS satisfied FROM survey_responses
        WHERE facility_id = ${facilityId} AND answered_on BETWEEN ${range.from}::date AND ${range.to}::date`,
  );
  const perQuestion = await rows<{ code: string; score: number; n: number }>(
    db,
    sql`SELECT a.key AS code, a.value::int AS score, count(*)::int AS n
        FROM survey_responses r, jsonb_each_text(r.answers) a
        WHERE r.facility_id = ${facilityId} AND r.answered_on BETWEEN ${range.from}::date AND ${range.to}::date AND a.value IS NOT NULL
        GROUP BY a.key, a.value::int`,
  );
  const form = await formInForce(db, 'outpatient-3869', range.to < today() ? range.to : today());
  const questions = form.definition.sections
    .flatMap((s) => s.questions)
    .map((q) => {
      const mine = perQuestion.filter((p) => p.code === q.code);
      const n = mine.reduce((s, p) => s + p.n, 0);
      const sum = mine.reduce((s, p) => s + p.n * p.score, 0);
      const good = mine.filter((p) => p.score >= 4).reduce((s, p) => s + p.n, 0);
      return {
        code: q.code,
        answers: n,
        mean: n ? Math.round((sum / n) * 100) / 100 : null,
        satisfiedShare: n ? Math.round((good / n) * 10000) / 100 : null,
        counts: Object.fromEntries(mine.map((p) => [String(p.score), p.n])),
      };
    });
  return {
    facilityId,
    facilityName: facility.name,
    from: range.from,
    to: range.to,
    answers: total!.answers,
    satisfied: total!.satisfied,
    satisfiedShare: total!.answers ? Math.round((total!.satisfied / total!.answers) * 10000) / 100 : null,
    questions,
  };
}

// ---------------------------------------------------------------- answers one by one (FHIR)

/** An anonymous answer as other modules read it (the FHIR QuestionnaireResponse): nothing personal. */
export interface SurveyResponseOut {
  id: string;
  facilityId: string;
  facilityName: string;
  /** The GSO code of the station's commune. */
  unitCode: string;
  formCode: string;
  formVersion: number;
  answeredOn: string;
  answers: Record<string, number | null>;
  satisfied: boolean;
  /** When it was stored (ISO instant); answers are never changed. */
  createdAt: string;
}

const responseSelect = sql`SELECT r.id, r.facility_id AS "facilityId", f.name AS "facilityName", u.code AS "unitCode",
    sf.code AS "formCode", sf.version AS "formVersion", r.answered_on::text AS "answeredOn", r.answers, r.satisfied,
    to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
  FROM survey_responses r JOIN survey_forms sf ON sf.id = r.form_id
    JOIN ${facilitiesRelation} f ON f.id = r.facility_id JOIN ${unitsRelation} u ON u.id = f.unit_id`;

/** One answer in the caller's area (as the station's results are: `network.read`), or 404. */
export async function getSurveyResponse(db: Executor, actor: Actor, id: string): Promise<SurveyResponseOut> {
  requirePermission(actor, 'network.read');
  const [found] = await rows<SurveyResponseOut>(
    db,
    sql`${responseSelect} WHERE r.id = ${id} AND r.unit_path <@ ${actor.scopePath}::ltree`,
  );
  if (!found) throw deniedNotFound('Survey response', { entityType: 'survey_response', entityId: id });
  return found;
}

export interface SurveyResponseFilter {
  facilityId?: string | undefined;
  formCode?: string | undefined;
  formVersion?: number | undefined;
  /** Days answered, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Days stored (UTC), inclusive. */
  storedFrom?: string | undefined;
  storedTo?: string | undefined;
}

/** The answers in the caller's area, newest first, with their number. */
export async function listSurveyResponses(
  db: Executor,
  actor: Actor,
  filter: SurveyResponseFilter,
  page: { limit: number; offset: number },
): Promise<{ items: SurveyResponseOut[]; total: number }> {
  requirePermission(actor, 'network.read');
  const where = sql.join(
    [
      sql`r.unit_path <@ ${actor.scopePath}::ltree`,
      ...(filter.facilityId ? [sql`r.facility_id = ${filter.facilityId}`] : []),
      ...(filter.formCode ? [sql`sf.code = ${filter.formCode}`] : []),
      ...(filter.formVersion !== undefined ? [sql`sf.version = ${filter.formVersion}`] : []),
      ...(filter.from ? [sql`r.answered_on >= ${filter.from}::date`] : []),
      ...(filter.to ? [sql`r.answered_on <= ${filter.to}::date`] : []),
      ...(filter.storedFrom
        ? [sql`r.created_at >= ${filter.storedFrom}::date::timestamp AT TIME ZONE 'UTC'`]
        : []),
      ...(filter.storedTo
        ? [sql`r.created_at < (${filter.storedTo}::date + 1)::timestamp AT TIME ZONE 'UTC'`]
        : []),
    ],
    sql` AND `,
  );
  const [count] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM survey_responses r JOIN survey_forms sf ON sf.id = r.form_id WHERE ${where}`,
  );
  const items = await rows<SurveyResponseOut>(
    db,
    sql`${responseSelect} WHERE ${where} ORDER BY r.answered_on DESC, r.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return { items, total: count!.n };
}

/**
 * An answer sent by a signed-in system for a station in its area (FHIR QuestionnaireResponse): the same
 * one-answer token from the station's public form, the same checks and the same single use as the public
 * route, on the station's active link; audited as the sender's write. A station outside the area: 404.
 */
export async function answerAtStation(
  db: Orm,
  actor: Actor,
  facilityId: string,
  input: { token: string; answers: Record<string, number | null> },
): Promise<SurveyResponseOut> {
  const parsed = publicAnswerInput.safeParse(input);
  if (!parsed.success)
    throw invalid(
      parsed.error.issues.map((i) => ({
        path: ['body', ...i.path].join('.'),
        code: i.code,
        message: i.message,
      })),
      'The answer has invalid fields',
    );
  const facility = await getFacility(db, actor, facilityId);
  const [link] = await rows<LinkRow>(
    db,
    sql`${linkSelect} WHERE l.facility_id = ${facility.id} AND l.active`,
  );
  if (!link)
    throw invalid([
      {
        path: 'facilityId',
        code: 'no_survey_link',
        message: 'This station has no survey link',
        text: { vi: 'Trạm này chưa có đường dẫn khảo sát', en: 'This station has no survey link' },
      },
    ]);
  const id = await answerOnLink(db, link, parsed.data, actor);
  const [out] = await rows<SurveyResponseOut>(db, sql`${responseSelect} WHERE r.id = ${id}`);
  return out!;
}

/** Every version of the questionnaires kept (survey_forms), oldest first. */
export async function surveyFormVersions(db: Executor): Promise<
  {
    id: string;
    code: string;
    version: number;
    validFrom: string;
    validTo: string | null;
    definition: SurveyFormDefinition;
  }[]
> {
  return rows(
    db,
    sql`SELECT id, code, version, valid_from::text AS "validFrom", valid_to::text AS "validTo", definition
        FROM survey_forms ORDER BY code, version`,
  );
}
