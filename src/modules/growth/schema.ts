import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/**
 * The WHO growth standards' LMS tables (chuẩn tăng trưởng WHO 2006, tham chiếu WHO 2007), loaded from
 * reference/growth/lms.csv when its checksum changes (the file is made by scripts/build-growth.ts).
 * `x` is the age in days (2006, age-based), the length/height in cm (wfl, wfh) or the age in months (2007).
 */
export const growthLms = pgTable(
  'growth_lms',
  {
    standard: text('standard').notNull(),
    indicator: text('indicator').notNull(),
    sex: smallint('sex').notNull(),
    x: doublePrecision('x').notNull(),
    l: doublePrecision('l').notNull(),
    m: doublePrecision('m').notNull(),
    s: doublePrecision('s').notNull(),
  },
  (t) => [primaryKey({ columns: [t.standard, t.indicator, t.sex, t.x] })],
);

/**
 * A child's measurement (cân đo trẻ em): what was measured and, computed when it was saved, its
 * z-scores by the standard then in force, the WHO flags and the nutrition statuses by the
 * classification list in force on the day (so a past period's prevalence never changes). Rows are
 * corrected by a new row (`replaces_id`), never changed.
 */
export const growthMeasurements = pgTable(
  'growth_measurements',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    /** The child's place on the day it was saved (hamlet or commune): where the measurement counts. */
    unitPath: ltree('unit_path').notNull(),
    measuredOn: date('measured_on', { mode: 'string' }).notNull(),
    ageDays: integer('age_days').notNull(),
    sex: text('sex').$type<'male' | 'female'>().notNull(),
    weightKg: numeric('weight_kg', { precision: 6, scale: 3, mode: 'number' }),
    lengthCm: numeric('length_cm', { precision: 5, scale: 1, mode: 'number' }),
    /** đo nằm (lying) or đo đứng (standing). */
    position: text('position').$type<'lying' | 'standing'>(),
    headCm: numeric('head_cm', { precision: 5, scale: 1, mode: 'number' }),
    muacCm: numeric('muac_cm', { precision: 5, scale: 1, mode: 'number' }),
    /** Phù (bilateral pitting oedema). */
    oedema: boolean('oedema').notNull().default(false),
    standard: text('standard'),
    weightForAge: numeric('z_wfa', { precision: 5, scale: 2, mode: 'number' }),
    lengthForAge: numeric('z_lhfa', { precision: 5, scale: 2, mode: 'number' }),
    weightForLength: numeric('z_wflh', { precision: 5, scale: 2, mode: 'number' }),
    bmiForAge: numeric('z_bmifa', { precision: 5, scale: 2, mode: 'number' }),
    headForAge: numeric('z_hcfa', { precision: 5, scale: 2, mode: 'number' }),
    muacForAge: numeric('z_acfa', { precision: 5, scale: 2, mode: 'number' }),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Codes of the list `nutrition-status` the z-scores meet (stunting, wasting …). */
    statuses: text('statuses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    replacesId: uuid('replaces_id'),
    /** Set when a later row corrects this one. */
    replacedBy: uuid('replaced_by'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('growth_measurements_resident_idx').on(t.residentId, t.measuredOn),
    index('growth_measurements_day_idx').on(t.measuredOn),
    index('growth_measurements_unit_path_gist').using('gist', t.unitPath),
    index('growth_measurements_change_seq_idx').on(t.changeSeq),
    check(
      'growth_measurements_position_ck',
      sql`${t.position} is null or ${t.position} in ('lying','standing')`,
    ),
    check('growth_measurements_sex_ck', sql`${t.sex} in ('male','female')`),
    check('growth_measurements_age_ck', sql`${t.ageDays} >= 0`),
  ],
);
