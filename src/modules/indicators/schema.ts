import { date, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { IndicatorDefinition } from './contracts.js';

/**
 * The indicator catalogue, loaded from reference/indicators/catalogue.json (versioned by code +
 * version with validity dates). Every screen, export and API reads its definitions from here.
 */
export const indicatorDefinitions = pgTable(
  'indicator_definitions',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    definition: jsonb('definition').$type<IndicatorDefinition>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.version] })],
);
