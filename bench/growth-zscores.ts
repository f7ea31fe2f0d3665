/**
 * Issue 16's speed target for the z-scores: 100,000 measurements scored in under a second. Scores
 * BENCH_GROWTH_N (default 100,000) random children under five (weight, length lying/standing, head,
 * MUAC) with the WHO 2006 tables read from our reference file, as the service and the bulk writer do
 * (the table lookups and the LMS arithmetic; no database). Prints the time and the rate, never asserts.
 *
 *   BENCH_ONLY=growth-zscores npm run bench      or      npx tsx bench/growth-zscores.ts
 */
import { loadavg } from 'node:os';
import {
  anthroZScores,
  GrowthStandards,
  readLmsFile,
  type AnthroInput,
} from '../src/modules/growth/index.js';

const n = Number(process.env.BENCH_GROWTH_N ?? 100_000);
let t0 = performance.now();
const std = new GrowthStandards(readLmsFile().rows);
const loadMs = performance.now() - t0;

let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const inputs: AnthroInput[] = Array.from({ length: n }, () => {
  const ageDays = Math.floor(rand() * 1857);
  const lying = rand() < (ageDays < 731 ? 0.95 : 0.1);
  return {
    sex: rand() < 0.5 ? 'male' : 'female',
    ageDays,
    weightKg: 3 + (ageDays / 1856) * 14 + rand() * 3,
    lengthCm: 49 + (ageDays / 1856) * 58 + rand() * 8,
    measured: lying ? 'lying' : 'standing',
    headCm: 34 + (ageDays / 1856) * 16 + rand() * 2,
    muacCm: ageDays >= 91 ? 12 + rand() * 5 : null,
  };
});

t0 = performance.now();
const cpu0 = process.cpuUsage();
let flagged = 0;
for (const input of inputs) if (anthroZScores(std, input).flags.length) flagged++;
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `growth z-scores: ${n.toLocaleString('en')} measurements in ${ms.toFixed(0)} ms ` +
    `(${Math.round(n / (ms / 1000)).toLocaleString('en')}/s; CPU ${cpuMs.toFixed(0)} ms; ${flagged} flagged); ` +
    `tables read in ${loadMs.toFixed(0)} ms; ` +
    `load average ${loadavg()[0]!.toFixed(1)}`,
);
