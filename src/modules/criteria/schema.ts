import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { unitKey } from '../network/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { CriteriaSetDefinition, PrefillValue } from './contracts.js';

/** Binary content (an evidence file), bounded in size by the service. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A version of the national commune health criteria (bộ tiêu chí quốc gia về y tế xã, Decision
 * 1300/QĐ-BYT): the criteria, their indicators (chỉ tiêu) with points and knock-outs, the pass rule and
 * the validity of an approval, as loaded from reference/criteria/ or by an administrator. The version
 * in force on an assessment's year end scores it; an assessment keeps the version it was scored by.
 */
export const criteriaSets = pgTable(
  'criteria_sets',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    definition: jsonb('definition').$type<CriteriaSetDefinition>().notNull(),
    checksum: text('checksum').notNull(),
    loadedBy: text('loaded_by').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('criteria_sets_code_version_uq').on(t.code, t.version)],
);

/**
 * A commune's yearly self-assessment (tự đánh giá) against a criteria version: the points per
 * indicator, the values ytcs pre-filled with their sources, the score, and its way through submission
 * (trạm y tế) and review (tuyến trên: the province). Approved assessments are final.
 */
export const criteriaAssessments = pgTable(
  'criteria_assessments',
  {
    id: uuid('id').primaryKey(),
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    year: integer('year').notNull(),
    setId: uuid('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    status: text('status').$type<'draft' | 'submitted' | 'returned' | 'approved'>().notNull(),
    /** Points given per indicator code. */
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    prefill: jsonb('prefill').$type<PrefillValue[]>().notNull(),
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    passed: boolean('passed').notNull(),
    note: text('note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by'),
    reviewNote: text('review_note'),
    /** The day the upper level approved it, and the last day the result stands (3 years). */
    approvedOn: date('approved_on', { mode: 'string' }),
    validUntil: date('valid_until', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('criteria_assessments_unit_year_uq').on(t.unitId, t.year),
    index('criteria_assessments_unit_path_gist').using('gist', t.unitPath),
    index('criteria_assessments_change_seq_idx').on(t.changeSeq),
    check('criteria_assessments_status_ck', sql`${t.status} in ('draft','submitted','returned','approved')`),
  ],
);

/** An evidence file (minh chứng) of an assessment, kept in the database (bounded: see service.ts). */
export const criteriaEvidence = pgTable(
  'criteria_evidence',
  {
    id: uuid('id').primaryKey(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => criteriaAssessments.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('criteria_evidence_assessment_idx').on(t.assessmentId)],
);
