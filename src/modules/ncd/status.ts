/**
 * The one implementation of the programme's statuses, as SQL (docs/adr/0024): the monthly control
 * bucket of each enrolment (Simple/HEARTS), each enrolled person's follow-up due date with the
 * overdue list's priority and hiding, and the high-risk rules of T6. The cohort, the drill-down, the
 * programme card, the overdue list, the worklist and the indicator counters all read these relations;
 * the thresholds come from `ncd_definitions` (reference/ncd/*.json) in force on the day counted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { healthHistoryOf, residentOn, residentsOnDay, residentsRelation } from '../people/index.js';
import { finishedVisitsRelation } from '../visits/index.js';
import type { NcdCondition } from './contracts.js';
import { definitionOn } from './definitions.js';

const fv = finishedVisitsRelation;

/** LIKE patterns (`I21%`) from a jsonb array of ICD-10 prefixes, computed once per query in its CTE. */
const likePatterns = (prefixes: SQL) =>
  sql`ARRAY(SELECT p || '%' FROM jsonb_array_elements_text(${prefixes}) p)`;
/** A jsonb array of strings as text[], computed once per query in its CTE. */
const textArray = (values: SQL) => sql`ARRAY(SELECT jsonb_array_elements_text(${values}))`;
/** An ICD-10 code (with or without its dot) matching one of the LIKE patterns (a text[]). */
const icdIn = (code: SQL, patterns: SQL) => sql`replace(${code}, '.', '') LIKE ANY (${patterns})`;

/** Enrolments (alias `en`) in force on a day: registered by then and not ended by then. */
const enrolledOn = (en: string, day: SQL) => {
  const e = sql.raw(en);
  return sql`${e}.registered_on <= ${day} AND (${e}.ended_on IS NULL OR ${e}.ended_on > ${day})`;
};

/**
 * Each enrolment for `condition` in force at the end of a month, with its bucket for that month, as a
 * relation `(enrolment_id, resident_id, unit_path, registered_on, bucket, last_visit_on, bp_on,
 * systolic, diastolic, glucose_on, glucose_kind, glucose_value)`. `end` is the month's last day (or
 * the day counted in the running month); M is its month. Months are calendar-month differences:
 * - *dead*: died by `end` (placed where they lived);
 * - *lost to follow-up*: registered before M−11 and no finished visit in M−11..`end`;
 * - *not in cohort* (under care, too recent): registered in M−2..M (less than 3 months before M);
 * - within the cohort, in order: *missed visit* (no visit in M−2..`end`), *visited, no BP* (no BP in
 *   the window; diabetes: no glucose; COPD and asthma have no measure), *controlled* (the latest
 *   measure of the window within target: BP below 140/90, or 130/80 when also enrolled for diabetes;
 *   glucose below its kind's bound, HbA1c first, then fasting, then random), else *uncontrolled*.
 * The numbers of months and the targets are the control definition's. A person is placed where the
 * people module says they lived on `end`, so a later transfer or death leaves the month as it was.
 */
