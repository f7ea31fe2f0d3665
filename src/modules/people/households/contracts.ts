/**
 * Shapes of households (hộ gia đình), shared with the web app (no database or server code here): a
 * household registered with its members (and their cards), changed, listed and read with its members.
 */
import { z } from 'zod';
import { insuranceCardInput } from '../cards/contracts.js';
import { residentWarning } from '../duplicates/contracts.js';
import {
  codeValue,
  placeCode,
  residentFields,
  addResidentIssues,
  addressOut,
  residentSummary,
} from '../residents/contracts.js';

export const householdMemberInput = residentFields
  .omit({ householdId: true })
  .extend({
    relationToHead: codeValue,
    /** The member's current insurance card, stored with the household (all or nothing). */
    card: insuranceCardInput.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.birthDate && v.birthYear == null)
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: 'give the birth date, or at least the year',
      });
    addResidentIssues(v, ctx);
  });

export const householdInput = z
  .object({
    /** Hamlet (or commune) where the household lives. */
    unitCode: placeCode,
    addressLine: z.string().trim().max(200).nullable().optional(),
    /** Local household number (mã hộ), when the commune keeps one. */
    code: z.string().trim().min(1).max(30).nullable().optional(),
    /** Members registered with the household; exactly one of them is the head. */
    members: z.array(householdMemberInput).max(40).default([]),
  })
  .superRefine((v, ctx) => {
    if (!v.members.length) return;
    const heads = v.members.filter((m) => m.relationToHead === 'head').length;
    if (heads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: `exactly one member is the head of the household (relationToHead "head"), not ${heads}`,
      });
  });
export type HouseholdInput = z.infer<typeof householdInput>;

export const householdPatch = z.object({
  unitCode: placeCode.optional(),
  addressLine: z.string().trim().max(200).nullable().optional(),
  code: z.string().trim().min(1).max(30).nullable().optional(),
  /** Makes this member the head; the former head (if still living here) takes `formerHeadRelation`. */
  headId: z.uuid().optional(),
  formerHeadRelation: codeValue.optional(),
});
export type HouseholdPatch = z.infer<typeof householdPatch>;

export const householdOut = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  address: addressOut,
  status: z.enum(['active', 'dissolved']),
  headId: z.uuid().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number(),
  unitPath: z.string(),
  changeSeq: z.number(),
});
export type HouseholdOut = z.infer<typeof householdOut>;

export const householdDetail = householdOut.extend({
  members: z.array(residentSummary.extend({ relationToHeadName: z.string().nullable() })),
  /** Likely duplicates of the new members and values the plausibility rules find unusual (saved all the same). */
  warnings: z.array(residentWarning).optional(),
});
export type HouseholdDetail = z.infer<typeof householdDetail>;
