/**
 * QuestionnaireResponse ↔ an anonymous answer to a station's satisfaction survey (satisfaction module:
 * survey_responses). The respondent is nobody known: no `source`, no `author`; the `subject` is the
 * station the answers are about (Organization), `authored` the day it was answered, `questionnaire` the
 * form version (questionnaire.ts), one item per question in groups per section, each score a coding
 * of the form's 1–5 scale (a question left without opinion: an item without answer). Answers are
 * never changed: version 1, `lastUpdated` when stored.
 *
 * Create: an answer sent for a station in the sender's area, with the one-answer token the station's
 * public form handed out (`identifier`, system SURVEY_TOKEN): satisfaction's `answerAtStation` checks
 * it exactly as the public route does (the questions of the form in force, scores 1–5, the token spent
 * once within its 24 hours: 409 on reuse) and audits the write. Read and search: `network.read` in the
 * area, as the station's results.
 */
import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import {
  answerAtStation,
  getSurveyResponse,
  listSurveyResponses,
  type SurveyResponseOut,
} from '../satisfaction/index.js';
import { today } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { fhirError, fromAppError, type FieldPaths } from './outcome.js';
import {
  formVersions,
  questionnaireCanonical,
  versionOn,
  versionsNamed,
  type FormVersion,
} from './questionnaire.js';
import { SATISFACTION_SCORE, SURVEY_SATISFIED_EXTENSION, SURVEY_TOKEN } from './systems.js';
import {
  checkParams,
  dateRanges,
  dropped,
  one,
  reference,
  referenceId,
  referenceParam,
  unkept,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
} from './translator.js';

const PATHS: FieldPaths = {
  answers: 'QuestionnaireResponse.item',
  token: `QuestionnaireResponse.identifier`,
  facilityId: 'QuestionnaireResponse.subject',
};
/** The element of a question's answer, wherever its item lies (in a section's group or not). */
const itemPath = (linkId: string) => `QuestionnaireResponse.repeat(item).where(linkId='${linkId}')`;

// ---------------------------------------------------------------- ytcs → FHIR

export function questionnaireResponseOf(
  r: SurveyResponseOut,
  form: FormVersion | undefined,
): QuestionnaireResponse {
  const scale = new Map(form?.definition.scale.map((p) => [p.score, p.label.vi]));
  const itemOf = (code: string, text?: string): QuestionnaireResponseItem | undefined => {
    if (!(code in r.answers)) return undefined;
    const score = r.answers[code];
    const display = score == null ? undefined : scale.get(score);
    return {
      linkId: code,
      ...(text ? { text } : {}),
      ...(score == null
        ? {}
        : {
            answer: [
              {
                valueCoding: {
                  system: SATISFACTION_SCORE,
                  code: String(score),
                  ...(display ? { display } : {}),
                },
              },
            ],
          }),
    };
  };
  const placed = new Set<string>();
  const item: QuestionnaireResponseItem[] = [];
  for (const s of form?.definition.sections ?? []) {
    const answered = s.questions
      .map((q) => (placed.add(q.code), itemOf(q.code, q.vi)))
      .filter((x): x is QuestionnaireResponseItem => Boolean(x));
    if (answered.length) item.push({ linkId: s.code, text: s.title.vi, item: answered });
  }
  // Codes the form version does not list (none today: the service refuses them) stay visible, flat.
  for (const code of Object.keys(r.answers).sort()) if (!placed.has(code)) item.push(itemOf(code)!);
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    meta: { versionId: '1', lastUpdated: r.createdAt },
    extension: [{ url: SURVEY_SATISFIED_EXTENSION, valueBoolean: r.satisfied }],
    questionnaire: questionnaireCanonical({ code: r.formCode, version: r.formVersion }),
    status: 'completed',
    subject: reference('Organization', r.facilityId, r.facilityName),
    authored: r.answeredOn,
    ...(item.length ? { item } : {}),
  };
}

async function toResources(ctx: FhirContext, found: SurveyResponseOut[]): Promise<QuestionnaireResponse[]> {
  if (!found.length) return [];
  const forms = await formVersions(ctx.db);
  return found.map((r) =>
    questionnaireResponseOf(
      r,
      forms.find((f) => f.code === r.formCode && f.version === r.formVersion),
    ),
  );
}

// ---------------------------------------------------------------- FHIR → ytcs

/** A score from an answer: a coding of the scale (or with no system), or an integer. */
function scoreOf(a: QuestionnaireResponseItemAnswer, linkId: string): number {
  const code = a.valueCoding?.code;
  if (code !== undefined && (!a.valueCoding?.system || a.valueCoding.system === SATISFACTION_SCORE))
    return /^-?\d+$/.test(code) ? Number(code) : Number.NaN;
  if (a.valueInteger !== undefined) return a.valueInteger;
  throw fhirError(
    422,
    'invalid',
    `answer a question with a coding of ${SATISFACTION_SCORE} (1–5) or an integer`,
    `${itemPath(linkId)}.answer`,
  );
}

/** The answers of the items, sections' groups or not: question code → score (no answer: null). */
function answersOf(items: QuestionnaireResponseItem[] | undefined, out: Record<string, number | null>): void {
  for (const i of items ?? []) {
    if (i.item?.length) {
      answersOf(i.item, out);
      continue;
    }
    if (i.linkId in out)
      throw fhirError(422, 'duplicate', `the question ${i.linkId} is answered twice`, itemPath(i.linkId));
    if ((i.answer?.length ?? 0) > 1)
      throw fhirError(
        422,
        'invalid',
        `one answer per question (${i.linkId})`,
        `${itemPath(i.linkId)}.answer`,
      );
    const a = i.answer?.[0];
    out[i.linkId] = a ? scoreOf(a, i.linkId) : null;
  }
}

