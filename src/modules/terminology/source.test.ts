import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES_DIR, sourceOf } from './service.js';

describe('the source recorded for a loaded code list', () => {
  it('is the file path inside the project, whatever folder the list came from', () => {
    expect(sourceOf(CODES_DIR, 'tetanus-protection.csv')).toBe('reference/codes/tetanus-protection.csv');
    const resources = fileURLToPath(new URL('../../../reference/resources/codes', import.meta.url));
    expect(sourceOf(resources, 'funding-source.csv')).toBe('reference/resources/codes/funding-source.csv');
  });
});
