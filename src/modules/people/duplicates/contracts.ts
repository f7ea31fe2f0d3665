/**
 * Shapes of likely duplicates and merges, shared with the web app (no database or server code here):
 * a candidate with its score and reasons, the warning a registration answers with, a merge and its
 * undoing.
 */
import { z } from 'zod';
import { plausibilityWarning } from '../../../core/plausibility-contracts.js';
import { RESIDENT_STATUSES, residentOut, SEXES } from '../residents/contracts.js';

export const DUPLICATE_REASONS = [
  'personal_id',
  'name',
  'birth_date',
  'birth_year',
  'household',
  'phone',
  'mother',
] as const;
export const duplicateCandidate = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string().nullable(),
  birthYear: z.number(),
  personalId: z.string().nullable(),
  status: z.enum(RESIDENT_STATUSES),
  unitCode: z.string(),
  hamletName: z.string().nullable(),
  /** 0–1: how likely the two records are the same person. */
  score: z.number(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;

export const duplicateWarning = z.object({
  code: z.literal('possible_duplicate'),
  message: z.string(),
  candidate: duplicateCandidate,
});
export type DuplicateWarning = z.infer<typeof duplicateWarning>;

/**
 * What a registration warns about, saved all the same: a likely duplicate already on record, or a value
 * the plausibility rules find unusual (an age over 100), told apart by `code`.
 */
export const residentWarning = z.union([duplicateWarning, plausibilityWarning]);
export type ResidentWarning = z.infer<typeof residentWarning>;

/** A registration's answer (a resident, a baby): the new profile and its warnings. */
export const residentCreated = residentOut.extend({ warnings: z.array(residentWarning) });

export const mergeInput = z.strictObject({
  /** The duplicate: it is merged into the record of the URL, which stays. */
  duplicateId: z.uuid(),
  reason: z.string().trim().min(3).max(300),
});
export const unmergeInput = z.strictObject({ reason: z.string().trim().min(3).max(300) });

export const mergeOut = z.object({
  id: z.uuid(),
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  reason: z.string(),
  /** Fields of the survivor that were empty and were filled from the duplicate. */
  filled: z.array(z.string()),
  mergedAt: z.string(),
  mergedBy: z.string().nullable(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
});
export type MergeOut = z.infer<typeof mergeOut>;

/** One record of a likely duplicate pair, with what the reviewer compares side by side. */
export const pairMember = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string().nullable(),
  birthYear: z.number(),
  personalId: z.string().nullable(),
  status: z.enum(RESIDENT_STATUSES),
  unitCode: z.string(),
  hamletName: z.string().nullable(),
  householdId: z.uuid().nullable(),
  householdCode: z.string().nullable(),
  relationToHead: z.string().nullable(),
  /** The latest card not voided (as printed). */
  cardCode: z.string().nullable(),
});
export type PairMember = z.infer<typeof pairMember>;

/** GET /duplicates: a likely duplicate pair of the area, its score and reasons. */
export const duplicatePair = z.object({
  score: z.number(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
  first: pairMember,
  second: pairMember,
});
export type DuplicatePair = z.infer<typeof duplicatePair>;

export const duplicatePairsOut = z.object({
  /** The area reviewed (a commune or a hamlet). */
  area: z.string(),
  pairs: z.array(duplicatePair),
  /** More pairs than listed: the most likely are shown. */
  truncated: z.boolean(),
});
export type DuplicatePairsOut = z.infer<typeof duplicatePairsOut>;

/** POST /duplicates/dismissals: two records judged to be different people (không phải trùng). */
export const dismissalInput = z.strictObject({
  firstId: z.uuid(),
  secondId: z.uuid(),
  reason: z.string().trim().min(3).max(300),
});
export const dismissalOut = z.object({
  id: z.uuid(),
  firstId: z.uuid(),
  secondId: z.uuid(),
  reason: z.string(),
  dismissedBy: z.string().nullable(),
  dismissedAt: z.string(),
});
export type DismissalOut = z.infer<typeof dismissalOut>;

const mergedPerson = z.object({
  id: z.uuid(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  birthYear: z.number(),
  personalId: z.string().nullable(),
  status: z.enum(RESIDENT_STATUSES),
});
/** GET /duplicates/dismissals: a pair of the area judged to be two people, both records named. */
export const dismissalInArea = dismissalOut.extend({ first: mergedPerson, second: mergedPerson });
export type DismissalInArea = z.infer<typeof dismissalInArea>;

/** GET /merges: a merge of the area with both records named. */
export const mergeInArea = mergeOut.extend({ survivor: mergedPerson, merged: mergedPerson });
export type MergeInArea = z.infer<typeof mergeInArea>;
