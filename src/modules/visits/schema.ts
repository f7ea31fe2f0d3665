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
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey, staffKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { CatalogueKind, PaymentMethod, VisitDocument, VisitStatus } from './contracts.js';

/**
 * Danh mục: commune-level technical services, drugs and supplies with their prices, each row valid
 * from a date until a date (a new price is a new row). Loaded by `ytcs catalogue import`.
 */
export const catalogueItems = pgTable(
  'catalogue_items',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<CatalogueKind>().notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    price: numeric('price', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    insuranceCovered: boolean('insurance_covered').notNull().default(true),
    activeIngredient: text('active_ingredient'),
    strength: text('strength'),
    route: text('route'),
    registrationNumber: text('registration_number'),
    group: text('group_name'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    source: text('source'),
    demo: boolean('demo').notNull().default(false),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('catalogue_items_uq').on(t.kind, t.code, t.validFrom),
    index('catalogue_items_change_seq_idx').on(t.changeSeq),
    check('catalogue_items_kind_ck', sql`${t.kind} in ('service','drug','supply')`),
    check('catalogue_items_price_ck', sql`${t.price} >= 0`),
    check('catalogue_items_dates_ck', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/**
 * The listed services a station declares it can perform (target T8), with their validity: a row is
 * a declaration, valid from `declared_from` (the day it was made) until `withdrawn_on` (exclusive;
 * null while in force). A withdrawal closes the row and a new declaration adds one, so a past day
 * reads the services declared then. Rows are never deleted (the indicators' watermarks rely on it).
 */
export const stationServices = pgTable(
  'station_services',
  {
    facilityId: facilityKey('facility_id').notNull(),
    serviceCode: text('service_code').notNull(),
    declaredFrom: date('declared_from', { mode: 'string' }).notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull().defaultNow(),
    declaredBy: text('declared_by').notNull(),
    withdrawnBy: text('withdrawn_by'),
    changeSeq: changeSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.facilityId, t.serviceCode, t.declaredFrom] }),
    /** At most one declaration in force per station and service. */
    uniqueIndex('station_services_open_uq')
      .on(t.facilityId, t.serviceCode)
      .where(sql`${t.withdrawnOn} is null`),
    index('station_services_change_seq_idx').on(t.changeSeq),
    check(
      'station_services_dates_ck',
      sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.declaredFrom}`,
    ),
  ],
);

/**
 * A visit (lượt khám) at a facility: the current state, for lists, registers and counters. Its content
 * lives in `visit_versions`; every save writes a version, a finished visit is corrected by a new one.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    facilityId: facilityKey('facility_id').notNull(),
    /** The facility's unit path: who may see the visit. */
    unitPath: ltree('unit_path').notNull(),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    status: text('status').$type<VisitStatus>().notNull(),
    currentVersion: integer('current_version').notNull(),
    clinicianId: staffKey('clinician_id').notNull(),
    mainDiagnosis: text('main_diagnosis'),
    paymentMethod: text('payment_method').$type<PaymentMethod>().notNull(),
    benefitLevel: smallint('benefit_level'),
    totalAmount: numeric('total_amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    insurerAmount: numeric('insurer_amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    patientAmount: numeric('patient_amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /**
     * The current version's measures that programmes count by (the ncd module's control status and
     * overdue list, issue 14): copies of the document's, kept by every save (and the bulk writer).
     */
    systolic: smallint('systolic'),
    diastolic: smallint('diastolic'),
    /** Đường huyết lúc đói / bất kỳ, mmol/L; HbA1c, %. */
    fastingGlucose: numeric('fasting_glucose', { precision: 5, scale: 2, mode: 'number' }),
    randomGlucose: numeric('random_glucose', { precision: 5, scale: 2, mode: 'number' }),
    hba1c: numeric('hba1c', { precision: 4, scale: 1, mode: 'number' }),
    /** Hẹn tái khám: the document's `reExaminationDate`. */
    reExaminationDate: date('re_examination_date', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('visits_facility_date_idx').on(t.facilityId, t.visitDate),
    index('visits_resident_date_idx').on(t.residentId, t.visitDate),
    index('visits_unit_path_gist').using('gist', t.unitPath),
    index('visits_date_idx').on(t.visitDate),
    index('visits_change_seq_idx').on(t.changeSeq),
    check('visits_status_ck', sql`${t.status} in ('draft','finished')`),
    check('visits_payment_ck', sql`${t.paymentMethod} in ('insurance','self_pay')`),
    check('visits_finished_ck', sql`(${t.status} = 'finished') = (${t.finishedAt} is not null)`),
    check(
      'visits_amounts_ck',
      sql`${t.totalAmount} >= 0 AND ${t.insurerAmount} >= 0 AND ${t.patientAmount} >= 0 AND ${t.insurerAmount} + ${t.patientAmount} = ${t.totalAmount}`,
    ),
  ],
);

/** Every version of every visit, with who wrote it and when; never updated nor deleted. */
export const visitVersions = pgTable(
  'visit_versions',
  {
    id: uuid('id').primaryKey(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    version: integer('version').notNull(),
    kind: text('kind').$type<'create' | 'update' | 'finish' | 'correct'>().notNull(),
    status: text('status').$type<VisitStatus>().notNull(),
    document: jsonb('document').$type<VisitDocument>().notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    uniqueIndex('visit_versions_uq').on(t.visitId, t.version),
    index('visit_versions_change_seq_idx').on(t.changeSeq),
    check('visit_versions_kind_ck', sql`${t.kind} in ('create','update','finish','correct')`),
  ],
);
