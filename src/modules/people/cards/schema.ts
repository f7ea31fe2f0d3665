import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { changeSeq, timestamps } from '../../../db/types.js';
import { residents } from '../residents/schema.js';

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
