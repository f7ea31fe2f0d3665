// The resources module's contracts (zod, shared with the web): a facility's building (nhà trạm) and
// beds as dated records, its equipment inventory against the required list (danh mục trang thiết
// bị), investment projects (dự án đầu tư) and the communes of ethnic-minority areas (vùng DTTS).
import { z } from 'zod';

const day = z.iso.date();
const count = z.number().int().min(0).max(100_000);
const year = z.number().int().min(1900).max(2100);

export const FUNDING_SOURCE_SYSTEM = 'investment-funding-source';
export const BUILDING_CONDITION_SYSTEM = 'building-condition';
export const LATRINE_SYSTEM = 'latrine-type';
export const PROJECT_KINDS = ['construction', 'renovation', 'equipment'] as const;
export const PROJECT_STATUSES = ['approved', 'in_progress', 'completed', 'suspended', 'cancelled'] as const;

// ---------------------------------------------------------------- buildings and beds

export const buildingInput = z
  .object({
    recordedOn: day,
    yearBuilt: year.nullish(),
    yearRenovated: year.nullish(),
    condition: z.string().trim().min(1).max(40),
    floorAreaM2: z.number().min(0).max(100_000).nullish(),
    rooms: z.number().int().min(0).max(1000).nullish(),
    cleanWater: z.boolean(),
    latrine: z.string().trim().min(1).max(40),
    power: z.boolean(),
    internet: z.boolean(),
    note: z.string().trim().max(1000).nullish(),
  })
  .refine((b) => b.yearRenovated == null || b.yearBuilt == null || b.yearRenovated >= b.yearBuilt, {
    path: ['yearRenovated'],
    message: 'must not be before yearBuilt',
  });
export type BuildingInput = z.infer<typeof buildingInput>;

export const buildingOut = z.object({
  id: z.string(),
  facilityId: z.string(),
  recordedOn: z.string(),
  yearBuilt: z.number().nullable(),
  yearRenovated: z.number().nullable(),
  condition: z.string(),
  conditionVi: z.string().nullable(),
  floorAreaM2: z.number().nullable(),
  rooms: z.number().nullable(),
  cleanWater: z.boolean(),
  latrine: z.string(),
  latrineVi: z.string().nullable(),
  power: z.boolean(),
  internet: z.boolean(),
  note: z.string().nullable(),
  createdBy: z.string(),
});
export type BuildingOut = z.infer<typeof buildingOut>;
/** The surveys of a facility's building, newest first (the first is the state today). */
export const buildingHistory = z.object({ items: z.array(buildingOut) });

export const bedsInput = z.object({
  fromDay: day,
  beds: count,
  note: z.string().trim().max(500).nullish(),
});
export const bedsOut = z.object({
  id: z.string(),
  facilityId: z.string(),
  fromDay: z.string(),
  beds: z.number(),
  note: z.string().nullable(),
  createdBy: z.string(),
});
export type BedsOut = z.infer<typeof bedsOut>;
export const bedsHistory = z.object({ current: z.number().nullable(), items: z.array(bedsOut) });

// ---------------------------------------------------------------- equipment

export const inventoryInput = z.object({
  countedOn: day,
  items: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(20),
        working: count,
        broken: count,
      }),
    )
    .min(1)
    .max(500),
});
export type InventoryInput = z.infer<typeof inventoryInput>;

export const EQUIPMENT_STATUSES = ['complete', 'broken', 'short', 'missing', 'not_required'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];

export const inventoryItemOut = z.object({
  code: z.string(),
  group: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  required: z.number(),
  working: z.number(),
  broken: z.number(),
  present: z.number(),
  /** Required − working, at least 0: what the station lacks to have the list working. */
  missing: z.number(),
  status: z.enum(EQUIPMENT_STATUSES),
  countedOn: z.string().nullable(),
  checked: z.boolean(),
});
export type InventoryItemOut = z.infer<typeof inventoryItemOut>;

