import { describe, expect, it } from 'vitest';
import type { VisitCard } from './contracts.js';
import { computePayment, paymentRulesOn } from './payment.js';

const card = (benefitLevel: number | null): VisitCard => ({
  id: '00000000-0000-7000-8000-000000000001',
  code: `GD${benefitLevel ?? 4}220120152431`,
  socialInsuranceNumber: '0120152431',
  beneficiaryGroup: 'GD',
  benefitLevel,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  registeredFacilityCode: '22101',
});
const covered = (amount: number) => ({ amount, insuranceCovered: true });
const pay = (
  lines: { amount: number; insuranceCovered: boolean }[],
  c: VisitCard | null,
  on = '2026-03-10',
  kind = 'health_centre',
) =>
  computePayment({
    lines,
    method: undefined,
    card: c,
    hadCard: c === null,
    facilityKind: kind,
    rules: paymentRulesOn(on),
  });

describe('payment rules as data', () => {
  it('given the rules file, when asked for 2026-03-10, then the base salary is 2,340,000 and the full-payment threshold 15 % of it', () => {
    const r = paymentRulesOn('2026-03-10');
    expect(r.baseSalary).toBe(2_340_000);
    expect(r.fullPaymentBelow).toBe(351_000);
    expect(r.rates).toEqual({ '1': 100, '2': 100, '3': 95, '4': 80, '5': 100 });
  });

  it.each([
    [1, 400_000, 0],
    [2, 400_000, 0],
    [3, 380_000, 20_000],
    [4, 320_000, 80_000],
    [5, 400_000, 0],
  ])(
    'given a 400,000 visit at a health centre and a level-%i card, then the fund pays %i and the patient %i',
    (level, insurer, patient) => {
      const r = pay([covered(250_000), covered(150_000)], card(level));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.payment).toMatchObject({
        method: 'insurance',
        reason: 'benefit_level',
        total: 400_000,
        insurerAmount: insurer,
        patientAmount: patient,
        patientCoPayment: patient,
        patientSelfPay: 0,
      });
      expect(r.lines.map((l) => l.insurerAmount + l.patientAmount)).toEqual([250_000, 150_000]);
    },
  );

  it('given a level-4 card and a 350,000 visit (below 351,000), then the fund pays all of it', () => {
    const r = pay([covered(350_000)], card(4));
    expect(r.ok && r.payment).toMatchObject({
      reason: 'below_threshold',
      insurerRate: 100,
      insurerAmount: 350_000,
      patientAmount: 0,
    });
  });

  it('given the same 300,000 visit before and after the base salary rose on 2024-07-01, then only the later one is under the threshold', () => {
    const before = pay([covered(300_000)], card(4), '2024-03-01');
    const after = pay([covered(300_000)], card(4), '2024-08-01');
    expect(before.ok && before.payment).toMatchObject({
      reason: 'benefit_level',
      baseSalary: 1_800_000,
      insurerAmount: 240_000,
      patientAmount: 60_000,
    });
    expect(after.ok && after.payment).toMatchObject({
      reason: 'below_threshold',
      baseSalary: 2_340_000,
      insurerAmount: 300_000,
    });
  });

  it('given no card valid on the day but one on record, then the visit is self-pay as an expired card', () => {
    const r = pay([covered(400_000)], null);
    expect(r.ok && r.payment).toMatchObject({
      method: 'self_pay',
      reason: 'card_expired',
      card: null,
      insurerAmount: 0,
      patientAmount: 400_000,
      patientSelfPay: 400_000,
    });
  });

  it('given a level-4 card and an item outside the insurance, then the patient pays that item whole and 20 % of the rest', () => {
    const r = pay([covered(400_000), { amount: 100_000, insuranceCovered: false }], card(4));
    expect(r.ok && r.payment).toMatchObject({
      total: 500_000,
      insurerAmount: 320_000,
      patientAmount: 180_000,
      patientCoPayment: 80_000,
      patientSelfPay: 100_000,
    });
  });

  it('given a commune station, then insured care is paid in full whatever the level', () => {
    const r = pay([covered(400_000)], card(4), '2026-03-10', 'commune_station');
    expect(r.ok && r.payment).toMatchObject({
      reason: 'commune_level',
      insurerAmount: 400_000,
      patientAmount: 0,
    });
  });

  it('given a 10-digit card without a benefit level above the threshold, then it is refused with a reason', () => {
    const r = pay([covered(400_000)], card(null));
    expect(r).toMatchObject({ ok: false, code: 'benefit_level_unknown' });
  });
});
