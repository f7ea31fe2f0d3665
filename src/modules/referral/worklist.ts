// What the referral module puts on the worklist (src/core/worklist.ts): referral slips still without
// the receiving facility's feedback (chuyển tuyến chưa có phản hồi), due from the last day of their
// validity or two weeks after they were signed, whichever comes first: the station then calls the
// patient or the facility to close the loop. Slips more than 90 days old leave the list.
import { sql } from 'drizzle-orm';
import { dueItems, type DueItemsRegistry } from '../../core/worklist.js';
import { facilitiesRelation, NETWORK_SOURCES } from '../network/index.js';

export const awaitingFeedback = dueItems(
  'referrals.feedback',
  'person.read',
  ['referrals', ...NETWORK_SOURCES.facilities],
  (ctx) => sql`
    SELECT 'referrals.feedback'::text AS kind, r.id::text AS ref_id, r.resident_id, r.unit_path,
           least(r.valid_until, r.issued_on + 14) AS due_on,
           CASE WHEN r.status = 'sent' THEN 2 ELSE 4 END AS priority,
           'referral_feedback'::text AS reason,
           jsonb_build_object('destination', d.name, 'issuedOn', r.issued_on::text, 'status', r.status,
             'slipNumber', r.slip_number) AS detail
      FROM referrals r JOIN ${facilitiesRelation} d ON d.id = r.destination_facility_id
     WHERE r.unit_path <@ ${ctx.under}::ltree AND r.status <> 'returned'
       AND r.issued_on >= ${ctx.today}::date - 90
       AND least(r.valid_until, r.issued_on + 14) <= ${ctx.until}::date`,
  {
    people: (since) => sql`SELECT resident_id FROM referrals WHERE change_seq > ${since}`,
    // A facility renamed changes the destination shown on every slip.
    everyone: NETWORK_SOURCES.facilities,
  },
);

/** The referral module's due items, by kind (registered in the worklist module's sources). */
export const referralDueItems: DueItemsRegistry = { [awaitingFeedback.kind]: awaitingFeedback };
