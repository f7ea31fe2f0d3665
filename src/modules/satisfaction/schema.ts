import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey } from '../network/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { SurveyFormDefinition } from './contracts.js';

/**
 * A satisfaction questionnaire version (phiếu khảo sát hài lòng, Decision 3869/QĐ-BYT form 2:
 * outpatients): sections, questions, the answer scale and the rule that makes an answer "satisfied",
 * loaded from reference/satisfaction/ when its checksum changes.
 */
export const surveyForms = pgTable(
  'survey_forms',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    definition: jsonb('definition').$type<SurveyFormDefinition>().notNull(),
    checksum: text('checksum').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_forms_code_version_uq').on(t.code, t.version)],
);

/** A station's public survey link (the QR code on the wall): its key is in the URL. */
export const surveyLinks = pgTable(
  'survey_links',
  {
    id: uuid('id').primaryKey(),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    formCode: text('form_code').notNull(),
    /** The public key in the link (random, unguessable). */
    linkKey: text('link_key').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('survey_links_key_uq').on(t.linkKey),
    index('survey_links_facility_idx').on(t.facilityId),
  ],
);

/**
 * A one-answer token handed out when the public form is opened: only its SHA-256 is kept, and when it
 * was used. Nothing about who opened it (no address, no device).
 */
export const surveyTokens = pgTable(
  'survey_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => surveyLinks.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('survey_tokens_link_idx').on(t.linkId)],
);

/** An anonymous answer: scores per question code, and whether it counts as satisfied by the form's rule. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => surveyLinks.id),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    formId: uuid('form_id')
      .notNull()
      .references(() => surveyForms.id),
    answeredOn: date('answered_on', { mode: 'string' }).notNull(),
    answers: jsonb('answers').$type<Record<string, number | null>>().notNull(),
    satisfied: boolean('satisfied').notNull(),
    changeSeq: changeSeq(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('survey_responses_facility_day_idx').on(t.facilityId, t.answeredOn),
    index('survey_responses_day_idx').on(t.answeredOn),
    index('survey_responses_unit_path_gist').using('gist', t.unitPath),
    index('survey_responses_change_seq_idx').on(t.changeSeq),
    check('survey_responses_day_ck', sql`${t.answeredOn} >= '2000-01-01'`),
  ],
);
