/**
 * The chronic-disease programme at province scale (issue 14, performance): figures printed, never
 * asserted. Alone: `npx tsx bench/ncd-cohort.ts` (or `BENCH_ONLY=ncd-cohort npm run bench`).
 *
 * On a new PostgreSQL database (dropped afterwards): migrations, reference data, the network demo of
 * Quảng Ninh and a province of residents (bench/support/population.ts), then in bulk SQL:
 * - enrolments for ~12 % of the residents (the issue's 600 k of 5 M): three quarters hypertension,
 *   a quarter diabetes (some both), registered over the last four years;
 * - their follow-up visits every 25–45 days from registration (or 18 months back) to today, ~1.4 per
 *   resident (the issue's 7 M for 5 M), with 15 % lapsing (missed visits, then lost), BP on 94 % of
 *   the visits, about half controlled, glucose at most diabetes visits.
 * Then:
 * (a) every unit's monthly cohort from scratch: hypertension and diabetes buckets of every commune
 *     (the province is their sum) for the running month (the loaded residents are registered in the
 *     system today, so earlier months have no population), through `controlStatus`;
 * (b) a new follow-up (`createVisit`) to the patient's bucket and the commune's numbers of the running
 *     month (`cohortCounts`, what GET /ncd/cohort reads);
 * (c) a station's worklist items (`ncd.follow_up` and `ncd.yearly_check` of one commune) and its
 *     overdue list (`overdueList`): p50 and p95 over BENCH_NCD_REPS runs.
 *
 *   BENCH_NCD_SIZE=200000 npx tsx bench/ncd-cohort.ts
 *
 * Environment: BENCH_NCD_SIZE (residents, default 200,000; the issue's province is 5,000,000),
 * BENCH_NCD_REPS (default 20), BENCH_PG_URL, BENCH_NCD_KEEP / BENCH_NCD_REUSE (bench/support/database.ts).
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../src/bootstrap.js';
import { systemActor } from '../src/core/actor.js';
import { today as todayOf } from '../src/core/clock.js';
import { connect, rows, type Database } from '../src/db/connection.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { createRng } from '../src/demo/random.js';
import { cohortCounts, controlStatus, ncdDueItems, overdueList } from '../src/modules/ncd/index.js';
import { createVisit, importDemoCatalogue } from '../src/modules/visits/index.js';
import { loadPeople, PROVINCE } from './support/population.js';
import { scratchDatabase } from './support/database.js';
import { followUpVisit } from './support/visits.js';

const size = Number(process.env.BENCH_NCD_SIZE ?? 200_000);
const reps = Number(process.env.BENCH_NCD_REPS ?? 20);
const today = todayOf();
const actor = systemActor('bench');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
const count = (n: number) => n.toLocaleString('en');
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function bulk(db: Database, statement: ReturnType<typeof sql>): Promise<number> {
  return db.orm.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(sql`SELECT setseed(0.2025)`);
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    const result = (await tx.execute(statement)) as unknown as { rowCount?: number | null };
    return result.rowCount ?? 0;
  });
}

/** Enrolments and their follow-up visits, in bulk (the benches may name tables; the modules may not). */
async function loadProgramme(db: Database): Promise<void> {
  let t = performance.now();
  await db.orm.execute(sql`CREATE TABLE bench_stations AS
    SELECT subpath(f.unit_path, 0, 3) AS commune_path, f.id AS facility_id, f.unit_path, min(s.id::text)::uuid AS clinician
    FROM facilities f JOIN staff_members s ON s.facility_id = f.id AND s.active_to IS NULL
    WHERE f.kind = 'commune_station' GROUP BY f.id, f.unit_path`);
  const enrolled = await bulk(
    db,
    sql`INSERT INTO ncd_enrolments (id, resident_id, condition, diagnosed_on, source, registered_on, facility_id,
          clinician_id, unit_path, created_by)
        SELECT gen_random_uuid(), x.id, c.condition, x.registered_on, 'screened_here', x.registered_on, x.facility_id,
          x.clinician, x.unit_path, 'bench'
        FROM (SELECT r.id, r.unit_path, st.facility_id, st.clinician, random() AS u,
                ${today}::date - floor(random() * 1460)::int AS registered_on
              FROM residents r JOIN bench_stations st ON st.commune_path = subpath(r.unit_path, 0, 3)
              WHERE r.status = 'active' AND r.birth_year <= extract(year FROM now())::int - 30 AND random() < 0.2) x
        CROSS JOIN LATERAL (SELECT 'hypertension' AS condition WHERE x.u < 0.8
          UNION ALL SELECT 'diabetes' WHERE x.u >= 0.65) c`,
  );
  console.log(`${count(enrolled)} enrolments inserted in ${seconds(t)} s (load ${load()})`);
  t = performance.now();
  const visits = await bulk(
    db,
    sql`WITH p AS MATERIALIZED (
          SELECT e.resident_id, min(e.registered_on) AS registered_on, bool_or(e.condition = 'diabetes') AS dm,
            min(e.facility_id::text)::uuid AS facility_id, min(e.unit_path::text)::ltree AS unit_path,
            min(e.clinician_id::text)::uuid AS clinician, random() < 0.5 AS controlled, random() < 0.15 AS lapsed,
            floor(random() * 500)::int AS lapse_ago
          FROM ncd_enrolments e GROUP BY e.resident_id),
        v AS (SELECT p.*, d::date AS visit_date, random() AS u
          FROM p CROSS JOIN LATERAL generate_series(greatest(p.registered_on, ${today}::date - 548)::timestamp,
            (CASE WHEN p.lapsed THEN ${today}::date - p.lapse_ago ELSE ${today}::date END)::timestamp,
            make_interval(days => 25 + floor(random() * 20)::int)) d)
        INSERT INTO visits (id, resident_id, facility_id, unit_path, visit_date, status, current_version, clinician_id,
          main_diagnosis, payment_method, total_amount, insurer_amount, patient_amount, finished_at,
          systolic, diastolic, fasting_glucose, re_examination_date)
        SELECT gen_random_uuid(), v.resident_id, v.facility_id, v.unit_path, v.visit_date, 'finished', 1, v.clinician,
          CASE WHEN v.dm THEN 'E11.9' ELSE 'I10' END, 'self_pay', 30500, 0, 30500, v.visit_date::timestamptz,
          CASE WHEN v.u < 0.94 THEN CASE WHEN v.controlled THEN 118 + floor(random() * 21) ELSE 140 + floor(random() * 40) END END,
          CASE WHEN v.u < 0.94 THEN CASE WHEN v.controlled THEN 72 + floor(random() * 17) ELSE 86 + floor(random() * 20) END END,
          CASE WHEN v.dm AND random() < 0.75 THEN CASE WHEN v.controlled THEN 5.5 + random() * 1.4 ELSE 7.2 + random() * 5 END END,
          v.visit_date + 30
        FROM v`,
  );
  await db.orm.execute(sql`DROP TABLE bench_stations`);
  await db.orm.execute(sql`VACUUM ANALYZE visits, ncd_enrolments`);
  console.log(`${count(visits)} follow-up visits inserted and analysed in ${seconds(t)} s (load ${load()})`);
}

