import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CodeRow } from './rules.js';
import { protectedOn, tetanusStatus } from './tetanus.js';

// The shipped list, read as the code list loader keeps it (its own columns as properties).
const list: CodeRow[] = (
  parse(readFileSync('reference/codes/tetanus-protection.csv'), { columns: true }) as Record<string, string>[]
).map((r) => {
  const { code, display_vi, display_en, ...properties } = r;
  for (const own of ['valid_from', 'valid_to', 'sort_order', 'source']) delete properties[own];
  return { code: code!, displayVi: display_vi!, displayEn: display_en!, properties };
});

const tt = (...days: string[]) => days.map((givenOn) => ({ vaccine: 'TT', givenOn }));

describe('tetanus protection of a woman (VAT1–VAT5)', () => {
  it('gives no protection after one dose, and asks the second four weeks later', () => {
    const s = tetanusStatus(list, tt('2026-03-01'));
    expect(s).toMatchObject({ counted: 1, protectedFrom: null, nextDose: 2, nextFrom: '2026-03-29' });
    expect(protectedOn(s, '2026-09-01')).toBe(false);
  });

  it('protects from 14 days after the second dose for three years', () => {
    const s = tetanusStatus(list, tt('2026-03-01', '2026-04-05'));
    // 2026-04-05 + 14 = 2026-04-19; + 1095 days = 2029-04-04.
    expect(s).toMatchObject({
      counted: 2,
      protectedFrom: '2026-04-19',
      protectedUntil: '2029-04-04',
      nextDose: 3,
    });
    expect(s.nextFrom).toBe('2026-10-05'); // 183 days after the second
    expect(protectedOn(s, '2026-04-18')).toBe(false);
    expect(protectedOn(s, '2026-04-19')).toBe(true);
    expect(protectedOn(s, '2029-04-05')).toBe(false);
  });

  it('does not count a second dose given too early, and counts the next one that keeps the interval', () => {
    const s = tetanusStatus(list, tt('2026-03-01', '2026-03-15', '2026-04-01'));
    expect(s.doses.map((d) => d.counted)).toEqual([1, null, 2]);
    expect(s.protectedFrom).toBe('2026-04-15');
  });

  it('protects through the childbearing years after the fifth dose; a Td counts like a TT', () => {
    const s = tetanusStatus(list, [
      ...tt('2015-01-10', '2015-02-20', '2015-09-01', '2017-03-01'),
      { vaccine: 'TD', givenOn: '2019-05-01' },
    ]);
    expect(s).toMatchObject({
      counted: 5,
      protectedFrom: '2019-05-15',
      protectedUntil: null,
      nextDose: null,
    });
    expect(protectedOn(s, '2040-01-01')).toBe(true);
  });

  it('renews the fourth step’s ten years with a dose after the third', () => {
    const s = tetanusStatus(list, tt('2010-01-01', '2010-02-01', '2010-09-01', '2011-10-01'));
    // 2011-10-01 + 3652 days = 2021-09-30.
    expect(s).toMatchObject({
      counted: 4,
      protectedUntil: '2021-09-30',
      nextDose: 5,
      nextFrom: '2012-09-30',
    });
  });
});
