/**
 * What the visits module publishes for other modules' SQL (docs/adr/0020): finished visits with the
 * measures programmes count by, as a relation to put where the table would go
 * (`FROM ${finishedVisitsRelation} v WHERE v.resident_id = e.resident_id`). Any finished visit counts
 * for a programme (issue 14: follow-ups are visits). `VISITS_SOURCES` names the tables behind it.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * Finished visits (lượt khám đã kết thúc): `(id, resident_id, facility_id, unit_path, visit_date,
 * main_diagnosis, systolic, diastolic, fasting_glucose, random_glucose, hba1c, weight_kg, bmi,
 * re_examination_date, adherence, change_seq)`; glucose in mmol/L, HbA1c in %. `weight_kg`, `bmi`
 * and `adherence` are read from the current version's document (only where a query asks for them).
 */
export const finishedVisitsRelation = sql.raw(`(SELECT v.id, v.resident_id, v.facility_id, v.unit_path,
  v.visit_date, v.main_diagnosis, v.systolic, v.diastolic, v.fasting_glucose, v.random_glucose, v.hba1c,
  v.re_examination_date, v.change_seq,
  (SELECT (vv.document->'vitals'->>'weightKg')::numeric FROM visit_versions vv
    WHERE vv.visit_id = v.id AND vv.version = v.current_version) AS weight_kg,
  (SELECT (vv.document->'vitals'->>'bmi')::numeric FROM visit_versions vv
    WHERE vv.visit_id = v.id AND vv.version = v.current_version) AS bmi,
  (SELECT vv.document->'vitals'->>'waistCm' FROM visit_versions vv
    WHERE vv.visit_id = v.id AND vv.version = v.current_version)::numeric AS waist_cm,
  (SELECT vv.document->'chronicCare'->>'adherence' FROM visit_versions vv
    WHERE vv.visit_id = v.id AND vv.version = v.current_version) AS adherence
  FROM visits v WHERE v.status = 'finished')`);

/** The tables behind the relation, for counters' and due items' `sources`. */
export const VISITS_SOURCES = { visits: ['visits'] } as const;

/**
 * The people whose visits (any status) or visit versions were written after `since` (a change
 * sequence value), as a relation `(resident_id uuid)`; a person may come more than once. For an
 * incremental list of whose computed facts may have changed (the worklist's due items on a device).
 */
export function visitResidentsChangedSince(since: SQL): SQL {
  return sql`(SELECT resident_id FROM visits WHERE change_seq > ${since}
    UNION ALL SELECT v.resident_id FROM visit_versions vv JOIN visits v ON v.id = vv.visit_id
     WHERE vv.change_seq > ${since})`;
}
