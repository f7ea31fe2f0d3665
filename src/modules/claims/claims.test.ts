import { describe, expect, it } from 'vitest';
import { appendixFindings } from './appendix.js';
import { fixtureMonth, FIXTURE_FACILITY } from './fixtures.js';
import { formatDecimal, fromNumber, multiply, parseDecimal, rescale } from './money.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAIMS_DIR, claimStandardOn, claimStandards } from './standard.js';
import { claimTables, type ClaimTables } from './tables.js';
import { checkClaim, validateEnvelope } from './validate.js';
import { envelopeXml, readEnvelope, tableXml } from './xml.js';

const standard = claimStandardOn('2026-03-31')!;
const month = () => fixtureMonth.map((c, i) => claimTables(standard, c, i + 1));
const envelope = (claims: ClaimTables[]) => envelopeXml(standard, FIXTURE_FACILITY, claims, '2026-04-02');

describe('the claim standard as data', () => {
  it('given the shipped files, when asked for a date, then picks the version in force', () => {
    expect(claimStandards().length).toBeGreaterThanOrEqual(1);
    expect(standard.id).toBe('qd130-4750');
    expect(claimStandardOn('2020-01-01')).toBeUndefined();
    expect(standard.tables.XML1.fields.map((f) => f.name).slice(0, 7)).toEqual([
      'MA_LK',
      'STT',
      'MA_BN',
      'HO_TEN',
      'SO_CCCD',
      'NGAY_SINH',
      'GIOI_TINH',
    ]);
  });
});

describe('a new amendment', () => {
  it('given a second version from 2027, when asked for dates, then each date gets the version in force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    const shipped = JSON.parse(readFileSync(join(CLAIMS_DIR, 'qd130-4750.json'), 'utf8'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...shipped, validTo: '2027-01-01' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...shipped, id: 'next', validFrom: '2027-01-01' }));
    expect(claimStandardOn('2026-12-31', dir)!.id).toBe('qd130-4750');
    expect(claimStandardOn('2027-01-01', dir)!.id).toBe('next');
  });
});

describe('money', () => {
  it('given 3-decimal quantities and prices, when multiplied, then rounds half up to 2 decimals once', () => {
    expect(formatDecimal(rescale(multiply(fromNumber(2, 3), fromNumber(1234.567, 3)), 2))).toBe('2469.13');
    expect(formatDecimal(rescale(parseDecimal('0.005')!, 2))).toBe('0.01');
    expect(formatDecimal(fromNumber(420.5, 3))).toBe('420.5');
  });
});

