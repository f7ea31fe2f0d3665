import { describe, expect, it } from 'vitest';
import beneficiaryGroups from '../../../reference/codes/insurance-beneficiary-group.csv?raw';
import ethnicities from '../../../reference/codes/ethnicity.csv?raw';
import relations from '../../../reference/codes/relation-to-head.csv?raw';
import religions from '../../../reference/codes/religion.csv?raw';
import staffTitles from '../../../reference/codes/staff-title.csv?raw';
import { codeDisplay } from './code-display';

const religionList = [
  { code: 'none', displayVi: 'Không', displayEn: 'None' },
  { code: 'buddhism', displayVi: 'Phật giáo', displayEn: 'Buddhism' },
];

describe('code-list values in the interface language', () => {
  it('shows the English display in English and the Vietnamese one in Vietnamese', () => {
    expect(codeDisplay(religionList, 'buddhism', 'en', 'Phật giáo')).toBe('Buddhism');
    expect(codeDisplay(religionList, 'buddhism', 'vi', 'Phật giáo')).toBe('Phật giáo');
  });

  it('falls back to the server’s name, then the code, for a code the list does not know', () => {
    expect(codeDisplay(undefined, 'buddhism', 'en', 'Phật giáo')).toBe('Phật giáo');
    expect(codeDisplay(religionList, 'cao_dai', 'en')).toBe('cao_dai');
    expect(codeDisplay(religionList, null, 'en')).toBe('');
  });

  it('has an English display for every value of the lists the profile shows', () => {
    const lists = { ethnicities, religions, relations, beneficiaryGroups, staffTitles };
    for (const [list, csv] of Object.entries(lists)) {
      const [header, ...lines] = csv.trim().split('\n');
      expect(header!.split(',').slice(0, 3)).toEqual(['code', 'display_vi', 'display_en']);
      for (const line of lines)
        expect(line.split(',')[2]?.replace(/"/g, '').trim(), `${list}: ${line}`).not.toBe('');
    }
  });
});
