// A province's plan (kế hoạch) as targets with deadlines and responsible agencies, each linked to an
// indicator of the catalogue, so that the periodic review (sơ kết, tổng kết) reads the live values.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { unitKey } from '../network/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey(),
    /** The plan's number (số hiệu), e.g. 176/KH-UBND. */
    number: text('number').notNull(),
    title: text('title').notNull(),
    issuer: text('issuer').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** The unit the plan is for (a province, or a commune): its scope. */
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    source: text('source'),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('plans_unit_number_uq').on(t.unitId, t.number),
    index('plans_unit_path_gist').using('gist', t.unitPath),
    check('plans_dates_ck', sql`${t.endsOn} >= ${t.issuedOn}`),
  ],
);

/**
 * A target of a plan (mục tiêu, chỉ tiêu): as the plan words it, the indicator that measures it (its
 * value, or its numerator when the plan counts things: "13 district centres"), the value to reach by
 * the deadline, and the agency responsible (cơ quan chủ trì).
 */
export const planTargets = pgTable(
  'plan_targets',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    ordinal: integer('ordinal').notNull(),
    textVi: text('text_vi').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    measure: text('measure').$type<'value' | 'numerator'>().notNull(),
    operator: text('operator').$type<'>=' | '>' | '<=' | '<'>().notNull(),
    targetValue: numeric('target_value', { precision: 14, scale: 2 }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    agency: text('agency').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('plan_targets_ordinal_uq').on(t.planId, t.ordinal),
    check('plan_targets_measure_ck', sql`${t.measure} IN ('value','numerator')`),
    check('plan_targets_operator_ck', sql`${t.operator} IN ('>=','>','<=','<')`),
  ],
);
