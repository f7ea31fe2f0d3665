/**
 * A resident's profile as the API shows it (residentOut), rendered by the database as JSON (docs/adr/0017)
 * and kept in resident_profiles until a write makes it stale (docs/adr/0019); and the columns of a
 * resident in lists. Units and code names come through the relations network and terminology publish.
 */
import { sql, type SQL } from 'drizzle-orm';
import { today } from '../../../core/clock.js';
import { rows, statement, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { codeDisplayVi } from '../../terminology/index.js';
import { cardColumns } from '../cards/service.js';
import { addressJson } from '../places.js';
import { healthManagedOn, insuredOn } from '../population.js';
import { identityIds, iso } from '../sql.js';
import type { ResidentOut } from './contracts.js';

/** The current version of a resident's identity: one more than its past versions (resident_versions). */
const currentVersion = sql`(SELECT count(*) + 1 FROM resident_versions rv WHERE rv.resident_id = r.id)::int`;

/** Columns of a resident in lists (alias r; joins cu = current unit, cc = its commune). */
export const summaryColumns = sql`r.id, r.full_name AS "fullName", r.sex, r.birth_date AS "birthDate", r.birth_year AS "birthYear",
  r.personal_id AS "personalId", r.phones, r.status, r.household_id AS "householdId", r.relation_to_head AS "relationToHead",
  cu.code AS "unitCode", CASE WHEN cu.level = 'hamlet' THEN cu.full_name END AS "hamletName", cc.full_name AS "communeName",
  r.unit_path::text AS "unitPath"`;
export const summaryFrom = sql`residents r JOIN ${unitsRelation} cu ON cu.id = r.current_unit_id
  JOIN ${unitsRelation} cc ON cc.id = CASE WHEN cu.level = 'hamlet' THEN cu.parent_id ELSE cu.id END`;

function fullColumns(on: SQL, version: SQL = currentVersion): SQL {
  return sql`${summaryColumns},
  r.ethnicity, ${codeDisplayVi('ethnicity', sql`r.ethnicity`)} AS "ethnicityName", r.nationality,
  r.religion, ${codeDisplayVi('religion', sql`r.religion`)} AS "religionName", r.occupation, r.blood_group AS "bloodGroup",
  ${addressJson(sql`r.current_unit_id`, sql`r.current_address_line`)} AS "currentAddress",
  CASE WHEN r.permanent_unit_id IS NULL THEN NULL
    ELSE ${addressJson(sql`r.permanent_unit_id`, sql`r.permanent_address_line`)} END AS "permanentAddress",
  (SELECT h.code FROM households h WHERE h.id = r.household_id) AS "householdCode",
  ${codeDisplayVi('relation-to-head', sql`r.relation_to_head`)} AS "relationToHeadName",
  r.mother_id AS "motherId", r.father_id AS "fatherId", r.died_on AS "diedOn", r.merged_into_id AS "mergedIntoId",
  ARRAY(SELECT m.id FROM residents m WHERE m.merged_into_id = r.id ORDER BY m.id) AS "mergedIds",
  json_build_object('insuredToday', ${insuredOn(sql`r.id`, on)},
    'currentCard', (SELECT row_to_json(x) FROM (SELECT ${cardColumns(on)} FROM insurance_cards c
      WHERE c.resident_id = ANY(${identityIds(sql`r.id`)})
        AND c.voided_at IS NULL AND c.valid_from <= ${on} AND (c.valid_to IS NULL OR c.valid_to >= ${on})
      ORDER BY c.valid_from DESC, c.id DESC LIMIT 1) x)) AS insurance,
  (SELECT json_build_object('version', hr.current_version, 'reviewedAt', ${iso(sql`hr.reviewed_at`)},
      'lastUpdatedAt', ${iso(sql`hr.last_updated_at`)},
      'healthManaged', ${healthManagedOn(sql`r.id`, on)})
    FROM health_records hr WHERE hr.resident_id = r.id) AS "healthRecord",
  ${version} AS version,
  r.change_seq AS "changeSeq", ${iso(sql`r.created_at`)} AS "createdAt", ${iso(sql`r.updated_at`)} AS "updatedAt"`;
}

/**
 * One profile as the JSON text the API sends, made by the database: its columns have the shape of
 * `residentOut` (a test holds the two to each other), so that a read neither parses forty columns
 * nor validates and serializes them again. With its area, for the audit.
 */
const profileById = statement<
  { id: string; scope: string; today: string },
  { unitPath: string; json: string }
>('resident_profile_json', () => {
  const p = sql.placeholder;
  return sql`SELECT p."unitPath", row_to_json(p)::text AS json FROM (
      SELECT ${fullColumns(sql`${p('today')}::date`)} FROM ${summaryFrom}
      WHERE r.id = ${p('id')} AND r.unit_path <@ ${p('scope')}::ltree) p`;
});

/**
 * A profile as it was last rendered (resident_profiles, docs/adr/0019): only when rendered for this
 * day, under the reference data in force, and not invalidated by a write since.
 */
const storedProfile = statement<
  { id: string; scope: string; today: string },
  { unitPath: string; json: string }
>('resident_profile_stored', () => {
  const p = sql.placeholder;
  return sql`SELECT rp.unit_path::text AS "unitPath", rp.body AS json FROM resident_profiles rp
      WHERE rp.resident_id = ${p('id')} AND rp.as_of = ${p('today')}::date AND rp.body IS NOT NULL
        AND rp.unit_path <@ ${p('scope')}::ltree
        AND rp.reference_stamp = (SELECT g.stamp FROM reference_data_stamp g)`;
});

/**
 * The profile rendered and kept, in one statement: the render, the stamps it was made under (read in
 * the same snapshot as the rows), and the upsert that stores it unless a write changed the resident
 * since (its stamp moved; a write still running holds the row, and the upsert waits for it).
 */
const renderAndStoreProfile = statement<
  { id: string; scope: string; today: string },
  { unitPath: string; json: string }
>('resident_profile_render', () => {
  const p = sql.placeholder;
  return sql`WITH rendered AS (
      SELECT p."unitPath", row_to_json(p)::text AS json,
        (SELECT rp.stamp FROM resident_profiles rp WHERE rp.resident_id = p.id) AS stamp,
        (SELECT g.stamp FROM reference_data_stamp g) AS reference_stamp
      FROM (SELECT ${fullColumns(sql`${p('today')}::date`)} FROM ${summaryFrom}
        WHERE r.id = ${p('id')} AND r.unit_path <@ ${p('scope')}::ltree) p),
    kept AS (
      INSERT INTO resident_profiles AS rp (resident_id, stamp, as_of, reference_stamp, unit_path, body)
      SELECT ${p('id')}::uuid, coalesce(x.stamp, 0), ${p('today')}::date, x.reference_stamp, x."unitPath"::ltree, x.json
      FROM rendered x
      ON CONFLICT (resident_id) DO UPDATE SET as_of = excluded.as_of, reference_stamp = excluded.reference_stamp,
        unit_path = excluded.unit_path, body = excluded.body
      WHERE rp.stamp = excluded.stamp)
    SELECT "unitPath", json FROM rendered`;
});

/**
 * One resident's profile as JSON text for a read, when it lies in `scopePath`: the stored rendering
 * when it is current, else rendered now and stored. No audit.
 */
export async function readResidentJson(
  db: Executor,
  id: string,
  scopePath: string,
): Promise<{ unitPath: string; json: string } | undefined> {
  const values = { id, scope: scopePath, today: today() };
  const [stored] = await storedProfile(db, values);
  if (stored) return stored;
  const [rendered] = await renderAndStoreProfile(db, values);
  return rendered;
}

/** One resident's profile as JSON text, when it lies in `scopePath` (default: anywhere). No audit. */
export async function loadResidentJson(
  db: Executor,
  id: string,
  scopePath = 'post2025',
): Promise<{ unitPath: string; json: string } | undefined> {
  const [r] = await profileById(db, { id, scope: scopePath, today: today() });
  return r;
}

/** One resident's profile, when it lies in `scopePath` (default: anywhere). No audit. */
export async function loadResident(
  db: Executor,
  id: string,
  scopePath = 'post2025',
): Promise<ResidentOut | undefined> {
  const r = await loadResidentJson(db, id, scopePath);
  return r && (JSON.parse(r.json) as ResidentOut);
}

/**
 * Many residents' profiles as JSON text, in the order of `ids`, those that lie in `scopePath`: the
 * stored renderings current for today in one query, the others rendered together in another. No
 * audit (the caller audits the list it shows).
 */
export async function readResidentsJson(db: Executor, ids: string[], scopePath: string): Promise<string[]> {
  if (!ids.length) return [];
  const on = today();
  const stored = await rows<{ id: string; json: string }>(
    db,
    sql`SELECT rp.resident_id AS id, rp.body AS json FROM resident_profiles rp
        WHERE rp.resident_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND rp.as_of = ${on}::date AND rp.body IS NOT NULL
          AND rp.unit_path <@ ${scopePath}::ltree AND rp.reference_stamp = (SELECT g.stamp FROM reference_data_stamp g)`,
  );
  const found = new Map(stored.map((s) => [s.id, s.json]));
  // The others rendered in one query (not stored: a list is no reason to keep a profile).
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    for (const r of await rows<{ id: string; json: string }>(
      db,
      sql`SELECT p.id, row_to_json(p)::text AS json FROM (SELECT ${fullColumns(sql`${on}::date`)} FROM ${summaryFrom}
          WHERE r.id = ANY(${`{${missing.join(',')}}`}::uuid[]) AND r.unit_path <@ ${scopePath}::ltree) p`,
    ))
      found.set(r.id, r.json);
  return ids.flatMap((id) => {
    const json = found.get(id);
    return json ? [json] : [];
  });
}

/**
 * The past versions of a resident's identity (resident_versions), newest first, each as the JSON text of
 * `residentOut`: the residents row with the fields the version kept put back (their addresses named as
 * the units are named now), numbered by its version, dated by when it began (`updatedAt`); what the
 * identity does not hold (cards, the 831 record) as it is today. Only when the resident lies in
 * `scopePath`. No audit.
 */
export async function readResidentVersionsJson(
  db: Executor,
  id: string,
  scopePath: string,
): Promise<string[]> {
  const on = today();
  const found = await rows<{ json: string }>(
    db,
    sql`SELECT row_to_json(p)::text AS json
        FROM resident_versions v JOIN residents r0 ON r0.id = v.resident_id
        CROSS JOIN LATERAL (
          SELECT ${fullColumns(sql`${on}::date`, sql`v.version`)}
          FROM (SELECT (jsonb_populate_record(r0, v.fields
                  || jsonb_build_object('change_seq', v.change_seq, 'updated_at', v.valid_from))).*) r
          JOIN ${unitsRelation} cu ON cu.id = r.current_unit_id
          JOIN ${unitsRelation} cc ON cc.id = CASE WHEN cu.level = 'hamlet' THEN cu.parent_id ELSE cu.id END) p
        WHERE v.resident_id = ${id} AND r0.unit_path <@ ${scopePath}::ltree
        ORDER BY v.version DESC`,
  );
  return found.map((f) => f.json);
}
