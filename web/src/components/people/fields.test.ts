import { describe, expect, it } from 'vitest';
import { KEPT, keptRowOf, keptValueOf, type FieldDef } from './fields';

const fields: FieldDef[] = [
  { key: 'vaccine', type: 'text', label: 'vaccine', required: true },
  { key: 'doseNumber', type: 'number', label: 'doseNumber' },
  { key: 'date', type: 'date', label: 'date' },
];

describe('a list item edited in the 831 record', () => {
  it('keeps the mark of a dose written from the immunization register through an edit', () => {
    const row = keptRowOf(fields, { vaccine: 'BCG', doseNumber: 1, date: '2025-04-02', sourceId: 'v-1' });
    expect(row).toEqual({
      vaccine: 'BCG',
      doseNumber: '1',
      date: '02/04/2025',
      [KEPT]: '{"sourceId":"v-1"}',
    });
    expect(keptValueOf(fields, { ...row, doseNumber: '2' })).toEqual({
      sourceId: 'v-1',
      vaccine: 'BCG',
      doseNumber: 2,
      date: '2025-04-02',
    });
  });

  it('adds nothing to an item typed by hand', () => {
    const row = keptRowOf(fields, { vaccine: 'Dại', date: '2025-09-01' });
    expect(row[KEPT]).toBeUndefined();
    expect(keptValueOf(fields, row)).toEqual({ vaccine: 'Dại', doseNumber: null, date: '2025-09-01' });
  });
});
