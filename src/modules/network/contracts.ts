/**
 * Input and output shapes of the network module: used by the server's routes and by the web app
 * (this file must not import database or server code).
 */
import { z } from 'zod';
import { today } from '../../core/clock.js';

export const MAP_VERSIONS = ['post2025', 'pre2025'] as const;
export type MapVersion = (typeof MAP_VERSIONS)[number];
export const UNIT_LEVELS = ['country', 'province', 'district', 'commune', 'hamlet'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const FACILITY_KINDS = [
  'health_centre', // Trung tâm y tế (TTYT)
  'commune_station', // Trạm y tế xã/phường (TYT)
  'private_clinic', // phòng khám tư nhân
  'pharmacy', // nhà thuốc / quầy thuốc
  'school_health_room', // phòng y tế trường học
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

const isoDate = z.iso.date();
export const unitCode = z
  .string()
  .trim()
  .regex(
    /^(VN|\d{2}|\d{3}|\d{5}|\d{5}-\d{3})$/,
    'must be a GSO unit code (2, 3 or 5 digits) or a hamlet code',
  );

export const unitOut = z.object({
  id: z.uuid(),
  map: z.enum(MAP_VERSIONS),
  code: z.string(),
  level: z.enum(UNIT_LEVELS),
  parentCode: z.string().nullable(),
  path: z.string(),
  unitType: z.string(),
  unitTypeEn: z.string(),
  name: z.string(),
  fullName: z.string(),
  nameEn: z.string(),
  fullNameEn: z.string(),
  population: z.number().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  childCount: z.number().int().optional(),
});
export type UnitOut = z.infer<typeof unitOut>;

/** A unit with its ancestors, country first (GET /units/{code}): the breadcrumb. */
export const unitWithAncestors = unitOut.extend({ ancestors: z.array(unitOut) });
export type UnitWithAncestors = z.infer<typeof unitWithAncestors>;

export const HAMLET_TYPES = [
  'Thôn',
  'Ấp',
  'Bản',
  'Buôn',
  'Khu phố',
  'Tổ dân phố',
  'Làng',
  'Sóc',
  'Xóm',
  'Khóm',
] as const;
export const hamletInput = z.object({
  name: z.string().trim().min(1).max(120),
  unitType: z.enum(HAMLET_TYPES).default('Thôn'),
  population: z.number().int().min(0).max(1_000_000).nullable().optional(),
  validFrom: isoDate.optional(),
});
export type HamletInput = z.infer<typeof hamletInput>;
export const hamletPatch = hamletInput.partial().extend({ validTo: isoDate.nullable().optional() });

const facilityName = z.string().trim().min(2).max(200);
const stationModel = z.number().int().min(1).max(3);
const facilityAddress = z.string().trim().max(300).nullable().optional();
const facilityPhone = z
  .string()
  .trim()
  .regex(/^[0-9 +.-]{6,20}$/, 'must be a phone number')
  .nullable()
  .optional();

export const facilityInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{5,10}$/, 'must be 5–10 digits or capital letters'),
    name: facilityName,
    kind: z.enum(FACILITY_KINDS),
    stationModel: stationModel.nullable().optional(),
    unitCode: unitCode,
    parentFacilityId: z.uuid().nullable().optional(),
    address: facilityAddress,
    phone: facilityPhone,
    activeFrom: isoDate.nullable().optional(),
    activeTo: isoDate.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'commune_station' && v.stationModel == null)
      ctx.addIssue({
        code: 'custom',
        path: ['stationModel'],
        message: 'a commune station needs its model (1, 2 or 3)',
      });
    if (v.kind !== 'commune_station' && v.stationModel != null)
      ctx.addIssue({ code: 'custom', path: ['stationModel'], message: 'only a commune station has a model' });
  });
export type FacilityInput = z.infer<typeof facilityInput>;
export const facilityPatch = z.object({
  name: facilityName.optional(),
  stationModel: stationModel.optional(),
  parentFacilityId: z.uuid().nullable().optional(),
  address: facilityAddress,
  phone: facilityPhone,
  activeTo: isoDate.nullable().optional(),
});

export const facilityOut = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(FACILITY_KINDS),
  stationModel: z.number().int().nullable(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  unitPath: z.string(),
  parentFacilityId: z.uuid().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  hamletIds: z.array(z.uuid()).optional(),
  changeSeq: z.number(),
});
export type FacilityOut = z.infer<typeof facilityOut>;

