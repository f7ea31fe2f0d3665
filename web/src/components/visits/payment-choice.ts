/**
 * What the visit form's payment toggle (BHYT / tự trả) shows: never "BHYT" for a person without a
 * card valid on the visit date, since the visit is then self-pay whatever the toggle says. Pure,
 * tested in payment-choice.test.ts.
 */
import type { PaymentOut } from '../../../../src/modules/visits/contracts';

/**
 * Whether the person has a card valid on the visit date: from the payment the server computed for
 * this form (the live estimate, or the saved visit's), otherwise from the person's "insured today"
 * when the visit is today; null when not known yet.
 */
export function cardOnVisitDay(
  payment: Pick<PaymentOut, 'reason' | 'card'> | null | undefined,
  insuredToday: boolean | null | undefined,
  visitIsToday: boolean,
): boolean | null {
  if (payment) {
    if (payment.reason === 'no_card' || payment.reason === 'card_expired') return false;
    if (payment.reason === 'chosen') return payment.card != null;
    return true;
  }
  return visitIsToday && insuredToday != null ? insuredToday : null;
}

/** The toggle's value and whether BHYT can be chosen: self-pay, locked, when there is no valid card. */
export function paymentToggle(
  method: '' | 'insurance' | 'self_pay',
  card: boolean | null,
): { value: 'insurance' | 'self_pay'; insuranceAvailable: boolean } {
  if (card === false) return { value: 'self_pay', insuranceAvailable: false };
  return { value: method === 'self_pay' ? 'self_pay' : 'insurance', insuranceAvailable: true };
}
