/**
 * Figures for issues 4 and 5, printed, never asserted (run by `npm run bench`, or alone with
 * `npx tsx bench/visits-indicators.ts`):
 * - visits written per second through the service (finished, with payment and the 831 update), on
 *   PGlite and PostgreSQL, one writer and (PostgreSQL) four;
 * - indicators on the demo province: every indicator for every unit for a month from scratch, a
 *   dashboard request (cold and warm), and the time from a write (a new card) to the changed T3.
 * BENCH_SCALE sets the demo scale (default 1: ~57,000 residents in province 22).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { prepareDatabase } from '../src/bootstrap.js';
import { systemActor } from '../src/core/actor.js';
import { today } from '../src/core/clock.js';
import { connect, rows, type Database } from '../src/db/connection.js';
import { generateDemo } from '../src/demo/index.js';
import { indicatorValues, listIndicators, rebuildIndicators } from '../src/modules/indicators/index.js';
import { addCard } from '../src/modules/people/index.js';
import { followUpVisit } from './support/visits.js';
import { createVisit } from '../src/modules/visits/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const actor = systemActor('bench');
const month = today().slice(0, 7);

async function visitsPerSecond(db: Database, label: string, writers: number, count = 200) {
  const [place] = await rows<{ facility: string; clinician: string; path: string }>(
    db.orm,
    sql`SELECT f.id AS facility, s.id AS clinician, u.path::text AS path FROM facilities f
        JOIN staff_members s ON s.facility_id = f.id AND s.title = 'doctor' AND s.active_to IS NULL
        JOIN admin_units u ON u.id = f.unit_id
        WHERE f.kind = 'commune_station' ORDER BY f.code LIMIT 1`,
  );
  const patients = await rows<{ id: string }>(
    db.orm,
    sql`SELECT id FROM residents WHERE status = 'active' AND unit_path <@ ${place!.path}::ltree
        ORDER BY id LIMIT ${count}`,
  );
  const input = (residentId: string) => followUpVisit(residentId, place!, today());
  const queue = [...patients];
  const t = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await createVisit(db.orm, actor, input(p.id));
    }),
  );
  const s = (performance.now() - t) / 1000;
  console.log(
    `visits written (${label}, ${writers} writer${writers > 1 ? 's' : ''}): ${(patients.length / s).toFixed(1)}/s (${patients.length} finished visits with payment and the 831 update in ${s.toFixed(1)} s)`,
  );
}

async function indicators(db: Database, label: string) {
  await db.orm.execute(sql`DELETE FROM indicator_values`);
  await db.orm.execute(sql`DELETE FROM indicator_computations`);
  let t = performance.now();
  const rebuilt = await rebuildIndicators(db.orm, { from: month, to: month });
  console.log(
    `indicators (${label}): all ${rebuilt.computations} indicators for every unit for ${month} from scratch: ${((performance.now() - t) / 1000).toFixed(2)} s (${rebuilt.units} unit values)`,
  );
  const codes = (await listIndicators(db.orm)).map((i) => i.code);
  const dashboard = async () => {
    const s = performance.now();
    for (const code of codes) {
      await indicatorValues(db.orm, actor, code, '22', month, false);
      await indicatorValues(db.orm, actor, code, '22', month, true);
    }
    return performance.now() - s;
  };
  await db.orm.execute(sql`DELETE FROM indicator_computations`);
  const cold = await dashboard();
  const warm = await dashboard();
  console.log(
    `indicators (${label}): province dashboard (${codes.length} indicators, the province and its communes): ${cold.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm`,
  );
  const [uninsured] = await rows<{ id: string }>(
    db.orm,
    sql`SELECT r.id FROM residents r WHERE r.status = 'active' AND r.unit_path <@ 'post2025.p22'
        AND NOT EXISTS (SELECT 1 FROM insurance_cards c WHERE c.resident_id = r.id) LIMIT 1`,
  );
  const before = (await indicatorValues(db.orm, actor, 'T3', '22', month, false)).values[0]!.numerator;
  t = performance.now();
  await addCard(db.orm, actor, uninsured!.id, { code: 'HT3222299990001', validFrom: today(), validTo: null });
  const written = performance.now();
  const after = (await indicatorValues(db.orm, actor, 'T3', '22', month, false)).values[0]!.numerator;
  console.log(
    `indicators (${label}): a new card to the changed T3 of the province: ${(performance.now() - t).toFixed(0)} ms (write ${(written - t).toFixed(0)} ms, numerator ${before} → ${after})`,
  );
}

async function onPglite() {
  const dir = mkdtempSync(join(tmpdir(), 'ytcs-bench-visits-'));
  const db = await connect({ dataDir: dir });
  try {
    await prepareDatabase(db, {});
    const demo = await generateDemo(db, { provinceCode: '22', scale });
    console.log(
      `demo for the visits and indicators bench (PGlite, scale ${scale}): ${JSON.stringify({ people: demo.people, visits: demo.visits })}`,
    );
    await visitsPerSecond(db, 'PGlite', 1);
    await indicators(db, 'PGlite');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres() {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ytcs_bench_visits_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch {
    console.log(`visits and indicators bench on PostgreSQL skipped: no server at ${url}`);
    return;
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await connect({ databaseUrl: dbUrl.toString(), poolSize: 8 });
  try {
    await prepareDatabase(db, {});
    await generateDemo(db, { provinceCode: '22', scale });
    await visitsPerSecond(db, 'PostgreSQL', 1);
    await visitsPerSecond(db, 'PostgreSQL', 4);
    await indicators(db, 'PostgreSQL');
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await onPglite();
await onPostgres();
