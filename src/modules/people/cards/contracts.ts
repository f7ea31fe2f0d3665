/**
 * Shapes of insurance cards (thẻ BHYT), shared with the web app (no database or server code here):
 * a card recorded (legacy 15-character code or 10-digit social-insurance number), corrected or
 * voided, and a card as read.
 */
import { z } from 'zod';
import { checkFacilityCode, parseInsuranceCode } from '../identity.js';

const isoDate = z.iso.date();

const cardFields = z.object({
  /** As printed: 15 characters (legacy) or the 10-digit social-insurance number. */
  code: z.string().trim().min(10).max(20),
  validFrom: isoDate,
  /** Open-ended when empty. */
  validTo: isoDate.nullable().optional(),
  /** Nơi đăng ký KCB ban đầu: 5 characters (`22101`). */
  registeredFacilityCode: z.string().trim().toUpperCase().nullable().optional(),
  /** For a 10-digit card: the beneficiary group and benefit level printed beside it (a legacy code carries them). */
  beneficiaryGroup: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'two letters')
    .nullable()
    .optional(),
  benefitLevel: z.number().int().min(1).max(5).nullable().optional(),
});

function cardRefine(v: Partial<z.infer<typeof cardFields>>, ctx: z.RefinementCtx) {
  if (v.code !== undefined) {
    const parsed = parseInsuranceCode(v.code);
    if ('issue' in parsed) ctx.addIssue({ code: 'custom', path: ['code'], message: parsed.issue.message });
    else if (parsed.info.format === 'legacy') {
      if (v.beneficiaryGroup && v.beneficiaryGroup !== parsed.info.beneficiaryGroup)
        ctx.addIssue({
          code: 'custom',
          path: ['beneficiaryGroup'],
          message: `the card code says ${parsed.info.beneficiaryGroup}`,
        });
      if (v.benefitLevel != null && v.benefitLevel !== parsed.info.benefitLevel)
        ctx.addIssue({
          code: 'custom',
          path: ['benefitLevel'],
          message: `the card code says ${parsed.info.benefitLevel}`,
        });
    }
  }
  if (v.validFrom && v.validTo && v.validTo < v.validFrom)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
  if (v.registeredFacilityCode)
    for (const issue of checkFacilityCode(v.registeredFacilityCode))
      ctx.addIssue({ code: 'custom', path: ['registeredFacilityCode'], message: issue.message });
}

export const insuranceCardInput = cardFields.superRefine(cardRefine);
export type InsuranceCardInput = z.infer<typeof insuranceCardInput>;

/** Corrects a card's end date or facility, or voids a card entered by mistake (never deleted). */
export const insuranceCardPatch = z
  .strictObject({
    validTo: isoDate.nullable().optional(),
    registeredFacilityCode: z.string().trim().toUpperCase().nullable().optional(),
    voidReason: z.string().trim().min(3).max(300).optional(),
  })
  .superRefine(cardRefine);
export type InsuranceCardPatch = z.infer<typeof insuranceCardPatch>;

export const insuranceCardOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  code: z.string(),
  format: z.enum(['legacy', 'social_insurance']),
  socialInsuranceNumber: z.string(),
  beneficiaryGroup: z.string().nullable(),
  beneficiaryGroupName: z.string().nullable(),
  benefitLevel: z.number().nullable(),
  issuerProvince: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  registeredFacilityCode: z.string().nullable(),
  registeredFacilityName: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  /** Valid on the day asked (today by default) and not voided. */
  validNow: z.boolean(),
  changeSeq: z.number(),
});
export type InsuranceCardOut = z.infer<typeof insuranceCardOut>;
