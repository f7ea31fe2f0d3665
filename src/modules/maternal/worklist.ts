// What the maternal module puts on the worklist (src/core/worklist.ts): antenatal contacts due
// (khám thai đến hẹn) and postnatal contacts due (chăm sóc sau sinh). The next contact of a pregnancy
// under way is the schedule's (list `antenatal-schedule`, in force on the list's day) after the
// contacts already recorded, due at its week of gestation; a pregnancy more than two weeks past its
// EDD with no outcome leaves the list. After a birth, the postnatal schedule's next contact is due
// on its day after the birth, until its window closes. High-risk pregnancies come first.
import { sql, type SQL } from 'drizzle-orm';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';
import { codeValuesRelation, TERMINOLOGY_SOURCES } from '../terminology/index.js';
import { ANTENATAL_SCHEDULE, POSTNATAL_SCHEDULE } from './rules.js';

const inForce = (alias: string, day: string) =>
  sql`${sql.raw(alias)}.valid_from <= ${day}::date AND (${sql.raw(alias)}.valid_to IS NULL OR ${sql.raw(alias)}.valid_to > ${day}::date)`;

/**
 * The mothers whose pregnancies or contacts (of `contacts`) were written after `since`. The schedules
 * are code lists versioned by the days they are in force (no change sequence): a new version takes
 * effect from a day, and a new day computes a device's whole list again.
 */
function pregnanciesChangedSince(since: SQL, contacts: 'antenatal_contacts' | 'postnatal_contacts'): SQL {
  const contactRows =
    contacts === 'antenatal_contacts'
      ? sql`SELECT p.resident_id FROM antenatal_contacts a JOIN pregnancies p ON p.id = a.pregnancy_id WHERE a.change_seq > ${since}`
      : sql`SELECT p.resident_id FROM postnatal_contacts a JOIN pregnancies p ON p.id = a.pregnancy_id WHERE a.change_seq > ${since}`;
  return sql`SELECT resident_id FROM pregnancies WHERE change_seq > ${since} UNION ALL ${contactRows}`;
}

export const antenatalDue = dueItems(
  'maternal.antenatal',
  'person.read',
  ['pregnancies', 'antenatal_contacts', ...TERMINOLOGY_SOURCES.codes],
  (ctx) => sql`
    SELECT 'maternal.antenatal'::text AS kind, p.id::text AS ref_id, p.resident_id, p.unit_path,
           (coalesce(p.lmp, p.edd - 280) + (s.properties->>'due_week')::int * 7)::date AS due_on,
           CASE p.risk_level WHEN 'high' THEN 1 WHEN 'watch' THEN 3 ELSE 5 END AS priority,
           'maternal.antenatal_due'::text AS reason,
           jsonb_build_object('contact', n.done + 1, 'edd', p.edd::text, 'riskLevel', p.risk_level) AS detail
      FROM pregnancies p
      CROSS JOIN LATERAL (SELECT count(*)::int AS done FROM antenatal_contacts a WHERE a.pregnancy_id = p.id) n
      JOIN ${codeValuesRelation} s ON s.system = ${ANTENATAL_SCHEDULE} AND (s.properties->>'contact')::int = n.done + 1
           AND ${inForce('s', ctx.today)}
     WHERE p.unit_path <@ ${ctx.under}::ltree AND p.ended_on IS NULL AND p.edd >= ${ctx.today}::date - 14
       AND (coalesce(p.lmp, p.edd - 280) + (s.properties->>'due_week')::int * 7)::date <= ${ctx.until}::date`,
  { people: (since) => pregnanciesChangedSince(since, 'antenatal_contacts'), everyone: [] },
);

export const postnatalDue = dueItems(
  'maternal.postnatal',
  'person.read',
  ['pregnancies', 'postnatal_contacts', ...TERMINOLOGY_SOURCES.codes],
  (ctx) => sql`
    SELECT 'maternal.postnatal'::text AS kind, p.id::text AS ref_id, p.resident_id, p.unit_path,
           (p.ended_on + (s.properties->>'due_day')::int)::date AS due_on,
           CASE WHEN p.risk_level = 'high' OR p.outcome = 'stillbirth' THEN 1 ELSE 3 END AS priority,
           'maternal.postnatal_due'::text AS reason,
           jsonb_build_object('contact', n.done + 1, 'birthDate', p.ended_on::text) AS detail
      FROM pregnancies p
      CROSS JOIN LATERAL (SELECT count(*)::int AS done FROM postnatal_contacts a WHERE a.pregnancy_id = p.id) n
      JOIN ${codeValuesRelation} s ON s.system = ${POSTNATAL_SCHEDULE} AND (s.properties->>'contact')::int = n.done + 1
           AND ${inForce('s', ctx.today)}
     WHERE p.unit_path <@ ${ctx.under}::ltree AND p.outcome IN ('live_birth', 'stillbirth')
       AND p.ended_on >= ${ctx.today}::date - 60
       AND (p.ended_on + (s.properties->>'due_day')::int)::date <= ${ctx.until}::date
       AND (p.ended_on + (s.properties->>'window_to_day')::int)::date >= ${ctx.today}::date`,
  { people: (since) => pregnanciesChangedSince(since, 'postnatal_contacts'), everyone: [] },
);

/** The maternal module's due items, by kind (registered in the worklist module's sources). */
export const maternalDueItems: DueItemsRegistry = {
  [antenatalDue.kind]: antenatalDue,
  [postnatalDue.kind]: postnatalDue,
};
