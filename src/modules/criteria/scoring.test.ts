import { describe, expect, it } from 'vitest';
import { criteriaSetDefinition } from './contracts.js';
import { missingScores, scoreAssessment, scoreErrors, validUntil } from './scoring.js';
import { TEST_SET } from './test-set.js';

describe('scoring a self-assessment', () => {
  it('passes a commune with every point', () => {
    const s = scoreAssessment(TEST_SET, { '1.1': 5, '1.2': 15, '2.1': 10, '2.2': 10, '3.1': 30, '3.2': 30 });
    expect(s).toMatchObject({ total: 100, passed: true, failedKnockouts: [], reasons: [] });
  });

  it('passes at exactly 80 points and exactly half of a criterion', () => {
    const s = scoreAssessment(TEST_SET, { '1.1': 5, '1.2': 5, '2.1': 10, '2.2': 0, '3.1': 30, '3.2': 30 });
    expect(s.total).toBe(80);
    expect(s.criteria.map((c) => [c.no, c.points, c.enough])).toEqual([
      [1, 10, true],
      [2, 10, true],
      [3, 60, true],
    ]);
    expect(s.passed).toBe(true);
  });

  it('fails at 79.5 points even with every criterion at half', () => {
    const s = scoreAssessment(TEST_SET, { '1.1': 5, '1.2': 5, '2.1': 10, '3.1': 30, '3.2': 29.5 });
    expect(s).toMatchObject({ total: 79.5, passed: false, reasons: ['total'] });
  });

  it('fails a commune above 80 points with one criterion under half its points (the 50% rule)', () => {
    const s = scoreAssessment(TEST_SET, { '1.1': 5, '1.2': 15, '2.1': 9.5, '2.2': 0, '3.1': 30, '3.2': 30 });
    expect(s.total).toBe(89.5);
    expect(s).toMatchObject({ passed: false, reasons: ['criterion:2'] });
  });

  it('fails a commune with 95 points that misses a knock-out indicator', () => {
    const s = scoreAssessment(TEST_SET, { '1.1': 0, '1.2': 15, '2.1': 10, '2.2': 10, '3.1': 30, '3.2': 30 });
    expect(s).toMatchObject({
      total: 95,
      passed: false,
      failedKnockouts: ['1.1'],
      reasons: ['knockout:1.1'],
    });
  });

  it('refuses points above an indicator maximum and unknown indicators, field by field in vi and en', () => {
    const errors = scoreErrors(TEST_SET, { '1.1': 6, '2.1': 10, '9.9': 1 });
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.scores.1.1', 'too_big'],
      ['body.scores.9.9', 'unknown_indicator'],
    ]);
    expect(errors[0]!.text).toEqual({
      vi: 'Chỉ tiêu 1.1 tối đa 5 điểm (đã nhập 6)',
      en: 'Indicator 1.1 has at most 5 points (given 6)',
    });
  });

  it('lists the indicators without points', () => {
    expect(missingScores(TEST_SET, { '1.1': 5, '1.2': 0, '2.1': 1, '3.1': 3 }).map((e) => e.path)).toEqual([
      'body.scores.2.2',
      'body.scores.3.2',
    ]);
  });

  it('refuses a version whose indicators do not add up to their criterion', () => {
    const bad = structuredClone(TEST_SET);
    bad.criteria[0]!.indicators[1]!.maxPoints = 14;
    const r = criteriaSetDefinition.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['criteria', 0, 'maxPoints']);
  });
});

describe('validity of an approval', () => {
  it('stands three years less a day', () => {
    expect(validUntil('2026-12-05', 3)).toBe('2029-12-04');
    expect(validUntil('2026-01-01', 3)).toBe('2028-12-31');
    expect(validUntil('2024-02-29', 3)).toBe('2027-02-28');
  });
});
