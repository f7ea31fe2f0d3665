// Referral slips (giấy chuyển cơ sở khám bệnh, chữa bệnh; Circular 01/2025/TT-BYT) and the
// receiving facility's feedback (phản hồi). A slip is seen by the area it was written in (its origin
// station's and its patient's) and by the area of the facility it was sent to; it is changed by the
// sender (a re-examination slip) or by the receiver (received, seen, feedback). Every read and write
// of a slip is audited as a read or write of the patient's record.
import { sql, type SQL } from 'drizzle-orm';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { today } from '../../core/clock.js';
import { AppError, conflict, forbidden, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page } from '../../core/paging.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { facilitiesRelation, getFacility, staffRelation } from '../network/index.js';
import { patientsById, type PatientIdentity } from '../people/index.js';
import { icd10Titles } from '../terminology/index.js';
import { finishedVisitsRelation } from '../visits/index.js';
import { validityOn } from './calendar.js';
import type {
  FeedbackInput,
  ReExaminationInput,
  ReceiveInput,
  ReferralInputParsed,
  ReferralListQuery,
  ReferralOut,
} from './contracts.js';
import { referrals } from './schema.js';

export const fieldError = (path: string, code: string, en: string, vi: string): FieldError => ({
  path,
  code,
  message: en,
  text: { vi, en },
});

interface FacilityRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  unitPath: string;
  activeFrom: string | null;
  activeTo: string | null;
}

/** Any facility by id (the destination of a slip may lie outside the sender's area). */
export async function facilityById(db: Executor, id: string): Promise<FacilityRow | undefined> {
  const [f] = await rows<FacilityRow>(
    db,
    sql`SELECT id, code, name, kind, unit_path::text AS "unitPath", active_from::text AS "activeFrom", active_to::text AS "activeTo"
        FROM ${facilitiesRelation} f WHERE f.id = ${id}`,
  );
  return f;
}

/**
 * The facilities a slip may be sent to or a question asked of: any active facility of the actor's
 * province (a station's upper level lies outside its own commune), by name or code.
 */
export async function destinations(
  db: Executor,
  actor: Actor,
  q: string | undefined,
): Promise<{ id: string; code: string; name: string; kind: string; parentFacilityId: string | null }[]> {
  requirePermission(actor, 'network.read');
  const province = actor.scopePath.split('.').slice(0, 2).join('.');
  return rows(
    db,
    sql`SELECT f.id, f.code, f.name, f.kind, f.parent_facility_id AS "parentFacilityId" FROM ${facilitiesRelation} f
        WHERE f.unit_path <@ ${province}::ltree AND f.kind IN ('health_centre', 'commune_station', 'private_clinic')
          AND (f.active_to IS NULL OR f.active_to >= ${today()}::date)
          ${q ? sql`AND (f.code = ${q} OR ytcs_search_key(f.name) LIKE '%' || ytcs_search_key(${q}) || '%')` : sql``}
        ORDER BY CASE f.kind WHEN 'health_centre' THEN 0 ELSE 1 END, f.name LIMIT 200`,
  );
}

/** A patient in the actor's area (404 otherwise, the refusal audited). */
export async function patientInScope(
  db: Executor,
  actor: Actor,
  residentId: string,
  op: string,
): Promise<PatientIdentity> {
  const p = (await patientsById(db, [residentId])).get(residentId);
  const outside = p !== undefined && !inScope(actor, p.unitPath);
  if (!p || outside || p.status === 'merged')
    throw new AppError('not-found', 'Resident not found', {
      ...(outside ? { denial: { entityType: 'person', entityId: residentId, details: { op } } } : {}),
    });
  return p;
}

