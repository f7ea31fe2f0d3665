import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePlausibility } from '../../core/plausibility-contracts.js';
import { ruleOf } from './plausibility.js';
import { CODES_DIR, parseCodeCsv } from './service.js';

const shipped = () =>
  parseCodeCsv(readFileSync(join(CODES_DIR, 'plausibility-rule.csv'), 'utf8'), 'plausibility-rule.csv').map(
    ruleOf,
  );

describe('the shipped plausibility rules', () => {
  it('are all well-formed rules, with error limits outside the warning limits', () => {
    const rules = shipped();
    expect(rules.length).toBeGreaterThan(15);
    for (const r of rules) {
      const ordered = [r.errorMin, r.warnMin, r.warnMax, r.errorMax].filter((n): n is number => n !== null);
      expect(
        [...ordered].sort((a, b) => a - b),
        r.code,
      ).toEqual(ordered);
    }
  });

  it('refuse 60/140 and a birth in 1850, and warn at 101 years old and 190/100', () => {
    const rules = shipped();
    const bp = evaluatePlausibility(rules, 'visit', '2026-06-01', {
      'vitals.systolic': 60,
      'vitals.diastolic': 140,
      ageYears: 50,
    });
    expect(bp.errors.map((e) => [e.rule, e.path])).toEqual([
      ['visit.vitals.pulse_pressure', 'vitals.systolic'],
    ]);
    const high = evaluatePlausibility(rules, 'visit', '2026-06-01', {
      'vitals.systolic': 190,
      'vitals.diastolic': 100,
      ageYears: 50,
    });
    expect(high.errors).toEqual([]);
    expect(high.warnings.map((w) => w.rule)).toEqual(['visit.vitals.systolic']);
    const old = (birthDate: string) =>
      evaluatePlausibility(rules, 'resident', '2026-06-01', { birthDate, today: '2026-06-01' });
    expect(old('1850-01-01').errors.map((e) => [e.code, e.limit])).toEqual([['above_maximum', 120]]);
    expect(old('1925-01-01')).toMatchObject({
      errors: [],
      warnings: [{ code: 'unusually_high', value: 101 }],
    });
    expect(old('1990-01-01')).toEqual({ errors: [], warnings: [] });
  });
});

describe('the beneficiary groups (mã đối tượng)', () => {
  const groups = parseCodeCsv(
    readFileSync(join(CODES_DIR, 'insurance-beneficiary-group.csv'), 'utf8'),
    'insurance-beneficiary-group.csv',
  );

  it('hold the whole list of Decision 1351/QĐ-BHXH, each with its benefit level', () => {
    const codes = new Set(groups.map((g) => g.code));
    for (const code of [
      ...['DN', 'HX', 'CH', 'NN', 'TK', 'HC', 'XK'],
      ...['HT', 'TB', 'NO', 'CT', 'XB', 'TN', 'CS'],
      ...['QN', 'CA', 'CY', 'XN', 'MS', 'CC', 'CK', 'CB', 'KC', 'HD', 'TE', 'BT', 'HN', 'DT', 'DK', 'XD'],
      ...['TS', 'TC', 'TQ', 'TA', 'TY', 'HG', 'LS', 'PV'],
      ...['CN', 'HS', 'SV', 'GB', 'GD'],
    ])
      expect(codes.has(code), code).toBe(true);
    const level = (code: string) => groups.find((g) => g.code === code)!.properties.benefit_levels;
    expect([level('CC'), level('TE'), level('CK'), level('HT'), level('CT'), level('QN')]).toEqual([
      '1',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });
});