describe('claim tables for a month', () => {
  it('given four visits, when written, then the XML1 totals are the hand-computed sums of their lines', () => {
    const [v1, v2, v3, v4] = month();
    // Hypertension follow-up, card at 100%: examination 34,500 + amlodipine 30 × 500.
    expect(v1!.XML1).toMatchObject({
      T_THUOC: '15000',
      T_VTYT: '0',
      T_TONGCHI_BV: '49500',
      T_TONGCHI_BH: '49500',
      T_BHTT: '49500',
      T_BNCCT: '0',
      T_BNTT: '0',
      NGAY_VAO: '202603020745',
      NGAY_SINH: '196005140000',
      GIOI_TINH: '1',
    });
    // Diabetes at 80%: examination 34,500; metformin 60 × 420.5 = 25,230; syringes 2 × 1,234.567 =
    // 2,469.13; vitamin C 10 × 300 = 3,000 outside the fund's list.
    expect(v2!.XML1).toMatchObject({
      T_THUOC: '28230',
      T_VTYT: '2469.13',
      T_TONGCHI_BV: '65199.13',
      T_TONGCHI_BH: '62199.13',
      T_BHTT: '49759.3', // 27,600 + 20,184 + 1,975.30
      T_BNCCT: '12439.83', // 6,900 + 5,046 + 493.83
      T_BNTT: '3000',
      MA_BENH_KT: 'I10',
      CAN_NANG: '61.5',
    });
    expect(v2!.XML3[1]).toMatchObject({
      MA_VAT_TU: 'N03.02.070.0000.0001',
      MA_DICH_VU: '',
      THANH_TIEN_BV: '2469.13',
    });
    // Self-pay: the patient pays everything, no card fields.
    expect(v3!.XML1).toMatchObject({
      MA_THE_BHYT: '',
      T_TONGCHI_BV: '36500',
      T_TONGCHI_BH: '0',
      T_BHTT: '0',
      T_BNTT: '36500',
    });
    expect(v3!.XML2[0]).toMatchObject({ MUC_HUONG: '0', TYLE_TT_BH: '0', T_BNTT: '2000' });
    // Referred with a re-examination date: XML13 and XML14 exist, the summary points at them.
    expect(v4!.XML1).toMatchObject({
      MA_NOI_DEN: '22001',
      MA_LOAI_RV: '2',
      GIAY_CHUYEN_TUYEN: 'GCT-2026-012',
      NGAY_TAI_KHAM: '20260420',
      T_TONGCHI_BV: '34500',
    });
    expect(v4!.XML13).toMatchObject({ MA_NOI_DEN: '22001', MA_LYDO_CT: '2', MA_BAC_SI: 'CCHN-001' });
    expect(v4!.XML14).toMatchObject({ NGAY_HEN_KL: '202604200800', NGAY_CT: '20260320' });
    expect(v1!.XML13).toBeUndefined();

    const monthTotal = month().reduce((s, t) => s + Number(t.XML1.T_TONGCHI_BV), 0);
    expect(monthTotal).toBeCloseTo(185699.13, 2);
  });

  it('given the month, when wrapped and validated, then the envelope passes every field rule and total', () => {
    const xml = envelope(month());
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<GIAMDINHHS')).toBe(true);
    expect(validateEnvelope(standard, xml)).toEqual([]);
  });

  it('given the month with a referral slip, when read against the appendix of Decision 4750, then every element of XML1, XML2, XML3, XML13 and XML14 conforms', () => {
    const claims = month();
    expect(claims.some((t) => t.XML13) && claims.some((t) => t.XML14) && claims.some((t) => t.XML2)).toBe(
      true,
    );
    expect(appendixFindings(standard, envelope(claims))).toEqual([]);
  });

  it('given the envelope, when decoded, then every table comes back with the values written', () => {
    const claims = month();
    const read = readEnvelope(standard, envelope(claims));
    expect(read).toMatchObject({ facilityCode: FIXTURE_FACILITY, createdOn: '20260402', count: '4' });
    expect(read.records.map((files) => files.map((f) => f.type))).toEqual([
      ['XML1', 'XML2', 'XML3'],
      ['XML1', 'XML2', 'XML3'],
      ['XML1', 'XML2', 'XML3'],
      ['XML1', 'XML3', 'XML13', 'XML14'],
    ]);
    const full = (table: keyof typeof standard.tables, row: Record<string, string>) =>
      Object.fromEntries(standard.tables[table].fields.map((f) => [f.name, row[f.name] ?? '']));
    const v2 = read.records[1]!;
    expect(v2[0]!.records[0]!.values).toEqual(full('XML1', claims[1]!.XML1));
    expect(v2[1]!.records.map((r) => r.values)).toEqual(claims[1]!.XML2.map((r) => full('XML2', r)));
    expect(v2[0]!.records[0]!.values.HO_TEN).toBe('Trần Thị Bình');
    expect(read.records[3]![3]!.records[0]!.values).toEqual(full('XML14', claims[3]!.XML14!));
  });

  it('given text with markup characters, when written, then it is escaped and reads back unchanged', () => {
    const [first] = fixtureMonth;
    const t = claimTables(standard, { ...first!, advice: 'Uống thuốc <sau ăn> & "tái khám"' });
    const xml = tableXml(standard, 'XML1', [t.XML1]);
    expect(xml).toContain('&lt;sau ăn&gt; &amp; &quot;tái khám&quot;');
    const read = readEnvelope(standard, envelope([t]));
    expect(read.records[0]![0]!.records[0]!.values.GHI_CHU).toBe('Uống thuốc <sau ăn> & "tái khám"');
  });
});

