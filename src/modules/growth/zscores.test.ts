import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readLmsFile } from './reference.js';
import { ageInDays, anthroZScores, GrowthStandards, zAdjusted, zOf, type AnthroResult } from './zscores.js';

const std = new GrowthStandards(readLmsFile().rows);

// The WHO Anthro sample survey with the z-scores WHO's software computed (shared data, not copied).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(root, '..', 'shared', 'data'));
const FIXTURE = path.join(shared, 'growth', 'pygrowup', 'survey_z_rc.csv');

type FixtureRow = Record<string, string>;
const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

describe('z-scores against the WHO-computed fixture (survey_z_rc.csv, 498 children)', () => {
  it('finds the fixture', () => {
    expect(existsSync(FIXTURE), `${FIXTURE} (set YTCS_SHARED_DIR)`).toBe(true);
  });
  const rows = existsSync(FIXTURE)
    ? (parse(readFileSync(FIXTURE, 'utf8'), { columns: true, skip_empty_lines: true }) as FixtureRow[])
    : [];
  const results = rows.map((r) => {
    const out = anthroZScores(std, {
      sex: r.GENDER === '1' ? 'male' : 'female',
      ageDays: Number(r._agedays),
      weightKg: num(r.WEIGHT),
      lengthCm: num(r.HEIGHT),
      measured: r.measure === 'l' ? 'lying' : r.measure === 'h' ? 'standing' : null,
      oedema: r.oedema === 'y',
    });
    return { r, out };
  });
  const columns: [string, keyof AnthroResult, string][] = [
    ['_ZWEI', 'weightForAge', '_FWEI'],
    ['_ZLEN', 'lengthForAge', '_FLEN'],
    ['_ZWFL', 'weightForLength', '_FWFL'],
    ['_ZBMI', 'bmiForAge', '_FBMI'],
  ];
  // Four children aged 1832–1852 days were scored by the older WHO software, whose day-based tables ran
  // to day 1856; WHO's anthro (whose tables we use) ends them at day 1826 (60 months) and gives no
  // age-based z-score past it. Those four are expected without one; every other row must match.
  const BEYOND_60_MONTHS = new Set(['4', '44', '95', '343']);
  const ageBased = new Set(['weightForAge', 'lengthForAge', 'bmiForAge']);
  for (const [column, field, flag] of columns)
    it(`${field} equals ${column} within 0.01 on every row (null where WHO gives none) and flags as ${flag}`, () => {
      expect(rows.length).toBe(498);
      const off: string[] = [];
      let matched = 0;
      for (const { r, out } of results) {
        const beyond = ageBased.has(field) && BEYOND_60_MONTHS.has(r.id!);
        if (beyond) expect(Number(r._agedays)).toBeGreaterThan(1826);
        const expected = beyond ? null : num(r[column]);
        if (expected !== null) matched++;
        const got = out[field] as number | null;
        if (expected === null ? got !== null : got === null || Math.abs(got - expected) > 0.01 + 1e-9)
          off.push(`id ${r.id}: expected ${expected}, got ${got}`);
        const flagged = out.flags.includes(field as never);
        if (r[flag] !== '' && flagged !== (r[flag] === '1'))
          off.push(`id ${r.id}: flag ${r[flag]} vs ${flagged}`);
      }
      expect(off).toEqual([]);
      console.log(
        `${field}: ${matched} of ${rows.filter((r) => num(r[column]) !== null).length} WHO values matched within 0.01`,
      );
    });
  it('converts length/height and computes BMI as WHO does (_CLENHEI, _CBMI)', () => {
    const off: string[] = [];
    for (const { r, out } of results) {
      const len = num(r._CLENHEI);
      const bmi = num(r._CBMI);
      if (len !== null && Math.abs((out.lengthCm ?? NaN) - len) > 1e-6)
        off.push(`id ${r.id}: ${out.lengthCm} vs ${len}`);
      if (bmi !== null && Math.abs((out.bmi ?? NaN) - bmi) > 1e-6)
        off.push(`id ${r.id}: ${out.bmi} vs ${bmi}`);
    }
    expect(off).toEqual([]);
  });
});

