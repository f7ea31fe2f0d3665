/**
 * What the immunization module gives the offline sync (docs/adr/0033): the doses and the stored
 * forecasts of a scope's active residents whose change sequence lies in a range, in sequence order, as
 * the device stores them. Both go again whenever their person's row changes (a child who comes into
 * the scope brings them along). A voided dose comes as a removal. A child's forecast is one row (id:
 * the child's), its doses with the schedule's names, at the latest of its rows' and the child's
 * sequence: the device draws the child's grid from it.
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { residentsRelation, type SyncRange, type SyncRow } from '../people/index.js';

/**
 * The names of the schedule in force's records of one kind, by code (the national row first), as a
 * CTE computed once per query (joined inline, it was planned again for every row).
 */
const namesOf = (record: 'dose' | 'vaccine') =>
  sql`names AS MATERIALIZED (SELECT DISTINCT ON (i.code) i.code, i.body->>'nameVi' AS name_vi,
       i.body->>'nameEn' AS name_en
       FROM immunization_schedule_items i
       WHERE i.record = ${record} AND i.version = (SELECT max(version) FROM immunization_schedules)
       ORDER BY i.code, (i.province IS NULL) DESC, i.valid_from DESC)`;

const doseColumns = sql`greatest(v.change_seq, p.change_seq) AS seq, v.id,
  jsonb_build_object('id', v.id, 'residentId', v.resident_id, 'vaccine', v.vaccine,
    'givenOn', v.given_on::text, 'givenElsewhere', v.given_elsewhere, 'facilityId', v.facility_id,
    'place', v.place, 'lot', v.lot, 'expiresOn', v.expires_on::text, 'site', v.site, 'route', v.route,
    'vaccinatorId', v.vaccinator_id, 'vaccinatorName', v.vaccinator_name, 'sessionOn', v.session_on::text,
    'note', v.note, 'recordedBy', v.recorded_by, 'voided', v.voided_at IS NOT NULL,
    'changeSeq', v.change_seq) AS data`;

/**
 * Doses (mũi tiêm) of the scope's active residents changed in the range, with the vaccine's name;
 * voided ones as removals (not on a first pull, where the device has nothing to remove).
 */
export async function syncVaccinations(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`WITH ${namesOf('vaccine')}
        SELECT x.seq, x.id, x.data || jsonb_build_object('vaccineName', coalesce(n.name_vi, x.data->>'vaccine'),
          'vaccineNameEn', coalesce(n.name_en, n.name_vi, x.data->>'vaccine')) AS data
        FROM (
          SELECT ${doseColumns} FROM immunization_vaccinations v JOIN ${residentsRelation} p ON p.id = v.resident_id
          WHERE v.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND (v.voided_at IS NULL OR ${r.since} > 0)
          UNION
          SELECT ${doseColumns} FROM ${residentsRelation} p JOIN immunization_vaccinations v ON v.resident_id = p.id
          WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND v.voided_at IS NULL) x
        LEFT JOIN names n ON n.code = x.data->>'vaccine'
        WHERE x.seq <= ${r.upTo}
        ORDER BY x.seq LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}

/**
 * The stored forecast of each active child of the scope with a row or the child changed in the range:
 * one row a child, its doses in due order with the schedule's names and the day it was computed.
 */
export async function syncForecasts(db: Executor, r: SyncRange): Promise<SyncRow[]> {
  const found = await rows<{ seq: string | number; id: string; data: Record<string, unknown> }>(
    db,
    sql`WITH ${namesOf('dose')}, kids AS MATERIALIZED (
          SELECT f.resident_id AS id FROM immunization_forecasts f JOIN ${residentsRelation} p ON p.id = f.resident_id
          WHERE f.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
          UNION
          SELECT p.id FROM ${residentsRelation} p
          WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            AND EXISTS (SELECT 1 FROM immunization_forecasts f WHERE f.resident_id = p.id))
        SELECT greatest(max(f.change_seq), max(p.change_seq)) AS seq, p.id,
          jsonb_build_object('id', p.id, 'residentId', p.id, 'computedOn', max(f.computed_on)::text,
            'doses', jsonb_agg(jsonb_build_object('code', f.dose, 'series', f.series, 'doseNo', f.dose_no,
              'nameVi', coalesce(n.name_vi, f.dose), 'nameEn', coalesce(n.name_en, n.name_vi, f.dose),
              'earliest', f.earliest_on::text, 'due', f.due_on::text, 'overdueFrom', f.overdue_from::text,
              'latest', f.latest_on::text, 'givenOn', f.given_on::text, 'vaccinationId', f.vaccination_id,
              'blocked', f.blocked) ORDER BY f.due_on, f.series, f.dose_no)) AS data
        FROM kids k JOIN ${residentsRelation} p ON p.id = k.id
          JOIN immunization_forecasts f ON f.resident_id = p.id
          LEFT JOIN names n ON n.code = f.dose
        GROUP BY p.id
        HAVING greatest(max(f.change_seq), max(p.change_seq)) <= ${r.upTo}
        ORDER BY 1 LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: f.data }));
}
