import { describe, expect, it } from 'vitest';
import { nthWorkingDay, oneYearFrom, shippedHolidays, validityOf } from './calendar.js';

const holidays = new Set(shippedHolidays().map((h) => h.day));

describe('validity of a referral slip by working days', () => {
  it('given a slip signed three working days before Tết 2026, when counted, then the nine days off push it to 3 March', () => {
    // Wed 11/02 (1), Thu 12 (2), Fri 13 (3); 14–22/02 off (weekends and Tết 16–20/02);
    // Mon 23 (4) … Fri 27 (8); Mon 02/03 (9), Tue 03/03 (10).
    expect(nthWorkingDay('2026-02-11', 10, holidays)).toBe('2026-03-03');
    // Without the calendar it would have ended on Tue 24/02.
    expect(nthWorkingDay('2026-02-11', 10, new Set())).toBe('2026-02-24');
  });

  it('given a slip signed before Tết 2025, then 27–31 January are skipped', () => {
    // Wed 22/01 (1), Thu 23 (2), Fri 24 (3); 25/01–02/02 off; Mon 03/02 (4) … Fri 07 (8); Mon 10 (9), Tue 11 (10).
    expect(nthWorkingDay('2025-01-22', 10, holidays)).toBe('2025-02-11');
  });

  it('given a slip signed on a Saturday before the compensating day and 30/4–1/5 of 2026, then counting starts on Tuesday', () => {
    // Sat 25/04, Sun 26 (Giỗ Tổ), Mon 27 (nghỉ bù) off; Tue 28 (1), Wed 29 (2); 30/04, 01/05 off; weekend;
    // Mon 04/05 (3) … Fri 08 (7); Mon 11 (8), Tue 12 (9), Wed 13 (10).
    expect(nthWorkingDay('2026-04-25', 10, holidays)).toBe('2026-05-13');
  });

  it('gives one year, to the day before the anniversary, for a condition on the chronic list', () => {
    expect(oneYearFrom('2026-02-11')).toBe('2027-02-10');
    expect(oneYearFrom('2024-02-29')).toBe('2025-02-28');
    expect(validityOf('2026-02-11', 'I10', ['I10', 'E11'], holidays)).toEqual({
      validUntil: '2027-02-10',
      validity: 'one_year',
    });
    expect(validityOf('2026-02-11', 'E11.9', ['I10', 'E11'], holidays).validity).toBe('one_year');
    expect(validityOf('2026-02-11', 'J18.9', ['I10', 'E11'], holidays)).toEqual({
      validUntil: '2026-03-03',
      validity: 'working_days',
    });
  });

  it('keeps the calendar well formed: weekdays only are listed, each marked law or announcement', () => {
    const days = shippedHolidays();
    expect(days.length).toBeGreaterThan(25);
    for (const d of days) {
      expect([1, 2, 3, 4, 5], d.day).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay());
      expect(['law', 'announcement']).toContain(d.basis);
    }
  });
});
