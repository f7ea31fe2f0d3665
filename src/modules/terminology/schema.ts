import { sql } from 'drizzle-orm';
import {
  check,
  date,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Versioned code lists (danh mục): each value is valid from a date, and until a date when a new
 * regulation replaces it. Loaded from reference/codes/*.csv on migrate; later importers add more.
 */
export const codeValues = pgTable(
  'code_values',
  {
    id: uuid('id').primaryKey(),
    system: text('system').notNull(),
    code: text('code').notNull(),
    displayVi: text('display_vi').notNull(),
    displayEn: text('display_en').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    source: text('source'),
  },
  (t) => [
    uniqueIndex('code_values_uq').on(t.system, t.code, t.validFrom),
    check('code_values_dates_ck', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/** Which reference dataset (by content checksum) is loaded, so migrate loads each one once. */
export const referenceDatasets = pgTable('reference_datasets', {
  name: text('name').primaryKey(),
  checksum: text('checksum').notNull(),
  rowCount: integer('row_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
