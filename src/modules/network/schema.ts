import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { FacilityKind, MapVersion, UnitLevel } from './contracts.js';

/**
 * Administrative units of both maps as one hierarchy with materialised paths (ltree):
 * `post2025.p22.c06709.h001` (country → tỉnh: province → xã/phường: commune → thôn/ấp: hamlet) and
 * `pre2025.p22.d193.c06709` for the old three-level map. Codes are the GSO codes; hamlets get a local
 * code `<commune code>-<nnn>`.
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    id: uuid('id').primaryKey(),
    map: text('map').$type<MapVersion>().notNull(),
    code: text('code').notNull(),
    level: text('level').$type<UnitLevel>().notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => adminUnits.id),
    path: ltree('path').notNull(),
    unitType: text('unit_type').notNull(),
    unitTypeEn: text('unit_type_en').notNull(),
    name: text('name').notNull(),
    fullName: text('full_name').notNull(),
    nameEn: text('name_en').notNull(),
    fullNameEn: text('full_name_en').notNull(),
    population: integer('population'),
    areaKm2: numeric('area_km2', { mode: 'number' }),
    /** Null when the source does not say (the old map's units predate our reference snapshot). */
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('admin_units_map_code_uq').on(t.map, t.code),
    uniqueIndex('admin_units_path_uq').on(t.path),
    index('admin_units_path_gist').using('gist', t.path),
    index('admin_units_parent_idx').on(t.parentId),
    index('admin_units_change_seq_idx').on(t.changeSeq),
    check('admin_units_level_ck', sql`${t.level} in ('country','province','district','commune','hamlet')`),
    check('admin_units_map_ck', sql`${t.map} in ('post2025','pre2025')`),
  ],
);

/** Old unit → new unit(s) of the 2025 reform; `partial` when only part of the old unit went there. */
export const unitMappings = pgTable(
  'unit_mappings',
  {
    oldUnitId: uuid('old_unit_id')
      .notNull()
      .references(() => adminUnits.id),
    newUnitId: uuid('new_unit_id')
      .notNull()
      .references(() => adminUnits.id),
    kind: text('kind').$type<'full' | 'partial'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.oldUnitId, t.newUnitId] }),
    index('unit_mappings_new_idx').on(t.newUnitId),
  ],
);

export const facilities = pgTable(
  'facilities',
  {
    id: uuid('id').primaryKey(),
    /** Facility code (mã cơ sở KCB) as the insurer knows it. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<FacilityKind>().notNull(),
    /** Station model of seed 002: 1 no deliveries nor routine treatment, 2 no deliveries, 3 full. */
    stationModel: smallint('station_model'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => adminUnits.id),
    unitPath: ltree('unit_path').notNull(),
    parentFacilityId: uuid('parent_facility_id').references((): AnyPgColumn => facilities.id),
    address: text('address'),
    phone: text('phone'),
    activeFrom: date('active_from', { mode: 'string' }),
    activeTo: date('active_to', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('facilities_code_uq').on(t.code),
    index('facilities_unit_path_gist').using('gist', t.unitPath),
    index('facilities_change_seq_idx').on(t.changeSeq),
    check(
      'facilities_kind_ck',
      sql`${t.kind} in ('health_centre','commune_station','private_clinic','pharmacy','school_health_room')`,
    ),
    check(
      'facilities_model_ck',
      sql`(${t.kind} = 'commune_station' and ${t.stationModel} between 1 and 3) or (${t.kind} <> 'commune_station' and ${t.stationModel} is null)`,
    ),
  ],
);

/** The hamlets a commune station serves. */
export const stationHamlets = pgTable(
  'station_hamlets',
  {
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    hamletId: uuid('hamlet_id')
      .notNull()
      .references(() => adminUnits.id),
    changeSeq: changeSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.facilityId, t.hamletId] }),
    uniqueIndex('station_hamlets_hamlet_uq').on(t.hamletId),
  ],
);

/**
 * Health workers: at a facility (doctor, nurse, midwife…) or in a hamlet (nhân viên y tế thôn bản:
 * village health worker; cộng tác viên dân số: population collaborator). Targets T1 and T2 are
 * computed from the active rows.
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    id: uuid('id').primaryKey(),
    fullName: text('full_name').notNull(),
    sex: text('sex').$type<'male' | 'female'>().notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    /** Code from the versioned code list `staff-title` (reference/codes/staff-title.csv). */
    title: text('title').notNull(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    hamletId: uuid('hamlet_id').references(() => adminUnits.id),
    unitPath: ltree('unit_path').notNull(),
    fullTime: boolean('full_time').notNull().default(true),
    /** Trained for the role (T2 counts hamlets with a trained village health worker). */
    trained: boolean('trained').notNull().default(true),
    phone: text('phone'),
    activeFrom: date('active_from', { mode: 'string' }).notNull(),
    activeTo: date('active_to', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('staff_unit_path_gist').using('gist', t.unitPath),
    index('staff_facility_idx').on(t.facilityId),
    index('staff_hamlet_idx').on(t.hamletId),
    index('staff_change_seq_idx').on(t.changeSeq),
    check('staff_place_ck', sql`${t.facilityId} is not null or ${t.hamletId} is not null`),
    check('staff_sex_ck', sql`${t.sex} in ('male','female')`),
    check('staff_dates_ck', sql`${t.activeTo} is null or ${t.activeTo} >= ${t.activeFrom}`),
  ],
);