async function create(ctx: FhirContext, q: QuestionnaireResponse): Promise<QuestionnaireResponse> {
  unkept(ctx, q, ['identifier', 'questionnaire', 'status', 'subject', 'authored', 'item']);
  if (q.status !== 'completed')
    throw fhirError(
      422,
      'business-rule',
      `ytcs takes completed answers only, not ${q.status}`,
      'QuestionnaireResponse.status',
    );
  const facilityId = referenceId(q.subject?.reference, 'Organization');
  if (!facilityId)
    throw fhirError(
      422,
      'required',
      'the subject is the station surveyed (Organization/<id>)',
      'QuestionnaireResponse.subject',
    );
  const token = q.identifier?.system === SURVEY_TOKEN ? q.identifier.value : undefined;
  if (!token)
    throw fhirError(
      422,
      'required',
      `give the one-answer token of the station's survey form (identifier of system ${SURVEY_TOKEN})`,
      'QuestionnaireResponse.identifier',
    );
  if (q.questionnaire) {
    const forms = await formVersions(ctx.db);
    const named = versionsNamed(forms, q.questionnaire);
    const inForce = named[0] && versionOn(forms, named[0].code, today());
    if (!inForce || !named.includes(inForce))
      throw fhirError(
        422,
        'business-rule',
        `${q.questionnaire} is not a questionnaire in force today${inForce ? `: answer ${questionnaireCanonical(inForce)}` : ''}`,
        'QuestionnaireResponse.questionnaire',
      );
  }
  if (q.authored && q.authored.slice(0, 10) !== today())
    dropped(
      ctx,
      'QuestionnaireResponse.authored',
      `ytcs records the day an answer is received (${today()}), not ${q.authored}`,
    );
  const answers: Record<string, number | null> = {};
  answersOf(q.item, answers);
  try {
    const saved = await answerAtStation(ctx.db, ctx.actor, uuidOf('Organization', facilityId), {
      token,
      answers,
    });
    return (await toResources(ctx, [saved]))[0]!;
  } catch (err) {
    // The service's field errors on the items they came from (a question unknown, a score outside
    // 1–5); a station outside the area stays an AppError for the route to audit.
    if (err instanceof AppError && !err.denial)
      throw fromAppError(err, ctx.lang, 'QuestionnaireResponse', {
        ...PATHS,
        ...Object.fromEntries(Object.keys(answers).map((c) => [`answers.${c}`, itemPath(c)])),
      });
    throw err;
  }
}

// ---------------------------------------------------------------- search

const PARAMS = [
  {
    name: 'questionnaire',
    type: 'reference',
    documentation: 'The form version (its canonical URL, with or without |version, or Questionnaire/<id>)',
  },
  { name: 'authored', type: 'date', documentation: 'The day answered (eq, ge, le, gt, lt)' },
  { name: 'subject', type: 'reference', documentation: 'The station surveyed (Organization/<facility id>)' },
  { name: 'status', type: 'token', documentation: 'completed (every answer kept is)' },
  { name: '_lastUpdated', type: 'date', documentation: 'The day the answer was stored (days, UTC)' },
] as const satisfies Translator['searchParams'];

async function search(
  ctx: FhirContext,
  params: SearchParams,
  page: Page,
): Promise<SearchResult<QuestionnaireResponse>> {
  checkParams('QuestionnaireResponse', params, [...PARAMS]);
  const none = { resources: [], total: 0 };
  const status = one(params, 'status');
  if (status && status !== 'completed') return none;
  const subject = one(params, 'subject');
  const questionnaire = one(params, 'questionnaire');
  let form: FormVersion | undefined;
  let formCode: string | undefined;
  if (questionnaire) {
    const named = versionsNamed(await formVersions(ctx.db), questionnaire);
    if (!named.length) return none;
    formCode = named[0]!.code;
    // A URL without a version names all its versions; with one, that version.
    if (named.length === 1) form = named[0];
  }
  const authored = dateRanges(params['authored']);
  const stored = dateRanges(params['_lastUpdated']);
  const found = await listSurveyResponses(
    ctx.db,
    ctx.actor,
    {
      facilityId: subject ? uuidOf('Organization', referenceParam(subject, 'Organization')) : undefined,
      formCode,
      formVersion: form?.version,
      from: authored.from,
      to: authored.to,
      storedFrom: stored.from,
      storedTo: stored.to,
    },
    { limit: page.count, offset: page.offset },
  );
  return { resources: await toResources(ctx, found.items), total: found.total };
}

export const questionnaireResponseTranslator: Translator<QuestionnaireResponse> = {
  type: 'QuestionnaireResponse',
  documentation:
    'Anonymous answers to the stations’ satisfaction surveys (satisfaction module); create with the form’s one-answer token',
  paths: PATHS,
  searchParams: [...PARAMS],
  read: async (ctx, id) =>
    (
      await toResources(ctx, [
        await getSurveyResponse(ctx.db, ctx.actor, uuidOf('QuestionnaireResponse', id)),
      ])
    )[0]!,
  search,
  create,
  references: { subject: (q) => [q.subject] },
};
