/**
 * The colour scale of the communes' tile map (bản đồ ô): each commune's value put in a band by how
 * far it is from the target, the legend saying each band's range in the indicator's own unit. Pure
 * functions, tested in tiles.test.ts.
 */
import type { IndicatorDefinition, IndicatorValue } from '../../../../src/modules/indicators/contracts';
import { meets } from '../../../../src/modules/indicators/status-contracts';

/** `met`, then the share of the target reached: ≥ 90 %, 75–90 %, 50–75 %, < 50 %; `none` without a value. */
export const TILE_BANDS = ['met', 'near', 'mid', 'low', 'far', 'none'] as const;
export type TileBand = (typeof TILE_BANDS)[number];

/** Background and text colours: each pair ≥ 4.5:1 (WCAG AA), light to dark as the gap grows. */
export const TILE_COLORS: Record<TileBand, { background: string; text: string }> = {
  met: { background: '#0b6b59', text: '#ffffff' },
  near: { background: '#8fcfbf', text: '#212529' },
  mid: { background: '#f6e3a1', text: '#212529' },
  low: { background: '#f4c08e', text: '#212529' },
  far: { background: '#eb9a8f', text: '#212529' },
  none: { background: '#f1f3f5', text: '#212529' },
};

/** The lower ends of the bands below the target, as shares of the way to it. */
const SHARES: [Exclude<TileBand, 'met' | 'none'>, number][] = [
  ['near', 0.9],
  ['mid', 0.75],
  ['low', 0.5],
  ['far', 0],
];

type Scaled = Pick<IndicatorDefinition, 'target' | 'direction'>;

/**
 * Which band a value falls in. With a target: `met` when the target's operator holds, otherwise by
 * the share of the target reached (value ÷ target when higher is better, target ÷ value when lower
 * is better). Without a target, by the value's place between the lowest and highest shown
 * (`range`), best quarter first.
 */
export function tileBand(indicator: Scaled, value: number | null, range?: [number, number]): TileBand {
  if (value == null) return 'none';
  const higher = indicator.direction === 'higher';
  const target = indicator.target;
  let share: number;
  if (target) {
    if (meets(value, target)) return 'met';
    share = higher ? (target.value > 0 ? value / target.value : 0) : value > 0 ? target.value / value : 1;
  } else {
    const [low, high] = range ?? [value, value];
    if (high <= low) return 'near';
    share = higher ? (value - low) / (high - low) : (high - value) / (high - low);
    // Without a target, the best quarter takes the darkest band below `met`.
    return share >= 0.75 ? 'near' : share >= 0.5 ? 'mid' : share >= 0.25 ? 'low' : 'far';
  }
  for (const [band, from] of SHARES) if (share >= from) return band;
  return 'far';
}

/** One entry of the legend: the band and the range of values it holds, in the indicator's unit. */
export interface LegendEntry {
  band: TileBand;
  /** Lower and upper ends (upper excluded when higher is better, lower excluded when lower is). */
  from: number | null;
  to: number | null;
  /** How many of the tiles shown fall in it. */
  count: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The legend of the scale, best band first, with the number of tiles in each. The ranges are the
 * values at the bands' edges (for a target of 90 % and "higher": 81–90, 67,5–81, 45–67,5, below 45).
 * Bands no tile falls in stay in the legend, so that the scale reads the same for every province.
 */
export function tileLegend(indicator: Scaled, values: Pick<IndicatorValue, 'value'>[]): LegendEntry[] {
  const range = valueRange(values);
  const counts = new Map<TileBand, number>();
  for (const v of values) {
    const band = tileBand(indicator, v.value, range);
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  const count = (band: TileBand) => counts.get(band) ?? 0;
  const target = indicator.target;
  const higher = indicator.direction === 'higher';
  let entries: LegendEntry[];
  if (target) {
    const edge = (share: number) =>
      round2(higher ? target.value * share : share > 0 ? target.value / share : 0);
    entries = [
      {
        band: 'met',
        from: higher ? target.value : null,
        to: higher ? null : target.value,
        count: count('met'),
      },
      ...SHARES.map(([band, share], i) => {
        const upper = i === 0 ? 1 : SHARES[i - 1]![1];
        return higher
          ? { band, from: share > 0 ? edge(share) : null, to: edge(upper), count: count(band) }
          : { band, from: edge(upper), to: share > 0 ? edge(share) : null, count: count(band) };
      }),
    ];
  } else {
    const [low, high] = range ?? [0, 0];
    const at = (share: number) => round2(higher ? low + (high - low) * share : high - (high - low) * share);
    const quarters: [TileBand, number, number][] = [
      ['near', 0.75, 1],
      ['mid', 0.5, 0.75],
      ['low', 0.25, 0.5],
      ['far', 0, 0.25],
    ];
    entries = quarters.map(([band, a, b]) =>
      higher
        ? { band, from: at(a), to: at(b), count: count(band) }
        : { band, from: at(b), to: at(a), count: count(band) },
    );
  }
  return [...entries, { band: 'none', from: null, to: null, count: count('none') }];
}

/** The lowest and highest known values, or undefined when none is known. */
export function valueRange(values: Pick<IndicatorValue, 'value'>[]): [number, number] | undefined {
  const known = values.map((v) => v.value).filter((v): v is number => v != null);
  return known.length ? [Math.min(...known), Math.max(...known)] : undefined;
}

/** Tiles in the order asked: by rank (the list comes ranked, best first) or by name, A–Z in Vietnamese. */
export function orderTiles<T extends Pick<IndicatorValue, 'unitName'>>(
  rows: T[],
  order: 'rank' | 'name',
): T[] {
  if (order === 'rank') return rows;
  const collator = new Intl.Collator('vi', { sensitivity: 'base' });
  // "Xã Hải Sơn" and "Phường Hà Tu" sort by their names, not by "Phường"/"Xã".
  const bare = (name: string) => name.replace(/^(Xã|Phường|Thị trấn|Đặc khu)\s+/u, '');
  return [...rows].sort((a, b) => collator.compare(bare(a.unitName), bare(b.unitName)));
}
