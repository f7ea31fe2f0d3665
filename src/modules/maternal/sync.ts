/**
 * What the maternal module gives the offline sync (docs/adr/0033): the pregnancies under way of a
 * scope's active women whose change sequence lies in a range, in sequence order, as the device stores
 * them (as a woman's list shows them: risk factors, antenatal contacts, tetanus protection), with the
 * next antenatal contact of the schedule in force today. A pregnancy goes again when its row, one of
 * its antenatal contacts or the woman's row changes (a woman who comes into the scope brings it
 * along), so its page order is the latest of those sequences. An ended pregnancy comes as a removal.
 */
import { sql } from 'drizzle-orm';
import { today } from '../../core/clock.js';
import { rows, type Executor } from '../../db/connection.js';
import { residentsRelation, type SyncRange, type SyncRow } from '../people/index.js';
import { codeValuesRelation } from '../terminology/index.js';
import { ANTENATAL_SCHEDULE } from './rules.js';
import { pregnanciesById } from './service.js';
import type { PregnancyOut } from './contracts.js';

/** Pregnancies as composed, by id, sequence and day (a few thousand at most). */
const composedCache = new Map<string, PregnancyOut>();
const CACHE_MAX = 5000;

/**
 * Pregnancies of the scope's active women changed in the range: those under way as rows (with
 * `nextContact`), ended ones as removals (not on a first pull, where the device has nothing to remove).
 */
export async function syncPregnancies(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{
    seq: string | number;
    id: string;
    ended: boolean;
    contact: number | null;
    dueOn: string | null;
  }>(
    db,
    sql`WITH touched AS (
          SELECT g.id FROM pregnancies g JOIN ${residentsRelation} p ON p.id = g.resident_id
          WHERE g.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND (g.ended_on IS NULL OR ${r.since} > 0)
          UNION
          SELECT a.pregnancy_id FROM antenatal_contacts a JOIN pregnancies g ON g.id = a.pregnancy_id
            JOIN ${residentsRelation} p ON p.id = g.resident_id
          WHERE a.change_seq > ${r.since} AND g.ended_on IS NULL AND p.unit_path <@ ${r.scopePath}::ltree
            AND p.status = 'active'
          UNION
          SELECT g.id FROM ${residentsRelation} p JOIN pregnancies g ON g.resident_id = p.id
          WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND g.ended_on IS NULL)
        SELECT x.seq, x.id, x.ended, (n.done + 1) AS contact,
          (coalesce(x.lmp, x.edd - 280) + (s.properties->>'due_week')::int * 7)::date::text AS "dueOn"
        FROM (SELECT greatest(g.change_seq, p.change_seq,
                (SELECT max(a.change_seq) FROM antenatal_contacts a WHERE a.pregnancy_id = g.id)) AS seq,
                g.id, g.ended_on IS NOT NULL AS ended, g.lmp, g.edd
              FROM touched t JOIN pregnancies g ON g.id = t.id JOIN ${residentsRelation} p ON p.id = g.resident_id) x
        CROSS JOIN LATERAL (SELECT count(*)::int AS done FROM antenatal_contacts a WHERE a.pregnancy_id = x.id) n
        LEFT JOIN ${codeValuesRelation} s ON s.system = ${ANTENATAL_SCHEDULE}
          AND (s.properties->>'contact')::int = n.done + 1
          AND s.valid_from <= current_date AND (s.valid_to IS NULL OR s.valid_to > current_date)
        WHERE x.seq <= ${r.upTo}
        ORDER BY x.seq LIMIT ${r.limit}`,
  );
  // Composed once per row version and day: each page of a first pull asks again for the rows above
  // its cursor, and composing (risk lists, antenatal contacts, tetanus doses) is the costly part.
  const on = today();
  const key = (f: { id: string; seq: string | number }) => `${f.id}:${f.seq}:${on}`;
  const open = found.filter((f) => !f.ended && !composedCache.has(key(f)));
  for (const p of await pregnanciesById(
    db,
    open.map((f) => f.id),
  )) {
    const f = open.find((o) => o.id === p.id)!;
    if (composedCache.size >= CACHE_MAX) composedCache.delete(composedCache.keys().next().value!);
    composedCache.set(key(f), p);
  }
  const composed = new Map(
    found.flatMap((f) => (composedCache.has(key(f)) ? [[f.id, composedCache.get(key(f))!] as const] : [])),
  );
  return found.map((f) => ({
    seq: Number(f.seq),
    id: f.id,
    data: f.ended
      ? { id: f.id, ended: true }
      : {
          ...composed.get(f.id)!,
          ended: false,
          nextContact: f.dueOn ? { contact: Number(f.contact), dueOn: f.dueOn } : null,
        },
  }));
}
