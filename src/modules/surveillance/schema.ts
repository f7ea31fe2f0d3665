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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { staffKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { AlertStatus, CaseClassification, CaseOutcome } from './contracts.js';

/**
 * The module's reference data as versions (reference/surveillance/*.json): the notifiable diseases
 * with their groups, reporting deadlines and alert thresholds (`diseases`), and the formats of health
 * communication (`education-formats`). The version in force on a day is read by `definitionOn`.
 */
export const surveillanceDefinitions = pgTable(
  'surveillance_definitions',
  {
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    document: jsonb('document').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.version] })],
);

/**
 * A case report (báo cáo trường hợp bệnh truyền nhiễm, Circular 54/2015): a disease of the list, a
 * registered resident or a person not on record, the onset and report dates, where the case lives
 * (down to the hamlet: where it is counted), the classification (nghi ngờ, có thể, xác định phòng xét
 * nghiệm, loại trừ), hospitalisation and outcome. `onset_week` is the Monday of the ISO week of onset
 * (tuần dịch tễ), the week the case is counted in.
 */
export const diseaseCases = pgTable(
  'disease_cases',
  {
    id: uuid('id').primaryKey(),
    disease: text('disease').notNull(),
    residentId: residentKey('resident_id'),
    /** A person not on record: name, sex, birth year, address as told. */
    personName: text('person_name'),
    personSex: text('person_sex'),
    personBirthYear: smallint('person_birth_year'),
    addressLine: text('address_line'),
    unitPath: ltree('unit_path').notNull(),
    onsetOn: date('onset_on', { mode: 'string' }).notNull(),
    onsetWeek: date('onset_week', { mode: 'string' }).notNull(),
    reportedOn: date('reported_on', { mode: 'string' }).notNull(),
    classification: text('classification').$type<CaseClassification>().notNull(),
    hospitalised: boolean('hospitalised').notNull().default(false),
    outcome: text('outcome').$type<CaseOutcome>().notNull(),
    note: text('note'),
    reportedBy: text('reported_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('disease_cases_disease_week_idx').on(t.disease, t.onsetWeek),
    index('disease_cases_unit_path_gist').using('gist', t.unitPath),
    index('disease_cases_resident_idx').on(t.residentId),
    index('disease_cases_change_seq_idx').on(t.changeSeq),
    check('disease_cases_person_ck', sql`${t.residentId} is not null or ${t.personName} is not null`),
    check('disease_cases_dates_ck', sql`${t.onsetOn} <= ${t.reportedOn}`),
    check(
      'disease_cases_classification_ck',
      sql`${t.classification} in ('suspected','probable','confirmed','discarded')`,
    ),
    check(
      'disease_cases_outcome_ck',
      sql`${t.outcome} in ('under_treatment','recovered','died','transferred','unknown')`,
    ),
  ],
);

/**
 * An outbreak alert (cảnh báo dịch): a disease's weekly count at a unit (a commune or the province)
 * crossed its threshold. One row per disease, unit and week; a later case of the same week updates
 * the count. Raised in the transaction of the report that made the count cross; acknowledged and
 * closed by the upper level.
 */
export const outbreakAlerts = pgTable(
  'outbreak_alerts',
  {
    id: uuid('id').primaryKey(),
    disease: text('disease').notNull(),
    unitPath: ltree('unit_path').notNull(),
    /** Monday of the ISO week counted. */
    week: date('week', { mode: 'string' }).notNull(),
    method: text('method').$type<'fixed' | 'seasonal'>().notNull(),
    observed: integer('observed').notNull(),
    /** The count that had to be reached (fixed) or exceeded (seasonal: mean + k·SD). */
    threshold: text('threshold').notNull(),
    /** How the threshold was found: the baseline's mean, SD and values, or the fixed count and window. */
    basis: jsonb('basis').$type<Record<string, unknown>>().notNull(),
    /** The report that made the count cross. */
    caseId: uuid('case_id')
      .notNull()
      .references(() => diseaseCases.id),
    status: text('status').$type<AlertStatus>().notNull().default('open'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    response: text('response'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('outbreak_alerts_uq').on(t.disease, t.unitPath, t.week),
    index('outbreak_alerts_unit_path_gist').using('gist', t.unitPath),
    index('outbreak_alerts_status_idx').on(t.status, t.raisedAt),
    index('outbreak_alerts_change_seq_idx').on(t.changeSeq),
    check('outbreak_alerts_status_ck', sql`${t.status} in ('open','acknowledged','closed')`),
  ],
);

/** A health communication campaign (chiến dịch truyền thông): a theme over a period, in a unit. */
export const educationCampaigns = pgTable(
  'education_campaigns',
  {
    id: uuid('id').primaryKey(),
    unitPath: ltree('unit_path').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('education_campaigns_unit_path_gist').using('gist', t.unitPath),
    index('education_campaigns_change_seq_idx').on(t.changeSeq),
    check('education_campaigns_dates_ck', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/**
 * A health education session (buổi truyền thông giáo dục sức khỏe, register A11): topic, format (a
 * code of `education-formats`), audience, day, place (commune or hamlet), participants (men, women),
 * the staff member who led it, the campaign it belongs to.
 */
export const educationSessions = pgTable(
  'education_sessions',
  {
    id: uuid('id').primaryKey(),
    unitPath: ltree('unit_path').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    topic: text('topic').notNull(),
    format: text('format').notNull(),
    audience: text('audience'),
    place: text('place'),
    men: integer('men').notNull().default(0),
    women: integer('women').notNull().default(0),
    staffId: staffKey('staff_id'),
    staffName: text('staff_name'),
    campaignId: uuid('campaign_id').references(() => educationCampaigns.id),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('education_sessions_unit_day_idx').on(t.heldOn),
    index('education_sessions_unit_path_gist').using('gist', t.unitPath),
    index('education_sessions_change_seq_idx').on(t.changeSeq),
    check('education_sessions_counts_ck', sql`${t.men} >= 0 and ${t.women} >= 0`),
  ],
);
