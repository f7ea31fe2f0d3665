import { describe, expect, it } from 'vitest';
import { parseQuery } from './search.js';

describe('what a search box holds', () => {
  it('reads a phone typed with spaces or +84 as one number', () => {
    expect(parseQuery('0912 345 678')).toMatchObject({ phone: '0912345678', text: null });
    expect(parseQuery('+84 912 345 678')).toMatchObject({ phone: '0912345678', text: null });
  });

  it('reads a phone followed by a birth year as both, not as one long number that matches nobody', () => {
    expect(parseQuery('0987654321 1970')).toMatchObject({
      phone: '0987654321',
      birthYear: 1970,
      text: null,
    });
  });

  it('tells a personal ID, a card code and a birth year from the words of a name', () => {
    expect(parseQuery('022085012345')).toMatchObject({ personalId: '022085012345', text: null });
    expect(parseQuery('gd4220120152431 1985')).toMatchObject({
      cardCode: 'GD4220120152431',
      birthYear: 1985,
    });
    expect(parseQuery('nguyen hung 1985')).toMatchObject({ text: 'nguyen hung', birthYear: 1985 });
  });
});
