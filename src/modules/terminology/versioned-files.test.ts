import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseVersionedFile } from './versioned-files.js';

const schema = z.object({
  version: z.string(),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  limit: z.number().int(),
});
const file = (versions: unknown[], kind = 'limits') => JSON.stringify({ kind, versions });

describe('a reference file of dated versions', () => {
  it('gives the versions sorted by their start', () => {
    const versions = parseVersionedFile(
      'reference/x/limits.json',
      'limits',
      schema,
      file([
        { version: '2026', validFrom: '2026-01-01', validTo: null, limit: 140 },
        { version: '2024', validFrom: '2024-01-01', validTo: '2026-01-01', limit: 130 },
      ]),
    );
    expect(versions.map((v) => [v.version, v.limit])).toEqual([
      ['2024', 130],
      ['2026', 140],
    ]);
  });

  it('refuses a version that runs into the next one, naming the file and the version', () => {
    const overlapping = file([
      { version: 'a', validFrom: '2024-01-01', validTo: '2026-02-01', limit: 1 },
      { version: 'b', validFrom: '2026-01-01', validTo: null, limit: 2 },
    ]);
    expect(() => parseVersionedFile('reference/x/limits.json', 'limits', schema, overlapping)).toThrow(
      'reference/x/limits.json: version a overlaps the next',
    );
    const openEnded = file([
      { version: 'a', validFrom: '2024-01-01', validTo: null, limit: 1 },
      { version: 'b', validFrom: '2026-01-01', validTo: null, limit: 2 },
    ]);
    expect(() => parseVersionedFile('f.json', 'limits', schema, openEnded)).toThrow(
      'version a overlaps the next',
    );
  });

  it('refuses another kind of file and a wrong field, with the field’s path', () => {
    const one = [{ version: 'a', validFrom: '2024-01-01', validTo: null, limit: 1 }];
    expect(() => parseVersionedFile('f.json', 'limits', schema, file(one, 'other'))).toThrow(
      /^f\.json: kind: /,
    );
    expect(() =>
      parseVersionedFile('f.json', 'limits', schema, file([{ ...one[0], limit: 'high' }])),
    ).toThrow(/^f\.json: versions\.0\.limit: /);
  });
});
