import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCodeCsv } from '../terminology/index.js';
import { assessRisk, eddFromLmp, gestationOn, trimesterOf, type CodeRow } from './rules.js';

const list = (name: string): CodeRow[] =>
  parseCodeCsv(
    readFileSync(fileURLToPath(new URL(`../../../reference/codes/${name}.csv`, import.meta.url)), 'utf8'),
    name,
  ).map((v) => ({ code: v.code, displayVi: v.displayVi, displayEn: v.displayEn, properties: v.properties }));

describe('pregnancy dates', () => {
  it('puts the EDD 280 days after the LMP (Naegele), across a month end and a leap day', () => {
    expect(eddFromLmp('2026-01-01')).toBe('2026-10-08');
    expect(eddFromLmp('2027-06-01')).toBe('2028-03-07');
  });
  it('counts gestation from the LMP, or from the EDD − 280 days', () => {
    expect(gestationOn({ lmp: '2026-01-01', edd: '2026-10-08' }, '2026-04-09')).toBe(98);
    expect(gestationOn({ lmp: null, edd: '2026-10-08' }, '2026-04-09')).toBe(98);
  });
  it('places day 97 in the first trimester and day 98 in the second, by the list', () => {
    const t = list('pregnancy-trimester');
    expect(trimesterOf(t, 0)).toBe(1);
    expect(trimesterOf(t, 97)).toBe(1);
    expect(trimesterOf(t, 98)).toBe(2);
    expect(trimesterOf(t, 196)).toBe(3);
    expect(trimesterOf(t, 400)).toBeNull();
  });
});

describe('pregnancy risk by the list', () => {
  const risk = list('pregnancy-risk');
  it('is normal for a 25-year-old second pregnancy with normal measures', () => {
    expect(
      assessRisk(risk, { ageYears: 25, parity: 1, systolic: 110, diastolic: 70, haemoglobin: 12 }, []),
    ).toEqual({
      factors: [],
      level: 'normal',
      errors: [],
    });
  });
  it('sets age, parity and blood pressure factors from the measures (140/90 is hypertension)', () => {
    const r = assessRisk(risk, { ageYears: 36, parity: 4, systolic: 139, diastolic: 90 }, []);
    expect(r.factors).toEqual(['age_35_plus', 'grand_multipara', 'hypertension']);
    expect(r.level).toBe('high');
    expect(assessRisk(risk, { ageYears: 17, parity: 0 }, []).factors).toEqual(['age_under_18']);
    expect(assessRisk(risk, { ageYears: 18, parity: 0 }, []).factors).toEqual([]);
  });
  it('gives "watch" for anaemia alone (Hb 10.9) and refuses an unknown ticked code', () => {
    expect(assessRisk(risk, { ageYears: 25, parity: 0, haemoglobin: 10.9 }, [])).toMatchObject({
      factors: ['anaemia'],
      level: 'watch',
    });
    expect(assessRisk(risk, { ageYears: 25, parity: 0, haemoglobin: 11 }, []).factors).toEqual([]);
    const r = assessRisk(risk, { ageYears: 25, parity: 0 }, ['previous_caesarean', 'twins']);
    expect(r.factors).toEqual(['previous_caesarean']);
    expect(r.level).toBe('high');
    expect(r.errors.map((e) => [e.path, e.code])).toEqual([['riskFactors.1', 'unknown_code']]);
  });
});
