/**
 * A small seeded pseudo-random generator for the demo data (sfc32, seeded through splitmix32).
 * Same seed, same sequence, on every platform: the demo can be regenerated exactly, and tests can
 * assert on what it makes. Not for anything secret (ids and passwords use crypto).
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p (0–1). */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One value, chosen with probability proportional to its weight: `[[value, weight], …]`. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct elements (all of them when count ≥ length), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A date between two ISO dates (`YYYY-MM-DD`), both included, as an ISO date. */
  date(from: string, to: string): string;
  /** Rounds x up or down at random so that the expected value is x (2.3 → 2 or 3, 3 with p 0.3). */
  round(x: number): number;
  /**
   * An independent generator for a named part of the work. Forks depend only on this generator's
   * seed and the label, not on how much of this generator was used, so adding a step to the demo
   * does not change what the other steps generate.
   */
  fork(label: string): Rng;
  /** The seed this generator was made from. */
  readonly seed: number;
}

const DAY_MS = 86_400_000;

/** 32-bit FNV-1a hash of a string (for fork labels). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads one 32-bit seed over the four words of sfc32's state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function isoToDays(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: ${iso}`);
  return Math.round(ms / DAY_MS);
}

function daysToIso(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds (or with a negative number subtracts) days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return daysToIso(isoToDays(iso) + days);
}

/** Adds whole years to an ISO date (29 February becomes 1 March in a common year). */
export function addYears(iso: string, years: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** A generator for a seed (any number; it is reduced to 32 bits). */
export function createRng(seed: number): Rng {
  const normalised = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
  const mix = splitmix32(normalised);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextU32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Let the state settle before use.
  for (let i = 0; i < 12; i++) nextU32();

  const rng: Rng = {
    seed: normalised,
    next: () => nextU32() / 4_294_967_296,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min)
        throw new Error(`int(${min}, ${max}): bad range`);
      return min + Math.floor(rng.next() * (max - min + 1));
    },
    float: (min, max) => min + rng.next() * (max - min),
    chance: (p) => rng.next() < p,
    pick(items) {
      if (!items.length) throw new Error('pick from an empty array');
      return items[Math.floor(rng.next() * items.length)]!;
    },
    weighted(pairs) {
      let total = 0;
      for (const [, w] of pairs) total += Math.max(0, w);
      if (!(total > 0)) throw new Error('weighted: no positive weight');
      let r = rng.next() * total;
      for (const [value, w] of pairs) {
        r -= Math.max(0, w);
        if (r < 0) return value;
      }
      // Floating-point leftovers: the last positive weight.
      for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i]![1] > 0) return pairs[i]![0];
      throw new Error('unreachable');
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample: (items, count) => rng.shuffle(items).slice(0, Math.max(0, count)),
    date(from, to) {
      const lo = isoToDays(from);
      const hi = isoToDays(to);
      if (hi < lo) throw new Error(`date(${from}, ${to}): empty range`);
      return daysToIso(rng.int(lo, hi));
    },
    round(x) {
      const floor = Math.floor(x);
      return floor + (rng.next() < x - floor ? 1 : 0);
    },
    fork: (label) => createRng((Math.imul(normalised ^ 0x5bd1e995, 0x01000193) ^ hash32(label)) >>> 0),
  };
  return rng;
}
