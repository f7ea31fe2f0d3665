/**
 * One commune's people for the sync benches (bench/sync.ts, bench/sync-browser.ts): households of 1–5,
 * nine in ten insured, drawn from a fixed seed so that both benches sync the same commune.
 */
import { newId } from '../../src/core/ids.js';
import type { BulkCard, BulkHousehold, BulkResident } from '../../src/modules/people/index.js';

export interface CommunePeople {
  households: BulkHousehold[];
  residents: (BulkResident & { id: string })[];
  cards: BulkCard[];
  /** The draw that made them, to draw more (visits) from the same sequence. */
  rand: () => number;
}

export function communePeople(commune: { id: string; path: string }, n: number): CommunePeople {
  let seed = 11;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const households: BulkHousehold[] = [];
  const residents: (BulkResident & { id: string })[] = [];
  const cards: BulkCard[] = [];
  const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
  const GIVEN = ['Văn An', 'Thị Bình', 'Văn Cường', 'Thị Dung', 'Minh Đức', 'Thu Hà', 'Quang Huy', 'Thị Lan'];
  while (residents.length < n) {
    const household = newId();
    households.push({
      id: household,
      unitId: commune.id,
      unitPath: commune.path,
      addressLine: `Số ${households.length + 1}`,
    });
    const size = 1 + Math.floor(rand() * 5);
    for (let m = 0; m < size && residents.length < n; m++) {
      const id = newId();
      const year = 1940 + Math.floor(rand() * 85);
      residents.push({
        id,
        householdId: household,
        relationToHead: m === 0 ? 'head' : 'child',
        fullName: `${FAMILY[Math.floor(rand() * 8)]} ${GIVEN[Math.floor(rand() * 8)]}`,
        sex: rand() < 0.5 ? 'male' : 'female',
        birthDate: `${year}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        birthYear: year,
        phones: rand() < 0.6 ? [`09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`] : [],
        ethnicity: '01',
        currentUnitId: commune.id,
        unitPath: commune.path,
        createdAt: new Date(),
      });
      if (rand() < 0.9)
        cards.push({
          id: newId(),
          residentId: id,
          code: `GD4${String(22000000000 + residents.length).padStart(11, '0')}`,
          socialInsuranceNumber: String(2200000000 + residents.length),
          benefitLevel: 4,
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
        });
    }
  }
  return { households, residents, cards, rand };
}
