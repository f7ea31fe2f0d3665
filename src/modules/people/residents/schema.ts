import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  timestamp,
  smallint,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { changeSeq, ltree, timestamps } from '../../../db/types.js';
import { unitKey } from '../../network/index.js';
import { households } from '../households/schema.js';
import type { ResidentStatus } from './contracts.js';

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
    // Name search over a province: the same beginnings of words keyed by the province, and each whole
    // name (`p22=nguyen van hung`), so that a search takes a bounded number of matches in index order
    // (docs/adr/0023; ytcs_wide_name_tokens, migration 0026).
    index('residents_wide_name_tokens_gin')
      .using('gin', sql`ytcs_wide_name_tokens(subpath(${t.unitPath}, 1, 1)::text, ${t.searchName})`)
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

/**
 * The past versions of a resident's identity (what a FHIR Patient shows: name, sex, birth, personal ID,
 * phones, addresses, status, death, merge): written by the trigger `ytcs_resident_versions` (migration
 * 0043) in the transaction of every update that changes one of those fields, whatever the path
 * (identity edits, transfers, deaths, merges, the offline sync). A row holds the fields as they were
 * before the update (`fields`, residents' column names) and when that version began (`validFrom`, the
 * row's `updated_at` then); the current version is the residents row itself, numbered one more than
 * its past versions. Read through `residentVersions` (index.ts); never deleted, and changed only to erase contact details
 * (`eraseContactDetails`, Decree 13/2023).
 */
export const residentVersions = pgTable(
  'resident_versions',
  {
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id),
    version: integer('version').notNull(),
    fields: jsonb('fields').notNull(),
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.residentId, t.version] })],
);

/** A foreign key to a resident, for other modules' tables (published by index.ts, docs/adr/0020). */
export const residentKey = (name: string) => uuid(name).references(() => residents.id);
