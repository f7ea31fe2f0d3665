/**
 * What the people services share: the SQL that reads a resident, places (hamlet or commune) checked
 * against the actor's area, code-list checks, and the audit of person-level reads and writes.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope } from '../../core/actor.js';
import { AppError, deniedNotFound, invalid, type Denial, type FieldError } from '../../core/errors.js';
import { preparedRows, rows, statement, type Executor } from '../../db/connection.js';
import { audit, type AuditAction } from '../audit/index.js';
import { TIME_ZONE, today } from '../../core/clock.js';
import { type ResidentOut, type ResidentSummary } from './contracts.js';

/** Today in Vietnam (see identity.ts): the default day of every "valid today" and "in the last 12 months". */
export { today };

/** A timestamp's calendar day in Vietnam, whatever the session's time zone. */
export const vietnamDate = (ts: SQL) => sql`(${ts} AT TIME ZONE ${TIME_ZONE})::date`;

/**
 * The first instant after a Vietnamese day: `ts < afterVietnamDay(d)` says the same as
 * `vietnamDate(ts) <= d`, as a bound on the column itself, which the planner estimates from the
 * column's statistics and an index can serve (counting a province, a misestimate picks plans
 * ten times slower).
 */
export const afterVietnamDay = (day: SQL) =>
  sql`((${day})::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`;

/** A timestamp as ISO 8601 UTC text, the same on both databases. */
export const iso = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Every person-level read and write lands in the audit log as entity `person`. */
export async function auditPerson(
  db: Executor,
  actor: Actor,
  action: AuditAction,
  entityId: string | null,
  unitPath: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await audit(db, actor, { action, entityType: 'person', entityId, unitPath, details });
}

export const personDenied = (id: string, op: string, details: Record<string, unknown> = {}) =>
  deniedNotFound('Resident', { entityType: 'person', entityId: id, details: { op, ...details } });

// ---------------------------------------------------------------- places

export interface Place {
  unitId: string;
  code: string;
  level: 'commune' | 'hamlet';
  path: string;
}

/**
 * A hamlet or commune of the current map, by code. With `scoped`, it must lie in the actor's area
 * (a current address decides who sees the resident); a permanent address may be anywhere.
 */
export async function resolvePlace(
  db: Executor,
  actor: Actor,
  code: string,
  field: string,
  scoped: boolean,
): Promise<Place> {
  const [unit] = await preparedRows<Place & { validTo: string | null }>(
    db,
    sql`SELECT id AS "unitId", code, level, path::text AS path, valid_to AS "validTo" FROM admin_units
        WHERE map = 'post2025' AND code = ${code} AND level IN ('commune','hamlet')`,
  );
  const outside = unit && scoped && !inScope(actor, unit.path);
  if (!unit || outside || (unit.validTo && unit.validTo < today()))
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        {
          path: field,
          code: 'unknown_unit',
          message: scoped
            ? `no current hamlet or commune ${code} in your area`
            : `no current hamlet or commune ${code}`,
        },
      ],
      ...(outside ? { denial: { entityType: 'unit', entityId: code, details: { op: 'place_person' } } } : {}),
    });
  return { unitId: unit.unitId, code: unit.code, level: unit.level, path: unit.path };
}

/** A unit code of the `unit` filter (province, commune or hamlet), or 422. */
export async function unitPathOf(db: Executor, code: string): Promise<string> {
  const [unit] = await rows<{ path: string }>(
    db,
    sql`SELECT path::text AS path FROM admin_units WHERE map = 'post2025' AND code = ${code}`,
  );
  if (!unit) throw invalid([{ path: 'unit', code: 'unknown_unit', message: `no unit with code ${code}` }]);
  return unit.path;
}

// ---------------------------------------------------------------- code lists

export interface CodeCheck {
  system: string;
  code: string | null | undefined;
  path: string;
}

/** Checks codes against their versioned lists in one query (valid on `on`); 422 naming each bad field. */
export async function checkCodes(db: Executor, checks: CodeCheck[], on = today()): Promise<void> {
  const wanted = checks.filter((c): c is CodeCheck & { code: string } => Boolean(c.code));
  if (!wanted.length) return;
  // Prepared: one statement per number of codes checked (at most a few).
  const found = await preparedRows<{ system: string; code: string }>(
    db,
    sql`SELECT system, code FROM code_values
        WHERE (system, code) IN (${sql.join(
          wanted.map((c) => sql`(${c.system}, ${c.code})`),
          sql`, `,
        )})
          AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)`,
  );
  const ok = new Set(found.map((f) => `${f.system}\0${f.code}`));
  const errors: FieldError[] = wanted
    .filter((c) => !ok.has(`${c.system}\0${c.code}`))
    .map((c) => ({
      path: c.path,
      code: 'unknown_code',
      message: `"${c.code}" is not on the code list ${c.system} (valid on ${on})`,
    }));
  if (errors.length) throw invalid(errors);
}

// ---------------------------------------------------------------- reading residents

