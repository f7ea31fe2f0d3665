/**
 * The ncd module's due items for the worklist (src/core/worklist.ts): follow-ups due or overdue
 * (tái khám bệnh mạn tính; high risk first) and yearly checks of people at high risk (T6) not checked
 * in 12 months. Both read status.ts, the definitions the overdue list and the indicators use.
 */
import { sql } from 'drizzle-orm';
import { dueItems, type DueChanges, type DueItemsRegistry } from '../../core/worklist.js';
import { residentsChangedSince } from '../people/index.js';
import { visitResidentsChangedSince } from '../visits/index.js';
import { NCD_STATUS_SOURCES } from './counters.js';
import { followUps, highRiskOn } from './status.js';

/**
 * Whose follow-up or yearly check may have changed since a change sequence value: their enrolments,
 * calls, visits, population rows or 831 record were written; a new definition changes anyone's.
 */
const changedSince: DueChanges = {
  people: (since) =>
    sql`SELECT resident_id FROM ncd_enrolments WHERE change_seq > ${since}
        UNION ALL SELECT resident_id FROM ncd_calls WHERE change_seq > ${since}
        UNION ALL SELECT resident_id FROM ${visitResidentsChangedSince(since)} v
        UNION ALL SELECT resident_id FROM ${residentsChangedSince(since)} p`,
  everyone: ['ncd_definitions'],
};

export const ncdDueItems: DueItemsRegistry = {
  'ncd.follow_up': dueItems(
    'ncd.follow_up',
    'person.read',
    [...NCD_STATUS_SOURCES, 'ncd_calls'],
    (ctx) =>
      sql`SELECT 'ncd.follow_up'::text AS kind, f.resident_id::text AS ref_id, f.resident_id, f.unit_path, f.due_on,
        CASE WHEN f.high_risk THEN 0 ELSE 4 END AS priority,
        CASE WHEN f.due_on < ${ctx.today}::date THEN 'ncd.follow_up_overdue' ELSE 'ncd.follow_up_due' END AS reason,
        jsonb_build_object('conditions', to_jsonb(f.conditions), 'riskReasons', to_jsonb(f.risk_reasons),
          'daysOverdue', greatest(f.days_overdue, 0),
          'lastBp', CASE WHEN f.systolic IS NULL THEN NULL ELSE f.systolic || '/' || f.diastolic END,
          'lastVisitOn', f.last_visit_on) AS detail
      FROM ${followUps(sql`${ctx.today}::date`, sql`${ctx.under}`, sql`${ctx.until}::date`, ctx.people)} f
      WHERE NOT f.hidden AND NOT f.stale AND f.due_on <= ${ctx.until}::date`,
    changedSince,
  ),
  'ncd.yearly_check': dueItems(
    'ncd.yearly_check',
    'person.read',
    NCD_STATUS_SOURCES,
    (ctx) =>
      sql`SELECT 'ncd.yearly_check'::text AS kind, h.resident_id::text AS ref_id, h.resident_id, h.unit_path,
        h.check_due_on AS due_on, 3 AS priority, 'ncd.yearly_check' AS reason,
        jsonb_build_object('reasons', to_jsonb(h.reasons), 'lastCheckOn', h.last_check_on) AS detail
      FROM ${highRiskOn(sql`${ctx.today}::date`, sql`${ctx.under}`, ctx.people)} h
      WHERE h.check_due_on <= ${ctx.until}::date AND NOT ('ncd_enrolled' = ANY(h.reasons))`,
    changedSince,
  ),
};