interface ReferralRow {
  id: string;
  kind: 'referral' | 're_examination';
  previousId: string | null;
  slipNumber: string;
  residentId: string;
  unitPath: string;
  originFacilityId: string;
  originUnitPath: string;
  destinationFacilityId: string;
  destinationUnitPath: string;
  visitId: string | null;
  issuedOn: string;
  clinicalSigns: string;
  diagnosisCode: string;
  diagnosisText: string | null;
  otherCodes: string[];
  course: string;
  testResults: string | null;
  treatmentGiven: string | null;
  servicesUsed: string | null;
  medicinesUsed: string | null;
  reasonCode: number;
  reasonText: string | null;
  treatmentPlan: string;
  conditionAtTransfer: string;
  transport: string;
  escortName: string | null;
  escortTitle: string | null;
  clinicianId: string | null;
  validUntil: string;
  validity: 'working_days' | 'one_year';
  status: ReferralOut['status'];
  receivedAt: string | null;
  seenOn: string | null;
  returnedAt: string | null;
  feedbackOn: string | null;
  feedbackDiagnosisCode: string | null;
  feedbackFindings: string | null;
  feedbackTreatment: string | null;
  feedbackAdvice: string | null;
  feedbackBy: string | null;
  reExaminationOn: string | null;
  recordedBy: string;
  originCode: string;
  originName: string;
  destinationCode: string;
  destinationName: string;
}

export const SELECT_REFERRAL = sql`SELECT r.id, r.kind, r.previous_id AS "previousId", r.slip_number AS "slipNumber",
  r.resident_id AS "residentId", r.unit_path::text AS "unitPath", r.origin_facility_id AS "originFacilityId",
  r.origin_unit_path::text AS "originUnitPath", r.destination_facility_id AS "destinationFacilityId",
  r.destination_unit_path::text AS "destinationUnitPath", r.visit_id AS "visitId", r.issued_on::text AS "issuedOn",
  r.clinical_signs AS "clinicalSigns", r.diagnosis_code AS "diagnosisCode", r.diagnosis_text AS "diagnosisText",
  r.other_codes AS "otherCodes", r.course, r.test_results AS "testResults", r.treatment_given AS "treatmentGiven",
  r.services_used AS "servicesUsed", r.medicines_used AS "medicinesUsed", r.reason_code AS "reasonCode",
  r.reason_text AS "reasonText", r.treatment_plan AS "treatmentPlan", r.condition_at_transfer AS "conditionAtTransfer",
  r.transport, r.escort_name AS "escortName", r.escort_title AS "escortTitle", r.clinician_id AS "clinicianId",
  r.valid_until::text AS "validUntil", r.validity, r.status, to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "receivedAt",
  r.seen_on::text AS "seenOn", to_char(r.returned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "returnedAt",
  r.feedback_on::text AS "feedbackOn", r.feedback_diagnosis_code AS "feedbackDiagnosisCode",
  r.feedback_findings AS "feedbackFindings", r.feedback_treatment AS "feedbackTreatment",
  r.feedback_advice AS "feedbackAdvice", r.feedback_by AS "feedbackBy", r.re_examination_on::text AS "reExaminationOn",
  r.recorded_by AS "recordedBy", o.code AS "originCode", o.name AS "originName", d.code AS "destinationCode", d.name AS "destinationName"
  FROM referrals r JOIN ${facilitiesRelation} o ON o.id = r.origin_facility_id
  JOIN ${facilitiesRelation} d ON d.id = r.destination_facility_id`;

/** Whether the actor's area holds the slip's sending side (its station or its patient). */
const onSendingSide = (actor: Actor, r: { originUnitPath: string; unitPath: string }) =>
  inScope(actor, r.originUnitPath) || inScope(actor, r.unitPath);
/** Whether the actor's area holds the facility the slip was sent to. */
const onReceivingSide = (actor: Actor, r: { destinationUnitPath: string }) =>
  inScope(actor, r.destinationUnitPath);

/** A slip the actor may see (404 otherwise, the refusal audited as one on the patient's record). */
async function referralInScope(db: Executor, actor: Actor, id: string, op: string): Promise<ReferralRow> {
  const [r] = await rows<ReferralRow>(db, sql`${SELECT_REFERRAL} WHERE r.id = ${id}`);
  const outside = r !== undefined && !onSendingSide(actor, r) && !onReceivingSide(actor, r);
  if (!r || outside)
    throw new AppError('not-found', 'Referral not found', {
      ...(outside
        ? { denial: { entityType: 'person', entityId: r.residentId, details: { op, referralId: id } } }
        : {}),
    });
  return r;
}

