import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { unitKey } from '../network/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';
import type { LifeEventKind, RecordPart, ResidentStatus } from './contracts.js';
import type { ImportCounts, ImportFormat, ImportRowError, ImportStatus } from './import-contracts.js';
import type { HealthRecordDocument } from './record-contracts.js';

/**
 * Hộ gia đình: a household, living in a hamlet (or a commune when the hamlet is not known). Its head
 * is the member whose relation to head is `head` (at most one active, by a partial unique index).
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    /** Local household number (mã hộ), when the commune keeps one. */
    code: text('code'),
    unitId: unitKey('unit_id').notNull(),
    /** The hamlet's (or commune's) path: the scope filter. */
    unitPath: ltree('unit_path').notNull(),
    addressLine: text('address_line'),
    status: text('status').$type<'active' | 'dissolved'>().notNull().default('active'),
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('households_unit_path_gist').using('gist', t.unitPath),
    index('households_change_seq_idx').on(t.changeSeq),
    check('households_status_ck', sql`${t.status} in ('active','dissolved')`),
  ],
);

/**
 * A resident (người dân): identity of part 1 of the 831 record. Nothing is ever deleted: a death, a
 * move out or a merge into a duplicate changes the status; a transfer changes the unit path.
 */
export const residents = pgTable(
  'residents',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id').references(() => households.id),
    /** Code list `relation-to-head`. */
    relationToHead: text('relation_to_head'),
    fullName: text('full_name').notNull(),
    /**
     * The name without diacritics, lower case (`nguyen van an`), kept by the database: search filters
     * and ranks on it (trigram index) without calling unaccent for every row it looks at.
     */
    searchName: text('search_name').generatedAlwaysAs(sql`ytcs_search_key(full_name)`),
    sex: text('sex').$type<'male' | 'female'>().notNull(),
    /** Null when only the year is known. */
    birthDate: date('birth_date', { mode: 'string' }),
    birthYear: smallint('birth_year').notNull(),
    /** 12-digit personal ID (CCCD / số định danh cá nhân). Not unique: duplicates are found and merged. */
    personalId: text('personal_id'),
    ethnicity: text('ethnicity'),
    nationality: text('nationality').notNull().default('VN'),
    religion: text('religion'),
    occupation: text('occupation'),
    bloodGroup: text('blood_group'),
    phones: text('phones')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    currentUnitId: unitKey('current_unit_id').notNull(),
    currentAddressLine: text('current_address_line'),
    permanentUnitId: unitKey('permanent_unit_id'),
    permanentAddressLine: text('permanent_address_line'),
    /** The current hamlet's path (or commune's): who may see the resident. */
    unitPath: ltree('unit_path').notNull(),
    motherId: uuid('mother_id').references((): AnyPgColumn => residents.id),
    fatherId: uuid('father_id').references((): AnyPgColumn => residents.id),
    status: text('status').$type<ResidentStatus>().notNull().default('active'),
    diedOn: date('died_on', { mode: 'string' }),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => residents.id),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('residents_unit_path_gist').using('gist', t.unitPath),
    // The search's GIN indexes take each new entry at once (fastupdate off, migration 0020): with
    // GIN's pending list, every search read all the entries registered since the last vacuum (after
    // 12,000 registrations in a commune, 4.3 ms of database time a search instead of 1.9).
    index('residents_search_name_trgm')
      .using('gin', t.searchName.op('gin_trgm_ops'))
      .with({ fastupdate: false }),
    // Name search inside one commune: each word's beginnings, keyed by the commune (ytcs_name_tokens).
    index('residents_name_tokens_gin')
      .using('gin', sql`ytcs_name_tokens(subpath(${t.unitPath}, 2, 1)::text, ytcs_search_key(${t.fullName}))`)
      .with({ fastupdate: false }),
    index('residents_household_idx').on(t.householdId),
    index('residents_personal_id_idx').on(t.personalId),
    index('residents_birth_year_idx').on(t.birthYear),
    // Likely duplicates in a commune (same sex, birth year within one) are read through
    // residents_commune_sex_birth_cover_idx, made by migration 0019 and not declared here: it INCLUDEs
    // the columns the comparison reads (an index-only scan), which Drizzle cannot express.
    index('residents_phones_gin').using('gin', t.phones).with({ fastupdate: false }),
    index('residents_mother_idx').on(t.motherId),
    index('residents_merged_into_idx').on(t.mergedIntoId),
    index('residents_current_unit_idx').on(t.currentUnitId),
    index('residents_change_seq_idx').on(t.changeSeq),
    uniqueIndex('residents_one_head_uq')
      .on(t.householdId)
      .where(sql`${t.relationToHead} = 'head' AND ${t.status} = 'active'`),
    check('residents_sex_ck', sql`${t.sex} in ('male','female')`),
    check('residents_status_ck', sql`${t.status} in ('active','moved_out','dead','merged')`),
    check('residents_personal_id_ck', sql`${t.personalId} is null or ${t.personalId} ~ '^[0-9]{12}$'`),
    check(
      'residents_birth_ck',
      sql`${t.birthDate} is null or extract(year from ${t.birthDate})::int = ${t.birthYear}`,
    ),
    check(
      'residents_blood_ck',
      sql`${t.bloodGroup} is null or ${t.bloodGroup} in ('A+','A-','B+','B-','AB+','AB-','O+','O-')`,
    ),
    check('residents_merged_ck', sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`),
    check('residents_dead_ck', sql`${t.status} <> 'dead' or ${t.diedOn} is not null`),
  ],
);

/** Thẻ BHYT: every card a resident has held (history); "insured on a day" is derived from it. */
export const insuranceCards = pgTable(
  'insurance_cards',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    /** As printed: 15 characters (legacy) or the 10-digit social-insurance number. */
    code: text('code').notNull(),
    socialInsuranceNumber: text('social_insurance_number').notNull(),
    /** Code list `insurance-beneficiary-group` (mã đối tượng). */
    beneficiaryGroup: text('beneficiary_group'),
    benefitLevel: smallint('benefit_level'),
    issuerProvince: text('issuer_province'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    /** Nơi đăng ký KCB ban đầu (facility code). */
    registeredFacilityCode: text('registered_facility_code'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    // With the whole validity: "insured on a day" (T3) for a whole province is read from the index alone.
    index('insurance_cards_resident_validity_idx').on(t.residentId, t.validFrom, t.validTo, t.voidedAt),
    index('insurance_cards_code_idx').on(t.code),
    index('insurance_cards_sin_idx').on(t.socialInsuranceNumber),
    index('insurance_cards_change_seq_idx').on(t.changeSeq),
    check('insurance_cards_dates_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('insurance_cards_level_ck', sql`${t.benefitLevel} is null or ${t.benefitLevel} between 1 and 5`),
    check('insurance_cards_sin_ck', sql`${t.socialInsuranceNumber} ~ '^[0-9]{10}$'`),
  ],
);

/**
 * Life events (birth, death, moves, transfers between communes, merges): append-only. `unit_path` is
 * where the event happened (a death's register A6 is the commune's where it was recorded).
 */
export const lifeEvents = pgTable(
  'life_events',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    kind: text('kind').$type<LifeEventKind>().notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    unitPath: ltree('unit_path').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The mother for a birth; the survivor for a merge. */
    relatedResidentId: uuid('related_resident_id').references(() => residents.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by'),
    changeSeq: changeSeq(),
  },
  (t) => [
    index('life_events_resident_idx').on(t.residentId, t.occurredOn),
    index('life_events_unit_path_gist').using('gist', t.unitPath),
    index('life_events_kind_idx').on(t.kind, t.occurredOn),
    index('life_events_change_seq_idx').on(t.changeSeq),
    check(
      'life_events_kind_ck',
      sql`${t.kind} in ('birth','death','move_in','move_out','transfer','merge','unmerge')`,
    ),
  ],
);

/** The 831 record of one resident: points at its current version; the versions hold the content. */
export const healthRecords = pgTable(
  'health_records',
  {
    id: uuid('id').primaryKey(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    currentVersion: integer('current_version').notNull(),
    /** When the content last changed (a new version with changes). */
    lastUpdatedAt: timestamp('last_updated_at', { withTimezone: true }).notNull(),
    /** When someone last reviewed it (Decision 831: yearly). */
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('health_records_resident_uq').on(t.residentId),
    index('health_records_change_seq_idx').on(t.changeSeq),
  ],
);

/** Every version of every 831 record, with who wrote it and when; never updated. */
export const healthRecordVersions = pgTable(
  'health_record_versions',
  {
    id: uuid('id').primaryKey(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => healthRecords.id),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    version: integer('version').notNull(),
    kind: text('kind').$type<'create' | 'update' | 'review'>().notNull(),
    changedParts: text('changed_parts')
      .array()
      .$type<RecordPart[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    document: jsonb('document').$type<HealthRecordDocument>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by'),
    changeSeq: changeSeq(),
  },
  (t) => [
    uniqueIndex('health_record_versions_uq').on(t.recordId, t.version),
    // With the day written: "health-managed" (T5) for a whole province is read from the index alone.
    index('health_record_versions_resident_created_idx').on(t.residentId, t.createdAt),
    index('health_record_versions_change_seq_idx').on(t.changeSeq),
    check('health_record_versions_kind_ck', sql`${t.kind} in ('create','update','review')`),
  ],
);

/**
 * A merge of a duplicate into a surviving record: both keep their rows (cards, events, 831 versions);
 * the survivor's empty fields filled from the duplicate are remembered, so the merge can be undone.
 */
export const residentMerges = pgTable(
  'resident_merges',
  {
    id: uuid('id').primaryKey(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => residents.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => residents.id),
    reason: text('reason').notNull(),
    /** Survivor fields filled from the duplicate: field → { before, after }. */
    filled: jsonb('filled')
      .$type<Record<string, { before: unknown; after: unknown }>>()
      .notNull()
      .default({}),
    mergedStatusBefore: text('merged_status_before').$type<ResidentStatus>().notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    mergedBy: text('merged_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: text('undone_by'),
    undoReason: text('undo_reason'),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('resident_merges_survivor_idx').on(t.survivorId),
    uniqueIndex('resident_merges_active_uq')
      .on(t.mergedId)
      .where(sql`${t.undoneAt} is null`),
    index('resident_merges_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * An import of households and residents from a file (nhập danh sách): a job with its progress and its
 * error report. All-or-nothing: a failed import stored nothing but this row.
 */
export const peopleImports = pgTable(
  'people_imports',
  {
    id: uuid('id').primaryKey(),
    /** The commune imported into, and its path (the scope filter). */
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    total: integer('total').notNull().default(0),
    validated: integer('validated').notNull().default(0),
    written: integer('written').notNull().default(0),
    created: jsonb('created')
      .$type<ImportCounts>()
      .notNull()
      .default({ households: 0, residents: 0, cards: 0 }),
    unknownColumns: text('unknown_columns')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    errorCount: integer('error_count').notNull().default(0),
    /** The first errors (IMPORT_MAX_ERRORS at most). */
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    message: text('message'),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('people_imports_unit_path_gist').using('gist', t.unitPath),
    index('people_imports_status_idx').on(t.status),
    check('people_imports_format_ck', sql`${t.format} in ('csv','xlsx')`),
    check('people_imports_status_ck', sql`${t.status} in ('queued','validating','writing','done','failed')`),
  ],
);

/**
 * A resident's profile as last rendered for a read (the JSON of `residentOut`), kept so that a read is
 * one look-up instead of the profile query's twenty (docs/adr/0019). It is used only when rendered
 * for the same (Vietnamese) day, under the reference data in force (`referenceStamp`), and while
 * `body` is set: every write that changes what the profile shows — the resident, its cards, its 831
 * record, a merge, its household's code — clears `body` and moves `stamp` (triggers, migration 0021).
 * A reader stores its rendering only if `stamp` is still what it read with the data. Never the
 * record itself: dropping every row loses nothing.
 */
export const residentProfiles = pgTable('resident_profiles', {
  residentId: uuid('resident_id').primaryKey(),
  /** Moved by every write that changes the profile. */
  stamp: bigint('stamp', { mode: 'number' }).notNull().default(0),
  /** The day the rendering's "insured today" and "health-managed" refer to. */
  asOf: date('as_of'),
  /** `reference_data_stamp.stamp` when rendered (names of units, codes and facilities). */
  referenceStamp: bigint('reference_stamp', { mode: 'number' }),
  unitPath: ltree('unit_path'),
  body: text('body'),
});

/**
 * One row: moved by any change to the units, code lists or facilities, whose names a rendered profile
 * shows; a profile rendered under another stamp is rendered again.
 */
export const referenceDataStamp = pgTable('reference_data_stamp', {
  id: smallint('id').primaryKey().default(1),
  stamp: bigint('stamp', { mode: 'number' }).notNull().default(1),
});

/** A foreign key to a resident, for other modules' tables (published by index.ts, docs/adr/0020). */
export const residentKey = (name: string) => uuid(name).references(() => residents.id);
