import {
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types.js';
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

/**
 * The computed values of an indicator for a period: numerator and denominator for every unit that
 * has any (units absent have 0 / 0), all computed in one pass over the facts (service.ts
 * `computeAllUnits`) so that a parent is always the sum of its children.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    period: text('period').notNull(),
    unitId: uuid('unit_id').notNull(),
    numerator: doublePrecision('numerator').notNull(),
    denominator: doublePrecision('denominator').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.version, t.period, t.unitId] })],
);

/**
 * The facts of an indicator and period summed at each place they sit (a hamlet, a commune, a unit
 * above for facts placed there): what `indicator_values` rolls up the tree. When a write touches a
 * commune, its places are recomputed and the difference added to the commune's ancestors
 * (docs/adr/0021), so a province is never recomputed for a write in one of its communes.
 */
export const indicatorPlaceValues = pgTable(
  'indicator_place_values',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    period: text('period').notNull(),
    place: ltree('place').notNull(),
    numerator: doublePrecision('numerator').notNull(),
    denominator: doublePrecision('denominator').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.version, t.period, t.place] })],
);

/**
 * When the values of an indicator and period were computed, for which day (`as_of`: the period's end,
 * or today for the running period), and the high-water mark of `change_seq` in each table the
 * counters read: while neither the day nor any mark has moved, the stored values are current.
 */
export const indicatorComputations = pgTable(
  'indicator_computations',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    period: text('period').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    watermark: jsonb('watermark').$type<Record<string, number>>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.version, t.period] })],
);
