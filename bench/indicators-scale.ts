/**
 * Indicators at province scale (issue 5, item 6): figures printed, never asserted. Run by `npm run
 * bench`, alone with `npx tsx bench/indicators-scale.ts` (or `BENCH_ONLY=indicators-scale npm run bench`).
 *
 * For each database (a new PostgreSQL database, dropped afterwards, and PGlite in a temporary
 * directory): migrations, reference data and the network demo of Quảng Ninh (22: communes, hamlets,
 * stations, staff and village health workers: T1, T2, T12), then a province of residents
 * (bench/support/population.ts: households, residents, insurance cards: T3), and in bulk SQL
 * (`INSERT … SELECT` over the residents, secondary indexes dropped during the load and built once):
 * - 831 records for ~78 % of the residents, 1–3 versions each, the last one in the past 12 months for
 *   ~90 % of them (ADR 0014: health-managed ≈ 70 %: T5);
 * - finished station visits: ~1 in 3 residents with an acute visit in the last 12 months, and a tenth
 *   of the residents of 40 and over followed for hypertension or diabetes every ~45 days (~12 % of them
 *   lapsed more than a year ago), paid by insurance when a card was valid on the day (T4, and T6:
 *   high-risk residents and those checked in the last 12 months). Visit versions are not generated
 *   (no counter reads them);
 * - moves out of ~1 % of the residents of 18–40 (life events), the services each station declares (T8).
 * Then, for the current month:
 * (a) every indicator for every unit from scratch, through `rebuildIndicators` (what `ytcs indicators
 *     rebuild` runs), with the time of each indicator;
 * (b) a province dashboard request as the service sees it: for every indicator of the catalogue, the
 *     values of the province and of its communes (`indicatorValues`, children false and true), once
 *     right after the rebuild (cold) and then again (warm: median of BENCH_INDICATORS_REPS);
 * (c) the time from a write to the changed number in the stored values (the incremental path of ADR
 *     0015): a new insurance card (`addCard`) to T3, a new finished visit paid by insurance
 *     (`createVisit`) to T4, each followed by the whole dashboard request after another such write
 *     (which recomputes every indicator over the tables written).
 *
 *   BENCH_INDICATORS_SIZE_PG=50000 BENCH_INDICATORS_SIZE_PGLITE=50000 npx tsx bench/indicators-scale.ts
 *
 * Environment: BENCH_INDICATORS_SIZE_PG (residents on PostgreSQL, default 5,000,000),
 * BENCH_INDICATORS_SIZE_PGLITE (default 1,000,000), BENCH_INDICATORS_DATABASES (`postgres,pglite`),
 * BENCH_PG_URL (the server's maintenance database, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_INDICATORS_REPS (warm dashboard requests, default 5), BENCH_INDICATORS_KEEP (keep the
 * PostgreSQL database, to look at plans with EXPLAIN ANALYZE), BENCH_INDICATORS_REUSE (the URL of a
 * kept database: no load).
 */
import { cpus, loadavg } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import { prepareDatabase } from '../src/bootstrap.js';
import { systemActor } from '../src/core/actor.js';
import { today as todayOf } from '../src/core/clock.js';
import { connect, rows, type Database } from '../src/db/connection.js';
import { createRng } from '../src/demo/random.js';
import {
  indicatorTrend,
  indicatorValues,
  listIndicators,
  previousMonths,
  rebuildIndicators,
  startIndicatorRefresher,
} from '../src/modules/indicators/index.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { addCard } from '../src/modules/people/index.js';
import { healthRecordDocument } from '../src/modules/people/index.js';
import { createVisit, importDemoCatalogue } from '../src/modules/visits/index.js';
import { loadPeople, PROVINCE } from './support/population.js';
import { scratchDatabase } from './support/database.js';
import { followUpVisit } from './support/visits.js';

