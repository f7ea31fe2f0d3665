/**
 * Questionnaire ← a version of a satisfaction questionnaire the satisfaction module keeps as data
 * (survey_forms: phiếu khảo sát hài lòng, Decision 3869/QĐ-BYT form 2), id `<code>-v<version>`, its
 * canonical URL `QUESTIONNAIRE_BASE/<code>` with the version. Sections are groups, questions are choices
 * on the form's 1–5 scale. Read and search; versions are loaded from reference/satisfaction, not here.
 */
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { surveyFormVersions } from '../satisfaction/index.js';
import { today } from '../../core/clock.js';
import type { Executor } from '../../db/connection.js';
import { fhirError } from './outcome.js';
import { QUESTIONNAIRE_BASE, SATISFACTION_SCORE } from './systems.js';
import { checkParams, one, type Translator, pageOf } from './translator.js';

export type FormVersion = Awaited<ReturnType<typeof surveyFormVersions>>[number];

export const questionnaireId = (f: { code: string; version: number }) => `${f.code}-v${f.version}`;
/** The canonical reference of a version: `…/Questionnaire/<code>|<version>`. */
export const questionnaireCanonical = (f: { code: string; version: number }) =>
  `${QUESTIONNAIRE_BASE}/${f.code}|${f.version}`;

/**
 * The versions a `questionnaire` value names: a canonical URL with or without `|version`, a
 * `Questionnaire/<id>` reference or a bare id. Undefined when it names none ytcs knows.
 */
export function versionsNamed(forms: FormVersion[], value: string): FormVersion[] {
  const [url, version] = value.split('|');
  if (url!.startsWith(`${QUESTIONNAIRE_BASE}/`)) {
    const code = url!.slice(QUESTIONNAIRE_BASE.length + 1);
    return forms.filter((f) => f.code === code && (!version || String(f.version) === version));
  }
  const id = url!.replace(/^(?:.*\/)?Questionnaire\//, '');
  return forms.filter((f) => questionnaireId(f) === id);
}

/** The version of a code in force on a day (as the satisfaction module picks it). */
export function versionOn(forms: FormVersion[], code: string, day: string): FormVersion | undefined {
  return forms
    .filter((f) => f.code === code && f.validFrom <= day && (!f.validTo || f.validTo >= day))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom) || b.version - a.version)[0];
}

export function questionnaireOf(f: FormVersion): Questionnaire {
  const d = f.definition;
  const options = d.scale.map((p) => ({
    valueCoding: { system: SATISFACTION_SCORE, code: String(p.score), display: p.label.vi },
  }));
  const item: QuestionnaireItem[] = d.sections.map((s) => ({
    linkId: s.code,
    text: s.title.vi,
    type: 'group',
    item: s.questions.map((q) => ({ linkId: q.code, text: q.vi, type: 'choice', answerOption: options })),
  }));
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(f),
    url: `${QUESTIONNAIRE_BASE}/${f.code}`,
    version: String(f.version),
    title: d.title.vi,
    status: f.validTo && f.validTo < today() ? 'retired' : 'active',
    subjectType: ['Organization'],
    language: 'vi',
    description: `${d.title.en}. ${d.source}. ${d.satisfiedRule.description.vi}`,
    effectivePeriod: { start: f.validFrom, ...(f.validTo ? { end: f.validTo } : {}) },
    item,
  };
}

export async function formVersions(db: Executor): Promise<FormVersion[]> {
  return surveyFormVersions(db);
}

const PARAMS = [
  { name: 'url', type: 'uri', documentation: `The canonical URL (${QUESTIONNAIRE_BASE}/<code>)` },
  { name: 'version', type: 'token', documentation: 'The version (1, 2, …)' },
  { name: 'status', type: 'token', documentation: 'active or retired' },
] as const satisfies Translator['searchParams'];

export const questionnaireTranslator: Translator<Questionnaire> = {
  type: 'Questionnaire',
  documentation:
    'Versions of the satisfaction questionnaires of the satisfaction module (Decision 3869/QĐ-BYT form 2), read-only',
  paths: {},
  searchParams: [...PARAMS],
  async read(ctx, id) {
    const f = (await formVersions(ctx.db)).find((x) => questionnaireId(x) === id);
    if (!f) throw fhirError(404, 'not-found', `Questionnaire/${id} not found`);
    return questionnaireOf(f);
  },
  async search(ctx, params, page) {
    checkParams('Questionnaire', params, [...PARAMS]);
    const url = one(params, 'url')?.split('|')[0];
    const version = one(params, 'version');
    const status = one(params, 'status');
    const all = (await formVersions(ctx.db))
      .map(questionnaireOf)
      .filter(
        (q) =>
          (!url || q.url === url) && (!version || q.version === version) && (!status || q.status === status),
      );
    return pageOf(all, page);
  },
};
