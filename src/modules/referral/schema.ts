import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey, staffKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/** Binary content (an attachment's bytes); written and read as base64 through SQL's encode/decode. */
const bytea = customType<{ data: string; driverData: string }>({ dataType: () => 'bytea' });

/**
 * The holiday calendar working days are counted with (ngày nghỉ lễ, Tết: Labour Code art. 112 and
 * the yearly notices of the Ministry of Labour), loaded from reference/referral/holidays.csv. A day
 * listed is not a working day; Saturdays and Sundays never are. `basis` says whether the day comes
 * from the law itself or from a yearly announcement (a bridged or compensating day).
 */
export const referralHolidays = pgTable(
  'referral_holidays',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    basis: text('basis').$type<'law' | 'announcement'>().notNull(),
    source: text('source').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [check('referral_holidays_basis_ck', sql`${t.basis} in ('law','announcement')`)],
);

/**
 * The referral module's lists as versioned data (reference/referral/*.csv): the chronic conditions a
 * slip stays valid for a year for (`chronic-one-year`, ICD-10 codes or prefixes), the conditions and
 * the facility kinds a teleconsultation may be asked about or of (`teleconsult-condition`,
 * `teleconsult-facility`), and the transport means (`transport`). A value is in force from
 * `valid_from` until `valid_to` (exclusive).
 */
export const referralListValues = pgTable(
  'referral_list_values',
  {
    list: text('list').notNull(),
    code: text('code').notNull(),
    displayVi: text('display_vi').notNull(),
    displayEn: text('display_en').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    sortOrder: integer('sort_order').notNull().default(0),
    properties: jsonb('properties').$type<Record<string, string>>().notNull().default({}),
    source: text('source').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.list, t.code, t.validFrom] })],
);

/**
 * A referral slip (giấy chuyển cơ sở khám bệnh, chữa bệnh: Circular 01/2025/TT-BYT; the fields of
 * claim table XML13) from a station to another facility, and the receiving facility's feedback
 * (phiếu phản hồi). Status: sent → received → seen → returned (feedback written). A re-examination
 * slip (giấy hẹn khám lại) is a slip of kind `re_examination` pointing at the slip it follows.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'referral' | 're_examination'>().notNull(),
    previousId: uuid('previous_id'),
    /** Số giấy chuyển: `<n>/<year>/<origin facility code>`, numbered per origin facility and year. */
    slipNumber: text('slip_number').notNull(),
    residentId: residentKey('resident_id').notNull(),
    /** The patient's place when the slip was written: where it counts. */
    unitPath: ltree('unit_path').notNull(),
    originFacilityId: facilityKey('origin_facility_id').notNull(),
    originUnitPath: ltree('origin_unit_path').notNull(),
    destinationFacilityId: facilityKey('destination_facility_id').notNull(),
    destinationUnitPath: ltree('destination_unit_path').notNull(),
    /** The visit the slip was written at (optional). */
    visitId: uuid('visit_id'),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    clinicalSigns: text('clinical_signs').notNull(), // dấu hiệu lâm sàng
    diagnosisCode: text('diagnosis_code').notNull(), // chẩn đoán (ICD-10)
    diagnosisText: text('diagnosis_text'),
    otherCodes: text('other_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    course: text('course').notNull(), // quá trình bệnh lý và diễn biến lâm sàng
    testResults: text('test_results'), // tóm tắt kết quả xét nghiệm, cận lâm sàng
    treatmentGiven: text('treatment_given'), // phương pháp, thủ thuật, thuốc đã điều trị
    servicesUsed: text('services_used'),
    medicinesUsed: text('medicines_used'),
    /** Lý do chuyển (MA_LYDO_CT): 1 meets the rules, 2 beyond the facility's capacity, 3 the patient's wish. */
    reasonCode: smallint('reason_code').notNull(),
    reasonText: text('reason_text'),
    treatmentPlan: text('treatment_plan').notNull(), // hướng điều trị
    conditionAtTransfer: text('condition_at_transfer').notNull(), // tình trạng người bệnh lúc chuyển
    transport: text('transport').notNull(), // phương tiện vận chuyển
    escortName: text('escort_name'), // người hộ tống
    escortTitle: text('escort_title'),
    clinicianId: staffKey('clinician_id'),
    /** Last day the slip may be used; `validity` says how it was reckoned. */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    validity: text('validity').$type<'working_days' | 'one_year'>().notNull(),
    status: text('status').$type<'sent' | 'received' | 'seen' | 'returned'>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    receivedBy: text('received_by'),
    seenOn: date('seen_on', { mode: 'string' }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    feedbackOn: date('feedback_on', { mode: 'string' }),
    feedbackDiagnosisCode: text('feedback_diagnosis_code'),
    feedbackFindings: text('feedback_findings'),
    feedbackTreatment: text('feedback_treatment'),
    feedbackAdvice: text('feedback_advice'),
    feedbackBy: text('feedback_by'),
    reExaminationOn: date('re_examination_on', { mode: 'string' }),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('referrals_resident_idx').on(t.residentId, t.issuedOn),
    index('referrals_unit_path_gist').using('gist', t.unitPath),
    index('referrals_origin_path_gist').using('gist', t.originUnitPath),
    index('referrals_destination_idx').on(t.destinationFacilityId, t.status),
    index('referrals_visit_idx').on(t.visitId),
    index('referrals_change_seq_idx').on(t.changeSeq),
    check('referrals_kind_ck', sql`${t.kind} in ('referral','re_examination')`),
    check('referrals_status_ck', sql`${t.status} in ('sent','received','seen','returned')`),
    check('referrals_reason_ck', sql`${t.reasonCode} between 1 and 3`),
    check('referrals_facilities_ck', sql`${t.originFacilityId} <> ${t.destinationFacilityId}`),
    check('referrals_validity_ck', sql`${t.validUntil} >= ${t.issuedOn}`),
  ],
);

