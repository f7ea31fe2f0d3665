import { NETWORK_SOURCES, networkChangedPlaces, networkCounters } from '../network/index.js';
import { peopleChangedPlaces, peopleCounters } from '../people/index.js';
import { visitsChangedPlaces, visitsCounters } from '../visits/index.js';
import { ncdChangedPlaces, ncdCounters } from '../ncd/index.js';
import { immunizationChangedPlaces, immunizationCounters } from '../immunization/index.js';
import { growthChangedPlaces, growthCounters } from '../growth/index.js';
import { maternalChangedPlaces, maternalCounters } from '../maternal/index.js';
import { criteriaChangedPlaces, criteriaCounters } from '../criteria/index.js';
import { satisfactionChangedPlaces, satisfactionCounters } from '../satisfaction/index.js';
import { familyDoctorChangedPlaces, familyDoctorCounters } from '../familydoctor/index.js';
import { resourcesChangedPlaces, resourcesCounters } from '../resources/index.js';
import { referralChangedPlaces, referralCounters } from '../referral/index.js';
import type { ChangedPlacesRegistry, CounterRegistry } from '../../core/counters.js';

/** Every module's counters, by name: the catalogue's numerators and denominators refer to these. */
export const COUNTERS: CounterRegistry = {
  ...networkCounters,
  ...peopleCounters,
  ...visitsCounters,
  ...ncdCounters,
  ...immunizationCounters,
  ...growthCounters,
  ...maternalCounters,
  ...criteriaCounters,
  ...satisfactionCounters,
  ...familyDoctorCounters,
  ...resourcesCounters,
  ...referralCounters,
};

/**
 * For each table a counter reads, where a write to it may change the facts (published by the table's
 * owner next to its counters): what `store.ts` recomputes after a write instead of the whole tree.
 */
export const CHANGED_PLACES: ChangedPlacesRegistry = {
  ...networkChangedPlaces,
  ...peopleChangedPlaces,
  ...visitsChangedPlaces,
  ...ncdChangedPlaces,
  ...immunizationChangedPlaces,
  ...growthChangedPlaces,
  ...maternalChangedPlaces,
  ...criteriaChangedPlaces,
  ...satisfactionChangedPlaces,
  ...familyDoctorChangedPlaces,
  ...resourcesChangedPlaces,
  ...referralChangedPlaces,
};

/** The source tables of counters whose owner does not say where their writes land (must be none). */
export function unplacedSources(): string[] {
  const tables = new Set([...NETWORK_SOURCES.units, ...Object.values(COUNTERS).flatMap((c) => c.sources)]);
  return [...tables].filter((t) => !CHANGED_PLACES[t]).sort();
}
