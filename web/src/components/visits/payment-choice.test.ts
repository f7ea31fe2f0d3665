import { describe, expect, it } from 'vitest';
import { cardOnVisitDay, paymentToggle } from './payment-choice';

const card = { code: 'GD4797932194421', benefitLevel: 4 } as never;

describe('the payment toggle of a visit', () => {
  it('says self-pay, with BHYT not selectable, for a person without a valid card', () => {
    const noCard = cardOnVisitDay({ reason: 'no_card', card: null }, undefined, true);
    expect(noCard).toBe(false);
    expect(paymentToggle('', noCard)).toEqual({ value: 'self_pay', insuranceAvailable: false });
    expect(cardOnVisitDay({ reason: 'card_expired', card: null }, true, true)).toBe(false);
    // Before the estimate comes back: today's insurance decides.
    expect(paymentToggle('', cardOnVisitDay(null, false, true))).toEqual({
      value: 'self_pay',
      insuranceAvailable: false,
    });
  });

  it('says BHYT for an insured person unless self-pay was chosen', () => {
    expect(paymentToggle('', cardOnVisitDay({ reason: 'commune_level', card }, undefined, true))).toEqual({
      value: 'insurance',
      insuranceAvailable: true,
    });
    expect(paymentToggle('self_pay', cardOnVisitDay({ reason: 'chosen', card }, true, true))).toEqual({
      value: 'self_pay',
      insuranceAvailable: true,
    });
  });

  it('does not guess from today’s card for a visit on another day', () => {
    expect(cardOnVisitDay(null, false, false)).toBeNull();
    expect(paymentToggle('', null)).toEqual({ value: 'insurance', insuranceAvailable: true });
  });
});