async function compose(db: Executor, found: ReferralRow[]): Promise<ReferralOut[]> {
  if (!found.length) return [];
  const patients = await patientsById(db, [...new Set(found.map((r) => r.residentId))]);
  const titles = new Map<string, string>();
  for (const r of found)
    if (!titles.has(r.diagnosisCode)) {
      const t = (await icd10Titles(db, [r.diagnosisCode], r.issuedOn)).get(r.diagnosisCode);
      if (t) titles.set(r.diagnosisCode, t.title);
    }
  return found.map((r) => {
    const p = patients.get(r.residentId);
    return {
      id: r.id,
      kind: r.kind,
      previousId: r.previousId,
      slipNumber: r.slipNumber,
      residentId: r.residentId,
      patientName: p?.fullName ?? '',
      patientBirth: p?.birthDate ?? String(p?.birthYear ?? ''),
      originFacility: { id: r.originFacilityId, code: r.originCode, name: r.originName },
      destinationFacility: { id: r.destinationFacilityId, code: r.destinationCode, name: r.destinationName },
      visitId: r.visitId,
      issuedOn: r.issuedOn,
      clinicalSigns: r.clinicalSigns,
      diagnosisCode: r.diagnosisCode,
      diagnosisTitle: titles.get(r.diagnosisCode) ?? null,
      diagnosisText: r.diagnosisText,
      otherCodes: r.otherCodes,
      course: r.course,
      testResults: r.testResults,
      treatmentGiven: r.treatmentGiven,
      servicesUsed: r.servicesUsed,
      medicinesUsed: r.medicinesUsed,
      reasonCode: r.reasonCode,
      reasonText: r.reasonText,
      treatmentPlan: r.treatmentPlan,
      conditionAtTransfer: r.conditionAtTransfer,
      transport: r.transport,
      escortName: r.escortName,
      escortTitle: r.escortTitle,
      clinicianId: r.clinicianId,
      validUntil: r.validUntil,
      validity: r.validity,
      status: r.status,
      receivedAt: r.receivedAt,
      seenOn: r.seenOn,
      returnedAt: r.returnedAt,
      feedback:
        r.feedbackOn && r.feedbackFindings
          ? {
              feedbackOn: r.feedbackOn,
              diagnosisCode: r.feedbackDiagnosisCode,
              findings: r.feedbackFindings,
              treatment: r.feedbackTreatment,
              advice: r.feedbackAdvice,
              reExaminationOn: r.reExaminationOn,
              by: r.feedbackBy ?? '',
            }
          : null,
      recordedBy: r.recordedBy,
    };
  });
}

const auditReferral = (
  db: Executor,
  actor: Actor,
  action: 'read' | 'create' | 'update',
  r: { residentId: string; unitPath: string },
  details: Record<string, unknown>,
) =>
  audit(db, actor, {
    action,
    entityType: 'person',
    entityId: r.residentId,
    unitPath: r.unitPath,
    details,
  });

async function checkIcd10(db: Executor, path: string, code: string, on: string, errors: FieldError[]) {
  if (!(await icd10Titles(db, [code], on)).has(code))
    errors.push(
      fieldError(
        path,
        'unknown_icd10',
        `"${code}" is not an ICD-10 code valid on ${on}`,
        `"${code}" không phải mã ICD-10 có hiệu lực ngày ${on}`,
      ),
    );
}

