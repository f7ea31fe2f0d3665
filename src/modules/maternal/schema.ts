import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { residentKey } from '../people/index.js';
import { changeSeq, ltree, timestamps } from '../../db/types.js';

/**
 * A pregnancy (quản lý thai): registered with the last menstrual period (kỳ kinh cuối) and the
 * expected delivery date (ngày dự sinh), gravidity/parity (PARA), risk factors (codes of the list
 * `pregnancy-risk`) and the risk level they give on the registration day. Ended by a delivery or
 * another outcome (`ended_on`, `outcome`).
 */
export const pregnancies = pgTable(
  'pregnancies',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    /** The mother's place when registered: where the pregnancy counts. */
    unitPath: ltree('unit_path').notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    lmp: date('lmp', { mode: 'string' }),
    edd: date('edd', { mode: 'string' }).notNull(),
    /** How the EDD was found: from the LMP (Naegele), by ultrasound, or given. */
    eddSource: text('edd_source').$type<'lmp' | 'ultrasound'>().notNull(),
    gravidity: smallint('gravidity').notNull(),
    parity: smallint('parity').notNull(),
    riskFactors: text('risk_factors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    riskLevel: text('risk_level').$type<'normal' | 'watch' | 'high'>().notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    /** live_birth, stillbirth, miscarriage, induced_abortion, ectopic, maternal_death (list `pregnancy-outcome`). */
    outcome: text('outcome'),
    /** Nơi đẻ: station, other_facility, home, on_the_way. */
    deliveryPlace: text('delivery_place'),
    /** Người đỡ: doctor, midwife, nurse, physician_assistant, village_midwife, relative, none. */
    deliveryAttendant: text('delivery_attendant'),
    /** Cách đẻ: vaginal, assisted, caesarean. */
    deliveryMode: text('delivery_mode'),
    /** Số con; cân nặng lúc sinh (g) of the first-born, the others in `babies`. */
    births: smallint('births'),
    birthWeightG: smallint('birth_weight_g'),
    /** The child's resident record once the people module has made it (a live birth). */
    childId: uuid('child_id'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('pregnancies_resident_idx').on(t.residentId),
    index('pregnancies_unit_path_gist').using('gist', t.unitPath),
    index('pregnancies_change_seq_idx').on(t.changeSeq),
    /** One pregnancy under way per woman. */
    uniqueIndex('pregnancies_ongoing_uq')
      .on(t.residentId)
      .where(sql`${t.endedOn} is null`),
    check(
      'pregnancies_para_ck',
      sql`${t.gravidity} >= 1 and ${t.parity} >= 0 and ${t.parity} < ${t.gravidity}`,
    ),
    check('pregnancies_dates_ck', sql`${t.lmp} is null or ${t.lmp} < ${t.edd}`),
  ],
);

/**
 * An antenatal contact (khám thai): the visit is the visits module's (created through its published
 * `createVisit`); the antenatal findings are kept here, keyed by the visit's id.
 */
export const antenatalContacts = pgTable(
  'antenatal_contacts',
  {
    visitId: uuid('visit_id').primaryKey(),
    pregnancyId: uuid('pregnancy_id')
      .notNull()
      .references(() => pregnancies.id),
    unitPath: ltree('unit_path').notNull(),
    contactOn: date('contact_on', { mode: 'string' }).notNull(),
    /** Tuổi thai in days on the contact's day (from the LMP, or from the EDD − 280). */
    gestationDays: smallint('gestation_days').notNull(),
    /** The trimester (1–3) by the list `pregnancy-trimester` in force on the day (kept: counters read it). */
    trimester: smallint('trimester').notNull(),
    weightKg: numeric('weight_kg', { precision: 5, scale: 1, mode: 'number' }),
    systolic: smallint('systolic'),
    diastolic: smallint('diastolic'),
    /** Chiều cao tử cung, cm. */
    fundalHeightCm: numeric('fundal_height_cm', { precision: 4, scale: 1, mode: 'number' }),
    /** Tim thai, beats a minute. */
    foetalHeartRate: smallint('foetal_heart_rate'),
    /** Protein niệu: negative, trace, 1+, 2+, 3+. */
    urineProtein: text('urine_protein'),
    /** Huyết sắc tố, g/dL. */
    haemoglobin: numeric('haemoglobin', { precision: 4, scale: 1, mode: 'number' }),
    ironFolate: text('iron_folate'),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('antenatal_contacts_pregnancy_idx').on(t.pregnancyId, t.contactOn),
    index('antenatal_contacts_change_seq_idx').on(t.changeSeq),
    check(
      'antenatal_contacts_urine_ck',
      sql`${t.urineProtein} is null or ${t.urineProtein} in ('negative','trace','1+','2+','3+')`,
    ),
  ],
);

/**
 * A postnatal contact (chăm sóc sau sinh, mother and newborn): the visit is the visits module's; the
 * findings are kept here, keyed by the visit's id.
 */
export const postnatalContacts = pgTable(
  'postnatal_contacts',
  {
    visitId: uuid('visit_id').primaryKey(),
    pregnancyId: uuid('pregnancy_id')
      .notNull()
      .references(() => pregnancies.id),
    unitPath: ltree('unit_path').notNull(),
    contactOn: date('contact_on', { mode: 'string' }).notNull(),
    /** Days since the delivery. */
    dayAfterBirth: smallint('day_after_birth').notNull(),
    systolic: smallint('systolic'),
    diastolic: smallint('diastolic'),
    /** Mother: bleeding (ra huyết bất thường), breastfeeding (bú mẹ hoàn toàn). */
    abnormalBleeding: text('abnormal_bleeding'),
    breastfeeding: text('breastfeeding'),
    /** Newborn: weight (g), jaundice (vàng da). */
    newbornWeightG: smallint('newborn_weight_g'),
    newbornJaundice: text('newborn_jaundice'),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('postnatal_contacts_pregnancy_idx').on(t.pregnancyId, t.contactOn),
    index('postnatal_contacts_change_seq_idx').on(t.changeSeq),
  ],
);

/**
 * Family planning (kế hoạch hóa gia đình): a method used by a person from a day until a day (null
 * while in use). Starting another method stops the one in use on that day; rows are never deleted.
 */
export const familyPlanningEpisodes = pgTable(
  'family_planning_episodes',
  {
    id: uuid('id').primaryKey(),
    residentId: residentKey('resident_id').notNull(),
    /** The user's place when the method started: where the use counts. */
    unitPath: ltree('unit_path').notNull(),
    /** A code of the list `contraceptive-method`. */
    method: text('method').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    stoppedOn: date('stopped_on', { mode: 'string' }),
    stopReason: text('stop_reason'),
    recordedBy: text('recorded_by').notNull(),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('family_planning_resident_idx').on(t.residentId, t.startedOn),
    index('family_planning_unit_path_gist').using('gist', t.unitPath),
    index('family_planning_change_seq_idx').on(t.changeSeq),
    uniqueIndex('family_planning_in_use_uq')
      .on(t.residentId)
      .where(sql`${t.stoppedOn} is null`),
    check('family_planning_dates_ck', sql`${t.stoppedOn} is null or ${t.stoppedOn} >= ${t.startedOn}`),
  ],
);
