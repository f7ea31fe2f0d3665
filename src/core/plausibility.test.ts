import { describe, expect, it } from 'vitest';
import {
  evaluatePlausibility,
  fullYears,
  quantityOf,
  rulesInForce,
  type PlausibilityRule,
} from './plausibility-contracts.js';

const rule = (over: Partial<PlausibilityRule>): PlausibilityRule => ({
  code: 'r',
  displayVi: 'Mạch',
  displayEn: 'Pulse',
  validFrom: '2000-01-01',
  validTo: null,
  appliesTo: 'visit',
  field: 'vitals.pulse',
  quantity: 'vitals.pulse',
  ageFrom: null,
  ageTo: null,
  unitVi: 'lần/phút',
  unitEn: 'beats/min',
  errorMin: 20,
  warnMin: 45,
  warnMax: 130,
  errorMax: 250,
  errorVi: null,
  errorEn: null,
  warningVi: null,
  warningEn: null,
  ...over,
});

describe('quantities', () => {
  it('reads a fact, a difference, full years and days', () => {
    const facts = { a: 140, b: 60, born: '1950-03-01', on: '2026-02-28', other: '2026-03-01' };
    expect(quantityOf('a', facts)).toBe(140);
    expect(quantityOf('b - a', facts)).toBe(-80);
    expect(quantityOf('years(born, on)', facts)).toBe(75);
    expect(quantityOf('years(born, other)', facts)).toBe(76);
    expect(quantityOf('days(on, other)', facts)).toBe(1);
    expect(quantityOf('days(other, on)', facts)).toBe(-1);
    expect(quantityOf('a - missing', facts)).toBeNull();
    expect(quantityOf('years(born, missing)', facts)).toBeNull();
  });

  it('counts full years across a 29 February birthday', () => {
    expect(fullYears('2000-02-29', '2025-02-28')).toBe(24);
    expect(fullYears('2000-02-29', '2025-03-01')).toBe(25);
  });
});

describe('evaluatePlausibility', () => {
  it('refuses beyond the error limits, warns beyond the warning limits, passes between', () => {
    const rules = [rule({})];
    const at = (pulse: number) =>
      evaluatePlausibility(rules, 'visit', '2026-01-01', { 'vitals.pulse': pulse });
    expect(at(80)).toEqual({ errors: [], warnings: [] });
    expect(at(130)).toEqual({ errors: [], warnings: [] }); // limits are inclusive
    const high = at(300);
    expect(high.warnings).toEqual([]);
    expect(high.errors).toMatchObject([
      { path: 'vitals.pulse', code: 'above_maximum', value: 300, limit: 250, rule: 'r' },
    ]);
    expect(high.errors[0]!.text).toEqual({
      vi: 'Mạch 300 lần/phút vượt giới hạn tối đa 250 lần/phút: không thể đúng, hãy kiểm tra lại số đã nhập',
      en: 'Pulse 300 beats/min is above the highest possible value of 250 beats/min: check the value entered',
    });
    const slow = at(40);
    expect(slow.errors).toEqual([]);
    expect(slow.warnings).toMatchObject([{ code: 'unusually_low', value: 40, limit: 45 }]);
    expect(slow.warnings[0]!.text.en).toBe(
      'Pulse 40 beats/min is unusually low (usually at least 45 beats/min): saved, please check it',
    );
    expect(slow.warnings[0]!.text.vi).toBe(
      'Mạch 40 lần/phút thấp bất thường (thường từ 45 lần/phút trở lên): đã lưu, hãy kiểm tra lại',
    );
    expect(at(10).errors[0]!.code).toBe('below_minimum');
  });

  it("fills a rule's own message with the facts", () => {
    const order = rule({
      field: 'vitals.systolic',
      quantity: 'vitals.systolic - vitals.diastolic',
      errorMin: 1,
      warnMin: null,
      warnMax: null,
      errorMax: null,
      errorEn: 'Systolic ({vitals.systolic} {unit}) must be above diastolic ({vitals.diastolic} {unit})',
      errorVi: 'Tâm thu ({vitals.systolic}) phải lớn hơn tâm trương ({vitals.diastolic})',
      unitEn: 'mmHg',
    });
    const r = evaluatePlausibility([order], 'visit', '2026-01-01', {
      'vitals.systolic': 60,
      'vitals.diastolic': 140,
    });
    expect(r.errors).toMatchObject([
      {
        path: 'vitals.systolic',
        code: 'below_minimum',
        value: -80,
        message: 'Systolic (60 mmHg) must be above diastolic (140 mmHg)',
        text: { vi: 'Tâm thu (60) phải lớn hơn tâm trương (140)' },
      },
    ]);
  });

  it('applies only the rules in force on the date, of the kind of record, for the age', () => {
    const old = rule({ code: 'old', validTo: '2025-01-01', errorMax: 200 });
    const current = rule({ code: 'new', validFrom: '2025-01-01', errorMax: 250 });
    const card = rule({ code: 'card', appliesTo: 'card', errorMax: 10 });
    const infant = rule({ code: 'infant', ageFrom: 0, ageTo: 1, warnMax: 190 });
    const adult = rule({ code: 'adult', ageFrom: 12, warnMax: 130 });
    const rules = [old, current, card, infant, adult];
    expect(rulesInForce(rules, '2024-12-31').map((r) => r.code)).toEqual(['old', 'card', 'infant', 'adult']);
    const pulse = (on: string, age: number | undefined, value: number) =>
      evaluatePlausibility(rules, 'visit', on, { 'vitals.pulse': value, ageYears: age });
    expect(pulse('2024-06-01', undefined, 220).errors.map((e) => e.rule)).toEqual(['old']);
    expect(pulse('2025-06-01', undefined, 220).errors).toEqual([]);
    // A rule with an age band is skipped when the age is not known.
    expect(pulse('2025-06-01', 0, 170).warnings.map((w) => w.rule)).toEqual(['new']);
    expect(pulse('2025-06-01', 40, 170).warnings.map((w) => w.rule)).toEqual(['new', 'adult']);
    expect(pulse('2025-06-01', 5, 170).warnings.map((w) => w.rule)).toEqual(['new']);
  });

  it('places the finding on the field the caller asks for', () => {
    const age = rule({
      appliesTo: 'resident',
      field: 'birthDate',
      quantity: 'years(birthDate, today)',
      errorMin: null,
      warnMin: null,
      warnMax: 100,
      errorMax: 120,
    });
    const r = evaluatePlausibility(
      [age],
      'resident',
      '2026-12-05',
      { birthDate: '1850-12-31', today: '2026-12-05' },
      {
        pathPrefix: 'members.1.',
        fieldFor: () => 'birthYear',
      },
    );
    expect(r.errors).toMatchObject([{ path: 'members.1.birthYear', value: 175, limit: 120 }]);
  });
});
