import { describe, expect, it } from 'vitest';
import { mapColumns, readCsv } from './file.js';
import { readDate } from './rows.js';

describe('reading an import file', () => {
  it('matches headers written with or without diacritics, in capitals, and reports the unknown ones', () => {
    const sheet = readCsv(
      Buffer.from(
        '\uFEFFMÃ HỘ;HO VA TEN;Năm sinh;Giới tính;Số CCCD;Quan hệ chủ hộ;Thôn;Ghi chú\nH1;A;1980;Nam;;Chủ hộ;;\n',
      ),
    );
    const map = mapColumns(sheet);
    expect(map.byField).toEqual({
      householdKey: 0,
      fullName: 1,
      birthDate: 2,
      sex: 3,
      personalId: 4,
      relationToHead: 5,
      hamlet: 6,
    });
    expect(map.unknown).toEqual(['Ghi chú']);
    expect(map.errors).toEqual([]);
    expect(sheet.rows).toEqual([{ row: 2, cells: ['H1', 'A', '1980', 'Nam', '', 'Chủ hộ', '', ''] }]);
  });

  it('names the required columns a file lacks and a field given twice', () => {
    const map = mapColumns(readCsv(Buffer.from('Họ và tên,Họ tên,Giới tính\n')));
    expect(map.errors.map((e) => [e.code, e.column, e.field])).toEqual([
      ['duplicate_column', 'Họ tên', 'fullName'],
      ['missing_column', null, 'householdKey'],
      ['missing_column', null, 'birthDate'],
      ['missing_column', null, 'relationToHead'],
    ]);
  });

  it('reads dates as people write them and refuses impossible ones', () => {
    expect(readDate('05/07/1979', true)).toEqual({ date: '1979-07-05' });
    expect(readDate('5-7-1979', true)).toEqual({ date: '1979-07-05' });
    expect(readDate('1979-07-05', true)).toEqual({ date: '1979-07-05' });
    expect(readDate('1979', true)).toEqual({ year: 1979 });
    expect(readDate('1979', false)).toBeNull();
    expect(readDate('31/02/1990', true)).toBeNull();
    expect(readDate('13/13/1990', true)).toBeNull();
  });
});
