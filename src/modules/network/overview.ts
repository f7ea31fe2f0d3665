import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { rows, type Executor } from '../../db/connection.js';
import type { UnitOverview } from './contracts.js';
import { getUnit } from './units.js';

const DOCTOR_TITLES = sql`('doctor','preventive_doctor','traditional_medicine_doctor')`;
const activeStaff = (alias: string) =>
  sql.raw(
    `${alias}.active_from <= current_date AND (${alias}.active_to IS NULL OR ${alias}.active_to >= current_date)`,
  );

/**
 * What a manager wants to see of a unit at a glance: the sub-units with their stations and hamlets,
 * which stations have a full-time doctor (T1) and which hamlets an active, trained village health
 * worker (T2). The same rules as the T1/T2 indicators: active today, full-time doctor, trained VHW.
 */
export async function unitOverview(db: Executor, actor: Actor, code: string): Promise<UnitOverview> {
  const unit = await getUnit(db, actor, code);
  const scope = sql`${unit.path}::ltree`;
  const stations = await rows<UnitOverview['stations'][number]>(
    db,
    sql`SELECT f.id, f.code, f.name, f.station_model AS "stationModel", u.code AS "unitCode", u.full_name AS "unitName",
          count(s.id)::int AS "staffCount",
          count(s.id) FILTER (WHERE s.title IN ${DOCTOR_TITLES})::int AS "doctorCount",
          coalesce(bool_or(s.title IN ${DOCTOR_TITLES} AND s.full_time), false) AS "hasFullTimeDoctor"
        FROM facilities f JOIN admin_units u ON u.id = f.unit_id
        LEFT JOIN staff_members s ON s.facility_id = f.id AND ${activeStaff('s')}
        WHERE f.kind = 'commune_station' AND f.unit_path <@ ${scope} AND (f.active_to IS NULL OR f.active_to >= current_date)
        GROUP BY f.id, u.code, u.full_name ORDER BY u.code, f.name LIMIT 2000`,
  );
  const hamlets =
    unit.level === 'commune'
      ? await rows<UnitOverview['hamlets'][number]>(
          db,
          sql`SELECT h.id, h.code, h.name, h.full_name AS "fullName", h.unit_type AS "unitType", h.valid_to AS "validTo",
                coalesce(bool_or(s.trained), false) AS "hasVillageHealthWorker",
                coalesce(array_agg(s.full_name ORDER BY s.full_name) FILTER (WHERE s.id IS NOT NULL), '{}') AS "villageHealthWorkers"
              FROM admin_units h
              LEFT JOIN staff_members s ON s.hamlet_id = h.id AND s.title = 'village_health_worker' AND ${activeStaff('s')}
              WHERE h.parent_id = ${unit.id} AND h.level = 'hamlet'
              GROUP BY h.id ORDER BY h.code`,
        )
      : [];
  const children = await rows<UnitOverview['children'][number]>(
    db,
    sql`WITH c AS (
          SELECT u.id, u.path FROM admin_units u WHERE u.parent_id = ${unit.id} AND u.level <> 'hamlet'
        ),
        st AS (
          SELECT c.id AS child, count(DISTINCT f.id)::int AS stations,
            count(DISTINCT f.id) FILTER (WHERE s.title IN ${DOCTOR_TITLES} AND s.full_time)::int AS with_doctor
          FROM c JOIN facilities f ON f.kind = 'commune_station' AND f.unit_path <@ c.path AND (f.active_to IS NULL OR f.active_to >= current_date)
          LEFT JOIN staff_members s ON s.facility_id = f.id AND ${activeStaff('s')}
          GROUP BY c.id
        ),
        hm AS (
          SELECT c.id AS child, count(DISTINCT h.id)::int AS hamlets,
            count(DISTINCT h.id) FILTER (WHERE s.id IS NOT NULL)::int AS with_vhw
          FROM c JOIN admin_units h ON h.level = 'hamlet' AND h.path <@ c.path AND (h.valid_to IS NULL OR h.valid_to >= current_date)
          LEFT JOIN staff_members s ON s.hamlet_id = h.id AND s.title = 'village_health_worker' AND s.trained AND ${activeStaff('s')}
          GROUP BY c.id
        ),
        sf AS (
          SELECT c.id AS child, count(s.id)::int AS staff FROM c JOIN staff_members s ON s.unit_path <@ c.path AND ${activeStaff('s')} GROUP BY c.id
        )
        SELECT row_to_json(x) AS unit, coalesce(st.stations, 0) AS stations, coalesce(st.with_doctor, 0) AS "stationsWithDoctor",
          coalesce(hm.hamlets, 0) AS hamlets, coalesce(hm.with_vhw, 0) AS "hamletsWithVhw", coalesce(sf.staff, 0) AS staff
        FROM c
        JOIN LATERAL (SELECT u.id, u.map, u.code, u.level, p.code AS "parentCode", u.path::text AS path, u.unit_type AS "unitType",
            u.unit_type_en AS "unitTypeEn", u.name, u.full_name AS "fullName", u.name_en AS "nameEn", u.full_name_en AS "fullNameEn",
            u.population, u.valid_from AS "validFrom", u.valid_to AS "validTo"
          FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id WHERE u.id = c.id) x ON TRUE
        LEFT JOIN st ON st.child = c.id LEFT JOIN hm ON hm.child = c.id LEFT JOIN sf ON sf.child = c.id
        ORDER BY x.code`,
  );
  const [totals] = await rows<UnitOverview['totals']>(
    db,
    sql`SELECT
          (SELECT count(*)::int FROM facilities f WHERE f.kind = 'commune_station' AND f.unit_path <@ ${scope} AND (f.active_to IS NULL OR f.active_to >= current_date)) AS stations,
          (SELECT count(DISTINCT f.id)::int FROM facilities f JOIN staff_members s ON s.facility_id = f.id
            WHERE f.kind = 'commune_station' AND f.unit_path <@ ${scope} AND s.title IN ${DOCTOR_TITLES} AND s.full_time AND ${activeStaff('s')}) AS "stationsWithDoctor",
          (SELECT count(*)::int FROM admin_units h WHERE h.level = 'hamlet' AND h.path <@ ${scope} AND (h.valid_to IS NULL OR h.valid_to >= current_date)) AS hamlets,
          (SELECT count(DISTINCT h.id)::int FROM admin_units h JOIN staff_members s ON s.hamlet_id = h.id
            WHERE h.level = 'hamlet' AND h.path <@ ${scope} AND (h.valid_to IS NULL OR h.valid_to >= current_date)
              AND s.title = 'village_health_worker' AND s.trained AND ${activeStaff('s')}) AS "hamletsWithVhw",
          (SELECT count(*)::int FROM staff_members s WHERE s.unit_path <@ ${scope} AND ${activeStaff('s')}) AS staff`,
  );
  return { unit, children, stations, hamlets, totals: totals! };
}
