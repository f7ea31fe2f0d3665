import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ltree, timestamps } from '../../../db/types.js';
import { unitKey } from '../../network/index.js';
import type { ImportCounts, ImportFormat, ImportRowError, ImportStatus } from './contracts.js';

/**
 * An import of households and residents from a file (nhập danh sách): a job with its progress and its
 * error report. All-or-nothing: a failed import stored nothing but this row.
 */
export const peopleImports = pgTable(
  'people_imports',
  {
    id: uuid('id').primaryKey(),
    /** The commune imported into, and its path (the scope filter). */
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    total: integer('total').notNull().default(0),
    validated: integer('validated').notNull().default(0),
    written: integer('written').notNull().default(0),
    created: jsonb('created')
      .$type<ImportCounts>()
      .notNull()
      .default({ households: 0, residents: 0, cards: 0 }),
    unknownColumns: text('unknown_columns')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    errorCount: integer('error_count').notNull().default(0),
    /** The first errors (IMPORT_MAX_ERRORS at most). */
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    message: text('message'),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('people_imports_unit_path_gist').using('gist', t.unitPath),
    index('people_imports_status_idx').on(t.status),
    check('people_imports_format_ck', sql`${t.format} in ('csv','xlsx')`),
    check('people_imports_status_ck', sql`${t.status} in ('queued','validating','writing','done','failed')`),
  ],
);
