import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ltree, timestamps } from '../../db/types.js';

/**
 * A bulk `$export` (FHIR Bulk Data Access IG v2; docs/adr/0030, amendment): the request, who asked
 * (only they may poll it and download its files), how far the queued job has come and what it wrote.
 * The job (a pg-boss job, bulk-export.ts) works through the patients in id order; `cursor` is the
 * last patient done, advanced in the same transaction as that slice's lines, so a job cut short by a
 * stop resumes where the last committed slice ended: every resource exactly once.
 */
export const fhirExports = pgTable(
  'fhir_exports',
  {
    id: uuid('id').primaryKey(),
    /** `system` (`/$export`: the requester's area), `patient` (`Patient/$export`), `group` (a household). */
    kind: text('kind').$type<'system' | 'patient' | 'group'>().notNull(),
    groupId: uuid('group_id'),
    types: text('types').array().notNull(),
    since: timestamp('since', { withTimezone: true }),
    /** The kick-off URL as the client sent it (the manifest's `request`). */
    request: text('request').notNull(),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
    /** Who asked, as they were then: the job acts as them (scope, permissions, audit). */
    requestedById: uuid('requested_by_id'),
    requestedBy: text('requested_by').notNull(),
    role: text('role').notNull(),
    scopePath: ltree('scope_path').notNull(),
    /** The last patient id exported ('' before the first). */
    cursor: text('cursor').notNull().default(''),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    /** Lines written per resource type (the next line's number). */
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    /** The manifest's `transactionTime`: when the export was accepted. */
    transactionTime: timestamp('transaction_time', { withTimezone: true }).notNull().defaultNow(),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('fhir_exports_requester_idx').on(t.requestedBy, t.createdAt),
    index('fhir_exports_unfinished_idx')
      .on(t.status)
      .where(sql`status IN ('queued', 'running')`),
    check('fhir_exports_kind_ck', sql`kind IN ('system', 'patient', 'group')`),
    check('fhir_exports_status_ck', sql`status IN ('queued', 'running', 'done', 'failed')`),
  ],
);

/**
 * The NDJSON lines of an export, one resource a row (the files are ranges of lines of one type:
 * bulk-export.ts `FILE_LINES` a file). Stored in the database so that both PGlite and PostgreSQL
 * keep them; removed with their export (a DELETE of the status URL).
 */
export const fhirExportLines = pgTable(
  'fhir_export_lines',
  {
    exportId: uuid('export_id')
      .notNull()
      .references(() => fhirExports.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** The line's number within its type, from 0. */
    seq: integer('seq').notNull(),
    /** The resource's id: a resource appears once per export (the key below). */
    resourceId: text('resource_id').notNull(),
    line: text('line').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.exportId, t.type, t.seq] }),
    uniqueIndex('fhir_export_lines_resource_uq').on(t.exportId, t.type, t.resourceId),
  ],
);