/** The next slip number of a facility in a year: `<n>/<year>/<facility code>`. */
async function nextSlipNumber(db: Executor, facilityId: string, code: string, year: string) {
  const [n] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int + 1 AS n FROM referrals WHERE origin_facility_id = ${facilityId}
        AND issued_on >= ${`${year}-01-01`}::date AND issued_on <= ${`${year}-12-31`}::date`,
  );
  return `${n!.n}/${year}/${code}`;
}

/**
 * Writes a referral slip: the patient and the sending station in the actor's area, the destination
 * another active facility, the diagnosis a valid ICD-10 code, no date in the future. Its validity
 * (10 working days, or one year for a condition on the chronic list) is reckoned by the calendar and
 * the list in force on the day it is signed, and kept with it.
 */
export async function createReferral(
  db: Orm,
  actor: Actor,
  input: ReferralInputParsed,
): Promise<ReferralOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const patient = await patientInScope(tx, actor, input.residentId, 'create_referral');
    const errors: FieldError[] = [];
    const origin = await facilityById(tx, input.originFacilityId);
    if (!origin || !inScope(actor, origin.unitPath))
      errors.push(
        fieldError(
          'originFacilityId',
          'not_in_area',
          'the sending facility is not one of your area',
          'Cơ sở chuyển đi không thuộc địa bàn của bạn',
        ),
      );
    const destination = await facilityById(tx, input.destinationFacilityId);
    if (input.destinationFacilityId === input.originFacilityId)
      errors.push(
        fieldError(
          'destinationFacilityId',
          'same_facility',
          'a referral goes to another facility than the one sending it',
          'Không thể chuyển người bệnh đến chính cơ sở chuyển đi',
        ),
      );
    else if (!destination)
      errors.push(
        fieldError(
          'destinationFacilityId',
          'unknown_facility',
          'no such facility',
          'Không có cơ sở y tế này',
        ),
      );
    else if (
      (destination.activeTo && destination.activeTo < input.issuedOn) ||
      (destination.activeFrom && destination.activeFrom > input.issuedOn)
    )
      errors.push(
        fieldError(
          'destinationFacilityId',
          'inactive_facility',
          'the receiving facility is not active on the day',
          'Cơ sở chuyển đến không hoạt động vào ngày chuyển',
        ),
      );
    if (input.issuedOn > today())
      errors.push(
        fieldError('issuedOn', 'in_future', 'the referral date is in the future', 'Ngày chuyển ở tương lai'),
      );
    if (patient.birthDate && input.issuedOn < patient.birthDate)
      errors.push(
        fieldError(
          'issuedOn',
          'before_birth',
          'the referral date is before the patient was born',
          'Ngày chuyển trước ngày sinh của người bệnh',
        ),
      );
    await checkIcd10(tx, 'diagnosisCode', input.diagnosisCode, input.issuedOn, errors);
    for (const [i, code] of input.otherCodes.entries())
      await checkIcd10(tx, `otherCodes.${i}`, code, input.issuedOn, errors);
    if (input.clinicianId) {
      const [s] = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM ${staffRelation} s WHERE s.id = ${input.clinicianId} AND s.facility_id = ${input.originFacilityId}`,
      );
      if (!s)
        errors.push(
          fieldError(
            'clinicianId',
            'not_staff',
            'must be a staff member of the facility',
            'Người ký phải là nhân viên của cơ sở chuyển đi',
          ),
        );
    }
    if (input.visitId) {
      // A finished visit of the same patient.
      const [v] = await rows<{ ok: boolean }>(
        tx,
        sql`SELECT true AS ok FROM ${finishedVisitsRelation} v WHERE v.id = ${input.visitId} AND v.resident_id = ${input.residentId}`,
      );
      if (!v)
        errors.push(
          fieldError(
            'visitId',
            'not_patient_visit',
            "not a visit of the patient's",
            'Lượt khám không phải của người bệnh này',
          ),
        );
    }
    if (errors.length) throw invalid(errors);
    const validity = await validityOn(tx, input.issuedOn, input.diagnosisCode);
    const id = newId();
    await tx.insert(referrals).values({
      id,
      kind: 'referral',
      previousId: null,
      slipNumber: await nextSlipNumber(tx, origin!.id, origin!.code, input.issuedOn.slice(0, 4)),
      residentId: input.residentId,
      unitPath: patient.unitPath,
      originFacilityId: origin!.id,
      originUnitPath: origin!.unitPath,
      destinationFacilityId: destination!.id,
      destinationUnitPath: destination!.unitPath,
      visitId: input.visitId ?? null,
      issuedOn: input.issuedOn,
      clinicalSigns: input.clinicalSigns,
      diagnosisCode: input.diagnosisCode,
      diagnosisText: input.diagnosisText ?? null,
      otherCodes: input.otherCodes,
      course: input.course,
      testResults: input.testResults ?? null,
      treatmentGiven: input.treatmentGiven ?? null,
      servicesUsed: input.servicesUsed ?? null,
      medicinesUsed: input.medicinesUsed ?? null,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText ?? null,
      treatmentPlan: input.treatmentPlan,
      conditionAtTransfer: input.conditionAtTransfer,
      transport: input.transport,
      escortName: input.escortName ?? null,
      escortTitle: input.escortTitle ?? null,
      clinicianId: input.clinicianId ?? null,
      validUntil: validity.validUntil,
      validity: validity.validity,
      status: 'sent',
      recordedBy: actor.username,
    });
    await auditReferral(
      tx,
      actor,
      'create',
      { residentId: patient.id, unitPath: patient.unitPath },
      {
        op: 'referral',
        referralId: id,
      },
    );
    return (await compose(tx, [await referralInScope(tx, actor, id, 'create_referral')]))[0]!;
  });
}

