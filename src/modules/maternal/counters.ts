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
import { ANTIGEN_DOSES_SOURCES, antigenDosesRelation } from '../immunization/index.js';
import { PEOPLE_SOURCES, residentsOnDay, residentsRelation } from '../people/index.js';
import { codeValuesRelation } from '../terminology/index.js';
import { TETANUS_SYSTEM } from './tetanus.js';

const SOURCES = ['pregnancies', 'antenatal_contacts', ...PEOPLE_SOURCES.residents];
const BIRTHS = ['pregnancies', ...PEOPLE_SOURCES.residents];

const births = (c: CounterContext) =>
  sql`SELECT p.id::text AS id, w.full_name AS label, p.unit_path, 1::numeric AS weight
      FROM pregnancies p JOIN ${residentsRelation} w ON w.id = p.resident_id
      WHERE p.outcome IN ('live_birth', 'stillbirth') AND p.ended_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;

/** Live births (đẻ sống) in the period, where the pregnancy was registered, weighed by the babies born. */
const liveBirths = (c: CounterContext) =>
  sql`SELECT p.id::text AS id, w.full_name AS label, p.unit_path, coalesce(p.births, 1)::numeric AS weight
      FROM pregnancies p JOIN ${residentsRelation} w ON w.id = p.resident_id
      WHERE p.outcome = 'live_birth' AND p.ended_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date`;

/**
 * The live births of the period whose mother was protected against tetanus on the delivery day: tetanus.ts's
 * `tetanusStatus` and `protectedOn` in SQL (tetanus.db.test.ts holds the two to the same answers). Per
 * birth, the list `tetanus-protection` in force on its day (`st`, its steps by dose) and the mother's doses
 * given on or before it (`d`, in order); the recursion walks the doses as tetanusStatus does: a dose counts as
 * the next step when it comes at least that step's interval after the last counted one, after the last step
 * it renews it (a booster), else it is left out. Protected when the step reached protects (not the first)
 * from `protects_after_days` after its dose for `protection_days` (or for good) and the delivery day is in it.
 * A dose given after the birth or a list valid from a later day never changes the answer; a dose dated before the birth
 * and recorded late corrects it, as every late entry does (docs/adr/0010). Which vaccines cover tetanus is a
 * fact of the vaccine, read from the latest schedule as the card reads it (immunization's `antigenDoses`).
 */
const protectedBirthIds = (c: CounterContext) =>
  sql`WITH RECURSIVE
      b AS (SELECT p.id, p.resident_id, p.ended_on FROM pregnancies p
             WHERE p.outcome = 'live_birth' AND p.ended_on BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date),
      st AS (SELECT b.id AS pid, row_number() OVER (PARTITION BY b.id ORDER BY (cv.properties->>'dose')::int) AS pos,
                    coalesce(nullif(cv.properties->>'min_interval_days', '')::int, 0) AS min_interval,
                    nullif(cv.properties->>'protection_days', '')::int AS protection_days,
                    coalesce(nullif(cv.properties->>'protects_after_days', '')::int, 0) AS protects_after
               FROM b JOIN ${codeValuesRelation} cv ON cv.system = ${TETANUS_SYSTEM}
                AND cv.valid_from <= b.ended_on AND (cv.valid_to IS NULL OR cv.valid_to > b.ended_on)
              WHERE cv.properties->>'dose' ~ '^0*[1-9][0-9]*$'),
      lst AS (SELECT pid, max(pos) AS pos FROM st GROUP BY pid),
      d AS (SELECT b.id AS pid, x.given_on, row_number() OVER (PARTITION BY b.id ORDER BY x.given_on, x.vaccine) AS n
              FROM b JOIN ${antigenDosesRelation('tetanus')} x ON x.resident_id = b.resident_id AND x.given_on <= b.ended_on),
      s AS (SELECT b.id AS pid, 0::bigint AS n, 0::bigint AS counted, NULL::date AS last_on FROM b
            UNION ALL
            SELECT s.pid, s.n + 1,
                   s.counted + CASE WHEN nx.pos IS NOT NULL
                     AND (s.last_on IS NULL OR d.given_on >= s.last_on + nx.min_interval) THEN 1 ELSE 0 END,
                   CASE WHEN coalesce(nx.pos, ls.pos) IS NOT NULL
                     AND (s.last_on IS NULL OR d.given_on >= s.last_on + coalesce(nx.min_interval, ls.min_interval))
                     THEN d.given_on ELSE s.last_on END
              FROM s JOIN d ON d.pid = s.pid AND d.n = s.n + 1
              LEFT JOIN st nx ON nx.pid = s.pid AND nx.pos = s.counted + 1
              LEFT JOIN lst ON lst.pid = s.pid
              LEFT JOIN st ls ON ls.pid = lst.pid AND ls.pos = lst.pos),
      fin AS (SELECT DISTINCT ON (pid) pid, counted, last_on FROM s ORDER BY pid, n DESC)
      SELECT fin.pid FROM fin JOIN b ON b.id = fin.pid JOIN st r ON r.pid = fin.pid AND r.pos = fin.counted
       WHERE (r.protection_days IS NULL OR r.protection_days > 0)
         AND fin.last_on + r.protects_after <= b.ended_on
         AND (r.protection_days IS NULL OR b.ended_on <= fin.last_on + r.protection_days)`;

export const maternalCounters: CounterRegistry = {
  /** Live births in the period (trẻ đẻ sống). */
  maternal_live_births: counter(BIRTHS, liveBirths),
  /**
   * …whose mother was protected against neonatal tetanus on the delivery day (bảo vệ uốn ván sơ sinh,
   * protected at birth): her doses then, by the list in force then.
   */
  maternal_live_births_protected_at_birth: counter(
    [...BIRTHS, ...ANTIGEN_DOSES_SOURCES],
    (c) => sql`${liveBirths(c)} AND p.id IN (${protectedBirthIds(c)})`,
  ),
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