/**
 * The address of a unit (hamlet or commune) and a line, as JSON (AddressOut), with its one-line
 * `text` for lists and printing ("Số 12, Thôn Đông, Xã Tiên Yên, Tỉnh Quảng Ninh").
 */
export function addressJson(unitId: SQL, line: SQL): SQL {
  return sql`(SELECT json_build_object('unitCode', au.code, 'unitName', au.full_name,
      'hamletCode', CASE WHEN au.level = 'hamlet' THEN au.code END,
      'hamletName', CASE WHEN au.level = 'hamlet' THEN au.full_name END,
      'communeCode', ac.code, 'communeName', ac.full_name, 'provinceCode', ap.code, 'provinceName', ap.full_name,
      'line', ${line},
      'text', concat_ws(', ', NULLIF(${line}, ''), CASE WHEN au.level = 'hamlet' THEN au.full_name END,
        ac.full_name, ap.full_name))
    FROM admin_units au
    JOIN admin_units ac ON ac.id = CASE WHEN au.level = 'hamlet' THEN au.parent_id ELSE au.id END
    JOIN admin_units ap ON ap.id = ac.parent_id
    WHERE au.id = ${unitId})`;
}

const displayOf = (system: string, code: SQL) =>
  sql`(SELECT cv.display_vi FROM code_values cv WHERE cv.system = ${system} AND cv.code = ${code} ORDER BY cv.valid_from DESC LIMIT 1)`;

/** Columns of a resident in lists (alias r; joins cu = current unit, cc = its commune). */
export const summaryColumns = sql`r.id, r.full_name AS "fullName", r.sex, r.birth_date AS "birthDate", r.birth_year AS "birthYear",
  r.personal_id AS "personalId", r.phones, r.status, r.household_id AS "householdId", r.relation_to_head AS "relationToHead",
  cu.code AS "unitCode", CASE WHEN cu.level = 'hamlet' THEN cu.full_name END AS "hamletName", cc.full_name AS "communeName",
  r.unit_path::text AS "unitPath"`;
export const summaryFrom = sql`residents r JOIN admin_units cu ON cu.id = r.current_unit_id
  JOIN admin_units cc ON cc.id = CASE WHEN cu.level = 'hamlet' THEN cu.parent_id ELSE cu.id END`;

/** The columns of an insurance card (alias c), given the day "valid now" refers to. */
export function cardColumns(on: SQL): SQL {
  return sql`c.id, c.resident_id AS "residentId", c.code,
    CASE WHEN length(c.code) = 15 THEN 'legacy' ELSE 'social_insurance' END AS format,
    c.social_insurance_number AS "socialInsuranceNumber", c.beneficiary_group AS "beneficiaryGroup",
    ${displayOf('insurance-beneficiary-group', sql`c.beneficiary_group`)} AS "beneficiaryGroupName",
    c.benefit_level::int AS "benefitLevel", c.issuer_province AS "issuerProvince",
    c.valid_from AS "validFrom", c.valid_to AS "validTo", c.registered_facility_code AS "registeredFacilityCode",
    (SELECT f.name FROM facilities f WHERE f.code = c.registered_facility_code) AS "registeredFacilityName",
    ${iso(sql`c.voided_at`)} AS "voidedAt", c.void_reason AS "voidReason",
    (c.voided_at IS NULL AND c.valid_from <= ${on} AND (c.valid_to IS NULL OR c.valid_to >= ${on})) AS "validNow",
    c.change_seq AS "changeSeq"`;
}

/**
 * The ids a resident's rows may be filed under: its own and those of duplicates merged into it (an
 * array, so that `col = ANY(…)` uses the column's index).
 */
export function identityIds(residentId: SQL): SQL {
  return sql`ARRAY(SELECT ${residentId}::uuid UNION ALL SELECT mr.id FROM residents mr WHERE mr.merged_into_id = ${residentId})`;
}

/** A card (alias `ic`) valid on a day: not voided, and the day within its validity. */
export const validCard = (on: SQL) =>
  sql`ic.voided_at IS NULL AND ic.valid_from <= ${on} AND (ic.valid_to IS NULL OR ic.valid_to >= ${on})`;

/**
 * A card is "valid on a day" when the day lies in its validity and it is not voided. The resident's
 * own cards count, and those of duplicates merged into it. Used by target T3. (Two EXISTS, each on an
 * index: this runs once per resident when a whole area is counted.)
 */
export function insuredOn(residentId: SQL, on: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM insurance_cards ic WHERE ic.resident_id = ${residentId} AND ${validCard(on)})
    OR EXISTS (SELECT 1 FROM residents mr JOIN insurance_cards ic ON ic.resident_id = mr.id
      WHERE mr.merged_into_id = ${residentId} AND ${validCard(on)}))`;
}

/**
 * Health-managed (target T5) on a day: a version of the 831 record — created, updated or reviewed —
 * written in the 12 months up to that (Vietnamese) day, on the resident's own record or on one of a
 * duplicate merged into it. Versions are never changed, so the answer for a past day stays what it
 * was whatever is written later.
 */
export function healthManagedOn(residentId: SQL, on: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM health_record_versions hv WHERE hv.resident_id = ANY(${identityIds(residentId)})
    AND ${writtenInYearTo(on)})`;
}

