/**
 * Shapes of life events (births, deaths, moves, transfers, merges), shared with the web app (no
 * database or server code here).
 */
import { z } from 'zod';
import { today } from '../../../core/clock.js';
import {
  addressInput,
  codeValue,
  personalId,
  placeCode,
  residentFields,
  SEXES,
} from '../residents/contracts.js';

const isoDate = z.iso.date();

export const LIFE_EVENT_KINDS = [
  'birth', // sinh
  'death', // tử vong (register A6)
  'move_in', // chuyển đến (from outside the system)
  'move_out', // chuyển đi (outside the system)
  'transfer', // chuyển xã within the system: the record moves with the person
  'hamlet_move', // chuyển thôn: to another hamlet of the same commune (recorded when the address changes)
  'merge', // merged into another record (a duplicate)
  'unmerge',
] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

const onDate = isoDate.refine((d) => d <= today(), 'must not be in the future');

/** Events recorded directly on a resident; births and transfers have their own endpoints. */
export const lifeEventInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('death'),
    on: onDate,
    /** Underlying cause of death (ICD-10) and as written. */
    causeIcd10: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/, 'must be an ICD-10 code like I21 or C22.0')
      .nullable()
      .optional(),
    cause: z.string().trim().min(1).max(300).nullable().optional(),
    place: z.enum(['home', 'health_facility', 'other']).nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  }),
  z.strictObject({
    kind: z.literal('move_out'),
    on: onDate,
    destination: z.string().trim().min(1).max(300),
    note: z.string().trim().max(500).nullable().optional(),
  }),
  z.strictObject({
    kind: z.literal('move_in'),
    on: onDate,
    /** Where from (free text: outside the system or another country). */
    origin: z.string().trim().min(1).max(300).nullable().optional(),
    currentAddress: addressInput.optional(),
    note: z.string().trim().max(500).nullable().optional(),
  }),
]);
export type LifeEventInput = z.infer<typeof lifeEventInput>;

export const birthInput = z.strictObject({
  fullName: residentFields.shape.fullName,
  sex: z.enum(SEXES),
  birthDate: onDate,
  personalId: personalId.nullable().optional(),
  fatherId: z.uuid().nullable().optional(),
  /** Relation of the child to the head of the mother's household (default: `child` when the mother is head or spouse, else `grandchild`). */
  relationToHead: codeValue.optional(),
  ethnicity: codeValue.nullable().optional(),
  birthWeightGrams: z.number().int().min(300).max(7000).nullable().optional(),
  deliveryType: z.enum(['normal', 'caesarean', 'assisted']).nullable().optional(),
  premature: z.boolean().nullable().optional(),
  place: z.enum(['health_facility', 'home', 'other']).nullable().optional(),
});
export type BirthInput = z.infer<typeof birthInput>;

export const transferInput = z.strictObject({
  /** The destination hamlet or commune (any commune of the current map). */
  toUnitCode: placeCode,
  addressLine: z.string().trim().max(200).nullable().optional(),
  on: onDate,
  reason: z.string().trim().max(300).nullable().optional(),
});
export type TransferInput = z.infer<typeof transferInput>;

export const lifeEventOut = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  residentName: z.string(),
  kind: z.enum(LIFE_EVENT_KINDS),
  on: z.string(),
  unitPath: z.string(),
  unitCode: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  relatedResidentId: z.uuid().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
});
export type LifeEventOut = z.infer<typeof lifeEventOut>;

/** GET /people/places: a code or a name (with or without diacritics), and how many to list. */
export const placeQuery = z.object({
  q: z.string().trim().min(2).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});

/** A commune or hamlet where a person may be placed (GET /people/places): a transfer's destination, a permanent address. */
export const placeFound = z.object({
  code: z.string(),
  level: z.enum(['commune', 'hamlet']),
  /** "Thôn Khe Lầy", "Xã Bình Liêu". */
  name: z.string(),
  communeName: z.string(),
  provinceName: z.string(),
  /** In the user's own area (a move there is a change of address, not a transfer, when in the same commune). */
  inArea: z.boolean(),
});
export type PlaceFound = z.infer<typeof placeFound>;