describe('validator', () => {
  const broken = (edit: (claims: ClaimTables[]) => void) => {
    const claims = month();
    edit(claims);
    return validateEnvelope(standard, envelope(claims));
  };
  const summary = (issues: ReturnType<typeof broken>) => issues.map((i) => `${i.path} ${i.code}`);

  it('given a missing required field, when validated, then reports it with its path', () => {
    const issues = broken((c) => {
      c[0]!.XML1.HO_TEN = '';
    });
    expect(summary(issues)).toEqual(['HOSO[1].XML1.HO_TEN required']);
    expect(issues[0]!.claimId).toBe('LK-2026-03-0001');
  });

  it('given an impossible date, when validated, then reports the format', () => {
    const issues = broken((c) => {
      c[1]!.XML1.NGAY_VAO = '202602310800';
      c[1]!.XML2[0]!.NGAY_YL = '2026-03-09';
    });
    expect(summary(issues)).toEqual([
      'HOSO[2].XML1.NGAY_VAO invalid_format',
      'HOSO[2].XML2[1].NGAY_YL invalid_format',
    ]);
  });

  it('given a total that does not add up, when validated, then reports the total and the expected sum', () => {
    const issues = broken((c) => {
      c[1]!.XML1.T_THUOC = '25230';
    });
    expect(summary(issues)).toEqual(['HOSO[2].XML1.T_THUOC wrong_total']);
    expect(issues[0]!.message).toContain('expected 28230');
  });

  it('given a line amount that is not quantity × price, when validated, then reports the line', () => {
    const issues = broken((c) => {
      c[0]!.XML2[0]!.THANH_TIEN_BV = '16000';
    });
    expect(summary(issues)).toContain('HOSO[1].XML2[1].THANH_TIEN_BV wrong_amount');
  });

  it('given bad codes and lengths, when validated, then reports each rule', () => {
    const issues = broken((c) => {
      c[0]!.XML1.MA_THE_BHYT = 'HT32201234';
      c[0]!.XML1.MA_BENH_CHINH = 'I1O';
      c[0]!.XML1.MA_CSKCB = '221234';
      c[0]!.XML1.GIOI_TINH = '4';
      c[0]!.XML2[0]!.SO_LUONG = '30.0001';
    });
    expect(summary(issues)).toEqual(
      expect.arrayContaining([
        'HOSO[1].XML1.MA_THE_BHYT invalid_format',
        'HOSO[1].XML1.MA_BENH_CHINH invalid_format',
        'HOSO[1].XML1.MA_CSKCB too_long',
        'HOSO[1].XML1.GIOI_TINH invalid_value',
        'HOSO[1].XML2[1].SO_LUONG invalid_number',
      ]),
    );
  });

  it('given an insured visit without card dates, when validated, then the card fields are required', () => {
    const issues = broken((c) => {
      c[0]!.XML1.GT_THE_DEN = '';
    });
    expect(summary(issues)).toEqual(['HOSO[1].XML1.GT_THE_DEN required']);
  });

  it('given a record without its summary or a wrong count, when validated, then reports the envelope', () => {
    const xml = envelope(month()).replace('<SOLUONGHOSO>4</SOLUONGHOSO>', '<SOLUONGHOSO>5</SOLUONGHOSO>');
    expect(summary(validateEnvelope(standard, xml))).toEqual(['THONGTINHOSO.SOLUONGHOSO invalid_envelope']);
    expect(summary(validateEnvelope(standard, '<GIAMDINHHS><oops></GIAMDINHHS>'))).toEqual([
      'GIAMDINHHS invalid_envelope',
    ]);
    expect(checkClaim(standard, {}, 'HOSO[1]').map((i) => i.code)).toEqual(['required']);
  });
});
