// What register A1 (sổ khám bệnh, printed by the claims module) reads in its referral column: the
// referral slip written at each visit, or else one the visit's station wrote for the same person on
// the visit's day without naming a visit (a slip written from the referral page). Re-examination
// slips are not referrals and are left out.
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { facilitiesRelation } from '../network/index.js';

export interface RegisterVisit {
  id: string;
  residentId: string;
  facilityId: string;
  visitDate: string;
}

export interface RegisterReferral {
  slipNumber: string;
  /** The receiving facility (nơi chuyển đến). */
  toFacilityCode: string;
  toFacilityName: string;
}

/** The slip of each visit (by the visit's id), the one written at the visit first. */
export async function referralsForRegister(
  db: Executor,
  visits: readonly RegisterVisit[],
): Promise<Map<string, RegisterReferral>> {
  if (!visits.length) return new Map();
  const found = await rows<RegisterReferral & { visitId: string }>(
    db,
    sql`SELECT DISTINCT ON (v.id) v.id::text AS "visitId", r.slip_number AS "slipNumber", d.code AS "toFacilityCode",
          d.name AS "toFacilityName"
        FROM jsonb_to_recordset(${JSON.stringify(visits)}::jsonb)
               AS v(id uuid, "residentId" uuid, "facilityId" uuid, "visitDate" date)
        JOIN referrals r ON r.kind = 'referral'
         AND (r.visit_id = v.id OR (r.visit_id IS NULL AND r.resident_id = v."residentId"
              AND r.origin_facility_id = v."facilityId" AND r.issued_on = v."visitDate"))
        JOIN ${facilitiesRelation} d ON d.id = r.destination_facility_id
        ORDER BY v.id, (r.visit_id = v.id) DESC NULLS LAST, r.created_at`,
  );
  return new Map(found.map(({ visitId, ...r }) => [visitId, r]));
}
