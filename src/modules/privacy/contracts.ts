/**
 * Personal data requests (Nghị định 13/2023/NĐ-CP): a person's data as ytcs holds it (right of
 * access), and erasure requests decided against the retention rules in force. Shared by the server
 * and the web app: must not import database or server code.
 */
import { z } from 'zod';

const isoDate = z.iso.date();

/** The kinds of data a person may ask about, as the retention rules name them. */
export const DATA_CATEGORIES = [
  'contact', // số điện thoại, nghề nghiệp: not needed for care or for the record's identity
  'identity', // họ tên, ngày sinh, giới tính, giấy tờ: the record's identity
  'health_record', // hồ sơ sức khỏe 831
  'outpatient_record', // lượt khám ngoại trú, đơn thuốc
  'immunization', // tiêm chủng
  'maternal', // thai sản, kế hoạch hóa gia đình
  'programmes', // bệnh không lây nhiễm, tăng trưởng, chuyển tuyến, giám sát bệnh truyền nhiễm
  'insurance', // thẻ BHYT, hồ sơ thanh toán
  'access_log', // nhật ký truy cập
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** One rule: whether the data may be erased on request, or how long it must be kept, and why. */
export const retentionRule = z.strictObject({
  category: z.enum(DATA_CATEGORIES),
  erasable: z.boolean(),
  /** Years it must be kept (from `keptFrom`); null when erasable, or kept for as long as the system runs. */
  keepYears: z.number().int().min(1).max(100).nullable(),
  keptFrom: z.enum(['last_entry', 'death', 'record_closed']).nullable(),
  basis: z.string().trim().min(3).max(600),
  vi: z.string().trim().min(3).max(300),
  en: z.string().trim().min(3).max(300),
});
export type RetentionRule = z.infer<typeof retentionRule>;

/** A version of the rules (a new law or circular: a new version from its effective date). */
export const retentionRuleSet = z
  .strictObject({
    version: z.string().trim().min(1).max(40),
    validFrom: isoDate,
    source: z.string().trim().min(3).max(3000),
    rules: z.array(retentionRule).min(1).max(DATA_CATEGORIES.length),
  })
  .refine((s) => new Set(s.rules.map((r) => r.category)).size === s.rules.length, {
    message: 'each category once',
    path: ['rules'],
  })
  .refine((s) => s.rules.every((r) => !r.erasable || (r.keepYears === null && r.keptFrom === null)), {
    message: 'an erasable category has no keeping period',
    path: ['rules'],
  });
export type RetentionRuleSet = z.infer<typeof retentionRuleSet>;
export const retentionRuleSetOut = retentionRuleSet.safeExtend({ validTo: isoDate.nullable() });

export const erasureRequestInput = z.strictObject({
  /** What the person asks to be erased. */
  categories: z.array(z.enum(DATA_CATEGORIES)).min(1).max(DATA_CATEGORIES.length),
  /** Who asked: the person, or a parent or guardian for a child (Decree 13, art. 20). */
  requestedBy: z.enum(['subject', 'guardian', 'representative']),
  requesterName: z.string().trim().min(2).max(120),
  receivedOn: isoDate,
  note: z.string().trim().max(1000).optional(),
});
export type ErasureRequestInput = z.infer<typeof erasureRequestInput>;

export const requestDecisionInput = z
  .strictObject({
    decision: z.enum(['carry_out', 'refuse']),
    /** Why: required when refused; kept with the request either way. */
    reason: z.string().trim().min(3).max(1000).optional(),
  })
  .refine((d) => d.decision !== 'refuse' || d.reason !== undefined, {
    message: 'give the reason for refusing',
    path: ['reason'],
  });

export const categoryOutcome = z.object({
  category: z.enum(DATA_CATEGORIES),
  outcome: z.enum(['erasable', 'kept', 'erased', 'refused']),
  keepYears: z.number().nullable(),
  keptFrom: z.string().nullable(),
  basis: z.string(),
  vi: z.string(),
  en: z.string(),
});

export const personalDataRequestOut = z.object({
  id: z.string(),
  kind: z.enum(['access', 'erasure']),
  residentId: z.string(),
  residentName: z.string(),
  status: z.enum(['received', 'carried_out', 'refused']),
  categories: z.array(z.enum(DATA_CATEGORIES)),
  requestedBy: z.string(),
  requesterName: z.string(),
  receivedOn: z.string(),
  note: z.string().nullable(),
  rulesVersion: z.string(),
  /** Each category asked for: what the rules in force allow, and after the decision what was done. */
  outcomes: z.array(categoryOutcome),
  receivedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type PersonalDataRequestOut = z.infer<typeof personalDataRequestOut>;

/** A person's data export: each module's part as that module publishes it (null: none kept). */
export const personalDataExport = z.object({
  format: z.literal('ytcs-personal-data-1'),
  exportedAt: z.string(),
  exportedBy: z.string(),
  legalBasis: z.string(),
  resident: z.unknown(),
  parts: z.record(z.string(), z.unknown()),
  /** Who read or changed the person's data, when (the access log, without the staff's addresses). */
  accessLog: z.array(
    z.object({
      occurredAt: z.string(),
      action: z.string(),
      actorRole: z.string().nullable(),
      outcome: z.string(),
      entityType: z.string(),
    }),
  ),
  retention: retentionRuleSetOut,
});
export type PersonalDataExport = z.infer<typeof personalDataExport>;
