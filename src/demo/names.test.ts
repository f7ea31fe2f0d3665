import { describe, expect, it } from 'vitest';
import { HAMLET_TYPES } from '../modules/network/index.js';
import { hamletName, hamletNames, personName, type NameStyle } from './names.js';
import { createRng } from './random.js';

describe('names', () => {
  it('gives women "Thị" often and men never', () => {
    const r = createRng(11);
    const women = Array.from({ length: 1000 }, () => personName(r, 'female'));
    const men = Array.from({ length: 1000 }, () => personName(r, 'male'));
    const thi = women.filter((n) => n.split(' ').includes('Thị')).length;
    expect(thi).toBeGreaterThan(350);
    expect(thi).toBeLessThan(650);
    expect(men.some((n) => n.split(' ').includes('Thị'))).toBe(false);
    const nguyen = [...women, ...men].filter((n) => n.startsWith('Nguyễn ')).length;
    expect(nguyen / 2000).toBeGreaterThan(0.32);
    expect(nguyen / 2000).toBeLessThan(0.45);
  });

  it('never makes an empty name nor repeats a word, in every naming style', () => {
    const r = createRng(12);
    const styles: NameStyle[] = [
      'north',
      'central',
      'south',
      'north_minority',
      'hmong',
      'highlands',
      'khmer',
    ];
    for (const style of styles)
      for (let i = 0; i < 300; i++) {
        const name = personName(r, i % 2 ? 'male' : 'female', style);
        const words = name.split(' ');
        expect(words.length, name).toBeGreaterThanOrEqual(2);
        expect(
          words.every((w) => w.length > 0),
          name,
        ).toBe(true);
        expect(new Set(words).size, name).toBe(words.length);
      }
  });

  it('names a commune’s hamlets uniquely, with the words of the region and commune type', () => {
    const r = createRng(13);
    for (let i = 0; i < 50; i++) {
      const rural = hamletNames(r, { region: 'north_delta', ward: false, mountain: false }, 20);
      expect(new Set(rural.map((h) => `${h.unitType} ${h.name}`)).size).toBe(20);
      for (const h of rural) expect(['Thôn', 'Xóm', 'Làng']).toContain(h.unitType);
      const ward = hamletNames(r, { region: 'north_delta', ward: true, mountain: false }, 15);
      for (const h of ward) expect(h.unitType).toBe('Tổ dân phố');
      const south = hamletNames(r, { region: 'mekong', ward: false, mountain: false }, 12);
      for (const h of south) expect(['Ấp', 'Sóc']).toContain(h.unitType);
      const southWard = hamletNames(r, { region: 'southeast', ward: true, mountain: false }, 8);
      for (const h of southWard) expect(h.unitType).toBe('Khu phố');
      const mountain = hamletNames(r, { region: 'north_mountain', ward: false, mountain: true }, 15);
      for (const h of [...rural, ...ward, ...south, ...southWard, ...mountain]) {
        expect(HAMLET_TYPES as readonly string[]).toContain(h.unitType);
        expect(h.name.trim()).not.toBe('');
      }
    }
    const mountainTypes = new Set(
      Array.from({ length: 30 }, () =>
        hamletNames(r, { region: 'north_mountain', ward: false, mountain: true }, 10),
      ).flatMap((c) => c.map((h) => h.unitType)),
    );
    expect(mountainTypes.has('Bản')).toBe(true);
    const single = hamletName(createRng(1), 'mekong', 3);
    expect(single).toEqual(hamletName(createRng(1), 'mekong', 3));
  });
});
