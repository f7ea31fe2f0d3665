/**
 * Who pays for a visit: the health insurance fund (quỹ BHYT) and the patient. The rules are data
 * (reference/payment/payment-rules.json, each entry with its validity dates), chosen by the visit
 * date; the computation below is pure.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PaymentMethod, PaymentOut, PaymentReason, VisitCard } from './contracts.js';

export const PAYMENT_RULES_FILE = fileURLToPath(
  new URL('../../../reference/payment/payment-rules.json', import.meta.url),
);

const period = { validFrom: z.iso.date(), validTo: z.iso.date().nullable(), source: z.string() };
const rulesFile = z.object({
  version: z.string(),
  baseSalary: z.array(z.object({ ...period, amount: z.number().positive() })).min(1),
  benefitLevels: z
    .array(
      z.object({ ...period, rates: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().min(0).max(100)) }),
    )
    .min(1),
  fullPaymentThreshold: z.array(z.object({ ...period, shareOfBaseSalary: z.number().min(0).max(1) })),
  fullCoverageFacilityKinds: z.array(z.object({ ...period, kinds: z.array(z.string()) })),
});
export type PaymentRulesFile = z.infer<typeof rulesFile>;

/** The rules in force on one day. */
export interface PaymentRules {
  version: string;
  on: string;
  baseSalary: number;
  /** Percentage the fund pays by benefit level (mức hưởng 1–5). */
  rates: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>;
  /** A visit whose covered total is below this amount is paid in full (null: no such rule). */
  fullPaymentBelow: number | null;
  /** Facility kinds where insured care is paid in full. */
  fullCoverageFacilityKinds: string[];
}

let cached: PaymentRulesFile | undefined;

export function loadPaymentRules(file = PAYMENT_RULES_FILE): PaymentRulesFile {
  if (file === PAYMENT_RULES_FILE && cached) return cached;
  const parsed = rulesFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (file === PAYMENT_RULES_FILE) cached = parsed;
  return parsed;
}

const inForce = (on: string) => (e: { validFrom: string; validTo: string | null }) =>
  e.validFrom <= on && (e.validTo === null || e.validTo > on);

/** The rules in force on a day; an error when the file has no base salary or benefit levels for it. */
export function paymentRulesOn(on: string, file: PaymentRulesFile = loadPaymentRules()): PaymentRules {
  const salary = file.baseSalary.find(inForce(on));
  const levels = file.benefitLevels.find(inForce(on));
  if (!salary || !levels)
    throw new Error(`payment rules: no base salary or benefit levels in force on ${on}`);
  const threshold = file.fullPaymentThreshold.find(inForce(on));
  return {
    version: file.version,
    on,
    baseSalary: salary.amount,
    rates: levels.rates,
    fullPaymentBelow: threshold ? round2(salary.amount * threshold.shareOfBaseSalary) : null,
    fullCoverageFacilityKinds: file.fullCoverageFacilityKinds.filter(inForce(on)).flatMap((e) => e.kinds),
  };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export interface PriceableLine {
  amount: number;
  insuranceCovered: boolean;
}

export interface PaymentInput<L extends PriceableLine> {
  lines: L[];
  /** What the patient or clinician asked for; undefined = insurance when a card is valid. */
  method: PaymentMethod | undefined;
  /** The card valid on the visit date, if any. */
  card: VisitCard | null;
  /** True when the person has a card on record but none valid on the visit date. */
  hadCard: boolean;
  facilityKind: string;
  rules: PaymentRules;
}

export type PaymentResult<L> =
  | { ok: true; payment: PaymentOut; lines: (L & { insurerAmount: number; patientAmount: number })[] }
  | { ok: false; code: 'benefit_level_unknown'; message: string };

/**
 * The shares of a visit. Self-pay when asked for or when no card is valid on the visit date (an
 * expired card is self-pay). With a valid card, covered items are paid at 100 % when the facility's
 * kind is fully covered or the covered total is below the threshold (15 % of the base salary), else
 * at the rate of the card's benefit level; items outside the insurance are paid by the patient.
 */
export function computePayment<L extends PriceableLine>(input: PaymentInput<L>): PaymentResult<L> {
  const { rules } = input;
  const total = round2(input.lines.reduce((s, l) => s + l.amount, 0));
  const covered = round2(input.lines.filter((l) => l.insuranceCovered).reduce((s, l) => s + l.amount, 0));
  let method: PaymentMethod = 'insurance';
  let reason: PaymentReason;
  let rate = 0;
  if (input.method === 'self_pay') {
    method = 'self_pay';
    reason = 'chosen';
  } else if (!input.card) {
    method = 'self_pay';
    reason = input.hadCard ? 'card_expired' : 'no_card';
  } else if (rules.fullCoverageFacilityKinds.includes(input.facilityKind)) {
    reason = 'commune_level';
    rate = 100;
  } else if (rules.fullPaymentBelow !== null && covered < rules.fullPaymentBelow) {
    reason = 'below_threshold';
    rate = 100;
  } else {
    const level = input.card.benefitLevel;
    const levelRate = level ? rules.rates[String(level) as '1'] : undefined;
    if (levelRate === undefined)
      return {
        ok: false,
        code: 'benefit_level_unknown',
        message: `the card ${input.card.code} does not give a benefit level (mức hưởng): record it on the card, or choose self-pay`,
      };
    reason = 'benefit_level';
    rate = levelRate;
  }
  const lines = input.lines.map((l) => {
    const insurerAmount = method === 'insurance' && l.insuranceCovered ? round2((l.amount * rate) / 100) : 0;
    return { ...l, insurerAmount, patientAmount: round2(l.amount - insurerAmount) };
  });
  const insurerAmount = round2(lines.reduce((s, l) => s + l.insurerAmount, 0));
  const patientSelfPay = round2(
    lines
      .filter((l) => method === 'self_pay' || !l.insuranceCovered)
      .reduce((s, l) => s + l.patientAmount, 0),
  );
  const patientAmount = round2(total - insurerAmount);
  return {
    ok: true,
    lines,
    payment: {
      method,
      reason,
      card: method === 'insurance' ? input.card : null,
      insurerRate: method === 'insurance' ? rate : 0,
      total,
      insurerAmount,
      patientAmount,
      patientCoPayment: round2(patientAmount - patientSelfPay),
      patientSelfPay,
      baseSalary: rules.baseSalary,
      rulesVersion: rules.version,
    },
  };
}
