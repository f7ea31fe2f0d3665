// What the visits module puts on the worklist (danh sách việc cần làm; src/core/worklist.ts):
// re-examinations due (hẹn tái khám). A person is due when their latest finished visit set a
// re-examination day that has come (up to the list's look-ahead): any later finished visit, with or
// without a new appointment, answers the old one. Appointments missed by more than a year leave the
// list (the person is followed by the programmes' own lists, e.g. the NCD overdue list, from then on).
import { sql } from 'drizzle-orm';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';
import { PEOPLE_SOURCES, residentsChangedSince, residentsRelation } from '../people/index.js';
import { visitResidentsChangedSince } from './relations.js';

/** Re-examinations whose day has come; the item is placed where the person lives (their hamlet or commune). */
export const reExaminationsDue = dueItems(
  'visits.re_examination',
  'person.read',
  ['visits', 'visit_versions', ...PEOPLE_SOURCES.residents],
  (ctx) => sql`
    SELECT 'visits.re_examination'::text AS kind, last.id::text AS ref_id, last.resident_id,
           last.person_path AS unit_path, last.due_on, 5 AS priority, 're_examination'::text AS reason,
           jsonb_build_object('visitDate', last.visit_date::text, 'diagnosis', last.main_diagnosis) AS detail
      FROM (
        SELECT DISTINCT ON (v.resident_id) v.id, v.resident_id, r.unit_path AS person_path, v.visit_date,
               v.main_diagnosis, (vv.document->>'reExaminationDate')::date AS due_on
          FROM ${residentsRelation} r
          JOIN visits v ON v.resident_id = r.id AND v.status = 'finished'
          JOIN visit_versions vv ON vv.visit_id = v.id AND vv.version = v.current_version
         WHERE r.unit_path <@ ${ctx.under}::ltree AND r.status = 'active'
           ${ctx.people ? sql`AND r.id = ANY(${ctx.people})` : sql``}
         ORDER BY v.resident_id, v.visit_date DESC, v.finished_at DESC, v.id DESC
      ) last
     WHERE last.due_on IS NOT NULL
       AND last.due_on <= ${ctx.until}::date
       AND last.due_on > ${ctx.today}::date - 365`,
  {
    people: (since) =>
      sql`SELECT resident_id FROM ${visitResidentsChangedSince(since)} v
          UNION ALL SELECT resident_id FROM ${residentsChangedSince(since)} p`,
    everyone: [],
  },
);

/** The visits module's due items, by kind (registered in the worklist module's sources). */
export const visitsDueItems: DueItemsRegistry = { [reExaminationsDue.kind]: reExaminationsDue };