const staffBase = z.object({
  fullName: z.string().trim().min(2, 'at least 2 characters').max(120),
  sex: z.enum(['male', 'female']),
  birthDate: isoDate.nullable().optional(),
  title: z.string().trim().min(1).max(60),
  facilityId: z.uuid().nullable().optional(),
  hamletId: z.uuid().nullable().optional(),
  fullTime: z.boolean().default(true),
  trained: z.boolean().default(true),
  phone: z
    .string()
    .trim()
    .regex(/^0[0-9]{9,10}$/, 'must be a Vietnamese phone number (10–11 digits, starting with 0)')
    .nullable()
    .optional(),
  activeFrom: isoDate,
  activeTo: isoDate.nullable().optional(),
});
const staffRefine = (
  v: {
    facilityId?: string | null;
    hamletId?: string | null;
    activeFrom?: string;
    activeTo?: string | null;
    birthDate?: string | null;
  },
  ctx: z.RefinementCtx,
) => {
  if (v.activeTo && v.activeFrom && v.activeTo < v.activeFrom)
    ctx.addIssue({ code: 'custom', path: ['activeTo'], message: 'must not be before activeFrom' });
  if (v.birthDate && v.activeFrom && v.birthDate >= v.activeFrom)
    ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'must be before activeFrom' });
};
export const staffInput = staffBase.superRefine((v, ctx) => {
  if (!v.facilityId && !v.hamletId)
    ctx.addIssue({
      code: 'custom',
      path: ['facilityId'],
      message: 'a staff member works at a facility or in a hamlet',
    });
  staffRefine(v, ctx);
});
export type StaffInput = z.infer<typeof staffInput>;
export const staffPatch = staffBase
  .partial()
  .extend({
    /**
     * The day a change of post (title, facility or hamlet, full time, trained) took effect (default
     * today): earlier days keep the post it replaced (T1, T2, T12). Not in the future, not before the
     * staff member started nor before their last recorded change of post.
     */
    postChangedOn: isoDate.refine((d) => d <= today(), 'must not be in the future').optional(),
  })
  .superRefine(staffRefine);
export type StaffPatch = z.infer<typeof staffPatch>;

export const staffOut = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  title: z.string(),
  facilityId: z.uuid().nullable(),
  facilityName: z.string().nullable(),
  hamletId: z.uuid().nullable(),
  hamletName: z.string().nullable(),
  unitPath: z.string(),
  fullTime: z.boolean(),
  trained: z.boolean(),
  phone: z.string().nullable(),
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
  changeSeq: z.number(),
});
export type StaffOut = z.infer<typeof staffOut>;

// ---------------------------------------------------------------- the unit overview

/** Stations, doctors (T1), hamlets, village health workers (T2) and staff under a unit. */
const overviewCounts = z.object({
  stations: z.number(),
  stationsWithDoctor: z.number(),
  hamlets: z.number(),
  hamletsWithVhw: z.number(),
  staff: z.number(),
});

/** A commune station with its active staff and whether one of them is a full-time doctor (T1). */
export const overviewStation = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  stationModel: z.number().nullable(),
  unitCode: z.string(),
  unitName: z.string(),
  staffCount: z.number(),
  doctorCount: z.number(),
  hasFullTimeDoctor: z.boolean(),
});
export type OverviewStation = z.infer<typeof overviewStation>;

/** A hamlet of the commune (ended ones included) and its active village health workers (T2). */
export const overviewHamlet = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  unitType: z.string(),
  validTo: z.string().nullable(),
  hasVillageHealthWorker: z.boolean(),
  villageHealthWorkers: z.array(z.string()),
});
export type OverviewHamlet = z.infer<typeof overviewHamlet>;

/** GET /units/{code}/overview: a unit at a glance, its sub-units, stations and (a commune's) hamlets. */
export const unitOverviewOut = z.object({
  unit: unitWithAncestors,
  children: z.array(z.object({ unit: unitOut, ...overviewCounts.shape })),
  stations: z.array(overviewStation),
  hamlets: z.array(overviewHamlet),
  totals: overviewCounts,
});
export type UnitOverview = z.infer<typeof unitOverviewOut>;
