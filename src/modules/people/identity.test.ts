import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
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
    const units = parse(shipped, { columns: true }) as { code: string; level: string }[];
    const provinces = units.filter((u) => u.level === 'province');
    expect(provinces).toHaveLength(63);
    expect(Object.keys(ID_PROVINCES).sort()).toEqual(provinces.map((p) => `0${p.code}`).sort());
  });
});

describe('the insurance card code', () => {
  it('reads a legacy 15-character code', () => {
    expect(parseInsuranceCode('GD4010120152431')).toEqual({
      info: {
        format: 'legacy',
        beneficiaryGroup: 'GD',
        benefitLevel: 4,
        issuerProvince: '01',
        socialInsuranceNumber: '0120152431',
      },
    });
    // Typed in lower case with spaces.
    expect(parseInsuranceCode('te1 22 2212345678')).toMatchObject({
      info: { beneficiaryGroup: 'TE', benefitLevel: 1, issuerProvince: '22' },
    });
  });

  it('reads the 10-digit social-insurance number used since 4/2021', () => {
    expect(parseInsuranceCode('2212345678')).toEqual({
      info: { format: 'social_insurance', socialInsuranceNumber: '2212345678' },
    });
  });

  it('rejects malformed codes, benefit levels outside 1–5 and unknown provinces', () => {
    const issue = (code: string) => {
      const parsed = parseInsuranceCode(code);
      return 'issue' in parsed ? parsed.issue.code : 'ok';
    };
    expect(issue('GD40101201524')).toBe('invalid_format'); // 13 characters
    expect(issue('G14010120152431')).toBe('invalid_format'); // one letter
    expect(issue('221234567')).toBe('invalid_format'); // 9 digits
    expect(issue('GD6010120152431')).toBe('invalid_benefit_level');
    expect(issue('GD0010120152431')).toBe('invalid_benefit_level');
    expect(issue('GD4030120152431')).toBe('unknown_province'); // 03 is not a province
    expect(issue('QN5970120152431')).toBe('ok'); // 97: the army's social insurance
    expect(CARD_ISSUERS.size).toBe(65);
  });

  it('checks the registered primary-care facility code', () => {
    expect(checkFacilityCode('22101')).toEqual([]);
    expect(checkFacilityCode('7902A')).toEqual([]);
    expect(codes(checkFacilityCode('2210'))).toEqual(['invalid_format']);
    expect(codes(checkFacilityCode('22-101'))).toEqual(['invalid_format']);
    expect(codes(checkFacilityCode('03101'))).toEqual(['unknown_province']);
  });

  it('validates a card with field paths', () => {
    expect(
      insuranceCardInput.safeParse({
        code: 'GD4220120152431',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        registeredFacilityCode: '22101',
      }).success,
    ).toBe(true);
    const bad = insuranceCardInput.safeParse({
      code: 'GD4220120152431',
      validFrom: '2026-01-01',
      validTo: '2025-12-31',
      registeredFacilityCode: '2',
      beneficiaryGroup: 'HT',
      benefitLevel: 3,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['beneficiaryGroup', 'benefitLevel', 'registeredFacilityCode', 'validTo']);
    const unknown = insuranceCardInput.safeParse({ code: 'XX', validFrom: '2026-01-01' });
    expect(unknown.error!.issues.map((i) => i.path.join('.'))).toContain('code');
  });
});

describe('a resident', () => {
  const base = { fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '1985-04-12' } as const;

  it('accepts a birth date or a birth year alone', () => {
    expect(residentInput.safeParse(base).success).toBe(true);
    expect(residentInput.safeParse({ ...base, birthDate: undefined, birthYear: 1940 }).success).toBe(true);
    const neither = residentInput.safeParse({ ...base, birthDate: undefined });
    expect(neither.error!.issues.map((i) => i.path.join('.'))).toEqual(['birthDate']);
  });

  it('cross-checks the personal ID against sex and birth year, on the personalId field', () => {
    expect(residentInput.safeParse({ ...base, personalId: '022085012345' }).success).toBe(true);
    const wrong = residentInput.safeParse({ ...base, sex: 'female', personalId: '022086012345' });
    expect(wrong.error!.issues.map((i) => i.path.join('.'))).toEqual(['personalId', 'personalId']);
    expect(wrong.error!.issues.map((i) => i.message).join(' ')).toMatch(/woman.*1986/s);
  });

  it('normalises phone numbers and rejects ones that are not Vietnamese', () => {
    const ok = residentInput.parse({ ...base, phones: ['+84 912 345 678', '0203.3871234'] });
    expect(ok.phones).toEqual(['0912345678', '02033871234']);
    expect(normalisePhone('84912345678')).toBe('0912345678');
    const bad = residentInput.safeParse({ ...base, phones: ['12345'] });
    expect(bad.error!.issues[0]!.path).toEqual(['phones', 0]);
  });

  it('needs a household for a relation to its head, and the other way round', () => {
    const id = '01900000-0000-7000-8000-000000000001';
    expect(residentInput.safeParse({ ...base, relationToHead: 'child' }).error!.issues[0]!.path).toEqual([
      'householdId',
    ]);
    expect(residentInput.safeParse({ ...base, householdId: id }).error!.issues[0]!.path).toEqual([
      'relationToHead',
    ]);
  });

  it('refuses a birth in the future and names with digits', () => {
    const future = residentInput.safeParse({ ...base, birthDate: '2999-01-01' });
    expect(future.error!.issues.map((i) => i.path.join('.'))).toContain('birthDate');
    expect(residentInput.safeParse({ ...base, fullName: 'Nguyễn V4n An' }).success).toBe(false);
    expect(residentInput.safeParse({ ...base, fullName: "H'Hen Êban" }).success).toBe(true);
  });
});
