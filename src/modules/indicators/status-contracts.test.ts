import { describe, expect, it } from 'vitest';
import { targetStatus } from './status-contracts.js';

const indicator = { target: { value: 90, operator: '>=' as const, deadline: '2027-12-31', source: '' } };

describe('where a target stands', () => {
  it('says nothing while the trend is still loading, then the status the trend gives', () => {
    // 60 → 80 in 10 months: 2 points a month; 10 points left over 13 months needs 0.77 a month.
    const trend = [
      { period: '2026-01', value: 60 },
      { period: '2026-11', value: 80 },
    ];
    expect(targetStatus(indicator, 80, '2026-11', undefined)).toBeNull();
    expect(targetStatus(indicator, 80, '2026-11', trend)).toBe('onTrack');
  });

  it('is behind with a trend that has no data, and met whatever the trend', () => {
    expect(targetStatus(indicator, 80, '2026-11', [])).toBe('behind');
    expect(targetStatus(indicator, 95, '2026-11', undefined)).toBe('met');
  });
});
