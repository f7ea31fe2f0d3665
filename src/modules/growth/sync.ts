/**
 * What the growth module gives the offline sync (docs/adr/0033): the measurements of the scope's
 * active children under five whose change sequence lies in a range, in sequence order, as the device
 * stores them. A measurement goes again whenever its child's row changes (a child who comes into the
 * scope brings them along), so its page order is the later of the two sequences. A measurement
 * corrected by a later one comes as a removal (`replacedBy` set).
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { residentsRelation, type SyncRange, type SyncRow } from '../people/index.js';

const columns = sql`greatest(m.change_seq, p.change_seq) AS seq, m.id,
  jsonb_build_object('id', m.id, 'residentId', m.resident_id, 'measuredOn', m.measured_on::text,
    'ageDays', m.age_days, 'weightKg', m.weight_kg, 'lengthCm', m.length_cm, 'position', m.position,
    'headCm', m.head_cm, 'muacCm', m.muac_cm, 'oedema', m.oedema, 'weightForAge', m.z_wfa,
    'lengthForAge', m.z_lhfa, 'weightForLength', m.z_wflh, 'statuses', m.statuses,
    'replacedBy', m.replaced_by, 'changeSeq', m.change_seq) AS data`;

/** Under five: born less than five years before today (the device drops older children's rows itself). */
const underFive = sql`p.birth_date > (current_date - interval '5 years')::date`;

/** Measurements of the scope's active children under five changed in the range (corrected ones as removals). */
export async function syncMeasurements(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`SELECT * FROM (
          SELECT ${columns} FROM growth_measurements m JOIN ${residentsRelation} p ON p.id = m.resident_id
          WHERE m.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND ${underFive} AND (m.replaced_by IS NULL OR ${r.since} > 0)
          UNION
          SELECT ${columns} FROM ${residentsRelation} p JOIN growth_measurements m ON m.resident_id = p.id
          WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND ${underFive} AND m.replaced_by IS NULL) x
        WHERE x.seq <= ${r.upTo}
        ORDER BY x.seq LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}