/**
 * A staff member's post before a change (issue 13): when an update changes the title, the facility,
 * the hamlet, full time or trained, the values in force until then are kept here with the day of the
 * change (`changed_on`, from which the new values hold). The post on a day is the row's, unless a
 * change is dated after the day: then the values the first such change replaced. Append-only.
 */
export const staffPostChanges = pgTable(
  'staff_post_changes',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    hamletId: uuid('hamlet_id').references(() => adminUnits.id),
    unitPath: ltree('unit_path').notNull(),
    fullTime: boolean('full_time').notNull(),
    trained: boolean('trained').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    index('staff_post_changes_staff_idx').on(t.staffId, t.changedOn),
    index('staff_post_changes_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * Foreign keys for other modules' tables (published by index.ts, docs/adr/0020): a uuid column that
 * references a unit, a facility or a staff member, without handing out the tables themselves.
 */
export const unitKey = (name: string) => uuid(name).references(() => adminUnits.id);
export const facilityKey = (name: string) => uuid(name).references(() => facilities.id);
export const staffKey = (name: string) => uuid(name).references(() => staffMembers.id);

/**
 * Practising certificates (chứng chỉ hành nghề; from 2024 giấy phép hành nghề, Luật Khám bệnh, chữa
 * bệnh 15/2023/QH15): the number is the code insurance claims carry as MA_BAC_SI. A certificate holds
 * from `issued_on` to `valid_to` (licences issued under the 2023 law last 5 years; older certificates
 * have no end) unless revoked (thu hồi) on a day. The certificate of a visit is the one in force on
 * the visit's date.
 */
export const staffCertificates = pgTable(
  'staff_certificates',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    number: text('number').notNull(),
    /** Phạm vi hoạt động chuyên môn, as written on the certificate. */
    scope: text('scope').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    revokedOn: date('revoked_on', { mode: 'string' }),
    revokedReason: text('revoked_reason'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('staff_certificates_staff_idx').on(t.staffId, t.issuedOn),
    uniqueIndex('staff_certificates_number_uq').on(t.number),
    index('staff_certificates_change_seq_idx').on(t.changeSeq),
    check('staff_certificates_dates_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.issuedOn}`),
    check('staff_certificates_revoked_ck', sql`${t.revokedOn} is null or ${t.revokedOn} >= ${t.issuedOn}`),
  ],
);

/**
 * Job positions approved for a facility (đề án vị trí việc làm): how many posts of a title the
 * approving decision allows from a day. Vacancies are approved posts less the staff in post on a day.
 * A new decision is a new row from its day; the row it replaces ends the day before.
 */
export const approvedPositions = pgTable(
  'approved_positions',
  {
    id: uuid('id').primaryKey(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    /** Code from the code list `staff-title`. */
    title: text('title').notNull(),
    count: integer('count').notNull(),
    /** Số quyết định phê duyệt. */
    decision: text('decision').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    unitPath: ltree('unit_path').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('approved_positions_uq').on(t.facilityId, t.title, t.validFrom),
    index('approved_positions_unit_path_gist').using('gist', t.unitPath),
    index('approved_positions_change_seq_idx').on(t.changeSeq),
    check('approved_positions_count_ck', sql`${t.count} >= 0`),
    check('approved_positions_dates_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * Trainings a health worker attended (đào tạo liên tục: continuing medical education, and the basic
 * courses of village health workers and population collaborators), with their hours.
 */
export const staffTrainings = pgTable(
  'staff_trainings',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    /** `cme` (đào tạo liên tục), `vhw_basic` (y tế thôn bản cơ bản), `collaborator` (cộng tác viên), `other`. */
    kind: text('kind').notNull(),
    course: text('course').notNull(),
    provider: text('provider').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }).notNull(),
    hours: numeric('hours', { mode: 'number' }).notNull(),
    certificateNo: text('certificate_no'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('staff_trainings_staff_idx').on(t.staffId, t.endedOn),
    index('staff_trainings_change_seq_idx').on(t.changeSeq),
    check('staff_trainings_kind_ck', sql`${t.kind} in ('cme','vhw_basic','collaborator','other')`),
    check('staff_trainings_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 2000`),
    check('staff_trainings_dates_ck', sql`${t.endedOn} >= ${t.startedOn}`),
  ],
);