/**
 * A re-examination slip (giấy hẹn khám lại / chuyển khám lại) following a slip that was returned with
 * feedback: to the same facility, for the same patient and diagnosis, with its own validity.
 */
export async function createReExamination(
  db: Orm,
  actor: Actor,
  previousId: string,
  input: ReExaminationInput,
): Promise<ReferralOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const prev = await referralInScope(tx, actor, previousId, 'create_re_examination');
    if (!onSendingSide(actor, prev)) throw forbidden('Only the sending station writes a re-examination slip');
    const errors: FieldError[] = [];
    if (prev.status !== 'returned')
      errors.push(
        fieldError(
          'previousId',
          'not_returned',
          'a re-examination follows a referral returned with feedback',
          'Chỉ hẹn khám lại sau khi cơ sở tiếp nhận đã phản hồi giấy chuyển',
        ),
      );
    if (input.issuedOn > today())
      errors.push(
        fieldError('issuedOn', 'in_future', 'the referral date is in the future', 'Ngày chuyển ở tương lai'),
      );
    if (input.issuedOn < prev.issuedOn)
      errors.push(
        fieldError(
          'issuedOn',
          'before_previous',
          'the re-examination slip is before the referral it follows',
          'Ngày hẹn khám lại trước ngày của giấy chuyển trước',
        ),
      );
    if (input.clinicianId) {
      const [s] = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM ${staffRelation} s WHERE s.id = ${input.clinicianId} AND s.facility_id = ${prev.originFacilityId}`,
      );
      if (!s)
        errors.push(
          fieldError(
            'clinicianId',
            'not_staff',
            'must be a staff member of the facility',
            'Người ký phải là nhân viên của cơ sở chuyển đi',
          ),
        );
    }
    if (errors.length) throw invalid(errors);
    const origin = (await facilityById(tx, prev.originFacilityId))!;
    const validity = await validityOn(tx, input.issuedOn, prev.diagnosisCode);
    const id = newId();
    await tx.insert(referrals).values({
      id,
      kind: 're_examination',
      previousId,
      slipNumber: await nextSlipNumber(tx, origin.id, origin.code, input.issuedOn.slice(0, 4)),
      residentId: prev.residentId,
      unitPath: prev.unitPath,
      originFacilityId: prev.originFacilityId,
      originUnitPath: prev.originUnitPath,
      destinationFacilityId: prev.destinationFacilityId,
      destinationUnitPath: prev.destinationUnitPath,
      visitId: null,
      issuedOn: input.issuedOn,
      clinicalSigns: input.clinicalSigns,
      diagnosisCode: prev.diagnosisCode,
      diagnosisText: prev.diagnosisText,
      otherCodes: prev.otherCodes,
      course: input.course,
      testResults: null,
      treatmentGiven: prev.feedbackTreatment,
      servicesUsed: null,
      medicinesUsed: null,
      reasonCode: prev.reasonCode,
      reasonText: prev.reasonText,
      treatmentPlan: input.treatmentPlan,
      conditionAtTransfer: input.conditionAtTransfer,
      transport: input.transport,
      escortName: null,
      escortTitle: null,
      clinicianId: input.clinicianId ?? null,
      validUntil: validity.validUntil,
      validity: validity.validity,
      status: 'sent',
      recordedBy: actor.username,
    });
    await auditReferral(tx, actor, 'create', prev, { op: 're_examination', referralId: id, previousId });
    return (await compose(tx, [await referralInScope(tx, actor, id, 'create_re_examination')]))[0]!;
  });
}

export async function getReferral(db: Executor, actor: Actor, id: string): Promise<ReferralOut> {
  requirePermission(actor, 'person.read');
  const r = await referralInScope(db, actor, id, 'read_referral');
  await auditReferral(db, actor, 'read', r, { op: 'referral', referralId: id });
  return (await compose(db, [r]))[0]!;
}

/** The receiving side only: a slip in its area (403 for the sender, 404 outside both). */
async function receivingSlip(db: Executor, actor: Actor, id: string, op: string) {
  const r = await referralInScope(db, actor, id, op);
  if (!onReceivingSide(actor, r))
    throw forbidden('Only the facility the referral was sent to records its reception and feedback');
  return r;
}

/**
 * The receiving facility takes the slip in (received), and — with `seenOn` — says the patient was
 * examined (seen). Taking in a slip twice changes nothing.
 */
export async function receiveReferral(
  db: Orm,
  actor: Actor,
  id: string,
  input: ReceiveInput,
): Promise<ReferralOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await receivingSlip(tx, actor, id, 'receive_referral');
    if (r.status === 'returned')
      throw conflict('The referral was already returned with feedback', [
        fieldError('status', 'already_returned', 'already returned', 'Giấy chuyển đã được phản hồi'),
      ]);
    if (input.seenOn) {
      const errors: FieldError[] = [];
      if (input.seenOn > today())
        errors.push(fieldError('seenOn', 'in_future', 'the day is in the future', 'Ngày khám ở tương lai'));
      if (input.seenOn < r.issuedOn)
        errors.push(
          fieldError(
            'seenOn',
            'before_referral',
            'the patient was seen before the referral was written',
            'Ngày khám trước ngày chuyển',
          ),
        );
      if (errors.length) throw invalid(errors);
    }
    await tx.execute(
      sql`UPDATE referrals SET received_at = coalesce(received_at, now()), received_by = coalesce(received_by, ${actor.username}),
            seen_on = coalesce(${input.seenOn ?? null}::date, seen_on),
            status = CASE WHEN ${input.seenOn ?? null}::date IS NOT NULL OR seen_on IS NOT NULL THEN 'seen' ELSE 'received' END,
            updated_at = now()
          WHERE id = ${id}`,
    );
    await auditReferral(tx, actor, 'update', r, {
      op: input.seenOn ? 'referral_seen' : 'referral_received',
      referralId: id,
    });
    return (await compose(tx, [await referralInScope(tx, actor, id, 'receive_referral')]))[0]!;
  });
}

/**
 * The receiving facility's feedback (phiếu phản hồi): what it found and did, its advice, a
 * re-examination day. It closes the loop: the slip is returned and the feedback shows in the
 * patient's record at the station. Refused on a slip not yet received.
 */
export async function recordFeedback(
  db: Orm,
  actor: Actor,
  id: string,
  input: FeedbackInput,
): Promise<ReferralOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await receivingSlip(tx, actor, id, 'referral_feedback');
    if (r.status === 'returned')
      throw conflict('The referral was already returned with feedback', [
        fieldError('status', 'already_returned', 'already returned', 'Giấy chuyển đã được phản hồi'),
      ]);
    const errors: FieldError[] = [];
    if (r.status === 'sent')
      errors.push(
        fieldError(
          'status',
          'not_received',
          'the referral has not been received: record its reception first',
          'Giấy chuyển chưa được tiếp nhận: hãy tiếp nhận trước khi phản hồi',
        ),
      );
    if (input.feedbackOn > today())
      errors.push(
        fieldError(
          'feedbackOn',
          'in_future',
          'the feedback date is in the future',
          'Ngày phản hồi ở tương lai',
        ),
      );
    if (input.feedbackOn < r.issuedOn)
      errors.push(
        fieldError(
          'feedbackOn',
          'before_referral',
          'the feedback is dated before the referral',
          'Ngày phản hồi trước ngày chuyển',
        ),
      );
    if (input.reExaminationOn && input.reExaminationOn < input.feedbackOn)
      errors.push(
        fieldError(
          'reExaminationOn',
          'before_feedback',
          'the re-examination is before the feedback',
          'Ngày hẹn khám lại trước ngày phản hồi',
        ),
      );
    if (input.diagnosisCode)
      await checkIcd10(tx, 'diagnosisCode', input.diagnosisCode, input.feedbackOn, errors);
    if (errors.length) throw invalid(errors);
    await tx.execute(
      sql`UPDATE referrals SET status = 'returned', returned_at = now(), feedback_on = ${input.feedbackOn}::date,
            feedback_diagnosis_code = ${input.diagnosisCode ?? null}, feedback_findings = ${input.findings},
            feedback_treatment = ${input.treatment ?? null}, feedback_advice = ${input.advice ?? null},
            feedback_by = ${actor.username}, re_examination_on = ${input.reExaminationOn ?? null}::date,
            seen_on = coalesce(seen_on, ${input.feedbackOn}::date), updated_at = now()
          WHERE id = ${id}`,
    );
    await auditReferral(tx, actor, 'update', r, { op: 'referral_feedback', referralId: id });
    return (await compose(tx, [await referralInScope(tx, actor, id, 'referral_feedback')]))[0]!;
  });
}

/**
 * Slips sent from the actor's area (`sent`, optionally from one facility), or sent to a facility of
 * the actor's area and the facilities under it (`incoming`). Audited as one list with the patients.
 */
export async function listReferrals(
  db: Executor,
  actor: Actor,
  q: ReferralListQuery,
): Promise<Page<ReferralOut>> {
  requirePermission(actor, 'person.read');
  const where: SQL[] = [];
  if (q.direction === 'incoming') {
    if (!q.facilityId)
      throw invalid([
        fieldError(
          'query.facilityId',
          'required',
          'the receiving facility is required',
          'Hãy chọn cơ sở tiếp nhận',
        ),
      ]);
    const f = await getFacility(db, actor, q.facilityId);
    where.push(sql`r.destination_facility_id IN (WITH RECURSIVE sub AS (
        SELECT id FROM ${facilitiesRelation} x WHERE x.id = ${f.id}
        UNION SELECT c.id FROM ${facilitiesRelation} c JOIN sub ON c.parent_facility_id = sub.id)
      SELECT id FROM sub)`);
  } else {
    where.push(sql`r.origin_unit_path <@ ${actor.scopePath}::ltree`);
    if (q.facilityId) where.push(sql`r.origin_facility_id = ${q.facilityId}`);
  }
  if (q.status) where.push(sql`r.status = ${q.status}`);
  if (q.open === 'true') where.push(sql`r.status <> 'returned'`);
  if (q.open === 'false') where.push(sql`r.status = 'returned'`);
  const cond = sql.join(where, sql` AND `);
  const [count] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM referrals r WHERE ${cond}`,
  );
  const found = await rows<ReferralRow>(
    db,
    sql`${SELECT_REFERRAL} WHERE ${cond} ORDER BY r.issued_on DESC, r.created_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  if (found.length)
    await audit(db, actor, {
      action: 'read',
      entityType: 'person',
      entityId: null,
      unitPath: actor.scopePath,
      details: { op: `referrals_${q.direction}`, residentIds: [...new Set(found.map((r) => r.residentId))] },
    });
  return { items: await compose(db, found), total: count!.n, limit: q.limit, offset: q.offset };
}

/** A patient's slips, newest first (the patient's tab). The caller has checked and audits the read. */
export async function referralsOfPatient(db: Executor, residentId: string): Promise<ReferralOut[]> {
  const found = await rows<ReferralRow>(
    db,
    sql`${SELECT_REFERRAL} WHERE r.resident_id = ${residentId} ORDER BY r.issued_on DESC, r.created_at DESC`,
  );
  return compose(db, found);
}

/** The slip rows for the printable form (with the patient's identity). */
export async function referralForPrint(db: Executor, actor: Actor, id: string) {
  const out = await getReferral(db, actor, id);
  const p = (await patientsById(db, [out.residentId])).get(out.residentId)!;
  return { referral: out, patient: p };
}
