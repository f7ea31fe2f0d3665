/**
 * Exact decimal arithmetic for claim amounts. Quantities and unit prices carry 3 decimals, amounts 2
 * (NUMERIC(10,3), NUMERIC(15,3), NUMERIC(15,2) in the standard); products are computed on scaled
 * integers (bigint) and rounded half up once, as the standard's formulas say, never through floats.
 */

/** A decimal as a scaled integer: value = units / 10^scale. */
export interface Scaled {
  units: bigint;
  scale: number;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Parses a decimal written with a dot ("12", "0.5", "1500.250"); undefined when it is not one. */
export function parseDecimal(text: string): Scaled | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const negative = text.startsWith('-');
  const [int, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(int + frac) * (negative ? -1n : 1n);
  return { units, scale: frac.length };
}

/** A JavaScript number (from user input) as a decimal of at most `scale` places, rounded half up. */
export function fromNumber(value: number, scale: number): Scaled {
  const text = value.toFixed(Math.min(scale + 2, 20));
  return rescale(parseDecimal(text)!, scale);
}

/** Changes the scale, rounding half away from zero when decimals are dropped. */
export function rescale(value: Scaled, scale: number): Scaled {
  if (value.scale === scale) return value;
  if (value.scale < scale) return { units: value.units * 10n ** BigInt(scale - value.scale), scale };
  const divisor = 10n ** BigInt(value.scale - scale);
  const negative = value.units < 0n;
  const abs = negative ? -value.units : value.units;
  const rounded = (abs + divisor / 2n) / divisor;
  return { units: negative ? -rounded : rounded, scale };
}

export function multiply(...factors: Scaled[]): Scaled {
  return factors.reduce((acc, f) => ({ units: acc.units * f.units, scale: acc.scale + f.scale }), {
    units: 1n,
    scale: 0,
  });
}

/** A whole percent (0–100) as the factor p/100. */
export function percent(p: number): Scaled {
  return { units: BigInt(Math.round(p)), scale: 2 };
}

export function add(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale).units + rescale(b, scale).units, scale };
}

export function subtract(a: Scaled, b: Scaled): Scaled {
  return add(a, { units: -b.units, scale: b.scale });
}

export function sum(values: Scaled[], scale = 2): Scaled {
  return values.reduce((acc, v) => add(acc, v), { units: 0n, scale });
}

export function equal(a: Scaled, b: Scaled): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale).units === rescale(b, scale).units;
}

export const ZERO: Scaled = { units: 0n, scale: 2 };

/** Writes the decimal with a dot and without trailing zeros ("12500", "0.5", "1234.57"). */
export function formatDecimal(value: Scaled): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const int = digits.slice(0, digits.length - value.scale);
  const frac = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Integer and fraction digit counts as written (for NUMERIC(p,s) checks). */
export function digitCounts(text: string): { integer: number; fraction: number } {
  const [int = '', frac = ''] = text.replace(/^-/, '').split('.');
  return { integer: int.replace(/^0+(?=\d)/, '').length, fraction: frac.length };
}
