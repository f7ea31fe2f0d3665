import { describe, expect, it } from 'vitest';
import peopleEn from './people.en.json';
import peopleVi from './people.vi.json';
import visitsEn from './visits.en.json';
import visitsVi from './visits.vi.json';

describe('labels a user tells apart', () => {
  it('gives every tab of a person’s profile its own name, in both languages', () => {
    for (const [people, visits] of [
      [peopleVi, visitsVi],
      [peopleEn, visitsEn],
    ] as const) {
      // The profile's tabs: the 831 record's parts (people.tabs) and the station visits (visits.history.tab).
      const labels = [...Object.values(people.people.tabs), visits.visits.history.tab];
      expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
    }
  });
});
