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
