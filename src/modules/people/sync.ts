/**
 * What the people module gives the offline sync (docs/adr/0033): the residents, households and
 * insurance cards of a scope whose change sequence lies in a range, in sequence order, as the device
 * stores them; and the people who left the scope (a transfer, a move to another hamlet). The sync
 * module merges these pages; it never reads people's tables.
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/connection.js';

/** The range of a pull page: `since < seq ≤ upTo` under `scopePath`, at most `limit` rows. */
export interface SyncRange {
  scopePath: string;
  since: number;
  upTo: number;
  limit: number;
}

/** A row of a pull page: its sequence (the page's order), its id and what the device keeps. */
export interface SyncRow<T = Record<string, unknown>> {
  seq: number;
  id: string;
  data: T;
}

const page = <T>(found: (T & { seq: string | number; id: string })[]): SyncRow<T>[] =>
  found.map(({ seq, id, ...data }) => ({ seq: Number(seq), id, data: { id, ...data } as T }));

/** Residents of the scope changed in the range (every status: the sync drops those no longer active). */
export async function syncResidents(db: Executor, r: SyncRange) {
  return page<{ status: string }>(
    await rows<{ status: string; seq: string | number; id: string }>(
      db,
      sql`SELECT change_seq AS seq, id, full_name AS "fullName", search_name AS "searchName", sex,
            birth_date::text AS "birthDate", birth_year AS "birthYear", personal_id AS "personalId",
            ethnicity, nationality, religion, occupation, blood_group AS "bloodGroup", phones,
            household_id AS "householdId", relation_to_head AS "relationToHead",
            current_unit_id AS "currentUnitId", current_address_line AS "currentAddressLine",
            permanent_unit_id AS "permanentUnitId", permanent_address_line AS "permanentAddressLine",
            unit_path::text AS "unitPath", mother_id AS "motherId", father_id AS "fatherId", status,
            change_seq AS "changeSeq"
          FROM residents
          WHERE unit_path <@ ${r.scopePath}::ltree AND change_seq > ${r.since} AND change_seq <= ${r.upTo}
          ORDER BY change_seq LIMIT ${r.limit}`,
    ),
  );
}

/** Households of the scope changed in the range. */
export async function syncHouseholds(db: Executor, r: SyncRange) {
  return page<{ status: string }>(
    await rows<{ status: string; seq: string | number; id: string }>(
      db,
      sql`SELECT change_seq AS seq, id, code, unit_id AS "unitId", unit_path::text AS "unitPath",
            address_line AS "addressLine", status, dissolved_on::text AS "dissolvedOn", change_seq AS "changeSeq"
          FROM households
          WHERE unit_path <@ ${r.scopePath}::ltree AND change_seq > ${r.since} AND change_seq <= ${r.upTo}
          ORDER BY change_seq LIMIT ${r.limit}`,
    ),
  );
}

const cardColumns = sql`greatest(c.change_seq, p.change_seq) AS seq, c.id, c.resident_id AS "residentId", c.code,
  c.social_insurance_number AS "socialInsuranceNumber", c.beneficiary_group AS "beneficiaryGroup",
  c.benefit_level AS "benefitLevel", c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo",
  c.registered_facility_code AS "registeredFacilityCode", c.voided_at IS NOT NULL AS voided,
  c.change_seq AS "changeSeq"`;

/**
 * Insurance cards of the active residents of the scope. A card goes again whenever its holder's row
 * changes (a person who came into the scope brings every card), so its page order is the later of the
 * card's sequence and its holder's.
 */
export async function syncCards(db: Executor, r: SyncRange) {
  return page<Record<string, unknown>>(
    await rows<Record<string, unknown> & { seq: string | number; id: string }>(
      db,
      sql`SELECT * FROM (
            SELECT ${cardColumns} FROM insurance_cards c JOIN residents p ON p.id = c.resident_id
            WHERE c.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active'
            UNION
            SELECT ${cardColumns} FROM residents p JOIN insurance_cards c ON c.resident_id = p.id
            WHERE p.change_seq > ${r.since} AND p.unit_path <@ ${r.scopePath}::ltree AND p.status = 'active') x
          WHERE x.seq <= ${r.upTo}
          ORDER BY x.seq LIMIT ${r.limit}`,
    ),
  );
}

/**
 * People who left the scope in the range: a transfer to another commune or a move to another hamlet
 * recorded in the scope left (life events `transfer` and `hamlet_move`, direction out), who are not
 * back in it now.
 */
export async function syncResidentExits(db: Executor, r: SyncRange): Promise<SyncRow<{ id: string }>[]> {
  const found = await rows<{ seq: string | number; id: string }>(
    db,
    sql`SELECT max(e.change_seq) AS seq, e.resident_id AS id
        FROM life_events e JOIN residents p ON p.id = e.resident_id
        WHERE e.unit_path <@ ${r.scopePath}::ltree AND e.kind IN ('transfer', 'hamlet_move')
          AND e.details->>'direction' = 'out'
          AND e.change_seq > ${r.since} AND e.change_seq <= ${r.upTo}
          AND NOT (p.unit_path <@ ${r.scopePath}::ltree)
        GROUP BY e.resident_id
        ORDER BY 1 LIMIT ${r.limit}`,
  );
  return found.map((f) => ({ seq: Number(f.seq), id: f.id, data: { id: f.id } }));
}

/** The administrative fields of a resident a device may edit offline, merged field by field (ADR 0033). */
export const SYNC_RESIDENT_FIELDS = [
  'fullName',
  'personalId',
  'ethnicity',
  'nationality',
  'religion',
  'occupation',
  'bloodGroup',
  'phones',
] as const;
export type SyncResidentField = (typeof SYNC_RESIDENT_FIELDS)[number];

/** The current values of those fields, with the scope path (null outside the actor's area or unknown). */
export async function residentFieldsForSync(
  db: Executor,
  scopePath: string,
  id: string,
): Promise<(Record<SyncResidentField, unknown> & { unitPath: string; status: string }) | null> {
  const [found] = await rows<Record<SyncResidentField, unknown> & { unitPath: string; status: string }>(
    db,
    sql`SELECT full_name AS "fullName", personal_id AS "personalId", ethnicity, nationality, religion,
          occupation, blood_group AS "bloodGroup", phones, unit_path::text AS "unitPath", status
        FROM residents WHERE id = ${id} AND unit_path <@ ${scopePath}::ltree FOR UPDATE`,
  );
  return found ?? null;
}
