/**
 * Shapes of likely duplicates and merges, shared with the web app (no database or server code here):
 * a candidate with its score and reasons, the warning a registration answers with, a merge and its
 * undoing.
 */
import { z } from 'zod';
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

/** A registration's answer (a resident, a baby): the new profile and the likely duplicates already on record. */
export const residentCreated = residentOut.extend({ warnings: z.array(duplicateWarning) });

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
