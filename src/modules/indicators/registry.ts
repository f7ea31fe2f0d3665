import { networkCounters } from '../network/index.js';
import { peopleCounters } from '../people/index.js';
import { visitsCounters } from '../visits/index.js';
import type { CounterRegistry } from '../../core/counters.js';

/** Every module's counters, by name: the catalogue's numerators and denominators refer to these. */
export const COUNTERS: CounterRegistry = {
  ...networkCounters,
  ...peopleCounters,
  ...visitsCounters,
};
