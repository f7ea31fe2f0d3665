// The indicator counter contract (docs/adr/0010, 0020): each module implements counters over its own
// tables and publishes them in its index.ts; the indicators module only groups them by unit. It lives
// in core so that modules below indicators can implement it without importing indicators.
import type { SQL } from 'drizzle-orm';

/** The dates a counter is evaluated at: a stock counts the state on `asOf`; a flow counts events in [start, end]. */
export interface CounterContext {
  periodStart: string;
  periodEnd: string;
  asOf: string;
}

/**
 * A counter yields the facts behind a number: one row per counted thing with its place in the unit
 * tree, `(id text, label text, unit_path ltree, weight numeric)`. Summing `weight` over a subtree gives
 * the count (weight 1) or an amount (a population). Each module defines the counters over its own
 * tables (e.g. network/counters.ts); the indicator engine only groups them by unit.
 */
export type Counter = ((ctx: CounterContext) => SQL) & {
  /**
   * The tables the facts are read from (each with a `change_seq`): a write to any of them makes the
   * stored values of the indicators that use the counter out of date (see service.ts).
   */
  readonly sources: readonly string[];
};
export type CounterRegistry = Readonly<Record<string, Counter>>;

/** A counter over the given tables. */
export function counter(sources: readonly string[], facts: (ctx: CounterContext) => SQL): Counter {
  return Object.assign(facts, { sources });
}

/**
 * Where the facts read from one source table may have changed: given `since`, a `change_seq`, the
 * places (unit paths) touched by the rows of that table written after it, as a relation
 * `(unit_path ltree)`. A place is where a fact *was or is* counted: a resident's place today and every
 * place a transfer took them from, a visit's place and its patient's, a station's for a service
 * declaration. A table whose rows count everywhere (a national price list) answers the map's root.
 * The indicator engine recomputes only the communes (or the units above them) so named, not the
 * whole province, and the owner of the table is the only one who knows how its rows are placed.
 */
export type ChangedPlaces = ((since: SQL) => SQL) & {
  /**
   * The places named are exactly those whose facts may have changed (every place a row's facts ever
   * sat at is on record, as a dated move keeps the place it left): only they are recomputed. Without
   * it, each place is widened to its commune (a row whose earlier place is not kept).
   */
  readonly exact?: boolean;
};
export type ChangedPlacesRegistry = Readonly<Record<string, ChangedPlaces>>;

/** Changed places that are exact (see `ChangedPlaces.exact`). */
export function exactPlaces(places: (since: SQL) => SQL): ChangedPlaces {
  return Object.assign(places, { exact: true as const });
}