export function controlStatus(condition: NcdCondition, end: SQL): SQL {
  const E = sql`(${end})::date`;
  const measured =
    condition === 'hypertension'
      ? sql`bp.visit_date IS NOT NULL`
      : condition === 'diabetes'
        ? sql`g.visit_date IS NOT NULL`
        : sql`false`;
  const controlled =
    condition === 'hypertension'
      ? sql`bp.systolic < (d.doc->'bp'->(CASE WHEN dm.yes THEN 'withDiabetes' ELSE 'default' END)->>'systolicBelow')::int
          AND bp.diastolic < (d.doc->'bp'->(CASE WHEN dm.yes THEN 'withDiabetes' ELSE 'default' END)->>'diastolicBelow')::int`
      : sql`g.value < (d.doc->'glucose'->'controlledBelow'->>g.kind)::numeric`;
  return sql`(WITH d AS MATERIALIZED (SELECT x.doc,
        (date_trunc('month', ${E}::timestamp) - make_interval(months => (x.doc->>'underCareMonths')::int - 1))::date AS care_from,
        (date_trunc('month', ${E}::timestamp) - make_interval(months => (x.doc->>'windowMonths')::int - 1))::date AS window_from,
        (date_trunc('month', ${E}::timestamp) - make_interval(months => (x.doc->>'cohortMinMonths')::int - 1))::date AS cohort_before
      FROM (SELECT ${definitionOn('control', E)} AS doc) x)
    SELECT en.id AS enrolment_id, en.resident_id, p.unit_path, en.registered_on,
      CASE WHEN p.dead THEN 'dead'
        WHEN en.registered_on < d.care_from AND (lv.visit_date IS NULL OR lv.visit_date < d.care_from) THEN 'lost_to_follow_up'
        WHEN en.registered_on >= d.cohort_before THEN 'not_in_cohort'
        WHEN lv.visit_date IS NULL OR lv.visit_date < d.window_from THEN 'missed_visit'
        WHEN NOT (${measured}) THEN 'visited_no_bp'
        WHEN ${controlled} THEN 'controlled'
        ELSE 'uncontrolled' END AS bucket,
      lv.visit_date AS last_visit_on, bp.visit_date AS bp_on, bp.systolic, bp.diastolic,
      g.visit_date AS glucose_on, g.kind AS glucose_kind, g.value AS glucose_value
    FROM d CROSS JOIN ncd_enrolments en
    JOIN (SELECT r.id, r.unit_path, false AS dead FROM ${residentsOnDay(E)} r
      UNION ALL SELECT r.id, r.unit_path, true AS dead FROM ${residentsRelation} r
        WHERE r.status = 'dead' AND r.died_on <= ${E}) p ON p.id = en.resident_id
    LEFT JOIN LATERAL (SELECT v.visit_date FROM ${fv} v WHERE v.resident_id = en.resident_id AND v.visit_date <= ${E}
      ORDER BY v.visit_date DESC LIMIT 1) lv ON true
    LEFT JOIN LATERAL (SELECT v.visit_date, v.systolic, v.diastolic FROM ${fv} v
      WHERE v.resident_id = en.resident_id AND v.visit_date BETWEEN d.window_from AND ${E}
        AND v.systolic IS NOT NULL AND v.diastolic IS NOT NULL
      ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1) bp ON ${condition === 'hypertension' ? sql`true` : sql`false`}
    LEFT JOIN LATERAL (${latestGlucose(sql`en.resident_id`, sql`d.window_from`, E)}) g ON ${condition === 'diabetes' ? sql`true` : sql`false`}
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM ncd_enrolments e2 WHERE e2.resident_id = en.resident_id
      AND e2.condition = 'diabetes' AND ${enrolledOn('e2', E)}) AS yes) dm
    WHERE en.condition = ${condition} AND ${enrolledOn('en', E)})`;
}

/** The latest glucose measure of a person in [from, to]: `(visit_date, kind, value)`, HbA1c first. */
function latestGlucose(residentId: SQL, from: SQL | null, to: SQL): SQL {
  return sql`SELECT v.visit_date,
      CASE WHEN v.hba1c IS NOT NULL THEN 'hba1c' WHEN v.fasting_glucose IS NOT NULL THEN 'fasting' ELSE 'random' END AS kind,
      coalesce(v.hba1c, v.fasting_glucose, v.random_glucose)::float8 AS value
    FROM ${fv} v WHERE v.resident_id = ${residentId} AND v.visit_date <= ${to}
      ${from ? sql`AND v.visit_date >= ${from}` : sql``}
      AND (v.hba1c IS NOT NULL OR v.fasting_glucose IS NOT NULL OR v.random_glucose IS NOT NULL)
    ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1`;
}

/**
 * Each person enrolled (any condition, in force on `today`) living under `under` today, with the
 * follow-up due date and the overdue list's facts, as a relation `(resident_id, unit_path, conditions,
 * due_on, days_overdue, stale, hidden, high_risk, risk_reasons, last_visit_on, bp_on, systolic, diastolic,
 * glucose_on, glucose_kind, glucose_value, last_call_id)`:
 * - due: the latest finished visit's appointment (hẹn tái khám), else that visit + the plan's interval
 *   (the definition's `followUpDays` by default); registration + the interval when no visit since;
 * - high risk (ưu tiên): last BP ≥ 180/110; a prior heart attack or stroke (a visit's main diagnosis
 *   or the 831 history) with last BP ≥ 140/90; last glucose above its kind's controlled bound;
 * - hidden by the latest call: until its `hidden_until` (agreed to visit, call later), or, removed
 *   from the list, while the due date is the one the call was about;
 * - stale: more than the definition's `leaveAfterDays` overdue (off the list: lost to follow-up).
 * With `dueBy`, only those due by that day and not stale (the overdue list, the worklist): their
 * measures, calls and risk are the only ones read.
 * The dead and people away from the population are left out. `people` (a uuid[] expression) limits
 * the people read to those (a device's due items of the people changed since its last sync).
 */
