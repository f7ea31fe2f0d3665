// The referral module's counters for the indicator catalogue (docs/adr/0010, 0021): referral slips
// sent in a period (kind `referral`, by the day they were signed), counted where the sending station
// is, and of them those returned with the receiving facility's feedback (the loop closed). A slip's
// counts are fixed by its own row: its feedback moves it from the first to both.
import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { PEOPLE_SOURCES, residentsRelation } from '../people/index.js';

const SOURCES = ['referrals', ...PEOPLE_SOURCES.residents];

const sent = (c: CounterContext) =>
  sql`SELECT r.id::text AS id, w.full_name AS label, r.origin_unit_path AS unit_path, 1::numeric AS weight
      FROM referrals r JOIN ${residentsRelation} w ON w.id = r.resident_id
      WHERE r.kind = 'referral' AND r.issued_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;

export const referralCounters: CounterRegistry = {
  /** Giấy chuyển cơ sở đã gửi trong kỳ. */
  referral_sent: counter(SOURCES, sent),
  /** …of them, returned with the receiving facility's feedback (có phản hồi). */
  referral_returned: counter(SOURCES, (c) => sql`${sent(c)} AND r.status = 'returned'`),
};

/** A slip counts where its sending station is (kept on its row). */
export const referralChangedPlaces: ChangedPlacesRegistry = {
  referrals: (since) =>
    sql`SELECT DISTINCT origin_unit_path AS unit_path FROM referrals WHERE change_seq > ${since}`,
};
