/**
 * What a population denominator counts (T12's "dân số"): the administrative population of the
 * children that have a figure, which differs from the unit's own published figure (the overview's)
 * whenever a child has none or the figures were published apart. Pure, tested in population.test.ts.
 */
import type { IndicatorValue } from '../../../../src/modules/indicators/contracts';

export interface PopulationCount {
  /** Children with a population figure, of all the children shown. */
  counted: number;
  total: number;
  /** The sum of their figures: the denominator of the unit. */
  sum: number;
  /** The unit's own figure minus that sum; null when the unit has no figure. */
  difference: number | null;
}

export function populationCount(
  children: Pick<IndicatorValue, 'denominator'>[],
  unitPopulation: number | null | undefined,
): PopulationCount | null {
  if (!children.length) return null;
  const counted = children.filter((c) => c.denominator > 0);
  const sum = counted.reduce((total, c) => total + c.denominator, 0);
  return {
    counted: counted.length,
    total: children.length,
    sum,
    difference: unitPopulation == null ? null : unitPopulation - sum,
  };
}
