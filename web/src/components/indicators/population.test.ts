import { describe, expect, it } from 'vitest';
import { populationCount } from './population';

describe('what the population denominator counts', () => {
  it('counts the communes with a figure and says how far their sum is from the province’s own', () => {
    // Quảng Ninh: 1 429 841 published for the province; 53 of its 54 communes have a figure.
    const children = [{ denominator: 52_905 }, { denominator: 1_281_302 }, { denominator: 0 }];
    expect(populationCount(children, 1_429_841)).toEqual({
      counted: 2,
      total: 3,
      sum: 1_334_207,
      difference: 95_634,
    });
  });

  it('has no difference to explain when the unit has no figure, and nothing without children', () => {
    expect(populationCount([{ denominator: 10 }], null)?.difference).toBeNull();
    expect(populationCount([], 100)).toBeNull();
  });
});