export function followUps(today: SQL, under: SQL, dueBy?: SQL, people?: SQL): SQL {
  const T = sql`(${today})::date`;
  return sql`(WITH d AS MATERIALIZED (SELECT x.doc,
        ${likePatterns(sql`x.doc->'overdue'->'cardiovascularHistory'->'icd10Prefixes'`)} AS cvd_like
      FROM (SELECT ${definitionOn('control', T)} AS doc) x)
    SELECT q.resident_id, q.unit_path, q.conditions, q.due_on, q.days_overdue, q.stale,
      coalesce(c.hidden_until > ${T} OR (c.outcome = 'removed_from_overdue_list' AND c.due_on = q.due_on), false) AS hidden,
      cardinality(rk.reasons) > 0 AS high_risk, rk.reasons AS risk_reasons,
      q.last_visit_on, lb.visit_date AS bp_on, lb.systolic, lb.diastolic,
      lg.visit_date AS glucose_on, lg.kind AS glucose_kind, lg.value AS glucose_value, c.id AS last_call_id
    FROM d CROSS JOIN (SELECT p.resident_id, p.unit_path, p.conditions, due.due_on, lv.visit_date AS last_visit_on,
        (${T} - due.due_on) AS days_overdue,
        (${T} - due.due_on) > (SELECT (doc->'overdue'->>'leaveAfterDays')::int FROM d) AS stale
      FROM (SELECT en.resident_id, r.unit_path,
          array_agg(en.condition ORDER BY en.condition) AS conditions, min(en.registered_on) AS registered_on,
          min(coalesce((en.plan->>'followUpDays')::int, (SELECT (doc->'overdue'->>'followUpDays')::int FROM d))) AS follow_days
        FROM ncd_enrolments en JOIN ${residentsRelation} r ON r.id = en.resident_id
        WHERE r.unit_path <@ ${under}::ltree AND ${residentOn('r', T)} AND ${enrolledOn('en', T)}
          ${people ? sql`AND en.resident_id = ANY(${people})` : sql``}
        GROUP BY en.resident_id, r.unit_path) p
      LEFT JOIN LATERAL (SELECT v.visit_date, v.re_examination_date FROM ${fv} v
        WHERE v.resident_id = p.resident_id AND v.visit_date <= ${T} ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1) lv ON true
      CROSS JOIN LATERAL (SELECT CASE WHEN lv.visit_date IS NULL OR lv.visit_date < p.registered_on
          THEN p.registered_on + p.follow_days
          ELSE coalesce(lv.re_examination_date, lv.visit_date + p.follow_days) END AS due_on) due
      ${
        dueBy
          ? sql`WHERE due.due_on <= (${dueBy})::date
              AND (${T} - due.due_on) <= (SELECT (doc->'overdue'->>'leaveAfterDays')::int FROM d)`
          : sql``
      }
      -- The due dates first, kept apart (OFFSET 0): a list of those due reads the measures, calls and
      -- risk of only them.
      OFFSET 0) q
    LEFT JOIN LATERAL (SELECT v.visit_date, v.systolic, v.diastolic FROM ${fv} v
      WHERE v.resident_id = q.resident_id AND v.visit_date <= ${T} AND v.systolic IS NOT NULL AND v.diastolic IS NOT NULL
      ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1) lb ON true
    LEFT JOIN LATERAL (${latestGlucose(sql`q.resident_id`, null, T)}) lg ON true
    LEFT JOIN LATERAL (SELECT k.id, k.outcome, k.due_on, k.hidden_until FROM ncd_calls k
      WHERE k.resident_id = q.resident_id AND k.called_on <= ${T} ORDER BY k.called_at DESC LIMIT 1) c ON true
    CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
        CASE WHEN lb.systolic >= (d.doc->'overdue'->'bpVeryHigh'->>'systolicAtLeast')::int
          OR lb.diastolic >= (d.doc->'overdue'->'bpVeryHigh'->>'diastolicAtLeast')::int THEN 'bp_very_high' END,
        CASE WHEN (lb.systolic >= (d.doc->'overdue'->'cardiovascularHistory'->>'systolicAtLeast')::int
            OR lb.diastolic >= (d.doc->'overdue'->'cardiovascularHistory'->>'diastolicAtLeast')::int)
          AND ${cardiovascularHistory(sql`q.resident_id`, T, sql`d.cvd_like`)}
          THEN 'cardiovascular_history_bp_high' END,
        CASE WHEN lg.value >= (d.doc->'glucose'->'controlledBelow'->>lg.kind)::numeric THEN 'glucose_uncontrolled' END
      ], NULL) AS reasons OFFSET 0) rk)`;
}

