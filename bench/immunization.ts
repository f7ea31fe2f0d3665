/**
 * Issue 15's speed targets, printed, never asserted:
 * - the forecast of one child (< 2 ms): BENCH_IMM_N (default 20,000) children of 0–6 years with
 *   realistic histories, against the shipped schedule (no database);
 * - the session list of a commune and the T11 / coverage counters: on the demo (PGlite, province 22,
 *   BENCH_IMM_SCALE default 1), the session list of the largest commune and T11 of last month for the
 *   province from scratch.
 *
 *   npx tsx bench/immunization.ts
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
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
  sessionList,
} from '../src/modules/immunization/index.js';
import { indicatorValues } from '../src/modules/indicators/index.js';
import { unitsRelation } from '../src/modules/network/index.js';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
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
for (const c of children) forecast(index, c);
const perChild = (performance.now() - t0) / n;
console.log(`forecast: ${n} children, ${perChild.toFixed(3)} ms per child (target < 2 ms); load ${load()}`);

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
