// What the surveillance module puts on the worklist (src/core/worklist.ts): the cases of residents counted
// by an alert not yet closed (ca bệnh trong ổ dịch đang cảnh báo) — to visit, investigate and follow up
// (điều tra, giám sát ca bệnh) until the upper level closes the alert. The alert itself is for the upper
// level (the alerts page); the station's work is with the people. Cases of people not on record are on
// the station's case list, not the worklist (which names residents).
import { sql } from 'drizzle-orm';
import { TIME_ZONE } from '../../core/clock.js';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';

export const alertCaseDue = dueItems(
  'surveillance.alert_case',
  'person.read',
  ['disease_cases', 'outbreak_alerts'],
  (ctx) => sql`
    SELECT DISTINCT ON (c.id) 'surveillance.alert_case'::text AS kind, c.id::text AS ref_id, c.resident_id, c.unit_path,
           (a.raised_at AT TIME ZONE ${TIME_ZONE})::date AS due_on, 0 AS priority,
           'surveillance.alert_case'::text AS reason,
           jsonb_build_object('disease', c.disease, 'onsetOn', c.onset_on::text, 'alertStatus', a.status,
             'diseaseName', coalesce(n.vi, c.disease), 'diseaseNameEn', coalesce(n.en, c.disease)) AS detail
      FROM disease_cases c
      JOIN outbreak_alerts a ON a.disease = c.disease AND c.unit_path <@ a.unit_path AND a.status <> 'closed'
           AND c.onset_week BETWEEN a.week - 21 AND a.week
      -- The disease's names from the list in force on the onset day (reference data, no change_seq).
      LEFT JOIN LATERAL (SELECT d->>'vi' AS vi, d->>'en' AS en FROM surveillance_definitions s,
             jsonb_array_elements(s.document->'diseases') d
            WHERE s.kind = 'diseases' AND s.valid_from <= c.onset_on AND (s.valid_to IS NULL OR s.valid_to > c.onset_on)
              AND d->>'code' = c.disease LIMIT 1) n ON true
     WHERE c.unit_path <@ ${ctx.under}::ltree AND c.resident_id IS NOT NULL AND c.classification <> 'discarded'
       AND c.outcome IN ('under_treatment', 'unknown')
     ORDER BY c.id, a.raised_at`,
  {
    people: (since) =>
      sql`SELECT resident_id FROM disease_cases WHERE change_seq > ${since} AND resident_id IS NOT NULL`,
    // An alert raised or closed adds or removes the cases of its whole area.
    everyone: ['outbreak_alerts'],
  },
);

/** The surveillance module's due items, by kind (registered in the worklist module's sources). */
export const surveillanceDueItems: DueItemsRegistry = { [alertCaseDue.kind]: alertCaseDue };