export const inventoryOut = z.object({
  facilityId: z.string(),
  stationModel: z.number().nullable(),
  on: z.string(),
  list: z.object({ version: z.number(), validFrom: z.string(), source: z.string() }).nullable(),
  items: z.array(inventoryItemOut),
  totals: z.object({
    required: z.number(),
    complete: z.number(),
    broken: z.number(),
    short: z.number(),
    missing: z.number(),
  }),
});
export type InventoryOut = z.infer<typeof inventoryOut>;

/** An administrator's file upload (CSV in UTF-8, or XLSX: its first sheet), checked row by row. */
export const fileUploadInput = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    contentBase64: z.string().min(4).max(4_000_000),
    dryRun: z.boolean().default(true),
  })
  .strict();

export const equipmentListUpload = fileUploadInput.extend({
  /** The version's first day: a day of this century (the database has no year 0). */
  validFrom: day.refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day from 2000 to 2099'),
  source: z.string().trim().min(3).max(300),
});

export const rowError = z.object({
  row: z.number(),
  column: z.string(),
  code: z.string(),
  /** In English; `messageVi` says it in Vietnamese. */
  message: z.string(),
  messageVi: z.string(),
});
export type RowError = z.infer<typeof rowError>;

export const loadResult = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  stored: z.number(),
  version: z.number().nullable(),
  errors: z.array(rowError),
});
export type LoadResult = z.infer<typeof loadResult>;

// ---------------------------------------------------------------- investment projects

const money = z.number().int().positive().max(1e15);

export const projectInput = z
  .object({
    name: z.string().trim().min(3).max(300),
    fundingSource: z.string().trim().min(1).max(40),
    kind: z.enum(PROJECT_KINDS),
    unitCode: z.string().regex(/^([0-9]{2}|[0-9]{5})$/, 'a province or commune code'),
    decisionNo: z.string().trim().max(60).nullish(),
    approvedOn: day,
    budget: money,
    facilityIds: z.array(z.uuid()).min(1).max(200),
    milestones: z
      .array(z.object({ name: z.string().trim().min(2).max(200), dueOn: day }))
      .max(50)
      .default([]),
  })
  .strict();
export type ProjectInput = z.input<typeof projectInput>;

export const disbursementInput = z.object({
  paidOn: day,
  amount: money,
  note: z.string().trim().max(500).nullish(),
});

export const projectStatusInput = z
  .object({
    status: z.enum(PROJECT_STATUSES),
    completedOn: day.nullish(),
  })
  .refine((s) => (s.status === 'completed') === !!s.completedOn, {
    path: ['completedOn'],
    message: 'a completed project has a completion day, and only a completed one',
  });

export const milestoneDoneInput = z.object({ doneOn: day });

export const projectOut = z.object({
  id: z.string(),
  name: z.string(),
  fundingSource: z.string(),
  fundingSourceVi: z.string().nullable(),
  kind: z.enum(PROJECT_KINDS),
  unitCode: z.string(),
  unitName: z.string(),
  decisionNo: z.string().nullable(),
  approvedOn: z.string(),
  budget: z.number(),
  disbursed: z.number(),
  status: z.enum(PROJECT_STATUSES),
  completedOn: z.string().nullable(),
  facilities: z.array(z.object({ id: z.string(), name: z.string(), unitName: z.string() })),
  disbursements: z.array(
    z.object({ id: z.string(), paidOn: z.string(), amount: z.number(), note: z.string().nullable() }),
  ),
  milestones: z.array(
    z.object({ id: z.string(), name: z.string(), dueOn: z.string(), doneOn: z.string().nullable() }),
  ),
});
export type ProjectOut = z.infer<typeof projectOut>;
export const projectList = z.object({ items: z.array(projectOut) });

export const ethnicMinorityUpload = fileUploadInput;
export const ethnicMinorityOut = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  decision: z.string(),
  area: z.string().nullable(),
});
export const ethnicMinorityList = z.object({ items: z.array(ethnicMinorityOut) });