const sizes: Record<string, number> = {
  postgres: Number(process.env.BENCH_INDICATORS_SIZE_PG ?? 5_000_000),
  pglite: Number(process.env.BENCH_INDICATORS_SIZE_PGLITE ?? 1_000_000),
};
const databases = (process.env.BENCH_INDICATORS_DATABASES ?? 'postgres,pglite')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const reps = Math.max(1, Number(process.env.BENCH_INDICATORS_REPS ?? 5));
const actor = systemActor('bench');
const today = todayOf();
const month = today.slice(0, 7);
const thisYear = Number(today.slice(0, 4));

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const count = (n: number) => n.toLocaleString('en');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs one part of the bench; a failure is printed and the rest goes on. */
async function attempt(what: string, part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (err) {
    const e = err as Error & { query?: string };
    console.log(`${what}: FAILED: ${String(e.cause ?? e).slice(0, 500)}`);
    console.error(`${(e.query ?? '').slice(0, 500)}\n${e.stack?.split('\n').slice(1, 6).join('\n')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- the facts behind the indicators

/** Ordered ids (uuid v7 layout; `tag`: 4 hex digits per table), so primary keys are built by appending. */
const orderedId = (tag: string, n: SQL) =>
  sql`('0190' || ${tag} || '-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

/** A Vietnamese calendar day at a given hour, as a timestamp. */
const vnTime = (day: SQL, hour: SQL) =>
  sql`((${day})::date + make_interval(hours => (${hour})::int)) AT TIME ZONE 'Asia/Ho_Chi_Minh'`;

/** An 831 document of ordinary size (history filled in, a few vaccinations), the same for everyone. */
const RECORD_DOCUMENT = healthRecordDocument.parse({
  history: {
    riskFactors: {
      tobacco: { status: 'never' },
      alcohol: { status: 'former' },
      physicalActivity: 'occasional',
      latrineType: 'semi_septic',
    },
    disabilities: { hearing: false, vision: false, arm: false, leg: false, spine: false },
    allergies: [],
    diseases: [{ icd10: 'K29.7', name: 'Viêm dạ dày', since: '2019' }],
    familyHistory: [{ relative: 'father', icd10: 'I10', condition: 'Tăng huyết áp' }],
  },
  vaccinations: {
    doses: [
      { vaccine: 'BCG', doseNumber: 1, date: '1990-03-02', program: 'epi' },
      { vaccine: 'OPV', doseNumber: 1, date: '1990-05-04', program: 'epi' },
      { vaccine: 'Sởi', doseNumber: 1, date: '1990-12-10', program: 'epi' },
    ],
  },
  examinations: { items: [] },
});

/**
 * Drops the secondary indexes of `tables` (those not behind a constraint), runs `fill`, builds them
 * again in one session with more memory for sorting, then vacuums and analyses the tables.
 */
async function withoutIndexes(
  db: Database,
  label: string,
  tables: string[],
  fill: () => Promise<void>,
): Promise<void> {
  const indexes = await rows<{ name: string; def: string }>(
    db.orm,
    sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename IN (${sql.join(
          tables.map((t) => sql`${t}`),
          sql`, `,
        )})
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const i of indexes) await db.orm.execute(sql.raw(`DROP INDEX "${i.name}"`));
  await fill();
  const t = performance.now();
  const client = await db.pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '${db.kind === 'postgres' ? '512MB' : '256MB'}'`);
    for (const i of indexes) await client.query(i.def);
    await client.query(`RESET maintenance_work_mem`);
    await client.query(`VACUUM ANALYZE ${tables.join(', ')}`);
  } finally {
    client.release();
  }
  console.log(
    `${label}: ${indexes.length} indexes of ${tables.join(', ')} built, vacuumed and analysed in ${seconds(t)} s`,
  );
}

/**
 * One statement of the load, in a transaction with the foreign-key triggers off (the rows are
 * consistent), its random numbers seeded (the same data every run).
 */
async function bulk(db: Database, statement: SQL): Promise<number> {
  return db.orm.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(sql`SELECT setseed(0.2025)`);
    await tx.execute(sql.raw(`SET LOCAL work_mem = '${db.kind === 'postgres' ? '256MB' : '64MB'}'`));
    const result = (await tx.execute(statement)) as unknown as { rowCount?: number | null };
    return result.rowCount ?? 0;
  });
}

/** 831 records and versions, visits, moves out and station services over the loaded residents. */
async function loadFacts(db: Database, label: string): Promise<void> {
  let t = performance.now();
  await importDemoCatalogue(db.orm);
  const services = await bulk(
    db,
    sql`INSERT INTO station_services (facility_id, service_code, declared_from, declared_by)
        SELECT f.id, c.code, (current_date - interval '3 years')::date, 'bench' FROM facilities f
        CROSS JOIN (SELECT DISTINCT code FROM catalogue_items WHERE kind = 'service') c
        WHERE f.kind = 'commune_station' AND random() < 0.85`,
  );
  // Moves out during the last year, with their life events (~1 % of the residents of 18–40).
  const moved = await bulk(
    db,
    sql`WITH moved AS (
          UPDATE residents SET status = 'moved_out', updated_at = now()
          WHERE status = 'active' AND relation_to_head <> 'head'
            AND birth_year BETWEEN ${thisYear - 40} AND ${thisYear - 18} AND random() < 0.01
          RETURNING id, unit_path)
        INSERT INTO life_events (id, resident_id, kind, occurred_on, unit_path, details, recorded_by)
        SELECT ${orderedId('e000', sql`row_number() OVER ()`)}, m.id, 'move_out',
          ${today}::date - (1 + floor(random() * 364))::int, m.unit_path, '{"destination":"Hà Nội"}'::jsonb, 'bench'
        FROM moved m`,
  );
  // Transfers between communes during the last year (~0.5 % of the active residents): the pair of
  // life events a transfer writes, so that the place-on-a-day lookup of T3/T5/T6 has work to do
  // (the bench leaves the residents where they are: only the cost is measured here).
  const transferred = await bulk(
    db,
    sql`WITH moved AS (
          SELECT row_number() OVER () AS n, r.id, r.unit_path, ${today}::date - (1 + floor(random() * 364))::int AS on_day
          FROM residents r WHERE r.status = 'active' AND random() < 0.005 OFFSET 0)
        INSERT INTO life_events (id, resident_id, kind, occurred_on, unit_path, details, recorded_by)
        SELECT ${orderedId('e001', sql`m.n * 2 + d.k`)}, m.id, 'transfer', m.on_day, m.unit_path,
          jsonb_build_object('direction', d.direction, 'fromPath', m.unit_path::text, 'toPath', m.unit_path::text), 'bench'
        FROM moved m CROSS JOIN (VALUES (0, 'out'), (1, 'in')) d(k, direction)`,
  );
  console.log(
    `${label}: demo catalogue, ${count(services)} declared station services, ${count(moved)} moves out, ${count(transferred)} transfer events in ${seconds(t)} s (load ${load()})`,
  );

  // 831 records: one per resident for ~78 %, 1–3 versions, the last within 12 months for ~90 %.
  t = performance.now();
  let records = 0;
  let versions = 0;
  await withoutIndexes(db, label, ['health_records', 'health_record_versions'], async () => {
    await db.orm.execute(sql`DROP TABLE IF EXISTS bench_record_plan`);
    await bulk(
      db,
      sql`CREATE TABLE bench_record_plan AS
      SELECT row_number() OVER () AS n, p.resident_id, p.versions, p.last_ago,
        p.last_ago + 120 + floor(random() * 1080)::int AS first_ago, random() < 0.5 AS review2, random() < 0.5 AS review3
      FROM (SELECT r.id AS resident_id,
              CASE WHEN random() < 0.105 THEN 3 WHEN random() < 0.27 THEN 2 ELSE 1 END AS versions,
              CASE WHEN random() < 0.9 THEN 1 + floor(random() * 360)::int ELSE 400 + floor(random() * 500)::int END AS last_ago
            FROM residents r WHERE r.status <> 'merged' AND random() < 0.78 OFFSET 0) p`,
    );
    // The day a version was written: the first and last spread over the record's life.
    const ago = (v: SQL) =>
      sql`CASE WHEN ${v} = p.versions THEN p.last_ago
          ELSE p.first_ago - ((p.first_ago - p.last_ago) * (${v} - 1)) / greatest(p.versions - 1, 1) END`;
    const at = (v: SQL) => vnTime(sql`${today}::date - ${ago(v)}`, sql`8 + (p.n + ${v}) % 9`);
    versions = await bulk(
      db,
      sql`INSERT INTO health_record_versions (id, record_id, resident_id, version, kind, changed_parts, document, note, created_at, created_by)
          SELECT ${orderedId('d000', sql`p.n * 4 + v`)}, ${orderedId('c000', sql`p.n`)}, p.resident_id, v,
            CASE WHEN v = 1 THEN 'create' WHEN (v = 2 AND p.review2) OR (v = 3 AND p.review3) THEN 'review' ELSE 'update' END,
            CASE WHEN v = 1 THEN '{history,vaccinations,examinations}'::text[]
              WHEN (v = 2 AND p.review2) OR (v = 3 AND p.review3) THEN '{}'::text[] ELSE '{vaccinations,examinations}'::text[] END,
            ${JSON.stringify(RECORD_DOCUMENT)}::jsonb, CASE WHEN v = 1 THEN 'Lập hồ sơ' END, ${at(sql`v`)}, 'bench'
          FROM bench_record_plan p CROSS JOIN LATERAL generate_series(1, p.versions) v`,
    );
    records = await bulk(
      db,
      sql`INSERT INTO health_records (id, resident_id, current_version, last_updated_at, reviewed_at, created_at, updated_at)
          SELECT ${orderedId('c000', sql`p.n`)}, p.resident_id, p.versions,
            CASE WHEN p.versions = 3 AND NOT p.review3 THEN ${at(sql`3`)}
              WHEN p.versions >= 2 AND NOT p.review2 THEN ${at(sql`2`)} ELSE ${at(sql`1`)} END,
            CASE WHEN p.versions = 3 AND p.review3 THEN ${at(sql`3`)} WHEN p.versions >= 2 AND p.review2 THEN ${at(sql`2`)} END,
            ${at(sql`1`)}, ${at(sql`p.versions`)}
          FROM bench_record_plan p`,
    );
    await db.orm.execute(sql`DROP TABLE bench_record_plan`);
    console.log(
      `${label}: ${count(records)} 831 records with ${count(versions)} versions inserted in ${seconds(t)} s (load ${load()})`,
    );
  });

  // Station visits of the last 12 months (acute) and the follow-ups of hypertension and diabetes.
  t = performance.now();
  let visitCount = 0;
  await withoutIndexes(db, label, ['visits'], async () => {
    await db.orm.execute(sql`DROP TABLE IF EXISTS bench_stations`);
    await db.orm.execute(sql`CREATE TABLE bench_stations AS
      SELECT subpath(f.unit_path, 0, 3) AS commune_path, f.id AS facility_id, f.unit_path, array_agg(s.id ORDER BY s.id) AS clinicians
      FROM facilities f JOIN staff_members s ON s.facility_id = f.id AND s.active_to IS NULL
        AND s.title IN ('doctor','preventive_doctor','traditional_medicine_doctor','physician_assistant','nurse','midwife')
      WHERE f.kind = 'commune_station' AND (f.active_to IS NULL OR f.active_to >= ${today}::date)
      GROUP BY f.id, f.unit_path`);
    const acute = sql`(ARRAY['J06.9','J06.9','J02.9','A09','S61.0','M54.5','J20.9','K29.7','H10.9'])[1 + floor(random() * 9)::int]`;
    visitCount = await bulk(
      db,
      sql`WITH p AS MATERIALIZED (
            SELECT r.id, st.facility_id, st.unit_path, st.clinicians,
              (random() < 0.27)::int + (random() < 0.06)::int AS acute,
              r.birth_year <= ${thisYear - 40} AND random() < 0.1 AS chronic,
              random() AS u1, random() < 0.88 AS in_care, floor(random() * 510)::int AS d1, floor(random() * 300)::int AS d2
            FROM residents r JOIN bench_stations st ON st.commune_path = subpath(r.unit_path, 0, 3)
            WHERE r.status = 'active'),
          v AS MATERIALIZED (
            SELECT p.id, p.facility_id, p.unit_path, p.clinicians, false AS chronic,
              ${today}::date - floor(random() * 365)::int AS visit_date, ${acute} AS diagnosis
            FROM p CROSS JOIN LATERAL generate_series(1, p.acute) k
            UNION ALL
            SELECT p.id, p.facility_id, p.unit_path, p.clinicians, true,
              least(d::date + floor(random() * 7)::int, ${today}::date),
              CASE WHEN p.u1 < 0.2 THEN 'E11.9' ELSE 'I10' END
            FROM p CROSS JOIN LATERAL generate_series(
              (CASE WHEN p.in_care THEN ${today}::date - 30 - p.d1 ELSE ${today}::date - 410 - p.d2 - p.d1 / 2 END)::timestamp,
              (CASE WHEN p.in_care THEN ${today}::date ELSE ${today}::date - 380 - p.d2 END)::timestamp,
              interval '45 days') d
            WHERE p.chronic),
          w AS (
            SELECT v.*, row_number() OVER (ORDER BY v.visit_date) AS n,
              EXISTS (SELECT 1 FROM insurance_cards c WHERE c.resident_id = v.id AND c.voided_at IS NULL
                AND c.valid_from <= v.visit_date AND (c.valid_to IS NULL OR c.valid_to >= v.visit_date)) AND random() < 0.97 AS insured,
              CASE WHEN v.chronic THEN 150000 + 10000 * floor(random() * 25) ELSE 35000 + 5000 * floor(random() * 18) END AS total
            FROM v)
          INSERT INTO visits (id, resident_id, facility_id, unit_path, visit_date, status, current_version, clinician_id,
            main_diagnosis, payment_method, benefit_level, total_amount, insurer_amount, patient_amount, finished_at, created_at, updated_at)
          SELECT ${orderedId('f000', sql`w.n`)}, w.id, w.facility_id, w.unit_path, w.visit_date, 'finished', 1,
            w.clinicians[1 + floor(random() * array_length(w.clinicians, 1))::int], w.diagnosis,
            CASE WHEN w.insured THEN 'insurance' ELSE 'self_pay' END, CASE WHEN w.insured THEN 4 END,
            w.total, CASE WHEN w.insured THEN w.total * 0.8 ELSE 0 END, CASE WHEN w.insured THEN w.total * 0.2 ELSE w.total END,
            ${vnTime(sql`w.visit_date`, sql`8 + w.n % 9`)}, ${vnTime(sql`w.visit_date`, sql`8 + w.n % 9`)},
            ${vnTime(sql`w.visit_date`, sql`8 + w.n % 9`)}
          FROM w ORDER BY w.n`,
    );
    await db.orm.execute(sql`DROP TABLE bench_stations`);
    console.log(
      `${label}: ${count(visitCount)} finished station visits inserted in ${seconds(t)} s (load ${load()})`,
    );
  });
  await db.orm.execute(sql`ANALYZE residents, life_events, station_services, catalogue_items`);
}

// ---------------------------------------------------------------- the measurements

async function provinceValue(db: Database, code: string): Promise<{ num: number; den: number }> {
  const { values } = await indicatorValues(db.orm, actor, code, PROVINCE, month, false);
  return { num: values[0]!.numerator, den: values[0]!.denominator };
}

/** The dashboard's service calls: every indicator, for the province and for its communes. */
async function dashboard(db: Database): Promise<{ ms: number; values: number }> {
  const t = performance.now();
  let values = 0;
  for (const indicator of await listIndicators(db.orm)) {
    values += (await indicatorValues(db.orm, actor, indicator.code, PROVINCE, month, false)).values.length;
    values += (await indicatorValues(db.orm, actor, indicator.code, PROVINCE, month, true)).values.length;
  }
  return { ms: performance.now() - t, values };
}

/** (a) from scratch, (b) the dashboard cold and warm, (c) from a write to the stored values. */
async function measure(db: Database, label: string): Promise<void> {
  await db.orm.execute(sql`DELETE FROM indicator_values`);
  await db.orm.execute(sql`DELETE FROM indicator_place_values`);
  await db.orm.execute(sql`DELETE FROM indicator_computations`);
  const steps: string[] = [];
  let last = performance.now();
  const avg = load();
  const rebuilt = await rebuildIndicators(db.orm, { from: month, to: month }, (_done, _total, step) => {
    steps.push(`${step.split(' ')[0]} ${ms(performance.now() - last)}`);
    last = performance.now();
  });
  console.log(
    `${label} (a) every indicator for every unit for ${month} from scratch (rebuildIndicators): ${(rebuilt.ms / 1000).toFixed(2)} s ` +
      `for ${rebuilt.computations} indicators, ${count(rebuilt.units)} unit values (load before ${avg})`,
  );
  console.log(`    per indicator, ms: ${steps.join(', ')}`);

  const cold = await dashboard(db);
  const warm: number[] = [];
  for (let i = 0; i < reps; i++) warm.push((await dashboard(db)).ms);
  console.log(
    `${label} (b) province dashboard (every indicator for the province and for its communes, ${cold.values} values): ` +
      `cold after the rebuild ${ms(cold.ms)} ms, warm ${ms(median(warm))} ms (median of ${reps}, fastest ${ms(Math.min(...warm))} ms; load ${load()})`,
  );
  const shown: string[] = [];
  for (const indicator of await listIndicators(db.orm)) {
    const v = await provinceValue(db, indicator.code);
    shown.push(`${indicator.code} ${count(v.num)}/${count(v.den)}`);
  }
  console.log(`    the province's numbers: ${shown.join(', ')}`);

  // (c) A card for a resident without one valid today, then T3 of the province.
  const uninsured = await rows<{ id: string }>(
    db.orm,
    sql`SELECT r.id FROM residents r WHERE r.status = 'active' AND r.unit_path <@ ${`post2025.p${PROVINCE}`}::ltree
          AND NOT EXISTS (SELECT 1 FROM insurance_cards c WHERE c.resident_id = r.id AND c.voided_at IS NULL
            AND c.valid_from <= ${today}::date AND (c.valid_to IS NULL OR c.valid_to >= ${today}::date))
        LIMIT 2`,
  );
  const card = async (residentId: string, n: number) => {
    const t = performance.now();
    await addCard(db.orm, actor, residentId, {
      code: `HT3${PROVINCE}22${String(99_990_000 + n)}`,
      validFrom: today,
      validTo: null,
    });
    return performance.now() - t;
  };
  let before = await provinceValue(db, 'T3');
  let write = await card(uninsured[0]!.id, 1);
  let t = performance.now();
  let after = await provinceValue(db, 'T3');
  console.log(
    `${label} (c) a new insurance card (addCard) to the changed T3 of the province: ${ms(write + performance.now() - t)} ms ` +
      `(write ${ms(write)} ms, then the request that recomputes T3 ${ms(performance.now() - t)} ms; numerator ${count(before.num)} → ${count(after.num)}; load ${load()})`,
  );
  write = await card(uninsured[1]!.id, 2);
  const afterCard = await dashboard(db);
  console.log(
    `    another card, then the whole dashboard request: ${ms(write + afterCard.ms)} ms (write ${ms(write)} ms, dashboard ${ms(afterCard.ms)} ms)`,
  );

  // A finished visit paid by insurance at a commune station, then T4 of the province.
  const [place] = await rows<{ facility: string; clinician: string; path: string }>(
    db.orm,
    sql`SELECT f.id AS facility, s.id AS clinician, f.unit_path::text AS path FROM facilities f
        JOIN staff_members s ON s.facility_id = f.id AND s.title = 'doctor' AND s.active_to IS NULL
        WHERE f.kind = 'commune_station' AND f.unit_path <@ ${`post2025.p${PROVINCE}`}::ltree ORDER BY f.code LIMIT 1`,
  );
  const patients = await rows<{ id: string }>(
    db.orm,
    sql`SELECT r.id FROM residents r WHERE r.status = 'active' AND r.unit_path <@ ${place!.path}::ltree
          AND EXISTS (SELECT 1 FROM insurance_cards c WHERE c.resident_id = r.id AND c.voided_at IS NULL
            AND c.valid_from <= ${today}::date AND (c.valid_to IS NULL OR c.valid_to >= ${today}::date))
        LIMIT 2`,
  );
  const visit = async (residentId: string) => {
    const t = performance.now();
    await createVisit(
      db.orm,
      actor,
      followUpVisit(residentId, place!, today, { paymentMethod: 'insurance' }),
    );
    return performance.now() - t;
  };
  before = await provinceValue(db, 'T4');
  write = await visit(patients[0]!.id);
  t = performance.now();
  after = await provinceValue(db, 'T4');
  console.log(
    `${label} (c) a new finished visit paid by insurance (createVisit) to the changed T4 of the province: ${ms(write + performance.now() - t)} ms ` +
      `(write ${ms(write)} ms, then the request that recomputes T4 ${ms(performance.now() - t)} ms; ` +
      `${count(before.num)}/${count(before.den)} → ${count(after.num)}/${count(after.den)}; load ${load()})`,
  );
  write = await visit(patients[1]!.id);
  const afterVisit = await dashboard(db);
  console.log(
    `    another visit, then the whole dashboard request (recomputes T4, T5 and T6): ${ms(write + afterVisit.ms)} ms ` +
      `(write ${ms(write)} ms, dashboard ${ms(afterVisit.ms)} ms)`,
  );
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/**
 * The indicators page of the province as the service sees it: every indicator for the province and
 * for its communes this month, and the 12-month trend of T3 (docs/adr/0021: all read from stored rows).
 */
async function provincePage(db: Database): Promise<number> {
  const t = performance.now();
  for (const indicator of await listIndicators(db.orm)) {
    await indicatorValues(db.orm, actor, indicator.code, PROVINCE, month, false);
    await indicatorValues(db.orm, actor, indicator.code, PROVINCE, month, true);
  }
  await indicatorTrend(db.orm, actor, 'T3', PROVINCE, month, 12);
  return performance.now() - t;
}

/**
 * (d) Issue 13 item 11: the values kept current by the refresher while a card is written every
 * second (BENCH_INDICATORS_WRITES_SECONDS, default 60): the province page's latency, the time from a
 * card's commit to the province's T3 showing it, and the page after a restart (new connections).
 */
async function underWrites(db: Database, label: string, reopen: () => Promise<Database>): Promise<Database> {
  const duration = Number(process.env.BENCH_INDICATORS_WRITES_SECONDS ?? 60) * 1000;
  let t = performance.now();
  await rebuildIndicators(db.orm, { from: previousMonths(month, 12)[0]!, to: month, code: 'T3' });
  await rebuildIndicators(db.orm, { from: month, to: month });
  console.log(`${label} (d) stored: every indicator this month and T3 for 12 months, ${seconds(t)} s`);
  await db.close();
  db = await reopen();
  t = performance.now();
  const cold = await provincePage(db);
  const again = await provincePage(db);
  console.log(
    `${label} (d) province page after a restart (new connections, values stored): first ${ms(cold)} ms, then ${ms(again)} ms (load ${load()})`,
  );
  const passes: number[] = [];
  const refresher = startIndicatorRefresher(
    db.orm,
    100,
    (err) => console.error(`refresher: ${(err as Error).message}`),
    (pass) => {
      if (pass.caughtUp || pass.computed) passes.push(pass.ms);
    },
  );
  const candidates = await rows<{ id: string }>(
    db.orm,
    sql`SELECT r.id FROM residents r WHERE r.status = 'active' AND r.unit_path <@ ${`post2025.p${PROVINCE}`}::ltree
          AND NOT EXISTS (SELECT 1 FROM insurance_cards c WHERE c.resident_id = r.id AND c.voided_at IS NULL
            AND c.valid_from <= ${today}::date AND (c.valid_to IS NULL OR c.valid_to >= ${today}::date))
        ORDER BY md5(r.id::text) LIMIT ${Math.ceil(duration / 1000) + 5}`,
  );
  const pages: number[] = [];
  const reflected: number[] = [];
  const writes: number[] = [];
  const until = performance.now() + duration;
  const avg = load();
  const reader = (async () => {
    while (performance.now() < until) pages.push(await provincePage(db));
  })();
  const writer = (async () => {
    for (let n = 0; performance.now() < until && n < candidates.length; n++) {
      const next = performance.now() + 1000;
      const before = (await provinceValue(db, 'T3')).num;
      const w = performance.now();
      await addCard(db.orm, actor, candidates[n]!.id, {
        code: `HT3${PROVINCE}22${String(99_900_000 + n)}`,
        validFrom: today,
        validTo: null,
      });
      const committed = performance.now();
      writes.push(committed - w);
      while ((await provinceValue(db, 'T3')).num <= before && performance.now() - committed < 30_000)
        await new Promise((r) => setTimeout(r, 10));
      reflected.push(performance.now() - committed);
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  await Promise.all([reader, writer]);
  await refresher.stop();
  console.log(
    `${label} (d) ${pages.length} province pages while ${writes.length} cards were written, one a second (load before ${avg}, after ${load()}):`,
  );
  console.log(
    `    page p50 ${ms(pct(pages, 50))} ms, p95 ${ms(pct(pages, 95))} ms, max ${ms(Math.max(...pages))} ms; ` +
      `card to the province's T3 p50 ${ms(pct(reflected, 50))} ms, p95 ${ms(pct(reflected, 95))} ms, max ${ms(Math.max(...reflected))} ms ` +
      `(write p50 ${ms(pct(writes, 50))} ms); refresher passes that caught up: ${passes.length}, p50 ${ms(passes.length ? pct(passes, 50) : 0)} ms`,
  );
  return db;
}

// ---------------------------------------------------------------- one database

async function benchOne(kind: string): Promise<void> {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const size = sizes[kind];
  if (size === undefined)
    throw new Error(`BENCH_INDICATORS_DATABASES: unknown database "${kind}" (postgres, pglite)`);
  let db: Database | undefined;
  const scratch = await scratchDatabase(kind, 'indicators', 'BENCH_INDICATORS');
  const databaseUrl = scratch.location;
  const reuse = scratch.reused ? databaseUrl : undefined;
  try {
    const started = performance.now();
    db =
      kind === 'postgres'
        ? await connect({ databaseUrl, poolSize: 4 })
        : await connect({ dataDir: databaseUrl });
    if (!reuse) {
      await prepareDatabase(db, {});
      await generateNetworkDemo(db, {
        provinceCode: PROVINCE,
        scale: 1,
        rng: createRng(2025).fork('network'),
      });
      console.log(
        `${label}: new database with the reference data and the network demo of province ${PROVINCE} in ${seconds(started)} s (load ${load()})`,
      );
      await loadPeople(db, label, size);
      await loadFacts(db, label);
      console.log(
        `${label}: the province of ${count(size)} residents loaded in ${seconds(started)} s in all`,
      );
    } else console.log(`${label}: the database a run kept, ${reuse}`);
    await measure(db, label);
    const reopen = () =>
      kind === 'postgres' ? connect({ databaseUrl, poolSize: 6 }) : connect({ dataDir: databaseUrl });
    // The refresher runs on PostgreSQL only (docs/adr/0013).
    if (kind === 'postgres') db = await underWrites(db, label, reopen);
  } finally {
    await db?.close();
    await scratch.cleanup();
  }
}

console.log(
  `indicators at province scale: ${databases.map((d) => `${d} ${count(sizes[d] ?? 0)} residents`).join(', ')} in province ${PROVINCE}, month ${month}; load average ${load()} on ${cpus().length} CPUs`,
);
for (const kind of databases) await attempt(kind, () => benchOne(kind));
