/**
 * The workforce of the network (issue 17 item 1; nhân lực): practising certificates (chứng chỉ /
 * giấy phép hành nghề), job positions approved for a facility (đề án vị trí việc làm) against the
 * staff in post, and trainings with their hours (đào tạo liên tục). Shared with the web app: no
 * database or server code here.
 */
import { z } from 'zod';
import { today } from '../../core/clock.js';

const isoDate = z.iso.date();
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/**
 * A practising-certificate number as the claims standard accepts it in MA_BAC_SI (letters, digits,
 * / . -; e.g. 001234/QNI-CCHN), never a placeholder.
 */
export const CERTIFICATE_NUMBER = /^[0-9A-Za-z][0-9A-Za-z/.-]{0,49}$/;

export const certificateInput = z.strictObject({
  number: z
    .string()
    .trim()
    .regex(CERTIFICATE_NUMBER, 'letters, digits, / . - only, at most 50 (e.g. 001234/QNI-CCHN)'),
  /** Phạm vi hoạt động chuyên môn. */
  scope: text(2, 500),
  /** Cơ quan cấp, e.g. Sở Y tế Quảng Ninh. */
  issuedBy: text(2, 200),
  issuedOn: isoDate.refine((d) => d <= today(), 'must not be in the future'),
  /** Licences under the 2023 law last 5 years; certificates issued before have no end (null). */
  validTo: isoDate.nullable().optional(),
});
export type CertificateInput = z.infer<typeof certificateInput>;

/** Thu hồi: from the day given the certificate no longer holds. */
export const certificateRevoke = z.strictObject({
  revokedOn: isoDate,
  reason: text(3, 300),
});
export type CertificateRevoke = z.infer<typeof certificateRevoke>;

export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked'] as const;
export const certificateOut = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  number: z.string(),
  scope: z.string(),
  issuedBy: z.string(),
  issuedOn: z.string(),
  validTo: z.string().nullable(),
  revokedOn: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** On today's date. */
  status: z.enum(CERTIFICATE_STATUSES),
});
export type CertificateOut = z.infer<typeof certificateOut>;

/** A decision approving a number of posts of a title at a facility from a day. */
export const positionInput = z.strictObject({
  /** Code from the code list `staff-title`. */
  title: text(1, 60),
  count: z.number().int().min(0).max(500),
  /** Số quyết định phê duyệt đề án vị trí việc làm. */
  decision: text(2, 100),
  validFrom: isoDate,
});
export type PositionInput = z.infer<typeof positionInput>;

/** Posts of a title at a facility on a day: approved, in post (active staff with that title), vacant. */
export const positionRow = z.object({
  title: z.string(),
  /** Null: no decision covers this title (staff in post beyond any approved post). */
  approved: z.number().nullable(),
  decision: z.string().nullable(),
  validFrom: z.string().nullable(),
  inPost: z.number(),
  /** Approved less in post, never below 0; null without a decision. */
  vacancies: z.number().nullable(),
});
export const positionsOut = z.object({
  facilityId: z.uuid(),
  on: z.string(),
  rows: z.array(positionRow),
  totals: z.object({ approved: z.number(), inPost: z.number(), vacancies: z.number() }),
});
export type PositionsOut = z.infer<typeof positionsOut>;

export const TRAINING_KINDS = [
  'cme', // đào tạo liên tục (cập nhật kiến thức y khoa liên tục)
  'vhw_basic', // đào tạo nhân viên y tế thôn bản
  'collaborator', // tập huấn cộng tác viên dân số
  'other',
] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const trainingInput = z
  .strictObject({
    kind: z.enum(TRAINING_KINDS),
    course: text(2, 300),
    provider: text(2, 200),
    startedOn: isoDate,
    endedOn: isoDate.refine((d) => d <= today(), 'must not be in the future'),
    hours: z.number().positive().max(2000),
    certificateNo: text(1, 100).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endedOn < v.startedOn)
      ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'must not be before startedOn' });
  });
export type TrainingInput = z.infer<typeof trainingInput>;

export const trainingOut = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  kind: z.enum(TRAINING_KINDS),
  course: z.string(),
  provider: z.string(),
  startedOn: z.string(),
  endedOn: z.string(),
  hours: z.number(),
  certificateNo: z.string().nullable(),
});
export type TrainingOut = z.infer<typeof trainingOut>;

/**
 * A health worker's trainings, newest first, and their continuing-education hours over the 5 years a
 * licence lasts (the hours required for renewal are not checked here: not verified against the text).
 */
export const trainingsOut = z.object({
  items: z.array(trainingOut),
  /** Hours of `cme` trainings ended in the 5 years up to today. */
  cmeHoursLast5Years: z.number(),
});
export type TrainingsOut = z.infer<typeof trainingsOut>;
