import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilityKey, staffKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/**
 * A version of the immunization schedule (lịch tiêm chủng) as loaded from a file: the shipped one
 * (reference/immunization/schedule.csv, when its checksum changes) or one an administrator loads.
 * The highest version is in force; its rows carry their own validity dates and province, so one
 * version holds the whole dated history of the schedule.
 */
export const immunizationSchedules = pgTable('immunization_schedules', {
  version: integer('version').primaryKey(),
  checksum: text('checksum').notNull(),
  sourceName: text('source_name').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  loadedBy: text('loaded_by').notNull(),
  changeSeq: changeSeq(),
});

/** The rows of a schedule version: antigens, vaccines, doses, rules and conditions (the row's fields in `body`). */
export const immunizationScheduleItems = pgTable(
  'immunization_schedule_items',
  {
    version: integer('version')
      .notNull()
      .references(() => immunizationSchedules.version),
    record: text('record').notNull(),
    code: text('code').notNull(),
    province: text('province'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.version, t.record, t.code, t.validFrom] }),
    check(
      'immunization_schedule_items_record_ck',
      sql`${t.record} in ('antigen','vaccine','dose','rule','condition')`,
    ),
  ],
);

/**
 * A dose given (mũi tiêm): here, or elsewhere (given_elsewhere, with the place as told). Never
 * deleted: a mistake is voided with a reason. `unit_path` is where the child lived when it was
 * recorded (who may see it).
 */
export const vaccinations = pgTable(
  'immunization_vaccinations',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    vaccine: text('vaccine').notNull(),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    givenElsewhere: boolean('given_elsewhere').notNull().default(false),
    facilityId: facilityKey('facility_id'),
    place: text('place'),
    lot: text('lot'),
    expiresOn: date('expires_on', { mode: 'string' }),
    site: text('site'),
    route: text('route'),
    vaccinatorId: staffKey('vaccinator_id'),
    vaccinatorName: text('vaccinator_name'),
    /** The session day it was given at (buổi tiêm chủng), when recorded from the session list. */
    sessionOn: date('session_on', { mode: 'string' }),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('immunization_vaccinations_resident_idx').on(t.residentId, t.givenOn),
    index('immunization_vaccinations_unit_path_gist').using('gist', t.unitPath),
    index('immunization_vaccinations_change_seq_idx').on(t.changeSeq),
    /** One dose of a vaccine a day for a child. */
    uniqueIndex('immunization_vaccinations_same_day_uq')
      .on(t.residentId, t.vaccine, t.givenOn)
      .where(sql`${t.voidedAt} is null`),
    check('immunization_vaccinations_where_ck', sql`${t.givenElsewhere} OR ${t.facilityId} IS NOT NULL`),
  ],
);

