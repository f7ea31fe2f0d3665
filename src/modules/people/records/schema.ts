import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { changeSeq, timestamps } from '../../../db/types.js';
import { residents } from '../residents/schema.js';
import type { HealthRecordDocument, RecordPart } from './contracts.js';

/** The 831 record of one resident: points at its current version; the versions hold the content. */
export const healthRecords = pgTable(
  'health_records',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    currentVersion: integer('current_version').notNull(),
    /** When the content last changed (a new version with changes). */
    lastUpdatedAt: timestamp('last_updated_at', { withTimezone: true }).notNull(),
    /** When someone last reviewed it (Decision 831: yearly). */
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('health_records_resident_uq').on(t.residentId),
    index('health_records_change_seq_idx').on(t.changeSeq),
  ],
);

/** Every version of every 831 record, with who wrote it and when; never updated. */
export const healthRecordVersions = pgTable(
  'health_record_versions',
  {
    id: uuid('id').primaryKey(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => healthRecords.id),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    version: integer('version').notNull(),
    kind: text('kind').$type<'create' | 'update' | 'review'>().notNull(),
    changedParts: text('changed_parts')
      .array()
      .$type<RecordPart[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    document: jsonb('document').$type<HealthRecordDocument>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by'),
    changeSeq: changeSeq(),
  },
  (t) => [
    uniqueIndex('health_record_versions_uq').on(t.recordId, t.version),
    // With the day written: "health-managed" (T5) for a whole province is read from the index alone.
    index('health_record_versions_resident_created_idx').on(t.residentId, t.createdAt),
    index('health_record_versions_change_seq_idx').on(t.changeSeq),
    check('health_record_versions_kind_ck', sql`${t.kind} in ('create','update','review')`),
  ],
);
