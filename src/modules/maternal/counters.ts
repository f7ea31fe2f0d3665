// The maternal module's counters for the indicator catalogue (docs/adr/0010, 0021). Births (phụ nữ
// đẻ: a pregnancy ending in a live birth or a stillbirth) are counted in the period of their day,
// where the pregnancy was registered; of them, those with at least 4 antenatal contacts before the
// birth, and those whose first contact fell in the first trimester (the trimester is kept with each
// contact as the list in force on its day said). A birth's counts are fixed by its own rows: a
// later pregnancy or contact of the same woman never changes them.
import { sql } from 'drizzle-orm';
import {
  counter,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { PEOPLE_SOURCES, residentsOnDay, residentsRelation } from '../people/index.js';

const SOURCES = ['pregnancies', 'antenatal_contacts', ...PEOPLE_SOURCES.residents];
const BIRTHS = ['pregnancies', ...PEOPLE_SOURCES.residents];

const births = (c: CounterContext) =>
  sql`SELECT p.id::text AS id, w.full_name AS label, p.unit_path, 1::numeric AS weight
      FROM pregnancies p JOIN ${residentsRelation} w ON w.id = p.resident_id
      WHERE p.outcome IN ('live_birth', 'stillbirth') AND p.ended_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;

export const maternalCounters: CounterRegistry = {
  maternal_births: counter(BIRTHS, births),
  /** …with at least 4 antenatal contacts on or before the birth (khám thai ≥ 4 lần). */
  maternal_births_anc4: counter(
    SOURCES,
    (c) =>
      sql`${births(c)} AND (SELECT count(*) FROM antenatal_contacts a WHERE a.pregnancy_id = p.id AND a.contact_on <= p.ended_on) >= 4`,
  ),
  /** …whose first antenatal contact was in the first trimester (khám thai lần đầu trong 3 tháng đầu). */
  maternal_births_anc_first_trimester: counter(
    SOURCES,
    (c) =>
      sql`${births(c)} AND EXISTS (SELECT 1 FROM antenatal_contacts a WHERE a.pregnancy_id = p.id AND a.trimester = 1 AND a.contact_on <= p.ended_on)`,
  ),
  /** …at a health facility (đẻ tại cơ sở y tế). */
  maternal_births_at_facility: counter(
    BIRTHS,
    (c) => sql`${births(c)} AND p.delivery_place IN ('station', 'other_facility')`,
  ),
  /** Live births with a birth weight, and those under 2,500 g (trẻ sơ sinh nhẹ cân). */
  maternal_live_births_weighed: counter(
    BIRTHS,
    (c) => sql`${births(c)} AND p.outcome = 'live_birth' AND p.birth_weight_g IS NOT NULL`,
  ),
  maternal_low_birth_weight: counter(
    BIRTHS,
    (c) => sql`${births(c)} AND p.outcome = 'live_birth' AND p.birth_weight_g < 2500`,
  ),
  /**
   * Family planning users on the day (người đang sử dụng biện pháp tránh thai): a method started on
   * or before it and not stopped by it, counted where the method was started.
   */
  maternal_fp_users: counter(
    ['family_planning_episodes', ...PEOPLE_SOURCES.residents],
    (c) =>
      sql`SELECT e.id::text AS id, u.full_name AS label, e.unit_path, 1::numeric AS weight
          FROM family_planning_episodes e JOIN ${residentsRelation} u ON u.id = e.resident_id
          WHERE e.started_on <= ${c.asOf}::date AND (e.stopped_on IS NULL OR e.stopped_on > ${c.asOf}::date)`,
  ),
  /** Women aged 15–49 in the population on the day, at their place on that day. */
  maternal_women_15_49: counter(
    [...PEOPLE_SOURCES.population],
    (c) =>
      sql`SELECT r.id::text AS id, r.full_name AS label, r.unit_path, 1::numeric AS weight
          FROM ${residentsOnDay(sql`${c.asOf}::date`)} r JOIN ${residentsRelation} x ON x.id = r.id
          WHERE x.sex = 'female' AND coalesce(extract(year FROM age(${c.asOf}::date, x.birth_date)),
            extract(year FROM ${c.asOf}::date) - x.birth_year) BETWEEN 15 AND 49`,
  ),
};

/**
 * A pregnancy and its contacts count where the pregnancy was registered, a method where it was started
 * (kept on their rows): widened to the commune.
 */
export const maternalChangedPlaces: ChangedPlacesRegistry = {
  pregnancies: (since) => sql`SELECT DISTINCT unit_path FROM pregnancies WHERE change_seq > ${since}`,
  antenatal_contacts: (since) =>
    sql`SELECT DISTINCT unit_path FROM antenatal_contacts WHERE change_seq > ${since}`,
  family_planning_episodes: (since) =>
    sql`SELECT DISTINCT unit_path FROM family_planning_episodes WHERE change_seq > ${since}`,
};
