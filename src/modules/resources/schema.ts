// The network's resources (cơ sở vật chất, trang thiết bị, đầu tư): station buildings and beds as
// dated records, the equipment list required per station model as versioned data and each station's
// inventory against it, investment projects with their disbursements and milestones, and the
// communes of ethnic-minority and mountainous areas (vùng đồng bào dân tộc thiểu số và miền núi).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey, unitKey } from '../network/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/**
 * The state of a facility's building as surveyed on a day (hiện trạng nhà trạm): every survey is a
 * new row, so the history stays; the state on a day is the latest survey on or before it.
 */
export const facilityBuildings = pgTable(
  'facility_buildings',
  {
    id: uuid('id').primaryKey(),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    yearBuilt: integer('year_built'),
    yearRenovated: integer('year_renovated'),
    /** Code list `building-condition` (reference/resources/codes). */
    condition: text('condition').notNull(),
    floorAreaM2: numeric('floor_area_m2', { precision: 8, scale: 1 }),
    rooms: integer('rooms'),
    cleanWater: boolean('clean_water').notNull(),
    /** Code list `latrine-type`. */
    latrine: text('latrine').notNull(),
    power: boolean('power').notNull(),
    internet: boolean('internet').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('facility_buildings_facility_idx').on(t.facilityId, t.recordedOn),
    index('facility_buildings_change_seq_idx').on(t.changeSeq),
    check('facility_buildings_rooms_ck', sql`${t.rooms} IS NULL OR ${t.rooms} >= 0`),
    check('facility_buildings_area_ck', sql`${t.floorAreaM2} IS NULL OR ${t.floorAreaM2} >= 0`),
    check(
      'facility_buildings_years_ck',
      sql`${t.yearRenovated} IS NULL OR ${t.yearBuilt} IS NULL OR ${t.yearRenovated} >= ${t.yearBuilt}`,
    ),
  ],
);

/** A facility's beds (giường bệnh) from a day: the count on a day is the latest record on or before it. */
export const facilityBeds = pgTable(
  'facility_beds',
  {
    id: uuid('id').primaryKey(),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    fromDay: date('from_day', { mode: 'string' }).notNull(),
    beds: integer('beds').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('facility_beds_day_uq').on(t.facilityId, t.fromDay),
    index('facility_beds_unit_path_gist').using('gist', t.unitPath),
    index('facility_beds_change_seq_idx').on(t.changeSeq),
    check('facility_beds_beds_ck', sql`${t.beds} >= 0`),
  ],
);

/**
 * A version of the equipment list required of commune stations (danh mục trang thiết bị, Circular
 * 28/2020/TT-BYT), in force over its dates; its items carry the quantity per station model.
 */
