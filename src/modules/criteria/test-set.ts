// A hand-built criteria version for the tests (scoring.test.ts, criteria.db.test.ts).
import { criteriaSetDefinition, type CriteriaSetDefinition } from './contracts.js';

const ind = (code: string, maxPoints: number, mandatory = false) => ({
  code,
  name: { vi: `Chỉ tiêu ${code}`, en: `Indicator ${code}` },
  maxPoints,
  mandatory,
  prefill: [],
});
/** Three criteria: 20 (with a knock-out 1.1 of 5 points), 20 and 60 points; pass at 80 and 50% of each. */
export const TEST_SET: CriteriaSetDefinition = criteriaSetDefinition.parse({
  code: 'TEST',
  version: 1,
  validFrom: '2024-01-01',
  validTo: null,
  source: 'hand-built for the tests',
  passRule: { minTotal: 80, minShareOfEach: 0.5 },
  validityYears: 3,
  criteria: [
    {
      no: 1,
      name: { vi: 'Một', en: 'One' },
      maxPoints: 20,
      indicators: [ind('1.1', 5, true), ind('1.2', 15)],
    },
    { no: 2, name: { vi: 'Hai', en: 'Two' }, maxPoints: 20, indicators: [ind('2.1', 10), ind('2.2', 10)] },
    { no: 3, name: { vi: 'Ba', en: 'Three' }, maxPoints: 60, indicators: [ind('3.1', 30), ind('3.2', 30)] },
  ],
});
