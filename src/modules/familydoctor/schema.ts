import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { facilityKey, staffKey, unitKey } from '../network/index.js';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/**
 * A family-doctor practice (phòng khám bác sĩ gia đình): a commune station's or a private one, in a
 * commune, open from a day (and closed on a day).
 */
export const familyPractices = pgTable(
  'family_practices',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<'station' | 'private'>().notNull(),
    facilityId: facilityKey('facility_id'),
    unitId: unitKey('unit_id').notNull(),
    unitPath: ltree('unit_path').notNull(),
    licenceNo: text('licence_no'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('family_practices_unit_path_gist').using('gist', t.unitPath),
    index('family_practices_change_seq_idx').on(t.changeSeq),
    check('family_practices_kind_ck', sql`${t.kind} in ('station','private')`),
    check('family_practices_dates_ck', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.openedOn}`),
  ],
);

/** A doctor practising in a family-doctor practice over a span of days. */
export const familyPracticeDoctors = pgTable(
  'family_practice_doctors',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => familyPractices.id),
    staffId: staffKey('staff_id'),
    fullName: text('full_name').notNull(),
    fromDay: date('from_day', { mode: 'string' }).notNull(),
    toDay: date('to_day', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('family_practice_doctors_practice_idx').on(t.practiceId),
    index('family_practice_doctors_change_seq_idx').on(t.changeSeq),
    check('family_practice_doctors_dates_ck', sql`${t.toDay} is null or ${t.toDay} >= ${t.fromDay}`),
  ],
);

/** A resident registered on a practice's panel under a contract (hợp đồng quản lý sức khỏe). */
export const familyPanelRegistrations = pgTable(
  'family_panel_registrations',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => familyPractices.id),
    residentId: residentKey('resident_id').notNull(),
    contractNo: text('contract_no'),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('family_panel_registrations_practice_idx').on(t.practiceId),
    uniqueIndex('family_panel_registrations_open_uq')
      .on(t.residentId)
      .where(sql`${t.endedOn} is null`),
    check(
      'family_panel_registrations_dates_ck',
      sql`${t.endedOn} is null or ${t.endedOn} >= ${t.registeredOn}`,
    ),
  ],
);
