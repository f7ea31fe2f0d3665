import { describe, expect, it } from 'vitest';
import { orderTiles, tileBand, tileLegend } from './tiles';

const coverage = {
  direction: 'higher' as const,
  target: { value: 90, operator: '>=' as const, deadline: '2030-12-31', source: '' },
};

describe('the colour scale of the communes’ tiles', () => {
  it('puts each value in a band by the share of the target reached', () => {
    expect(tileBand(coverage, 90)).toBe('met');
    expect(tileBand(coverage, 81)).toBe('near'); // 90 % of the target
    expect(tileBand(coverage, 80.9)).toBe('mid');
    expect(tileBand(coverage, 67.5)).toBe('mid');
    expect(tileBand(coverage, 45)).toBe('low');
    expect(tileBand(coverage, 44.9)).toBe('far');
    expect(tileBand(coverage, 0)).toBe('far');
    expect(tileBand(coverage, null)).toBe('none');
  });

  it('reads "lower is better" the other way round', () => {
    const lower = {
      direction: 'lower' as const,
      target: { ...coverage.target, value: 5, operator: '<=' as const },
    };
    expect(tileBand(lower, 5)).toBe('met');
    expect(tileBand(lower, 5.5)).toBe('near'); // 5 / 5.5 = 91 %
    expect(tileBand(lower, 12)).toBe('far'); // 5 / 12 = 42 %
  });

  it('says each band’s range in the indicator’s unit and counts the tiles in it', () => {
    const legend = tileLegend(coverage, [
      { value: 95 },
      { value: 85 },
      { value: 70 },
      { value: 10 },
      { value: null },
    ]);
    expect(legend).toEqual([
      { band: 'met', from: 90, to: null, count: 1 },
      { band: 'near', from: 81, to: 90, count: 1 },
      { band: 'mid', from: 67.5, to: 81, count: 1 },
      { band: 'low', from: 45, to: 67.5, count: 0 },
      { band: 'far', from: null, to: 45, count: 1 },
      { band: 'none', from: null, to: null, count: 1 },
    ]);
  });

  it('without a target, bands the values by quarters of their range, best first', () => {
    const free = { direction: 'higher' as const, target: null };
    expect(tileBand(free, 100, [0, 100])).toBe('near');
    expect(tileBand(free, 60, [0, 100])).toBe('mid');
    expect(tileBand(free, 10, [0, 100])).toBe('far');
    expect(
      tileLegend(free, [{ value: 0 }, { value: 100 }]).map((e) => [e.band, e.from, e.to, e.count]),
    ).toEqual([
      ['near', 75, 100, 1],
      ['mid', 50, 75, 0],
      ['low', 25, 50, 0],
      ['far', 0, 25, 1],
      ['none', null, null, 0],
    ]);
  });

  it('orders the tiles by rank as given, or by name without the unit type', () => {
    const rows = [{ unitName: 'Xã Quảng Hà' }, { unitName: 'Phường Hà Tu' }, { unitName: 'Xã Bình Liêu' }];
    expect(orderTiles(rows, 'rank')).toBe(rows);
    expect(orderTiles(rows, 'name').map((r) => r.unitName)).toEqual([
      'Xã Bình Liêu',
      'Phường Hà Tu',
      'Xã Quảng Hà',
    ]);
  });
});
