/**
 * What the ncd module gives the offline sync (docs/adr/0033): the enrolments of a scope's active
 * residents whose change sequence lies in a range, in sequence order, as the device stores them. An
 * enrolment goes again whenever its person's row changes (a person who comes into the scope brings
 * their enrolments), so its page order is the later of the two sequences. An ended enrolment comes
 * as a removal (`endedOn` set); the sync module merges these pages and never reads ncd's tables.
 * The last follow-up is the person's latest finished visit, which the device already keeps.
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { residentsRelation, type SyncRange, type SyncRow } from '../people/index.js';

const columns = sql`greatest(en.change_seq, p.change_seq) AS seq, en.id,
  jsonb_build_object('id', en.id, 'residentId', en.resident_id, 'condition', en.condition,
    'diagnosedOn', en.diagnosed_on::text, 'source', en.source, 'registeredOn', en.registered_on::text,
    'facilityId', en.facility_id, 'clinicianId', en.clinician_id, 'plan', en.plan,
    'endedOn', en.ended_on::text, 'endReason', en.end_reason, 'changeSeq', en.change_seq) AS data`;

/**
 * Enrolments (đăng ký quản lý) of the scope's active residents changed in the range: open ones as rows,
 * ended ones as removals (not on a first pull, where the device has nothing to remove).
 */
export async function syncEnrolments(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`SELECT * FROM (
          SELECT ${columns} FROM ncd_enrolments en JOIN ${residentsRelation} p ON p.id = en.resident_id
          WHERE en.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND (en.ended_on IS NULL OR ${r.since} > 0)
          UNION
          SELECT ${columns} FROM ${residentsRelation} p JOIN ncd_enrolments en ON en.resident_id = p.id
          WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND en.ended_on IS NULL) x
        WHERE x.seq <= ${r.upTo}
        ORDER BY x.seq LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}
