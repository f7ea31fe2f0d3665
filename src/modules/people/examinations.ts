/**
 * The examination part (part 4) of the 831 record as other modules write it: a finished visit adds
 * its examination, a corrected visit replaces the examination it wrote (matched by `visitId`). Each
 * call writes a new version of the record, like any other change (records.ts).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { rows, type Executor, type Orm, type Tx } from '../../db/connection.js';
import { examination, healthRecordDocument, type AddressOut, type ResidentOut } from './contracts.js';
import { updateHealthRecord } from './records.js';
import { addressJson, identityIds } from './shared.js';
import type { z } from 'zod';

export type ExaminationInput = z.input<typeof examination>;

/**
 * Adds (or, for the same `visitId`, replaces) an examination in the resident's 831 record: a new
 * version with the examinations part changed, audited as a change to the person. Runs inside the
 * caller's transaction when given one.
 */
export async function appendExamination(
  db: Orm | Tx,
  actor: Actor,
  residentId: string,
  exam: ExaminationInput,
  note: string,
): Promise<void> {
  const item = examination.parse(exam);
  const [current] = await rows<{ version: number; document: unknown }>(
    db,
    sql`SELECT h.current_version AS version, v.document FROM health_records h
        JOIN health_record_versions v ON v.record_id = h.id AND v.version = h.current_version
        WHERE h.resident_id = ${residentId}`,
  );
  const doc = healthRecordDocument.parse(current?.document ?? {});
  const others = doc.examinations.items.filter((e) => !item.visitId || e.visitId !== item.visitId);
  const items = [...others, item].sort((a, b) => a.date.localeCompare(b.date)).slice(-1000);
  await updateHealthRecord(db as Orm, actor, residentId, {
    examinations: { items },
    note,
    baseVersion: current?.version ?? 0,
  });
}

export interface CardOnDay {
  id: string;
  code: string;
  socialInsuranceNumber: string;
  beneficiaryGroup: string | null;
  benefitLevel: number | null;
  validFrom: string;
  validTo: string | null;
  registeredFacilityCode: string | null;
}

/**
 * The insurance card valid on a day (not voided; the latest started if several), among the resident's
 * own and those of duplicates merged into it; `hadCard` says whether any card (valid then or not) is on
 * record. No audit: the caller audits.
 */
export async function cardOn(
  db: Executor,
  residentId: string,
  on: string,
): Promise<{ card: CardOnDay | null; hadCard: boolean }> {
  const found = await rows<CardOnDay & { valid: boolean }>(
    db,
    sql`SELECT c.id, c.code, c.social_insurance_number AS "socialInsuranceNumber", c.beneficiary_group AS "beneficiaryGroup",
          c.benefit_level::int AS "benefitLevel", c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo",
          c.registered_facility_code AS "registeredFacilityCode",
          (c.valid_from <= ${on}::date AND (c.valid_to IS NULL OR c.valid_to >= ${on}::date)) AS valid
        FROM insurance_cards c WHERE c.resident_id = ANY(${identityIds(sql`${residentId}`)}) AND c.voided_at IS NULL
        ORDER BY c.valid_from DESC, c.id DESC`,
  );
  const valid = found.find((c) => c.valid);
  if (!valid) return { card: null, hadCard: found.length > 0 };
  const { valid: _v, ...card } = valid;
  return { card, hadCard: true };
}

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
          (SELECT cv.display_vi FROM code_values cv WHERE cv.system = 'ethnicity' AND cv.code = r.ethnicity
            ORDER BY cv.valid_from DESC LIMIT 1) AS "ethnicityName",
          r.occupation, r.phones[1] AS phone, ${addressJson(sql`r.current_unit_id`, sql`r.current_address_line`)} AS address,
          r.unit_path::text AS "unitPath", r.status, r.merged_into_id AS "mergedIntoId"
        FROM residents r WHERE r.id = ANY(${`{${[...new Set(ids)].join(',')}}`}::uuid[])`,
  );
  return new Map(
    found.map(({ address, ...r }) => [r.id, { ...r, address: address.text, unitCode: address.unitCode }]),
  );
}
