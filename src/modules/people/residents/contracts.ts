/**
 * Shapes of residents (người dân), shared with the web app (no database or server code here): a
 * registration, a change of identity fields, a resident as listed, found by a search or read whole
 * (the profile).
 */
import { z } from 'zod';
import { today } from '../../../core/clock.js';
import { plausibilityWarning } from '../../../core/plausibility-contracts.js';
import { pageOf } from '../../../core/paging.js';
import { insuranceCardOut } from '../cards/contracts.js';
import { checkPersonalId, normalisePhone, PHONE_PATTERN } from '../identity.js';

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

/** A code of a code list (its list is checked by the service). */
export const codeValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'a code from the code list');

/** The fields of a resident, as registered or changed (households and births take some of them). */
export const residentFields = z.object({
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

/**
 * Adds the cross-field issues of a resident to a schema's refinement. The form of the personal ID is
 * the field's own check (`personalId`): repeating it here listed the same error twice.
 */
export function addResidentIssues(v: ResidentShape, ctx: z.RefinementCtx) {
  for (const i of residentIssues(v))
    if (!(i.path === 'personalId' && i.code === 'invalid_format'))
      ctx.addIssue({ code: 'custom', path: [i.path], message: i.message, params: { code: i.code } });
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
  addResidentIssues(v, ctx);
});
export type ResidentInput = z.infer<typeof residentInput>;

/** A change of identity fields; life events (death, moves, transfer) have their own endpoints. */
export const residentPatch = residentFields.partial().superRefine((v, ctx) => {
  addResidentIssues(v, ctx);
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

/**
 * A page of a search or list. Outside one commune a search ranks and counts at most a bounded number
 * of matches (docs/adr/0023): `moreThanTotal` then says that more than `total` residents match, and
 * pages stop at `total`.
 */
export const residentSearchPage = pageOf(residentFound).extend({ moreThanTotal: z.boolean() });
export type ResidentSearchPage = z.infer<typeof residentSearchPage>;

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
  /** The version of the identity (1 at registration, one more for each change of what it shows: resident_versions). */
  version: z.number().int(),
  changeSeq: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResidentOut = z.infer<typeof residentOut>;

/** A change's answer: the profile, and the values the plausibility rules find unusual (saved all the same). */
export const residentUpdated = residentOut.extend({ warnings: z.array(plausibilityWarning) });
export type ResidentUpdated = z.infer<typeof residentUpdated>;