/**
 * A version (alias `hv`) written in the 12 months up to a day: on a Vietnamese day after the day 12
 * months before, and not after the day.
 */
export const writtenInYearTo = (on: SQL) =>
  sql`hv.created_at >= ${afterVietnamDay(sql`${on}::date - interval '12 months'`)} AND hv.created_at < ${afterVietnamDay(on)}`;

/**
 * In the population on a day (the denominators of T3 and T5): registered in the system by then, and
 * neither dead nor moved out by then. A duplicate merged into another record is never counted (its
 * survivor is); a transfer files the resident's past under the new commune.
 */
export function residentOn(r: string, on: SQL): SQL {
  const row = sql.raw(r);
  // The moved-out test is one NOT EXISTS with the status inside, which the planner runs as an
  // anti-join on a hash of the moves. Under an OR (`status <> 'moved_out' OR NOT EXISTS …`) the
  // planner costs it as an index probe for every row (41 M for the 5 million residents of
  // bench/indicators-scale.ts, 150 times the scan itself), and so preferred probing the cards or
  // 831 versions once per resident to reading them once: T5 of that province took 34 s, not 6.
  return sql`${row}.status <> 'merged' AND ${row}.created_at < ${afterVietnamDay(on)}
    AND (${row}.status <> 'dead' OR ${row}.died_on > ${on}::date)
    AND NOT EXISTS (SELECT 1 FROM life_events mo WHERE mo.resident_id = ${row}.id
      AND ${row}.status = 'moved_out' AND mo.kind = 'move_out' AND mo.occurred_on <= ${on}::date)`;
}

function fullColumns(on: SQL): SQL {
  return sql`${summaryColumns},
  r.ethnicity, ${displayOf('ethnicity', sql`r.ethnicity`)} AS "ethnicityName", r.nationality,
  r.religion, ${displayOf('religion', sql`r.religion`)} AS "religionName", r.occupation, r.blood_group AS "bloodGroup",
  ${addressJson(sql`r.current_unit_id`, sql`r.current_address_line`)} AS "currentAddress",
  CASE WHEN r.permanent_unit_id IS NULL THEN NULL
    ELSE ${addressJson(sql`r.permanent_unit_id`, sql`r.permanent_address_line`)} END AS "permanentAddress",
  (SELECT h.code FROM households h WHERE h.id = r.household_id) AS "householdCode",
  ${displayOf('relation-to-head', sql`r.relation_to_head`)} AS "relationToHeadName",
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
  r.change_seq AS "changeSeq", ${iso(sql`r.created_at`)} AS "createdAt", ${iso(sql`r.updated_at`)} AS "updatedAt"`;
}

/** Residents matching `where` (alias r), with everything the profile shows. No scope check, no audit. */
export async function loadResidents(db: Executor, where: SQL): Promise<ResidentOut[]> {
  return rows<ResidentOut>(
    db,
    sql`SELECT ${fullColumns(sql`${today()}::date`)} FROM ${summaryFrom} WHERE ${where} ORDER BY r.id`,
  );
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
 * The minimal facts of a resident in the actor's area (scope in SQL), locked for update when asked;
 * 404 with an audited denial otherwise.
 */
export interface ResidentCore {
  id: string;
  fullName: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  birthYear: number;
  personalId: string | null;
  status: ResidentSummary['status'];
  householdId: string | null;
  relationToHead: string | null;
  currentUnitId: string;
  currentAddressLine: string | null;
  unitPath: string;
  mergedIntoId: string | null;
}

export async function residentInScope(
  db: Executor,
  actor: Actor,
  id: string,
  op: string,
  options: { lock?: boolean; denial?: Partial<Denial> } = {},
): Promise<ResidentCore> {
  const [r] = await rows<ResidentCore>(
    db,
    sql`SELECT id, full_name AS "fullName", sex, birth_date AS "birthDate", birth_year AS "birthYear", personal_id AS "personalId",
          status, household_id AS "householdId", relation_to_head AS "relationToHead", current_unit_id AS "currentUnitId",
          current_address_line AS "currentAddressLine", unit_path::text AS "unitPath", merged_into_id AS "mergedIntoId"
        FROM residents WHERE id = ${id} AND unit_path <@ ${actor.scopePath}::ltree
        ${options.lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!r) throw personDenied(id, op);
  return r;
}

/** Refuses a change to a record that is no longer a living resident of the system. */
export function requireStatus(r: ResidentCore, allowed: ResidentSummary['status'][], what: string): void {
  if (!allowed.includes(r.status))
    throw new AppError('conflict', `${what}: the resident's record is ${r.status.replace('_', ' ')}`, {
      errors: [
        {
          path: 'status',
          code: `resident_${r.status}`,
          message: `the resident is ${r.status.replace('_', ' ')}`,
        },
      ],
    });
}
