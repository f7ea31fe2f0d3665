/**
 * Input and output shapes of the people module (households, residents, insurance cards, life events,
 * duplicates, the 831 record): used by the server's routes and by the web app (this file must not
 * import database or server code).
 */
import { z } from 'zod';
import { today } from '../../core/clock.js';
import {
  checkFacilityCode,
  checkPersonalId,
  normalisePhone,
  parseInsuranceCode,
  PHONE_PATTERN,
} from './identity.js';

export * from './identity.js';
export * from './record-contracts.js';

const isoDate = z.iso.date();

export const SEXES = ['male', 'female'] as const;
export const RESIDENT_STATUSES = [
  'active', // đang cư trú
  'moved_out', // đã chuyển đi (outside the system)
  'dead', // đã chết
  'merged', // a duplicate, merged into another record
] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

/** A commune (`06862`) or hamlet (`06862-001`) code of the current map. */
export const placeCode = z
  .string()
  .trim()
  .regex(/^\d{5}(-\d{3})?$/, 'must be a commune code (5 digits) or a hamlet code like 06862-001');

/** Where someone lives: the hamlet (or the commune when the hamlet is not known) and the rest of the address. */
export const addressInput = z.object({
  unitCode: placeCode,
  /** House number, street, group (số nhà, đường, tổ). */
  line: z.string().trim().max(200).nullable().optional(),
});
export type AddressInput = z.infer<typeof addressInput>;

export const personalId = z
  .string()
  .trim()
  .regex(/^\d{12}$/, 'a personal ID has exactly 12 digits');

export const phone = z
  .string()
  .trim()
  .max(20)
  .transform(normalisePhone)
  .pipe(z.string().regex(PHONE_PATTERN, 'must be a Vietnamese phone number (10–11 digits, starting with 0)'));

const codeValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'a code from the code list');

