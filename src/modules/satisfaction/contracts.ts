// The satisfaction module's contracts (zod, shared with the web): the questionnaire as data (Decision
// 3869/QĐ-BYT, form 2: outpatients), the public answer, and the results per question and station.
import { z } from 'zod';

const text = z.object({ vi: z.string().min(1), en: z.string().min(1) });

/** A question, in Vietnamese only: the form is the Ministry's, asked in Vietnamese. */
export const surveyQuestion = z.object({
  code: z.string().regex(/^[A-Z][0-9]{1,2}$/),
  vi: z.string().min(1),
});
export const surveySection = z.object({
  code: z.string().regex(/^[A-Z]$/),
  title: text,
  questions: z.array(surveyQuestion).min(1),
});
export const scalePoint = z.object({ score: z.number().int(), label: text });

/**
 * When an answer counts as satisfied (T9): the mean score of the questions answered is at least
 * `minMean`, over at least `minAnswered` questions.
 */
export const satisfiedRule = z.object({
  kind: z.literal('mean_at_least'),
  minMean: z.number().min(1).max(5),
  minAnswered: z.number().int().min(1),
  description: text,
});

export const surveyFormDefinition = z.object({
  code: z.string().min(1),
  version: z.number().int().positive(),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  title: text,
  source: z.string().min(1),
  scale: z.array(scalePoint).min(2),
  sections: z.array(surveySection).min(1),
  satisfiedRule,
});
export type SurveyFormDefinition = z.infer<typeof surveyFormDefinition>;

/** What the public page gets: the station's name, the form and a one-answer token. */
export const publicSurveyOut = z.object({
  stationName: z.string(),
  form: z.custom<SurveyFormDefinition>(),
  token: z.string(),
});
export type PublicSurvey = z.infer<typeof publicSurveyOut>;

export const publicAnswerInput = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, 'a survey token'),
  /** Score per question code; null: not used / no opinion. */
  answers: z.record(z.string().regex(/^[A-Z][0-9]{1,2}$/), z.number().int().min(1).max(5).nullable()),
});
export const publicAnswerOut = z.object({ accepted: z.literal(true) });

export const surveyLinkOut = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  unitCode: z.string(),
  linkKey: z.string(),
  /** Path of the public page, to be put after the site's address (and into the QR code). */
  path: z.string(),
  active: z.boolean(),
});
export type SurveyLink = z.infer<typeof surveyLinkOut>;
export const surveyLinkList = z.object({ items: z.array(surveyLinkOut) });

export const questionResult = z.object({
  code: z.string(),
  answers: z.number().int(),
  mean: z.number().nullable(),
  /** Share (%) of answers scored 4 or 5. */
  satisfiedShare: z.number().nullable(),
  counts: z.record(z.string(), z.number().int()),
});
export const stationResults = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  from: z.string(),
  to: z.string(),
  answers: z.number().int(),
  satisfied: z.number().int(),
  satisfiedShare: z.number().nullable(),
  questions: z.array(questionResult),
});
export type StationResults = z.infer<typeof stationResults>;