async function measure(db: Database): Promise<void> {
  // (a) every commune's cohort for last month, from scratch, both conditions.
  for (const condition of ['hypertension', 'diabetes'] as const) {
    const t = performance.now();
    const found = await rows<{ communes: number; registered: number; cohort: number; controlled: number }>(
      db.orm,
      sql`SELECT count(*)::int AS communes, sum(n)::int AS registered, sum(c)::int AS cohort, sum(k)::int AS controlled
          FROM (SELECT subpath(s.unit_path, 0, 3) AS commune, count(*) AS n,
                  count(*) FILTER (WHERE s.bucket IN ('missed_visit','visited_no_bp','controlled','uncontrolled')) AS c,
                  count(*) FILTER (WHERE s.bucket = 'controlled') AS k
                FROM ${controlStatus(condition, sql`${today}::date`)} s GROUP BY 1) x`,
    );
    const f = found[0]!;
    console.log(
      `(a) ${condition} ${today.slice(0, 7)}: ${f.communes} communes, ${count(f.registered)} registered, cohort ${count(f.cohort)}, controlled ${count(f.controlled)} (${((100 * f.controlled) / Math.max(1, f.cohort)).toFixed(0)} %) in ${seconds(t)} s (load ${load()})`,
    );
  }
  // (b) a follow-up to the commune's numbers.
  await importDemoCatalogue(db.orm);
  const [patient] = await rows<{ id: string; facility: string; clinician: string; commune: string }>(
    db.orm,
    sql`SELECT e.resident_id AS id, e.facility_id AS facility, s.id AS clinician, subpath(e.unit_path, 0, 3)::text AS commune
        FROM ncd_enrolments e JOIN staff_members s ON s.facility_id = e.facility_id AND s.active_to IS NULL
        WHERE e.condition = 'hypertension' ORDER BY e.resident_id LIMIT 1`,
  );
  const p = patient!;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await createVisit(
      db.orm,
      actor,
      followUpVisit(p.id, { facility: p.facility, clinician: p.clinician }, today, {
        vitals: { systolic: 128 + i, diastolic: 80 },
      }),
    );
    const counts = await cohortCounts(db.orm, 'hypertension', today, p.commune);
    times.push(performance.now() - t);
    if (i === 0) console.log(`(b) commune ${p.commune} now: ${JSON.stringify(counts)}`);
  }
  console.log(
    `(b) a follow-up to the commune's running-month numbers: p50 ${pct(times, 0.5).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (load ${load()})`,
  );
  // (c) a station's worklist items and overdue list.
  const [commune] = await rows<{ path: string; code: string }>(
    db.orm,
    sql`SELECT u.path::text AS path, u.code FROM admin_units u WHERE u.path = ${p.commune}::ltree`,
  );
  const ctx = { today, until: today, under: commune!.path };
  for (const kind of ['ncd.follow_up', 'ncd.yearly_check'] as const) {
    const xs: number[] = [];
    let n = 0;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      n = (
        await rows(
          db.orm,
          sql`SELECT * FROM (${ncdDueItems[kind]!(ctx)}) i ORDER BY priority, due_on LIMIT 50`,
        )
      ).length;
      xs.push(performance.now() - t);
    }
    console.log(
      `(c) ${kind} of commune ${commune!.code} (${n} shown): p50 ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms`,
    );
  }
  const xs: number[] = [];
  let total = 0;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    total = (await overdueList(db.orm, actor, { unit: commune!.code, limit: 50, offset: 0 })).total;
    xs.push(performance.now() - t);
  }
  console.log(
    `(c) overdue list of commune ${commune!.code} (${total} overdue): p50 ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms (load ${load()})`,
  );
}

console.log(`ncd cohort bench: ${count(size)} residents in province ${PROVINCE}; load ${load()}`);
const scratch = await scratchDatabase('postgres', 'ncd', 'BENCH_NCD');
let db: Database | undefined;
try {
  const started = performance.now();
  db = await connect({ databaseUrl: scratch.location, poolSize: 4 });
  if (!scratch.reused) {
    await prepareDatabase(db, {});
    await generateNetworkDemo(db, { provinceCode: PROVINCE, scale: 1, rng: createRng(2025).fork('network') });
    await loadPeople(db, 'PostgreSQL', size);
    await loadProgramme(db);
    console.log(`loaded in ${seconds(started)} s (load ${load()})`);
  }
  await measure(db);
} finally {
  await db?.close();
  await scratch.cleanup();
}
