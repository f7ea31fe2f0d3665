import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitsFromCsv } from '../network/unit-sources.js';
import {
  CARD_ISSUERS,
  centurySexDigit,
  checkFacilityCode,
  checkPersonalId,
  ID_PROVINCES,
  insuranceCardInput,
  normalisePhone,
  parseInsuranceCode,
  parsePersonalId,
  residentInput,
} from './contracts.js';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('the 12-digit personal ID', () => {
  it('reads province, sex and birth year from a well-formed ID', () => {
    // Quảng Ninh (022), a man of the 1900s (0), born 1985.
    expect(parsePersonalId('022085012345')).toEqual({
      info: { provinceCode: '022', provinceName: 'Quảng Ninh', sex: 'male', birthYear: 1985 },
    });
    // Hồ Chí Minh (079), a woman of the 2000s (3), born 2003.
    expect(parsePersonalId('079303123456')).toEqual({
      info: { provinceCode: '079', provinceName: 'Hồ Chí Minh', sex: 'female', birthYear: 2003 },
    });
  });

  it('encodes century and sex in digit 4 as Circular 07/2016 says', () => {
    expect(centurySexDigit(1950, 'male')).toBe(0);
    expect(centurySexDigit(1999, 'female')).toBe(1);
    expect(centurySexDigit(2000, 'male')).toBe(2);
    expect(centurySexDigit(2024, 'female')).toBe(3);
    expect(centurySexDigit(2100, 'male')).toBe(4);
    expect(centurySexDigit(2150, 'female')).toBe(5);
    expect(centurySexDigit(2200, 'male')).toBe(6);
    expect(centurySexDigit(2300, 'female')).toBe(9);
    for (const digit of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const parsed = parsePersonalId(`001${digit}00000001`);
      expect('info' in parsed && parsed.info.birthYear).toBe(1900 + Math.floor(digit / 2) * 100);
    }
  });

  it('accepts an ID that matches the resident', () => {
    expect(checkPersonalId('022085012345', { sex: 'male', birthYear: 1985 }, 2026)).toEqual([]);
    expect(checkPersonalId('001321000001', { sex: 'female', birthYear: 2021 }, 2026)).toEqual([]);
    // Nothing known about the holder yet: only the form is checked.
    expect(checkPersonalId('096199000001', {}, 2026)).toEqual([]);
  });

  it('rejects malformed IDs', () => {
    for (const bad of ['', '02208501234', '0220850123456', '02208501234a', '022 085 012 345', '１２３'])
      expect(codes(checkPersonalId(bad, {}, 2026)), bad).toEqual(['invalid_format']);
  });

  it('rejects province digits that are not an old-map province code', () => {
    // 003, 005, 097, 099 are gaps of the GSO list; 000 and 100+ do not exist.
    for (const province of ['000', '003', '005', '097', '099', '100', '963'])
      expect(codes(checkPersonalId(`${province}085012345`, {}, 2026)), province).toEqual([
        'unknown_province',
      ]);
  });

  it('reports a sex and a birth year that contradict digits 4–6, each as its own issue', () => {
    expect(codes(checkPersonalId('022085012345', { sex: 'female', birthYear: 1985 }, 2026))).toEqual([
      'sex_mismatch',
    ]);
    expect(codes(checkPersonalId('022085012345', { sex: 'male', birthYear: 1986 }, 2026))).toEqual([
      'birth_year_mismatch',
    ]);
    // Right year digits, wrong century: born 2085 is not born 1985.
    expect(codes(checkPersonalId('022285012345', { sex: 'male', birthYear: 1985 }, 2026))).toEqual([
      'birth_in_future',
      'birth_year_mismatch',
    ]);
    expect(codes(checkPersonalId('022185012345', { sex: 'male', birthYear: 1990 }, 2026))).toEqual([
      'sex_mismatch',
      'birth_year_mismatch',
    ]);
  });

  it('lists exactly the 63 provinces of the old map, with their GSO codes', () => {
    const shipped = readFileSync(
      new URL('../../../reference/units/units-pre2025.csv', import.meta.url),
      'utf8',
    );
    const provinces = unitsFromCsv(shipped, 'pre2025').filter((u) => u.level === 'province');
    expect(provinces).toHaveLength(63);
    expect(Object.keys(ID_PROVINCES).sort()).toEqual(provinces.map((p) => `0${p.code}`).sort());
  });
});