/** A condition noted at screening (khám sàng lọc) that rules doses out while it holds. */
export const immunizationConditions = pgTable(
  'immunization_conditions',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    condition: text('condition').notNull(),
    fromOn: date('from_on', { mode: 'string' }).notNull(),
    untilOn: date('until_on', { mode: 'string' }),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('immunization_conditions_resident_idx').on(t.residentId),
    index('immunization_conditions_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * An adverse event following immunization (sự cố bất lợi sau tiêm chủng, AEFI). A serious one is
 * flagged to the upper level (`reported_up_at` when sent).
 */
export const aefiReports = pgTable(
  'aefi_reports',
  {
    id: uuid('id').primaryKey(),
    vaccinationId: uuid('vaccination_id')
      .notNull()
      .references(() => vaccinations.id),
    residentId: residentKey('resident_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    onsetOn: date('onset_on', { mode: 'string' }).notNull(),
    symptoms: text('symptoms').notNull(),
    severity: text('severity').notNull(),
    outcome: text('outcome').notNull(),
    serious: boolean('serious').notNull(),
    treatment: text('treatment'),
    reportedUpAt: timestamp('reported_up_at', { withTimezone: true }),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('aefi_reports_vaccination_idx').on(t.vaccinationId),
    index('aefi_reports_unit_path_gist').using('gist', t.unitPath),
    index('aefi_reports_change_seq_idx').on(t.changeSeq),
    check('aefi_reports_severity_ck', sql`${t.severity} in ('mild','moderate','severe')`),
    check(
      'aefi_reports_outcome_ck',
      sql`${t.outcome} in ('recovering','recovered','sequelae','died','unknown')`,
    ),
  ],
);

/**
 * The forecast of each child as last computed (forecast.ts), one row per dose of the schedule: what
 * the session list, the worklist and the indicators read in SQL. Written again, for the child, with
 * every dose or condition recorded and when a schedule version is loaded; a row changes (and its
 * `change_seq` moves) only when its content does. `given_on` is the day of the dose that counts.
 */
export const immunizationForecasts = pgTable(
  'immunization_forecasts',
  {
    residentId: residentKey('resident_id').notNull(),
    dose: text('dose').notNull(),
    series: text('series').notNull(),
    doseNo: smallint('dose_no').notNull(),
    earliestOn: date('earliest_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    overdueFrom: date('overdue_from', { mode: 'string' }).notNull(),
    latestOn: date('latest_on', { mode: 'string' }),
    givenOn: date('given_on', { mode: 'string' }),
    vaccinationId: uuid('vaccination_id'),
    /** 'contraindicated' or 'waiting' as of the day computed; null otherwise (the dates say the rest). */
    blocked: text('blocked'),
    computedOn: date('computed_on', { mode: 'string' }).notNull(),
    changeSeq: changeSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.residentId, t.dose] }),
    index('immunization_forecasts_due_idx')
      .on(t.dueOn)
      .where(sql`${t.givenOn} is null`),
    index('immunization_forecasts_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * The register of vaccine lots (lô vắc xin) of a province: the lots its stations may give, each of
 * one vaccine of the schedule's list, with its expiry and manufacturer. Loaded from a file or added
 * one by one by the province (or an administrator). A dose given at a station names a lot of this
 * list, of the same vaccine, not expired on the day (docs/adr/0035).
 */
export const vaccineLots = pgTable(
  'immunization_vaccine_lots',
  {
    id: uuid('id').primaryKey(),
    /** The province's unit path (`post2025.p22`): whose list it is. */
    provincePath: ltree('province_path').notNull(),
    vaccine: text('vaccine').notNull(),
    lotNumber: text('lot_number').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    manufacturer: text('manufacturer').notNull(),
    /** Doses received, when told. */
    receivedQuantity: integer('received_quantity'),
    sourceName: text('source_name').notNull(),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('immunization_vaccine_lots_uq').on(t.provincePath, t.vaccine, t.lotNumber),
    index('immunization_vaccine_lots_lot_idx').on(t.lotNumber),
    index('immunization_vaccine_lots_change_seq_idx').on(t.changeSeq),
    check(
      'immunization_vaccine_lots_quantity_ck',
      sql`${t.receivedQuantity} IS NULL OR ${t.receivedQuantity} >= 0`,
    ),
  ],
);

/**
 * Vials opened at a station's session day (lọ vắc xin đã mở), per vaccine and lot (no lot: the
 * vaccine's doses not counted under a lot of their own). Entered by staff; with the doses given that
 * day it gives the wastage (tỷ lệ hao phí).
 */
export const vialUse = pgTable(
  'immunization_vial_use',
  {
    id: uuid('id').primaryKey(),
    facilityId: facilityKey('facility_id').notNull(),
    /** The facility's unit path (who may see it). */
    unitPath: ltree('unit_path').notNull(),
    sessionOn: date('session_on', { mode: 'string' }).notNull(),
    vaccine: text('vaccine').notNull(),
    lot: text('lot'),
    vialsOpened: integer('vials_opened').notNull(),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    unique('immunization_vial_use_uq').on(t.facilityId, t.sessionOn, t.vaccine, t.lot).nullsNotDistinct(),
    index('immunization_vial_use_unit_path_gist').using('gist', t.unitPath),
    index('immunization_vial_use_change_seq_idx').on(t.changeSeq),
    check('immunization_vial_use_vials_ck', sql`${t.vialsOpened} >= 0`),
  ],
);
