/**
 * Issue 15's speed targets, printed, never asserted. Parts (BENCH_IMM_PARTS, default all three):
 * - `forecast`: the forecast of one child (< 2 ms): BENCH_IMM_N (default 20,000) children of 0–6
 *   years with realistic histories, against the shipped schedule (no database);
 * - `demo`: on the demo (PGlite, province 22, BENCH_IMM_SCALE default 1), the session list of the
 *   largest commune and T11 of last month for the province from scratch;
 * - `scale`: on PostgreSQL, a new database with the network of Quảng Ninh (22) and BENCH_IMM_SIZE
 *   residents (default 5,000,000; bench/support/population.ts, as bench/indicators-scale.ts), the
 *   under-sixes' doses in bulk SQL (each dose of the schedule in force with probability 0.92, a few
 *   days to six weeks after its recommended age), every child's forecast stored through the module's
 *   bulk path (`refreshForecasts`, as the demo and a new schedule version do), then:
 *   (a) the session list of the commune whose residents are nearest 20,000 (< 200 ms): the first
 *       request and the median of ten;
 *   (b) T11 and the coverage indicators (IMM_BCG, IMM_HEPB0_24H, IMM_DTP3, IMM_MCV1,
 *       IMM_DTP_DROPOUT) of the province for the current month from scratch (< 10 s), one after another.
 *   BENCH_IMM_KEEP keeps the database, BENCH_IMM_REUSE=<url> measures a kept one.
 *
 *   nice -n 10 npx tsx bench/immunization.ts
 *   BENCH_IMM_PARTS=scale BENCH_IMM_SIZE=1000000 nice -n 10 npx tsx bench/immunization.ts
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { createRng } from '../src/demo/random.js';
import { generateNetworkDemo } from '../src/demo/network.js';
import { loadPeople, PROVINCE } from './support/population.js';
import { scratchDatabase } from './support/database.js';
import { systemActor } from '../src/core/actor.js';
import { today } from '../src/core/clock.js';
import { connect, rows } from '../src/db/connection.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { generateDemo } from '../src/demo/index.js';
import {
  addAge,
  forecast,
  parseSchedule,
  readScheduleCsv,
  ScheduleIndex,
  refreshForecasts,
  sessionList,
} from '../src/modules/immunization/index.js';
import { indicatorValues } from '../src/modules/indicators/index.js';
import { unitsRelation } from '../src/modules/network/index.js';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const parts = (process.env.BENCH_IMM_PARTS ?? 'forecast,demo,scale').split(',').map((p) => p.trim());
const { data } = parseSchedule(readScheduleCsv(readFileSync('reference/immunization/schedule.csv', 'utf8')));
const index = new ScheduleIndex(data!);
const n = Number(process.env.BENCH_IMM_N ?? 20_000);
const asOf = today();
let seed = 7;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const children = Array.from({ length: n }, () => {
  const birthDate = addAge(asOf, { months: 0, days: -Math.floor(rand() * 6 * 365) });
  const given = data!.doses
    .filter(() => rand() < 0.92)
    .map((d) => ({
      vaccine: index.vaccinesFor(d)[0]!,
      on: addAge(addAge(birthDate, d.recAge), { months: 0, days: Math.floor(rand() * 40) }),
    }))
    .filter((g) => g.on <= asOf);
  return { birthDate, asOf, province: '22', given };
});
let t0 = performance.now();
if (parts.includes('forecast')) {
  for (const c of children) forecast(index, c);
  const perChild = (performance.now() - t0) / n;
  console.log(`forecast: ${n} children, ${perChild.toFixed(3)} ms per child (target < 2 ms); load ${load()}`);
}

if (parts.includes('demo')) {
  const db = await connect({ memory: {} });
  await prepareDatabase(db, {});
  t0 = performance.now();
  await generateDemo(db, { provinceCode: '22', scale: Number(process.env.BENCH_IMM_SCALE ?? 1), seed: 1 });
  console.log(`demo (whole, PGlite): ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`);
  const [big] = await rows<{ code: string; residents: number }>(
    db.orm,
    sql`SELECT u.code, u.population AS residents FROM ${unitsRelation} u WHERE u.level = 'commune' AND u.map = 'post2025'
      AND u.path <@ (SELECT p.path FROM ${unitsRelation} p WHERE p.code = '22' AND p.map = 'post2025') ORDER BY u.population DESC NULLS LAST LIMIT 1`,
  );
  const actor = systemActor('bench');
  await sessionList(db.orm, actor, { unit: big!.code, days: 0 }); // fills forecasts never stored
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    t0 = performance.now();
    await sessionList(db.orm, actor, { unit: big!.code, days: 0 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `session list of commune ${big!.code}: p50 ${times[5]!.toFixed(0)} ms, max ${times[9]!.toFixed(0)} ms; load ${load()}`,
  );
  const month = addAge(asOf, { months: -1, days: 0 }).slice(0, 7);
  for (const code of ['T11', 'IMM_DTP3']) {
    t0 = performance.now();
    const v = await indicatorValues(db.orm, actor, code, '22', month, false);
    const first = v.values[0];
    console.log(
      `${code} ${month} province 22 from scratch: ${(performance.now() - t0).toFixed(0)} ms (${first?.numerator}/${first?.denominator} = ${first?.value}); load ${load()}`,
    );
  }
  await db.close();
}

// ---------------------------------------------------------------- a province at scale on PostgreSQL

const count = (x: number) => x.toLocaleString('en');
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

if (parts.includes('scale')) {
  const size = Number(process.env.BENCH_IMM_SIZE ?? 5_000_000);
  const scratch = await scratchDatabase('postgres', 'immunization', 'BENCH_IMM');
  const db = await connect({ databaseUrl: scratch.location, poolSize: 4 });
  const actor = systemActor('bench');
  try {
    const started = performance.now();
    if (!scratch.reused) {
      await prepareDatabase(db, {});
      await generateNetworkDemo(db, {
        provinceCode: PROVINCE,
        scale: 1,
        rng: createRng(2025).fork('network'),
      });
      console.log(
        `PostgreSQL: reference data and the network of ${PROVINCE} in ${seconds(started)} s (load ${load()})`,
      );
      await loadPeople(db, 'PostgreSQL', size);
      // The doses of the under-sixes: each dose of the schedule in force (national rows) with
      // probability 0.92, at the commune's station: HepB birth dose and BCG on the day of birth or the
      // next, the others a child's own delay (0–39 days) and 0–2 days after their recommended age.
      let t = performance.now();
      const plan = data!.doses
        .filter((d) => d.province === null && d.validTo === null)
        .map((d) => ({
          dose: d.code,
          vaccine: index.vaccinesFor(d)[0]!,
          months: d.recAge.months,
          days: d.recAge.days,
        }));
      const doses = await db.orm.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`SELECT setseed(0.15)`);
        await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
        const r = (await tx.execute(sql`WITH stations AS (
              SELECT DISTINCT ON (subpath(f.unit_path, 0, 3)) subpath(f.unit_path, 0, 3) AS commune_path, f.id
              FROM facilities f WHERE f.kind = 'commune_station' ORDER BY subpath(f.unit_path, 0, 3), f.id),
            plan AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(plan)}::jsonb)
              AS p(dose text, vaccine text, months int, days int)),
            given AS (
              SELECT r.id AS resident_id, r.unit_path, p.vaccine, s.id AS facility_id,
                (r.birth_date + make_interval(months => p.months, days => p.days + CASE WHEN p.dose IN ('HEPB0', 'BCG')
                  THEN floor(random() * 2)::int ELSE c.delay + floor(random() * 3)::int END))::date AS given_on
              FROM residents r JOIN stations s ON s.commune_path = subpath(r.unit_path, 0, 3)
              -- one delay per child (0–39 days), so that the intervals between doses hold
              CROSS JOIN LATERAL (SELECT abs(hashtext(r.id::text)) % 40 AS delay) c
              CROSS JOIN plan p
              WHERE r.status = 'active' AND r.birth_date > ${asOf}::date - interval '6 years' AND random() < 0.92)
            INSERT INTO immunization_vaccinations (id, resident_id, unit_path, vaccine, given_on, given_elsewhere, facility_id,
              session_on, recorded_by)
            SELECT ('0190' || 'a000' || '-0000-7000-8000-' || lpad(to_hex(row_number() OVER ()), 12, '0'))::uuid,
              g.resident_id, g.unit_path, g.vaccine, g.given_on, false, g.facility_id, g.given_on, 'bench'
            FROM given g WHERE g.given_on <= ${asOf}::date
            ON CONFLICT DO NOTHING`)) as unknown as { rowCount?: number };
        return r.rowCount ?? 0;
      });
      // Vacuumed as a database in use is (autovacuum): the first read of freshly loaded pages
      // otherwise writes their hint bits, and that one-time cost of the bulk load (59 s for the six
      // indicators of 5 M residents, at load 7) would be measured as the indicators' own.
      await db.orm.execute(sql`VACUUM (ANALYZE) immunization_vaccinations`);
      console.log(
        `PostgreSQL: ${count(doses)} doses of the under-sixes inserted in ${seconds(t)} s (load ${load()})`,
      );
      // Every child's forecast through the module's bulk path (what the demo and a new schedule version run).
      t = performance.now();
      const kids = await rows<{ id: string; birthDate: string; unitPath: string }>(
        db.orm,
        sql`SELECT id, birth_date::text AS "birthDate", unit_path::text AS "unitPath" FROM residents
            WHERE status = 'active' AND birth_date > ${asOf}::date - interval '8 years' ORDER BY id`,
      );
      for (let i = 0; i < kids.length; i += 5000) {
        await refreshForecasts(db.orm, kids.slice(i, i + 5000), asOf, { fresh: true });
        if (i % 100_000 === 0)
          console.error(`  forecasts: ${count(i)} / ${count(kids.length)} (${seconds(t)} s)`);
      }
      await db.orm.execute(sql`VACUUM (ANALYZE) immunization_forecasts`);
      console.log(
        `PostgreSQL: forecasts of ${count(kids.length)} children under 8 computed and stored in ${seconds(t)} s ` +
          `(${((performance.now() - t) / kids.length).toFixed(2)} ms a child; load ${load()})`,
      );
      console.log(`PostgreSQL: the province of ${count(size)} residents ready in ${seconds(started)} s`);
    }
    // (a) The session list of the commune nearest 20,000 residents.
    const [commune] = await rows<{ code: string; residents: number }>(
      db.orm,
      sql`SELECT u.code, count(*)::int AS residents FROM residents r
          JOIN ${unitsRelation} u ON u.path = subpath(r.unit_path, 0, 3) AND u.map = 'post2025'
          WHERE r.status = 'active' GROUP BY u.code ORDER BY abs(count(*) - 20000) LIMIT 1`,
    );
    let t = performance.now();
    const first = await sessionList(db.orm, actor, { unit: commune!.code, days: 0 });
    const firstMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await sessionList(db.orm, actor, { unit: commune!.code, days: 0 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const listed = first.hamlets.reduce((s, h) => s + h.children.length, 0);
    console.log(
      `PostgreSQL (a) session list of commune ${commune!.code} (${count(commune!.residents)} residents, ${listed} children listed): ` +
        `first ${firstMs.toFixed(0)} ms, p50 ${times[5]!.toFixed(0)} ms, max ${times[9]!.toFixed(0)} ms (target < 200 ms); load ${load()}`,
    );
    // (b) T11 and coverage of the province for last month from scratch.
    await db.orm.execute(sql`DELETE FROM indicator_values`);
    await db.orm.execute(sql`DELETE FROM indicator_place_values`);
    await db.orm.execute(sql`DELETE FROM indicator_computations`);
    // The current month (the loaded residents are registered today: a past month's population has none of them).
    const month = asOf.slice(0, 7);
    const all = performance.now();
    for (const code of ['T11', 'IMM_BCG', 'IMM_HEPB0_24H', 'IMM_DTP3', 'IMM_MCV1', 'IMM_DTP_DROPOUT']) {
      t = performance.now();
      const v = (await indicatorValues(db.orm, actor, code, PROVINCE, month, false)).values[0];
      console.log(
        `PostgreSQL (b) ${code} ${month} province ${PROVINCE} from scratch: ${seconds(t)} s (${count(v?.numerator ?? 0)}/${count(v?.denominator ?? 0)}); load ${load()}`,
      );
    }
    console.log(
      `PostgreSQL (b) the six in all: ${seconds(all)} s (target < 10 s for T11 and coverage); load ${load()}`,
    );
  } finally {
    await db.close();
    await scratch.cleanup();
  }
}
