/**
 * The doses a person has had against one antigen (e.g. tetanus: TT, Td, DPT, the 5-in-1 …), by the
 * vaccines of the schedule in force that cover it; doses voided are left out. Read by other modules
 * through index.ts (maternal's tetanus protection in pregnancy).
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { scheduleInForce } from './schedule.js';

export interface AntigenDose {
  residentId: string;
  vaccine: string;
  givenOn: string;
}

export async function antigenDoses(
  db: Executor,
  residentIds: readonly string[],
  antigen: string,
): Promise<Map<string, AntigenDose[]>> {
  const byResident = new Map<string, AntigenDose[]>();
  if (residentIds.length === 0) return byResident;
  const vaccines = (await scheduleInForce(db)).data.vaccines
    .filter((v) => v.antigens.includes(antigen))
    .map((v) => v.code);
  if (vaccines.length === 0) return byResident;
  const found = await rows<AntigenDose>(
    db,
    sql`SELECT resident_id AS "residentId", vaccine, given_on::text AS "givenOn" FROM immunization_vaccinations
         WHERE resident_id = ANY(${`{${residentIds.join(',')}}`}::uuid[]) AND vaccine = ANY(${`{${vaccines.join(',')}}`}::text[])
           AND voided_at IS NULL
         ORDER BY given_on, id`,
  );
  for (const d of found) {
    const list = byResident.get(d.residentId);
    if (list) list.push(d);
    else byResident.set(d.residentId, [d]);
  }
  return byResident;
}

/**
 * The same doses as a relation for other modules' SQL (maternal's tetanus protection at birth in the
 * indicator catalogue): `(resident_id uuid, vaccine text, given_on date)`, doses not voided of the
 * vaccines that cover the antigen in the latest schedule version.
 */
export const antigenDosesRelation = (antigen: string) =>
  sql`(SELECT v.resident_id, v.vaccine, v.given_on FROM immunization_vaccinations v
       WHERE v.voided_at IS NULL AND v.vaccine IN (SELECT i.code FROM immunization_schedule_items i
         WHERE i.record = 'vaccine' AND i.version = (SELECT max(s.version) FROM immunization_schedule_items s)
           AND i.body->'antigens' @> jsonb_build_array(${antigen}::text)))`;
/** The tables behind `antigenDosesRelation`, for indicator counters' `sources`. */
export const ANTIGEN_DOSES_SOURCES = ['immunization_vaccinations', 'immunization_schedule_items'] as const;
