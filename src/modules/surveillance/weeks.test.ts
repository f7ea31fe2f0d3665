import { describe, expect, it } from 'vitest';
import { isoWeek, weekLabel, weekStart } from './contracts.js';
import { alertUnits, seasonalThreshold } from './alerts.js';

describe('epidemiological weeks (ISO 8601)', () => {
  it('starts a week on Monday and numbers it by its Thursday', () => {
    expect(weekStart('2026-11-08')).toBe('2026-11-02'); // a Sunday belongs to the week before
    expect(weekStart('2026-11-02')).toBe('2026-11-02');
    expect(isoWeek('2026-11-05')).toEqual({ year: 2026, week: 45 });
    // 1 January 2027 is a Friday: it belongs to week 53 of 2026.
    expect(weekLabel('2027-01-01')).toBe('2026-W53');
    // 29 December 2025 is a Monday whose Thursday is 1 January 2026: week 1 of 2026.
    expect(weekLabel('2025-12-29')).toBe('2026-W01');
    expect(weekLabel('2021-01-03')).toBe('2020-W53');
  });

  it('judges a case at its commune and its province', () => {
    expect(alertUnits('post2025.p22.c06862.h001')).toEqual(['post2025.p22.c06862', 'post2025.p22']);
    expect(alertUnits('post2025.p22.c06862')).toEqual(['post2025.p22.c06862', 'post2025.p22']);
  });

  it('puts the seasonal threshold at mean + k·SD', () => {
    expect(seasonalThreshold({ mean: 1.2, sd: Math.sqrt(4 / 24) }, 2)).toBeCloseTo(2.0165, 4);
  });
});