/**
 * A teleconsultation (tư vấn khám bệnh, chữa bệnh từ xa: Circular 30/2023/TT-BYT): a station asks a
 * clinician of an upper-level facility about a patient; the answer and advice land in the record.
 */
export const teleconsultations = pgTable(
  'teleconsultations',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    requestingFacilityId: facilityKey('requesting_facility_id').notNull(),
    requestingUnitPath: ltree('requesting_unit_path').notNull(),
    consultedFacilityId: facilityKey('consulted_facility_id').notNull(),
    consultedUnitPath: ltree('consulted_unit_path').notNull(),
    /** A code of the list `teleconsult-condition`. */
    condition: text('condition').notNull(),
    urgency: text('urgency').$type<'routine' | 'urgent'>().notNull(),
    summary: text('summary').notNull(),
    question: text('question').notNull(),
    vitals: jsonb('vitals').$type<Record<string, number>>().notNull().default({}),
    videoLink: text('video_link'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    status: text('status').$type<'open' | 'answered' | 'closed'>().notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answer: text('answer'),
    advice: text('advice'),
    answeredBy: text('answered_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('teleconsultations_resident_idx').on(t.residentId, t.requestedAt),
    index('teleconsultations_consulted_idx').on(t.consultedFacilityId, t.status, t.requestedAt),
    index('teleconsultations_requesting_path_gist').using('gist', t.requestingUnitPath),
    index('teleconsultations_change_seq_idx').on(t.changeSeq),
    check('teleconsultations_status_ck', sql`${t.status} in ('open','answered','closed')`),
    check('teleconsultations_urgency_ck', sql`${t.urgency} in ('routine','urgent')`),
    check('teleconsultations_facilities_ck', sql`${t.requestingFacilityId} <> ${t.consultedFacilityId}`),
  ],
);

/** A file sent with a teleconsultation (a photo, an ECG), kept in the database. */
export const teleconsultationAttachments = pgTable(
  'teleconsultation_attachments',
  {
    id: uuid('id').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => teleconsultations.id),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('teleconsultation_attachments_consultation_idx').on(t.consultationId),
    check('teleconsultation_attachments_size_ck', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} <= 2097152`),
  ],
);