describe('z-scores by hand', () => {
  it('gives 0 at the median and ±1 at one S for L = 1 (head circumference, boy, day 0: M 34.4618, S 0.03686)', () => {
    const r = anthroZScores(std, { sex: 'male', ageDays: 0, headCm: 34.4618 });
    expect(r.headForAge).toBe(0);
    expect(anthroZScores(std, { sex: 'male', ageDays: 0, headCm: 34.4618 * 1.03686 }).headForAge).toBe(1);
  });
  it('applies the restricted distance beyond +3 SD for weight and not for length', () => {
    // L 0.3487, M 3.3464, S 0.14602 (boy, day 0): SD3 = M(1+3LS)^(1/L), SD2 likewise.
    const [l, m, s] = [0.3487, 3.3464, 0.14602];
    const sd3 = m * Math.pow(1 + 3 * l * s, 1 / l);
    const sd2 = m * Math.pow(1 + 2 * l * s, 1 / l);
    const y = 6.5;
    expect(zOf(y, l, m, s)).toBeGreaterThan(3);
    expect(zAdjusted(y, l, m, s)).toBeCloseTo(3 + (y - sd3) / (sd3 - sd2), 10);
    expect(anthroZScores(std, { sex: 'male', ageDays: 0, weightKg: y }).weightForAge).toBe(
      Math.round((3 + (y - sd3) / (sd3 - sd2)) * 100) / 100,
    );
  });
  it('adds 0.7 cm to a height taken standing before 731 days and takes 0.7 cm off a length lying from 731', () => {
    expect(
      anthroZScores(std, { sex: 'female', ageDays: 700, lengthCm: 80, measured: 'standing' }).lengthCm,
    ).toBe(80.7);
    expect(
      anthroZScores(std, { sex: 'female', ageDays: 731, lengthCm: 80, measured: 'lying' }).lengthCm,
    ).toBeCloseTo(79.3, 10);
    expect(
      anthroZScores(std, { sex: 'female', ageDays: 730, lengthCm: 80, measured: 'lying' }).lengthCm,
    ).toBe(80);
    // Standing before 9 months is implausible: no conversion.
    expect(
      anthroZScores(std, { sex: 'female', ageDays: 200, lengthCm: 65, measured: 'standing' }).lengthCm,
    ).toBe(65);
  });
  it('flags a 300 kg newborn and a 20 cm child of two years as WHO does, keeping the z-scores', () => {
    const heavy = anthroZScores(std, {
      sex: 'male',
      ageDays: 0,
      weightKg: 30,
      lengthCm: 50,
      measured: 'lying',
    });
    expect(heavy.weightForAge).toBeGreaterThan(5);
    expect(heavy.flags).toContain('weightForAge');
    expect(heavy.flags).toContain('bmiForAge');
    const short = anthroZScores(std, { sex: 'female', ageDays: 730, lengthCm: 50, measured: 'lying' });
    expect(short.lengthForAge).toBeLessThan(-6);
    expect(short.flags).toEqual(['lengthForAge']);
  });
  it('gives no weight-based z-score with oedema, and none past 60 months by age, past 1856 days for height', () => {
    const o = anthroZScores(std, {
      sex: 'male',
      ageDays: 400,
      weightKg: 9,
      lengthCm: 75,
      measured: 'lying',
      oedema: true,
    });
    expect([o.weightForAge, o.weightForLength, o.bmiForAge]).toEqual([null, null, null]);
    expect(o.lengthForAge).not.toBeNull();
    const last = anthroZScores(std, {
      sex: 'male',
      ageDays: 1826,
      weightKg: 18,
      lengthCm: 110,
      measured: 'standing',
    });
    expect(last.weightForAge).not.toBeNull();
    const after = anthroZScores(std, {
      sex: 'male',
      ageDays: 1827,
      weightKg: 18,
      lengthCm: 110,
      measured: 'standing',
    });
    expect(after.weightForAge).toBeNull();
    expect(after.weightForLength).not.toBeNull(); // weight-for-height to day 1856
    const old = anthroZScores(std, {
      sex: 'male',
      ageDays: 1857,
      weightKg: 18,
      lengthCm: 110,
      measured: 'standing',
    });
    expect(old.weightForAge).toBeNull();
    expect(old.standard).toBe('who2007'); // 1857 days = 61.0 months: the 2007 reference (no weight-for-age in it here)
    expect(old.weightForLength).toBeNull();
  });
  it('uses the WHO 2007 reference from 61 months (boy of 61 months exactly, M 110.2647 cm: z 0)', () => {
    const r = anthroZScores(std, {
      sex: 'male',
      ageDays: Math.round(61 * 30.4375),
      lengthCm: 110.2647,
      measured: 'standing',
    });
    expect(r.standard).toBe('who2007');
    expect(Math.abs(r.lengthForAge!)).toBeLessThanOrEqual(0.01);
  });
  it('counts the age in whole days across a leap year', () => {
    expect(ageInDays('2024-02-28', '2024-03-01')).toBe(2);
    expect(ageInDays('2023-03-01', '2025-03-01')).toBe(731);
  });
});