/** A prior heart attack or stroke by a day: a finished visit's main diagnosis, or the 831 history. */
function cardiovascularHistory(residentId: SQL, day: SQL, prefixes: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM ${fv} v WHERE v.resident_id = ${residentId} AND v.visit_date <= ${day}
      AND v.main_diagnosis IS NOT NULL AND ${icdIn(sql`v.main_diagnosis`, prefixes)})
    OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(${healthHistoryOf(residentId, day)}->'diseases', '[]'::jsonb)) x
      WHERE x->>'icd10' IS NOT NULL AND ${icdIn(sql`x->>'icd10'`, prefixes)}))`;
}

/**
 * People at high risk of NCD on a day (T6, người có nguy cơ cao), by the risk definition in force:
 * in the population on the day at their place that day, aged `minAge` or more, with one `sufficient`
 * rule or at least `atLeast` rules holding. A relation `(resident_id, full_name, unit_path, reasons,
 * last_check_on, checked, check_due_on)`: `reasons` the rule codes that hold, `last_check_on` the last
 * finished visit by the day, `checked` a visit in the `checkMonths` up to the day, `check_due_on` the
 * day the next yearly check falls due (the day itself when never checked). Facts: age; the latest BP,
 * glucose, BMI and waist of finished visits; the 831 history as written by the day (tobacco, alcohol,
 * family history, gestational diabetes, prior heart attack or stroke); enrolment for hypertension or
 * diabetes. `under` (an ltree path) limits the people read, and `people` (a uuid[] expression) too.
 */
export function highRiskOn(day: SQL, under?: SQL, people?: SQL): SQL {
  const D = sql`(${day})::date`;
  const rule = (code: string, doc = 'd.doc') => sql.raw(`${doc}->'rules'->'${code}'`);
  return sql`(WITH d AS MATERIALIZED (SELECT x.doc,
        ${likePatterns(sql`${rule('family_history', 'x.doc')}->'icd10Prefixes'`)} AS family_like,
        ${likePatterns(sql`${rule('gestational_diabetes', 'x.doc')}->'icd10Prefixes'`)} AS gestational_like,
        ${likePatterns(sql`${rule('cardiovascular_history', 'x.doc')}->'icd10Prefixes'`)} AS cvd_like,
        ${textArray(sql`${rule('tobacco', 'x.doc')}->'statuses'`)} AS tobacco_statuses,
        ${textArray(sql`${rule('alcohol', 'x.doc')}->'statuses'`)} AS alcohol_statuses,
        ${textArray(sql`${rule('ncd_enrolled', 'x.doc')}->'conditions'`)} AS enrolled_conditions,
        ${textArray(sql`x.doc->'sufficient'`)} AS sufficient
      FROM (SELECT ${definitionOn('risk', D)} AS doc) x)
    SELECT x.resident_id, x.full_name, x.unit_path, x.reasons, x.last_check_on,
      coalesce(x.last_check_on > (${D} - make_interval(months => (d.doc->>'checkMonths')::int))::date, false) AS checked,
      coalesce((x.last_check_on + make_interval(months => (d.doc->>'checkMonths')::int))::date, ${D}) AS check_due_on
    FROM d CROSS JOIN LATERAL (SELECT r.id AS resident_id, r.full_name, r.unit_path, lv.visit_date AS last_check_on,
      array_remove(ARRAY[
        CASE WHEN a.age >= (${rule('age_40_plus')}->>'ageAtLeast')::int THEN 'age_40_plus' END,
        CASE WHEN lb.systolic >= (${rule('bp_raised')}->>'systolicAtLeast')::int
          OR lb.diastolic >= (${rule('bp_raised')}->>'diastolicAtLeast')::int THEN 'bp_raised' END,
        CASE WHEN lv.bmi >= (${rule('bmi_23_plus')}->>'bmiAtLeast')::numeric THEN 'bmi_23_plus' END,
        CASE WHEN lv.waist_cm >= (${rule('waist_high')}->>(CASE WHEN rr.sex = 'male' THEN 'maleAtLeast' ELSE 'femaleAtLeast' END))::numeric
          THEN 'waist_high' END,
        CASE WHEN h.h->'riskFactors'->'tobacco'->>'status' = ANY(d.tobacco_statuses)
          THEN 'tobacco' END,
        CASE WHEN h.h->'riskFactors'->'alcohol'->>'status' = ANY(d.alcohol_statuses)
          THEN 'alcohol' END,
        CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(h.h->'familyHistory', '[]'::jsonb)) f
          WHERE f->>'icd10' IS NOT NULL AND ${icdIn(sql`f->>'icd10'`, sql`d.family_like`)}) THEN 'family_history' END,
        CASE WHEN (lg.kind = 'fasting' AND lg.value >= (${rule('glucose_raised')}->>'fastingAtLeast')::numeric)
          OR (lg.kind = 'random' AND lg.value >= (${rule('glucose_raised')}->>'randomAtLeast')::numeric)
          OR (lg.kind = 'hba1c' AND lg.value >= (${rule('glucose_raised')}->>'hba1cAtLeast')::numeric) THEN 'glucose_raised' END,
        CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(h.h->'diseases', '[]'::jsonb)) s
          WHERE s->>'icd10' IS NOT NULL AND ${icdIn(sql`s->>'icd10'`, sql`d.gestational_like`)})
          THEN 'gestational_diabetes' END,
        CASE WHEN ${cardiovascularHistory(sql`r.id`, D, sql`d.cvd_like`)}
          THEN 'cardiovascular_history' END,
        CASE WHEN EXISTS (SELECT 1 FROM ncd_enrolments en WHERE en.resident_id = r.id AND ${enrolledOn('en', D)}
          AND en.condition = ANY(d.enrolled_conditions)) THEN 'ncd_enrolled' END
      ], NULL) AS reasons, a.age
      FROM ${residentsOnDay(D, people ? sql`r.id = ANY(${people})` : sql`true`)} r
      -- Sex and birth by the primary key, person by person (a join lets the planner read every resident).
      CROSS JOIN LATERAL (SELECT rr.sex, rr.birth_date, rr.birth_year FROM ${residentsRelation} rr WHERE rr.id = r.id
        OFFSET 0) rr
      CROSS JOIN LATERAL (SELECT coalesce(extract(year FROM age(${D}, rr.birth_date))::int,
        extract(year FROM ${D})::int - rr.birth_year) AS age) a
      LEFT JOIN LATERAL (SELECT v.visit_date, v.bmi, v.waist_cm FROM ${fv} v WHERE v.resident_id = r.id AND v.visit_date <= ${D}
        ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1) lv ON true
      LEFT JOIN LATERAL (SELECT v.systolic, v.diastolic FROM ${fv} v WHERE v.resident_id = r.id AND v.visit_date <= ${D}
        AND v.systolic IS NOT NULL AND v.diastolic IS NOT NULL ORDER BY v.visit_date DESC, v.change_seq DESC LIMIT 1) lb ON true
      LEFT JOIN LATERAL (${latestGlucose(sql`r.id`, null, D)}) lg ON true
      CROSS JOIN LATERAL (SELECT ${healthHistoryOf(sql`r.id`, D)} AS h) h
      WHERE ${under ? sql`r.unit_path <@ ${under}::ltree` : sql`true`} AND a.age >= (d.doc->>'minAge')::int
      -- OFFSET 0 keeps the sub-select a unit: \`reasons\` is computed once per person, not once for
      -- each use the planner would otherwise inline (measured 3× faster in bench/ncd-cohort.ts).
      OFFSET 0) x
    WHERE (x.reasons && d.sufficient
        OR cardinality(x.reasons) >= (d.doc->>'atLeast')::int))`;
}
