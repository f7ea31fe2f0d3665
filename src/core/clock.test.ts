import { describe, expect, it } from 'vitest';
import { today } from './clock.js';

describe('business date', () => {
  it('turns the day at midnight in Vietnam, not at midnight UTC', () => {
    expect(today(new Date('2026-11-22T16:59:59Z'))).toBe('2026-11-22');
    expect(today(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });
});
