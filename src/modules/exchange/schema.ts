import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types.js';

/**
 * A DHIS2 `dataValueSets` import that was kept (docs/adr/0034, amendment): all or nothing — a payload
 * with any conflict keeps nothing and leaves no row. `scope_path` is the smallest area holding every
 * unit of its values (the listing's scope filter).
 */
export const exchangeImports = pgTable(
  'exchange_imports',
  {
    id: uuid('id').primaryKey(),
    dataSet: text('data_set'),
    completeDate: text('complete_date'),
    scopePath: ltree('scope_path').notNull(),
    valueCount: integer('value_count').notNull(),
    /** Values whose (indicator, part, unit, month) an earlier import had already given. */
    updatedCount: integer('updated_count').notNull().default(0),
    importedById: uuid('imported_by_id'),
    importedBy: text('imported_by').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('exchange_imports_scope_idx').using('gist', t.scopePath)],
);

/**
 * One imported data value: as DHIS2 sent it (data element, category option combo, org unit, period,
 * value) and as ytcs reads it (indicator, which number, unit, month). Kept beside ytcs's own values,
 * never mixed into them: the indicators are still computed from ytcs's data.
 */
export const exchangeImportedValues = pgTable(
  'exchange_imported_values',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => exchangeImports.id, { onDelete: 'cascade' }),
    /** The value's index in the payload's `dataValues`. */
    idx: integer('idx').notNull(),
    dataElement: text('data_element').notNull(),
    categoryOptionCombo: text('category_option_combo'),
    orgUnit: text('org_unit').notNull(),
    dhis2Period: text('dhis2_period').notNull(),
    indicator: text('indicator').notNull(),
    part: text('part').$type<'value' | 'numerator' | 'denominator'>().notNull(),
    unitCode: text('unit_code').notNull(),
    unitPath: ltree('unit_path').notNull(),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    storedBy: text('stored_by'),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.idx] }),
    index('exchange_imported_values_key_idx').on(t.indicator, t.part, t.unitCode, t.period),
    check('exchange_imported_values_part_ck', sql`part IN ('value', 'numerator', 'denominator')`),
  ],
);