export const equipmentLists = pgTable(
  'equipment_lists',
  {
    id: uuid('id').primaryKey(),
    version: integer('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    source: text('source').notNull(),
    fileName: text('file_name').notNull(),
    checksum: text('checksum').notNull(),
    loadedBy: text('loaded_by').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('equipment_lists_version_uq').on(t.version),
    check('equipment_lists_dates_ck', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

export const equipmentListItems = pgTable(
  'equipment_list_items',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => equipmentLists.id),
    code: text('code').notNull(),
    sortOrder: integer('sort_order').notNull(),
    groupVi: text('group_vi').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    unitVi: text('unit_vi').notNull(),
    /** Quantity required at a station of model 1, 2 and 3 (0: not required of that model). */
    qty: jsonb('qty').$type<{ 1: number; 2: number; 3: number }>().notNull(),
    /** False when the item could not be checked against the circular's text (SOURCES.md). */
    checked: boolean('checked').notNull(),
  },
  (t) => [uniqueIndex('equipment_list_items_uq').on(t.listId, t.code)],
);

/**
 * A count of one item at a facility on a day (kiểm kê): working and broken units; present = working
 * + broken, missing = required − present. The inventory on a day is each item's latest count.
 */
export const equipmentCounts = pgTable(
  'equipment_counts',
  {
    id: uuid('id').primaryKey(),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    itemCode: text('item_code').notNull(),
    countedOn: date('counted_on', { mode: 'string' }).notNull(),
    working: integer('working').notNull(),
    broken: integer('broken').notNull(),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('equipment_counts_day_uq').on(t.facilityId, t.itemCode, t.countedOn),
    index('equipment_counts_change_seq_idx').on(t.changeSeq),
    check('equipment_counts_nonnegative_ck', sql`${t.working} >= 0 AND ${t.broken} >= 0`),
  ],
);

/**
 * A commune of the ethnic-minority and mountainous areas (xã thuộc vùng đồng bào dân tộc thiểu số
 * và miền núi) over the validity of the decision that lists it (e.g. Decision 861/QĐ-TTg, 2021–2025).
 */
export const ethnicMinorityCommunes = pgTable(
  'ethnic_minority_communes',
  {
    id: uuid('id').primaryKey(),
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    /** The decision that lists the commune (số hiệu văn bản). */
    decision: text('decision').notNull(),
    /** Area (khu vực) I, II or III of the decision, when it says. */
    area: text('area'),
    loadedBy: text('loaded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('ethnic_minority_communes_uq').on(t.unitId, t.validFrom),
    index('ethnic_minority_communes_unit_path_gist').using('gist', t.unitPath),
    index('ethnic_minority_communes_change_seq_idx').on(t.changeSeq),
    check('ethnic_minority_communes_dates_ck', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** An investment project (dự án đầu tư) for one or more facilities, from one funding source. */
export const investmentProjects = pgTable(
  'investment_projects',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** Code list `investment-funding-source`. */
    fundingSource: text('funding_source').notNull(),
    /** construction (xây mới), renovation (cải tạo, nâng cấp), equipment (mua sắm thiết bị). */
    kind: text('kind').$type<'construction' | 'renovation' | 'equipment'>().notNull(),
    /** The unit that owns the project (the province, or a commune): its scope. */
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    decisionNo: text('decision_no'),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    /** In đồng (VND). */
    budget: numeric('budget', { precision: 18, scale: 0 }).notNull(),
    status: text('status')
      .$type<'approved' | 'in_progress' | 'completed' | 'suspended' | 'cancelled'>()
      .notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('investment_projects_unit_path_gist').using('gist', t.unitPath),
    index('investment_projects_change_seq_idx').on(t.changeSeq),
    check('investment_projects_kind_ck', sql`${t.kind} IN ('construction','renovation','equipment')`),
    check(
      'investment_projects_status_ck',
      sql`${t.status} IN ('approved','in_progress','completed','suspended','cancelled')`,
    ),
    check('investment_projects_budget_ck', sql`${t.budget} > 0`),
    check(
      'investment_projects_completed_ck',
      sql`(${t.status} = 'completed') = (${t.completedOn} IS NOT NULL) AND (${t.completedOn} IS NULL OR ${t.completedOn} >= ${t.approvedOn})`,
    ),
  ],
);

/** The facilities a project invests in. */
export const investmentProjectFacilities = pgTable(
  'investment_project_facilities',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => investmentProjects.id),
    facilityId: facilityKey('facility_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    uniqueIndex('investment_project_facilities_uq').on(t.projectId, t.facilityId),
    index('investment_project_facilities_facility_idx').on(t.facilityId),
    index('investment_project_facilities_change_seq_idx').on(t.changeSeq),
  ],
);

/** A payment from the project's budget (giải ngân); their sum never exceeds the budget. */
export const investmentDisbursements = pgTable(
  'investment_disbursements',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => investmentProjects.id),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 18, scale: 0 }).notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('investment_disbursements_project_idx').on(t.projectId),
    check('investment_disbursements_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** A milestone of a project (mốc tiến độ): due on a day, done on a day. */
export const investmentMilestones = pgTable(
  'investment_milestones',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => investmentProjects.id),
    name: text('name').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [index('investment_milestones_project_idx').on(t.projectId)],
);
