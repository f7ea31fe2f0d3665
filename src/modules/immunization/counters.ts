/**
 * The immunization module's counters for the one indicator catalogue (docs/adr/0010, 0021): children
 * turning 1 in the period (T11's denominator), those fully immunized under 1 by the schedule's rule
 * (T11), and coverage by the first birthday per dose (BCG, HepB birth dose within 24 h, DTP1, DTP3,
 * OPV3, measles 1) with the DTP1→DTP3 drop-out. The facts are children, counted where they lived on
 * the period's day; a dose counts when it was given before the first birthday and by the period's
 * day (its stored `given_on`), so a dose recorded today never changes a past month, and a dose given
 * elsewhere and recorded late, dated in the past, corrects it (as every late entry does).
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  counter,
  exactPlaces,
  type ChangedPlacesRegistry,
  type CounterContext,
  type CounterRegistry,
} from '../../core/counters.js';
import { unitsRelation } from '../network/index.js';
import {
  bornBetween,
  PEOPLE_SOURCES,
  placesOfResidents,
  residentsOnDay,
  residentsRelation,
} from '../people/index.js';

export const IMMUNIZATION_SOURCES = ['immunization_forecasts', 'immunization_schedule_items'] as const;
const SOURCES = [...PEOPLE_SOURCES.population, ...IMMUNIZATION_SOURCES];

/** Children (alias `r`, their birth date `b.birth_date`) whose first birthday falls in the period, where they lived on its day. */
const turningOne = (c: CounterContext, extra: SQL = sql`true`) =>
  sql`SELECT r.id::text AS id, r.full_name AS label, r.unit_path, 1::numeric AS weight
      FROM ${residentsOnDay(
        sql`${c.asOf}::date`,
        bornBetween(
          sql`${c.periodStart}::date - interval '1 year' - interval '1 day'`,
          sql`${c.periodEnd}::date - interval '1 year'`,
        ),
      )} r JOIN ${residentsRelation} b ON b.id = r.id
     WHERE (b.birth_date + interval '1 year')::date BETWEEN ${c.periodStart}::date AND ${c.periodEnd}::date
       AND ${extra}`;

/** A dose of the child (`r`, `b`) valid before the first birthday and by the period's day (and `more`). */
const doseByOne = (c: CounterContext, dose: SQL, more: SQL = sql`true`) =>
  sql`EXISTS (SELECT 1 FROM immunization_forecasts f WHERE f.resident_id = r.id AND f.dose = ${dose}
      AND f.given_on < (b.birth_date + interval '1 year')::date AND f.given_on <= ${c.asOf}::date AND ${more})`;

/** The rule's row in force on the period's last day, the child's province's own first. */
const ruleFor = (c: CounterContext, code: string) =>
  sql`(SELECT i.body FROM immunization_schedule_items i
      WHERE i.version = (SELECT max(s.version) FROM immunization_schedule_items s) AND i.record = 'rule' AND i.code = ${code}
        AND i.valid_from <= ${c.periodEnd}::date AND (i.valid_to IS NULL OR i.valid_to > ${c.periodEnd}::date)
        AND (i.province IS NULL OR i.province = substring(r.unit_path::text from '^[a-z0-9]+\\.p([0-9]{2})'))
      ORDER BY i.province NULLS LAST LIMIT 1)`;

/** Every dose of the rule valid before the age the rule says (12 months for T11) and by the period's day. */
const meetsRule = (c: CounterContext, code: string) =>
  sql`EXISTS (SELECT 1 FROM (SELECT ${ruleFor(c, code)} AS body) rule WHERE rule.body IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(rule.body->'doses') d(code)
        WHERE NOT EXISTS (SELECT 1 FROM immunization_forecasts f WHERE f.resident_id = r.id AND f.dose = d.code
          AND f.given_on < (b.birth_date + make_interval(months => (rule.body->'byAge'->>'months')::int,
                                                          days => (rule.body->'byAge'->>'days')::int))::date
          AND f.given_on <= ${c.asOf}::date)))`;

const withDose = (dose: string, more?: SQL) =>
  counter(SOURCES, (c) => turningOne(c, doseByOne(c, sql`${dose}`, more)));

export const immunizationCounters: CounterRegistry = {
  children_turning_one: counter(SOURCES, (c) => turningOne(c)),
  children_fully_immunized_under_one: counter(SOURCES, (c) =>
    turningOne(c, meetsRule(c, 'FULLY_IMMUNIZED_UNDER_1')),
  ),
  children_turning_one_with_bcg: withDose('BCG'),
  /** HepB birth dose within 24 hours: on the day of birth or the next (dates only are recorded). */
  children_turning_one_with_hepb0_24h: withDose('HEPB0', sql`f.given_on <= b.birth_date + 1`),
  children_turning_one_with_dtp1: withDose('DTP1'),
  children_turning_one_with_dtp3: withDose('DTP3'),
  children_turning_one_with_opv3: withDose('OPV3'),
  children_turning_one_with_mcv1: withDose('MCV1'),
  /** Drop-out: DTP1 by the first birthday, DTP3 not. */
  children_turning_one_dtp1_without_dtp3: counter(SOURCES, (c) =>
    turningOne(c, sql`${doseByOne(c, sql`'DTP1'`)} AND NOT ${doseByOne(c, sql`'DTP3'`)}`),
  ),
};

/**
 * Where a write to the module's tables may change the facts (core/counters.ts `ChangedPlaces`): the
 * places of the children whose stored forecast changed (exact, as people's are); a new schedule
 * version names the map's root (its rules count everywhere).
 */
export const immunizationChangedPlaces: ChangedPlacesRegistry = {
  immunization_forecasts: exactPlaces((since) =>
    placesOfResidents(sql`SELECT f.resident_id FROM immunization_forecasts f WHERE f.change_seq > ${since}`),
  ),
  /** A dose written: the places of its person (maternal's births protected at birth count there). */
  immunization_vaccinations: exactPlaces((since) =>
    placesOfResidents(
      sql`SELECT v.resident_id FROM immunization_vaccinations v WHERE v.change_seq > ${since}`,
    ),
  ),
  immunization_schedule_items: (since) =>
    sql`SELECT u.path AS unit_path FROM ${unitsRelation} u WHERE u.parent_id IS NULL
      AND EXISTS (SELECT 1 FROM immunization_schedule_items i WHERE i.change_seq > ${since})`,
};