const residentFields = z.object({
  fullName: z
    .string()
    .trim()
    .min(2, 'at least 2 characters')
    .max(120)
    .regex(/^[\p{L}\p{M}' .-]+$/u, 'letters, spaces, apostrophes, dots and dashes only'),
  sex: z.enum(SEXES),
  /** Full birth date when known … */
  birthDate: isoDate.nullable().optional(),
  /** … or the year alone (many older people only know their year). */
  birthYear: z.number().int().min(1880).max(2200).nullable().optional(),
  personalId: personalId.nullable().optional(),
  /** Code list `ethnicity` (GSO list of Vietnam's 54 ethnic groups). */
  ethnicity: codeValue.nullable().optional(),
  /** ISO 3166-1 alpha-2. */
  nationality: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code (VN)')
    .optional(),
  /** Code list `religion`. */
  religion: codeValue.nullable().optional(),
  occupation: z.string().trim().max(120).nullable().optional(),
  bloodGroup: z.enum(BLOOD_GROUPS).nullable().optional(),
  phones: z.array(phone).max(5).optional(),
  /** Nơi ở hiện tại: decides whose area the resident is in. Defaults to the household's. */
  currentAddress: addressInput.optional(),
  /** Nơi thường trú, when it differs from the current address (any commune of the country). */
  permanentAddress: addressInput.nullable().optional(),
  householdId: z.uuid().nullable().optional(),
  /** Code list `relation-to-head` (quan hệ với chủ hộ): `head`, `spouse`, `child`… */
  relationToHead: codeValue.nullable().optional(),
  motherId: z.uuid().nullable().optional(),
  fatherId: z.uuid().nullable().optional(),
});

type ResidentShape = Partial<z.infer<typeof residentFields>>;

/** Checks that hold between fields of one resident (also run by the service on the merged result of a patch). */
export function residentIssues(
  v: ResidentShape,
  on = today(),
): { path: string; code: string; message: string }[] {
  const out: { path: string; code: string; message: string }[] = [];
  const birthYear = v.birthDate ? Number(v.birthDate.slice(0, 4)) : (v.birthYear ?? null);
  if (v.birthDate && v.birthYear != null && Number(v.birthDate.slice(0, 4)) !== v.birthYear)
    out.push({ path: 'birthYear', code: 'birth_year_mismatch', message: 'must be the year of birthDate' });
  if (v.birthDate && v.birthDate > on)
    out.push({ path: 'birthDate', code: 'in_future', message: 'must not be in the future' });
  if (!v.birthDate && v.birthYear != null && v.birthYear > Number(on.slice(0, 4)))
    out.push({ path: 'birthYear', code: 'in_future', message: 'must not be in the future' });
  if (v.personalId)
    for (const issue of checkPersonalId(v.personalId, { sex: v.sex, birthYear }, Number(on.slice(0, 4))))
      out.push({ path: 'personalId', ...issue });
  return out;
}

export const residentInput = residentFields.superRefine((v, ctx) => {
  if (!v.birthDate && v.birthYear == null)
    ctx.addIssue({
      code: 'custom',
      path: ['birthDate'],
      message: 'give the birth date, or at least the year',
    });
  if (v.relationToHead && !v.householdId)
    ctx.addIssue({
      code: 'custom',
      path: ['householdId'],
      message: 'a relation to the head needs a household',
    });
  if (v.householdId && !v.relationToHead)
    ctx.addIssue({
      code: 'custom',
      path: ['relationToHead'],
      message: 'say how the resident is related to the head of the household',
    });
  for (const i of residentIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type ResidentInput = z.infer<typeof residentInput>;

/** A change of identity fields; life events (death, moves, transfer) have their own endpoints. */
export const residentPatch = residentFields.partial().superRefine((v, ctx) => {
  for (const i of residentIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type ResidentPatch = z.infer<typeof residentPatch>;

export const addressOut = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  hamletCode: z.string().nullable(),
  hamletName: z.string().nullable(),
  communeCode: z.string(),
  communeName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  line: z.string().nullable(),
  /** One line, for lists and printing: "Số 12, Thôn Đông, Xã Tiên Yên, Tỉnh Quảng Ninh". */
  text: z.string(),
});
export type AddressOut = z.infer<typeof addressOut>;

// ---------------------------------------------------------------- insurance cards (thẻ BHYT)

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

// ---------------------------------------------------------------- residents out

export const residentSummary = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string().nullable(),
  birthYear: z.number(),
  personalId: z.string().nullable(),
  phones: z.array(z.string()),
  status: z.enum(RESIDENT_STATUSES),
  householdId: z.uuid().nullable(),
  relationToHead: z.string().nullable(),
  unitCode: z.string(),
  hamletName: z.string().nullable(),
  communeName: z.string(),
  unitPath: z.string(),
});
export type ResidentSummary = z.infer<typeof residentSummary>;

/** A resident in a search or list: with its rank (searches) and whether it is insured today. */
export const residentFound = residentSummary.extend({
  score: z.number().nullable(),
  insuredToday: z.boolean(),
});
export type ResidentFound = z.infer<typeof residentFound>;

export const residentOut = residentSummary.extend({
  ethnicity: z.string().nullable(),
  ethnicityName: z.string().nullable(),
  nationality: z.string(),
  religion: z.string().nullable(),
  religionName: z.string().nullable(),
  occupation: z.string().nullable(),
  bloodGroup: z.enum(BLOOD_GROUPS).nullable(),
  currentAddress: addressOut,
  permanentAddress: addressOut.nullable(),
  householdCode: z.string().nullable(),
  relationToHeadName: z.string().nullable(),
  motherId: z.uuid().nullable(),
  fatherId: z.uuid().nullable(),
  diedOn: z.string().nullable(),
  mergedIntoId: z.uuid().nullable(),
  /** Records merged into this one (their cards, events and 831 versions show here too). */
  mergedIds: z.array(z.uuid()),
  insurance: z.object({
    insuredToday: z.boolean(),
    currentCard: insuranceCardOut.nullable(),
  }),
  healthRecord: z
    .object({
      version: z.number(),
      reviewedAt: z.string().nullable(),
      lastUpdatedAt: z.string(),
      /** Reviewed or updated in the last 12 months (target T5). */
      healthManaged: z.boolean(),
    })
    .nullable(),
  changeSeq: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResidentOut = z.infer<typeof residentOut>;

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

export const residentCreated = residentOut.extend({ warnings: z.array(duplicateWarning) });

// ---------------------------------------------------------------- households (hộ gia đình)

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
    for (const i of residentIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
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
  warnings: z.array(duplicateWarning).optional(),
});
export type HouseholdDetail = z.infer<typeof householdDetail>;

// ---------------------------------------------------------------- life events

export const LIFE_EVENT_KINDS = [
  'birth', // sinh
  'death', // tử vong (register A6)
  'move_in', // chuyển đến (from outside the system)
  'move_out', // chuyển đi (outside the system)
  'transfer', // chuyển xã within the system: the record moves with the person
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

// ---------------------------------------------------------------- merge

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

// ---------------------------------------------------------------- coverage (T3, T5)

export const coverageOut = z.object({
  unitCode: z.string(),
  on: z.string(),
  /** Active residents of the unit (in the caller's area). */
  residents: z.number(),
  /** With a valid, not voided insurance card on the day (target T3). */
  insured: z.number(),
  /** With an 831 record reviewed or updated in the 12 months up to the day (target T5). */
  healthManaged: z.number(),
  insuredShare: z.number().nullable(),
  healthManagedShare: z.number().nullable(),
});
export type CoverageOut = z.infer<typeof coverageOut>;
