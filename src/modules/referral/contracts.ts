// What the referral module takes and answers (zod, shared with the web app): referral slips (giấy
// chuyển cơ sở khám bệnh, chữa bệnh) with the receiving facility's feedback, re-examination slips and
// teleconsultations (tư vấn từ xa).
import { z } from 'zod';

const isoDate = z.iso.date();
const longText = (max = 4000) => z.string().trim().min(1).max(max);
const optionalText = (max = 4000) => z.string().trim().max(max).optional();
const icd10 = z
  .string()
  .trim()
  .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/, 'an ICD-10 code such as I10 or E11.9');

export const REFERRAL_STATUSES = ['sent', 'received', 'seen', 'returned'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** MA_LYDO_CT: 1 meets the referral rules, 2 beyond the facility's capacity, 3 the patient's wish. */
export const REASON_CODES = [1, 2, 3] as const;

/** Giấy chuyển cơ sở: the slip as the station writes it. */
export const referralInput = z.strictObject({
  residentId: z.uuid(),
  originFacilityId: z.uuid(), // cơ sở chuyển đi
  destinationFacilityId: z.uuid(), // cơ sở chuyển đến
  visitId: z.uuid().optional(),
  issuedOn: isoDate,
  clinicalSigns: longText(), // dấu hiệu lâm sàng
  diagnosisCode: icd10, // chẩn đoán (ICD-10)
  diagnosisText: optionalText(1000),
  otherCodes: z.array(icd10).max(12).default([]),
  course: longText(), // quá trình bệnh lý và diễn biến lâm sàng
  testResults: optionalText(), // tóm tắt kết quả cận lâm sàng
  treatmentGiven: optionalText(), // phương pháp, thủ thuật, thuốc đã dùng
  servicesUsed: optionalText(1024),
  medicinesUsed: optionalText(1024),
  reasonCode: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  reasonText: optionalText(1000),
  treatmentPlan: longText(), // hướng điều trị
  conditionAtTransfer: longText(1000), // tình trạng người bệnh lúc chuyển
  transport: z.string().trim().min(1).max(255), // phương tiện vận chuyển (a code of the list or free text)
  escortName: optionalText(255), // người hộ tống
  escortTitle: optionalText(255),
  clinicianId: z.uuid().optional(),
});
export type ReferralInput = z.input<typeof referralInput>;
export type ReferralInputParsed = z.infer<typeof referralInput>;

/** Giấy hẹn khám lại: a new slip to the same facility following one that was returned. */
export const reExaminationInput = z.strictObject({
  issuedOn: isoDate,
  clinicalSigns: longText(),
  course: longText(),
  treatmentPlan: longText(),
  conditionAtTransfer: longText(1000),
  transport: z.string().trim().min(1).max(255),
  clinicianId: z.uuid().optional(),
});
export type ReExaminationInput = z.infer<typeof reExaminationInput>;

export const receiveInput = z.strictObject({ seenOn: isoDate.optional() });
export type ReceiveInput = z.infer<typeof receiveInput>;

/** Phiếu phản hồi: what the receiving facility found and did, and its advice to the station. */
export const feedbackInput = z.strictObject({
  feedbackOn: isoDate,
  diagnosisCode: icd10.optional(),
  findings: longText(), // chẩn đoán, kết quả khám
  treatment: optionalText(), // điều trị đã thực hiện
  advice: optionalText(), // đề nghị, hướng dẫn cho tuyến dưới
  reExaminationOn: isoDate.optional(), // hẹn khám lại
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

export const referralOut = z.object({
  id: z.uuid(),
  kind: z.enum(['referral', 're_examination']),
  previousId: z.uuid().nullable(),
  slipNumber: z.string(),
  residentId: z.uuid(),
  patientName: z.string(),
  patientBirth: z.string(),
  originFacility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  destinationFacility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  visitId: z.uuid().nullable(),
  issuedOn: isoDate,
  clinicalSigns: z.string(),
  diagnosisCode: z.string(),
  diagnosisTitle: z.string().nullable(),
  diagnosisText: z.string().nullable(),
  otherCodes: z.array(z.string()),
  course: z.string(),
  testResults: z.string().nullable(),
  treatmentGiven: z.string().nullable(),
  servicesUsed: z.string().nullable(),
  medicinesUsed: z.string().nullable(),
  reasonCode: z.number().int(),
  reasonText: z.string().nullable(),
  treatmentPlan: z.string(),
  conditionAtTransfer: z.string(),
  transport: z.string(),
  escortName: z.string().nullable(),
  escortTitle: z.string().nullable(),
  clinicianId: z.uuid().nullable(),
  validUntil: isoDate,
  validity: z.enum(['working_days', 'one_year']),
  status: z.enum(REFERRAL_STATUSES),
  receivedAt: z.string().nullable(),
  seenOn: isoDate.nullable(),
  returnedAt: z.string().nullable(),
  feedback: z
    .object({
      feedbackOn: isoDate,
      diagnosisCode: z.string().nullable(),
      findings: z.string(),
      treatment: z.string().nullable(),
      advice: z.string().nullable(),
      reExaminationOn: isoDate.nullable(),
      by: z.string(),
    })
    .nullable(),
  recordedBy: z.string(),
});
export type ReferralOut = z.infer<typeof referralOut>;

export const referralListQuery = z.object({
  /** `sent`: slips written in the actor's area; `incoming`: slips to a facility (and its subtree). */
  direction: z.enum(['sent', 'incoming']).default('sent'),
  facilityId: z.uuid().optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  /** Only slips without feedback yet. */
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReferralListQuery = z.infer<typeof referralListQuery>;

/** A value of one of the module's lists (chronic conditions, transport, teleconsultation conditions). */
export const listValueOut = z.object({
  code: z.string(),
  displayVi: z.string(),
  displayEn: z.string(),
});
export type ListValueOut = z.infer<typeof listValueOut>;

export const validityOut = z.object({
  issuedOn: isoDate,
  validUntil: isoDate,
  validity: z.enum(['working_days', 'one_year']),
  holidays: z.array(z.object({ day: isoDate, nameVi: z.string(), basis: z.enum(['law', 'announcement']) })),
});

// --- Teleconsultation (Circular 30/2023/TT-BYT) ---

/** Attachments: a photo or an ECG, at most 2 MB each, 4 a consultation. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

export const attachmentInput = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  mediaType: z.string().trim().min(1).max(100),
  /** The file's bytes, base64. */
  contentBase64: z
    .string()
    .min(4)
    .max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 16)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
});
export type AttachmentInput = z.infer<typeof attachmentInput>;

export const consultationVitals = z.strictObject({
  systolic: z.number().int().positive().max(300).optional(),
  diastolic: z.number().int().positive().max(200).optional(),
  pulse: z.number().int().positive().max(300).optional(),
  temperature: z.number().min(30).max(45).optional(),
  spo2: z.number().int().min(30).max(100).optional(),
  weightKg: z.number().positive().max(300).optional(),
  glucose: z.number().positive().max(50).optional(),
});

export const consultationInput = z.strictObject({
  residentId: z.uuid(),
  requestingFacilityId: z.uuid(),
  consultedFacilityId: z.uuid(),
  condition: z.string().trim().min(1).max(60),
  urgency: z.enum(['routine', 'urgent']).default('routine'),
  summary: longText(), // tóm tắt bệnh án
  question: longText(2000), // câu hỏi cho tuyến trên
  vitals: consultationVitals.default({}),
  videoLink: z
    .url()
    .max(500)
    .refine((u) => /^https:\/\//.test(u), 'an https:// link')
    .optional(),
  attachments: z.array(attachmentInput).max(4).default([]),
});
export type ConsultationInput = z.input<typeof consultationInput>;
export type ConsultationInputParsed = z.infer<typeof consultationInput>;

export const answerInput = z.strictObject({
  answer: longText(), // ý kiến tư vấn
  advice: optionalText(), // lời khuyên, hướng xử trí
  close: z.boolean().default(true),
});
export type AnswerInput = z.infer<typeof answerInput>;

export const consultationOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  patientName: z.string(),
  patientBirth: z.string(),
  requestingFacility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  consultedFacility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  condition: z.string(),
  conditionVi: z.string(),
  conditionEn: z.string(),
  urgency: z.enum(['routine', 'urgent']),
  summary: z.string(),
  question: z.string(),
  vitals: z.record(z.string(), z.number()),
  videoLink: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(['open', 'answered', 'closed']),
  answeredAt: z.string().nullable(),
  answer: z.string().nullable(),
  advice: z.string().nullable(),
  answeredBy: z.string().nullable(),
  /** Minutes from the request to the answer. */
  responseMinutes: z.number().int().nullable(),
  attachments: z.array(
    z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int() }),
  ),
  recordedBy: z.string(),
});
export type ConsultationOut = z.infer<typeof consultationOut>;

export const consultationListQuery = z.object({
  /** `asked`: consultations the actor's area asked; `queue`: those asked of a facility. */
  direction: z.enum(['asked', 'queue']).default('asked'),
  facilityId: z.uuid().optional(),
  status: z.enum(['open', 'answered', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ConsultationListQuery = z.infer<typeof consultationListQuery>;

/** The patient's tab: the slips and the consultations of one person, newest first. */
export const patientCoordinationOut = z.object({
  referrals: z.array(referralOut),
  consultations: z.array(consultationOut),
});
export type PatientCoordinationOut = z.infer<typeof patientCoordinationOut>;
