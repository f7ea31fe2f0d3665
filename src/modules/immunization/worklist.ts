// What the immunization module puts on the worklist (danh sách việc cần làm; src/core/worklist.ts):
// doses due (mũi tiêm đến hạn) from the children's stored forecasts — the next dose of each series
// not yet given, that may be given by the list's last day and is not past its latest age nor ruled
// out by a condition. Overdue doses come first. A newborn never forecast (no dose recorded yet, the
// session list not opened) is on the list too, from birth: "no immunization recorded".
import { sql, type SQL } from 'drizzle-orm';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';
import { PEOPLE_SOURCES, residentsChangedSince, residentsRelation } from '../people/index.js';

export const immunizationDoseDue = dueItems(
  'immunization.dose',
  'person.read',
  ['immunization_forecasts', ...PEOPLE_SOURCES.residents],
  (ctx) => sql`
    SELECT 'immunization.dose'::text AS kind, (f.resident_id::text || ':' || f.dose) AS ref_id, f.resident_id,
           r.unit_path, f.due_on, CASE WHEN f.overdue_from <= ${ctx.today}::date THEN 3 ELSE 5 END AS priority,
           CASE WHEN f.overdue_from <= ${ctx.today}::date THEN 'immunization_overdue' ELSE 'immunization_due' END AS reason,
           jsonb_build_object('dose', f.dose, 'earliest', f.earliest_on::text, 'overdueFrom', f.overdue_from::text,
             'latest', f.latest_on::text) AS detail
      FROM ${residentsRelation} r
      JOIN immunization_forecasts f ON f.resident_id = r.id
     WHERE r.unit_path <@ ${ctx.under}::ltree AND r.status = 'active' ${onlyPeople(ctx.people)}
       AND f.given_on IS NULL AND f.blocked IS NULL
       AND f.earliest_on <= ${ctx.until}::date AND f.due_on <= ${ctx.until}::date
       AND (f.latest_on IS NULL OR f.latest_on >= ${ctx.today}::date)
       AND NOT EXISTS (SELECT 1 FROM immunization_forecasts p WHERE p.resident_id = f.resident_id AND p.series = f.series
             AND p.dose_no < f.dose_no AND p.given_on IS NULL AND (p.latest_on IS NULL OR p.latest_on >= ${ctx.today}::date))
    UNION ALL
    SELECT 'immunization.dose'::text, (r.id::text || ':none'), r.id, r.unit_path, r.birth_date, 3,
           'immunization_no_record'::text, jsonb_build_object('birthDate', r.birth_date::text)
      FROM ${residentsRelation} r
     WHERE r.unit_path <@ ${ctx.under}::ltree AND r.status = 'active' ${onlyPeople(ctx.people)}
       AND r.birth_date > (${ctx.today}::date - interval '1 year')::date AND r.birth_date <= ${ctx.until}::date
       AND NOT EXISTS (SELECT 1 FROM immunization_forecasts f WHERE f.resident_id = r.id)`,
  {
    people: (since) =>
      sql`SELECT resident_id FROM immunization_forecasts WHERE change_seq > ${since}
          UNION ALL SELECT resident_id FROM ${residentsChangedSince(since)} p`,
    everyone: [],
  },
);

function onlyPeople(people: SQL | undefined): SQL {
  return people ? sql`AND r.id = ANY(${people})` : sql``;
}

/** The immunization module's due items, by kind (registered in the worklist module's sources). */
export const immunizationDueItems: DueItemsRegistry = { [immunizationDoseDue.kind]: immunizationDoseDue };
