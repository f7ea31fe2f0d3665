import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey, staffKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type {
  CallOutcome,
  EnrolmentEndReason,
  EnrolmentSource,
  NcdCondition,
  RemovalReason,
  TreatmentPlanOut,
} from './contracts.js';

/**
 * Đăng ký quản lý bệnh không lây nhiễm: one row per person and condition (Decision 5904). The row's
 * `unit_path` is where the person lives now (for scope and lists; a transfer moves it); the monthly
 * cohort places a person by the people module's place of the day, so past months stay as they were.
 */
export const ncdEnrolments = pgTable(
  'ncd_enrolments',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    condition: text('condition').$type<NcdCondition>().notNull(),
    diagnosedOn: date('diagnosed_on', { mode: 'string' }).notNull(),
    source: text('source').$type<EnrolmentSource>().notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    facilityId: facilityKey('facility_id').notNull(),
    clinicianId: staffKey('clinician_id'),
    unitPath: ltree('unit_path').notNull(),
    plan: jsonb('plan').$type<TreatmentPlanOut>(),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason').$type<EnrolmentEndReason>(),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('ncd_enrolments_uq').on(t.residentId, t.condition),
    index('ncd_enrolments_unit_path_gist').using('gist', t.unitPath),
    index('ncd_enrolments_condition_registered_idx').on(t.condition, t.registeredOn),
    index('ncd_enrolments_change_seq_idx').on(t.changeSeq),
    check('ncd_enrolments_condition_ck', sql`${t.condition} in ('hypertension','diabetes','copd','asthma')`),
    check('ncd_enrolments_source_ck', sql`${t.source} in ('screened_here','referred','known')`),
    check('ncd_enrolments_dates_ck', sql`${t.diagnosedOn} <= ${t.registeredOn}`),
    check('ncd_enrolments_end_ck', sql`(${t.endedOn} is null) = (${t.endReason} is null)`),
  ],
);

/**
 * Cuộc gọi cho người quá hẹn: one row per call, never changed. `hidden_until` is when the person
 * comes back on the overdue list (null for a removal: until their due date changes).
 */
export const ncdCalls = pgTable(
  'ncd_calls',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    /** Where the person lived when called (the overdue list's place). */
    unitPath: ltree('unit_path').notNull(),
    outcome: text('outcome').$type<CallOutcome>().notNull(),
    removalReason: text('removal_reason').$type<RemovalReason>(),
    note: text('note'),
    /** The follow-up due date the call was about. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    calledOn: date('called_on', { mode: 'string' }).notNull(),
    hiddenUntil: date('hidden_until', { mode: 'string' }),
    calledAt: timestamp('called_at', { withTimezone: true }).notNull().defaultNow(),
    calledBy: text('called_by').notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    index('ncd_calls_resident_idx').on(t.residentId, t.calledAt),
    index('ncd_calls_unit_path_gist').using('gist', t.unitPath),
    index('ncd_calls_called_on_idx').on(t.calledOn),
    index('ncd_calls_change_seq_idx').on(t.changeSeq),
    check(
      'ncd_calls_outcome_ck',
      sql`${t.outcome} in ('agreed_to_visit','remind_to_call_later','removed_from_overdue_list')`,
    ),
    check(
      'ncd_calls_reason_ck',
      sql`(${t.outcome} = 'removed_from_overdue_list') = (${t.removalReason} is not null)`,
    ),
  ],
);

/**
 * The programme's definitions as versioned data (reference/ncd/*.json, docs/adr/0009): `control`
 * (thresholds, glucose bands, overdue and call rules) and `risk` (the T6 high-risk rules), each
 * version valid from a date until a date (exclusive). The SQL reads the version in force on the day.
 */
export const ncdDefinitions = pgTable(
  'ncd_definitions',
  {
    kind: text('kind').$type<'control' | 'risk'>().notNull(),
    version: text('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.version] }),
    index('ncd_definitions_change_seq_idx').on(t.changeSeq),
    check('ncd_definitions_kind_ck', sql`${t.kind} in ('control','risk')`),
  ],
);
