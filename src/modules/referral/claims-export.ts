// What the claims module reads for table XML13 (giấy chuyển tuyến, Decision 130 as amended by 4750):
// the referral slip written at a visit, by the visit's id. Values are as the slip holds them; the
// claims module checks them against the standard.
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';
import { facilitiesRelation } from '../network/index.js';

export interface VisitReferral {
  /** SO_CHUYENTUYEN: the number in the station's referral book (`<n>/<year>`). */
  bookNumber: string;
  /** GIAY_CHUYEN_TUYEN: the slip's number. */
  slipNumber: string;
  /** MA_NOI_DEN: the receiving facility's code. */
  toFacility: string;
  clinicalSigns: string;
  courseOfIllness: string;
  testResults: string | undefined;
  treatmentGiven: string | undefined;
  servicesUsed: string | undefined;
  medicinesUsed: string | undefined;
  reasonCode: 1 | 2 | 3;
  treatmentPlan: string;
  transport: string;
  escortName: string | undefined;
  escortTitle: string | undefined;
}

/** The first slip written at each of these visits (a visit refers a patient once). */
export async function referralsForVisits(
  db: Executor,
  visitIds: string[],
): Promise<Map<string, VisitReferral>> {
  if (!visitIds.length) return new Map();
  const found = await rows<{
    visitId: string;
    slipNumber: string;
    toFacility: string;
    clinicalSigns: string;
    course: string;
    testResults: string | null;
    treatmentGiven: string | null;
    servicesUsed: string | null;
    medicinesUsed: string | null;
    reasonCode: number;
    treatmentPlan: string;
    transport: string;
    escortName: string | null;
    escortTitle: string | null;
  }>(
    db,
    sql`SELECT DISTINCT ON (r.visit_id) r.visit_id AS "visitId", r.slip_number AS "slipNumber", d.code AS "toFacility",
          r.clinical_signs AS "clinicalSigns", r.course, r.test_results AS "testResults", r.treatment_given AS "treatmentGiven",
          r.services_used AS "servicesUsed", r.medicines_used AS "medicinesUsed", r.reason_code AS "reasonCode",
          r.treatment_plan AS "treatmentPlan", r.transport, r.escort_name AS "escortName", r.escort_title AS "escortTitle"
        FROM referrals r JOIN ${facilitiesRelation} d ON d.id = r.destination_facility_id
        WHERE r.visit_id = ANY(${`{${visitIds.join(',')}}`}::uuid[]) ORDER BY r.visit_id, r.created_at`,
  );
  const orNone = (v: string | null) => v ?? undefined;
  return new Map(
    found.map((r) => [
      r.visitId,
      {
        bookNumber: r.slipNumber.split('/').slice(0, 2).join('/'),
        slipNumber: r.slipNumber,
        toFacility: r.toFacility,
        clinicalSigns: r.clinicalSigns,
        courseOfIllness: r.course,
        testResults: orNone(r.testResults),
        treatmentGiven: orNone(r.treatmentGiven),
        servicesUsed: orNone(r.servicesUsed),
        medicinesUsed: orNone(r.medicinesUsed),
        reasonCode: r.reasonCode as 1 | 2 | 3,
        treatmentPlan: r.treatmentPlan,
        transport: r.transport,
        escortName: orNone(r.escortName),
        escortTitle: orNone(r.escortTitle),
      },
    ]),
  );
}
