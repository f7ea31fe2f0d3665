/**
 * What other modules show of a patient (a visit, a claim, a register): the identity of residents by
 * id, in one light query, without audit (the caller audits what it shows).
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../../db/connection.js';
import { codeDisplayVi } from '../../terminology/index.js';
import { addressJson } from '../places.js';
import type { AddressOut, ResidentOut } from './contracts.js';

/** What a visit, a claim or a register shows of a patient (one light query for many ids). */
export interface PatientIdentity {
  id: string;
  fullName: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  birthYear: number;
  personalId: string | null;
  ethnicity: string | null;
  ethnicityName: string | null;
  occupation: string | null;
  phone: string | null;
  /** Current address as text (line, hamlet, commune, province). */
  address: string;
  /** Code of the current hamlet (or commune). */
  unitCode: string;
  unitPath: string;
  status: ResidentOut['status'];
  mergedIntoId: string | null;
}

/**
 * The identity of residents by id, whatever their area (the caller has checked its own scope, e.g. a
 * visit at a facility of the actor's area), without audit: the caller audits what it shows.
 */
export async function patientsById(db: Executor, ids: string[]): Promise<Map<string, PatientIdentity>> {
  if (!ids.length) return new Map();
  const found = await rows<Omit<PatientIdentity, 'address'> & { address: AddressOut }>(
    db,
    sql`SELECT r.id, r.full_name AS "fullName", r.sex, r.birth_date::text AS "birthDate", r.birth_year AS "birthYear",
          r.personal_id AS "personalId", r.ethnicity,
          ${codeDisplayVi('ethnicity', sql`r.ethnicity`)} AS "ethnicityName",
          r.occupation, r.phones[1] AS phone, ${addressJson(sql`r.current_unit_id`, sql`r.current_address_line`)} AS address,
          r.unit_path::text AS "unitPath", r.status, r.merged_into_id AS "mergedIntoId"
        FROM residents r WHERE r.id = ANY(${`{${[...new Set(ids)].join(',')}}`}::uuid[])`,
  );
  return new Map(
    found.map(({ address, ...r }) => [r.id, { ...r, address: address.text, unitCode: address.unitCode }]),
  );
}
