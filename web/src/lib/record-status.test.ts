import { describe, expect, it } from 'vitest';
import { recordBadge } from './record-status';

describe('the badge of a person’s health record', () => {
  it('never says "reviewed" for a record that was never reviewed, even one updated this year', () => {
    expect(recordBadge({ reviewedAt: null, healthManaged: true }, '2026-12-05')).toEqual({ kind: 'managed' });
    expect(recordBadge({ reviewedAt: null, healthManaged: false }, '2026-12-05')).toEqual({
      kind: 'notManaged',
    });
    expect(recordBadge(null, '2026-12-05')).toEqual({ kind: 'notManaged' });
  });

  it('says "reviewed" with the date for a review in the last 12 months, and not for an older one', () => {
    expect(
      recordBadge({ reviewedAt: '2026-03-02T08:00:00.000Z', healthManaged: true }, '2026-12-05'),
    ).toEqual({
      kind: 'reviewed',
      on: '2026-03-02',
    });
    expect(
      recordBadge({ reviewedAt: '2025-12-05T08:00:00.000Z', healthManaged: true }, '2026-12-05'),
    ).toEqual({
      kind: 'managed',
    });
  });
});
