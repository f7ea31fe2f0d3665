// A facility's building (hiện trạng nhà trạm) and beds (giường bệnh) as dated records: each survey or
// change is a new row, so the state on any day is read back (the beds counter of T12 reads it so).
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getFacility } from '../network/index.js';
import { codeDisplayVi, isValidCode } from '../terminology/index.js';
import {
  BUILDING_CONDITION_SYSTEM,
  LATRINE_SYSTEM,
  type BedsOut,
  type BuildingInput,
  type BuildingOut,
} from './contracts.js';

const notFuture = (path: string, d: string): FieldError[] =>
  d > today()
    ? [
        {
          path,
          code: 'future_date',
          message: 'must not be in the future',
          text: { vi: 'không được ở tương lai', en: 'must not be in the future' },
        },
      ]
    : [];

const notOnList = (path: string, code: string, system: string, on: string): FieldError => ({
  path,
  code: 'invalid_code',
  message: `"${code}" is not on the code list ${system} (valid on ${on})`,
});

export async function recordBuilding(
  db: Orm,
  actor: Actor,
  facilityId: string,
  input: BuildingInput,
): Promise<BuildingOut> {
  requirePermission(actor, 'resources.write');
  const f = await getFacility(db, actor, facilityId);
  const errors = notFuture('body.recordedOn', input.recordedOn);
  if (!(await isValidCode(db, BUILDING_CONDITION_SYSTEM, input.condition, input.recordedOn)))
    errors.push(notOnList('body.condition', input.condition, BUILDING_CONDITION_SYSTEM, input.recordedOn));
  if (!(await isValidCode(db, LATRINE_SYSTEM, input.latrine, input.recordedOn)))
    errors.push(notOnList('body.latrine', input.latrine, LATRINE_SYSTEM, input.recordedOn));
  const year = Number(input.recordedOn.slice(0, 4));
  for (const key of ['yearBuilt', 'yearRenovated'] as const)
    if (input[key] != null && input[key] > year)
      errors.push({
        path: `body.${key}`,
        code: 'after_survey',
        message: 'must not be after the year of the survey',
        text: {
          vi: 'không được sau năm khảo sát',
          en: 'must not be after the year of the survey',
        },
      });
  if (errors.length) throw invalid(errors);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO facility_buildings (id, facility_id, unit_path, recorded_on, year_built, year_renovated, condition,
            floor_area_m2, rooms, clean_water, latrine, power, internet, note, created_by)
          VALUES (${id}, ${facilityId}, ${f.unitPath}::ltree, ${input.recordedOn}::date, ${input.yearBuilt ?? null},
            ${input.yearRenovated ?? null}, ${input.condition}, ${input.floorAreaM2 ?? null}, ${input.rooms ?? null},
            ${input.cleanWater}, ${input.latrine}, ${input.power}, ${input.internet}, ${input.note ?? null}, ${actor.username})`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'facility_building',
      entityId: id,
      unitPath: f.unitPath,
      details: { facilityId, recordedOn: input.recordedOn, condition: input.condition },
    });
    const [out] = await buildingRows(tx, sql`b.id = ${id}`);
    return out!;
  });
}

function buildingRows(db: Executor, where: ReturnType<typeof sql>) {
  return rows<BuildingOut>(
    db,
    sql`SELECT b.id, b.facility_id AS "facilityId", b.recorded_on::text AS "recordedOn", b.year_built AS "yearBuilt",
          b.year_renovated AS "yearRenovated", b.condition,
          ${codeDisplayVi(BUILDING_CONDITION_SYSTEM, sql`b.condition`)} AS "conditionVi",
          b.floor_area_m2::float8 AS "floorAreaM2", b.rooms, b.clean_water AS "cleanWater", b.latrine,
          ${codeDisplayVi(LATRINE_SYSTEM, sql`b.latrine`)} AS "latrineVi",
          b.power, b.internet, b.note, b.created_by AS "createdBy"
        FROM facility_buildings b WHERE ${where} ORDER BY b.recorded_on DESC, b.change_seq DESC`,
  );
}

/** The surveys of a facility's building, newest first. */
export async function buildingHistory(
  db: Executor,
  actor: Actor,
  facilityId: string,
): Promise<BuildingOut[]> {
  await getFacility(db, actor, facilityId);
  return buildingRows(db, sql`b.facility_id = ${facilityId}`);
}

/** Records a facility's beds from a day (a second record for the same day replaces the first). */
export async function recordBeds(
  db: Orm,
  actor: Actor,
  facilityId: string,
  input: { fromDay: string; beds: number; note?: string | null | undefined },
): Promise<BedsOut> {
  requirePermission(actor, 'resources.write');
  const f = await getFacility(db, actor, facilityId);
  if (input.beds < 0 || !Number.isInteger(input.beds))
    throw invalid([
      {
        path: 'body.beds',
        code: 'negative_count',
        message: 'must be a whole number, at least 0',
        text: { vi: 'phải là số nguyên, từ 0 trở lên', en: 'must be a whole number, at least 0' },
      },
    ]);
  const errors = notFuture('body.fromDay', input.fromDay);
  if (errors.length) throw invalid(errors);
  const id = uuidv7();
  return db.transaction(async (tx) => {
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO facility_beds (id, facility_id, unit_path, from_day, beds, note, created_by)
          VALUES (${id}, ${facilityId}, ${f.unitPath}::ltree, ${input.fromDay}::date, ${input.beds}, ${input.note ?? null}, ${actor.username})
          ON CONFLICT (facility_id, from_day) DO UPDATE SET beds = EXCLUDED.beds, note = EXCLUDED.note,
            created_by = EXCLUDED.created_by, updated_at = now()
          RETURNING id`,
    );
    await audit(tx, actor, {
      action: 'create',
      entityType: 'facility_beds',
      entityId: row!.id,
      unitPath: f.unitPath,
      details: { facilityId, fromDay: input.fromDay, beds: input.beds },
    });
    const [out] = await bedsRows(tx, sql`b.id = ${row!.id}`);
    return out!;
  });
}

function bedsRows(db: Executor, where: ReturnType<typeof sql>) {
  return rows<BedsOut>(
    db,
    sql`SELECT b.id, b.facility_id AS "facilityId", b.from_day::text AS "fromDay", b.beds, b.note, b.created_by AS "createdBy"
        FROM facility_beds b WHERE ${where} ORDER BY b.from_day DESC`,
  );
}

/** A facility's bed records, newest first, and the count today. */
export async function bedsHistory(
  db: Executor,
  actor: Actor,
  facilityId: string,
): Promise<{ current: number | null; items: BedsOut[] }> {
  await getFacility(db, actor, facilityId);
  const items = await bedsRows(db, sql`b.facility_id = ${facilityId}`);
  const day = today();
  return { current: items.find((b) => b.fromDay <= day)?.beds ?? null, items };
}
