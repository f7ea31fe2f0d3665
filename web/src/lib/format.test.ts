import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatValue } from './format';

describe('one number format for every page', () => {
  it('writes a share with the same decimals as the dashboard, the Excel and the PDF', () => {
    // 6 of 7 stations with a doctor: the overview said 86% where the dashboard said 85,71%.
    expect(formatPercent(6, 7)).toBe('85,71%');
    expect(formatValue(85.714)).toBe('85,71');
    expect(formatValue(22.4567, 1)).toBe('22,5'); // a BMI
    expect(formatPercent(7, 7)).toBe('100%');
    expect(formatPercent(0, 0)).toBe('—');
  });

  it('writes counts whole with Vietnamese grouping, and nothing as a dash', () => {
    expect(formatNumber(1_334_207)).toBe('1.334.207');
    expect(formatValue(9.3)).toBe('9,3');
    expect(formatValue(null)).toBe('—');
  });
});
