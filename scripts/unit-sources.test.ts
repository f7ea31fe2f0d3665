import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mappingFromCsv, parseGsoCsv, unitsFromCsv, type UnitRecord } from '../src/modules/network/index.js';
import {
  attachAreaPopulation,
  checkUnitHierarchy,
  mappingToCsv,
  normaliseName,
  parseMappingDetailed,
  parseMappingSplits,
  unitsToCsv,
} from './unit-sources.js';

const reference = (file: string): string =>
  readFileSync(new URL(`../reference/units/${file}`, import.meta.url), 'utf8');

const post2025 = unitsFromCsv(reference('units-post2025.csv'), 'post2025');
const pre2025 = unitsFromCsv(reference('units-pre2025.csv'), 'pre2025');
const mapping = mappingFromCsv(reference('mapping-pre2025-post2025.csv'));

const byCode = (units: readonly UnitRecord[]) => new Map(units.map((u) => [u.code, u]));

describe('shipped reference files', () => {
  it('hold a sound hierarchy on both maps', () => {
    expect(checkUnitHierarchy(post2025)).toEqual([]);
    expect(checkUnitHierarchy(pre2025)).toEqual([]);
  });

  it('reads and writes the shipped files byte for byte', () => {
    expect(unitsToCsv(post2025)).toBe(reference('units-post2025.csv'));
    expect(unitsToCsv(pre2025)).toBe(reference('units-pre2025.csv'));
    expect(mappingToCsv(mapping)).toBe(reference('mapping-pre2025-post2025.csv'));
  });
});

describe('parseMappingSplits', () => {
  it('derives full/partial from the splits file', () => {
    const json = {
      data: [
        {
          level1_id: '01',
          name: 'Thành phố Hà Nội',
          splits: [{ new_id: '01', name: 'Thành phố Hà Nội' }],
          level3s: [
            {
              level3_id: '00001',
              name: 'Phường Phúc Xá',
              splits: [{ new_id: '00097', name: 'Phường Hồng Hà' }],
            },
            {
              level3_id: '00007',
              name: 'Phường Cống Vị',
              splits: [
                { new_id: '00025', name: 'Phường Giảng Võ' },
                { new_id: '00008', name: 'Phường Ngọc Hà' },
              ],
            },
          ],
        },
      ],
    };
    expect(parseMappingSplits(json)).toEqual([
      { oldLevel: 'province', oldCode: '01', newLevel: 'province', newCode: '01', kind: 'full' },
      { oldLevel: 'commune', oldCode: '00001', newLevel: 'commune', newCode: '00097', kind: 'full' },
      { oldLevel: 'commune', oldCode: '00007', newLevel: 'commune', newCode: '00008', kind: 'partial' },
      { oldLevel: 'commune', oldCode: '00007', newLevel: 'commune', newCode: '00025', kind: 'partial' },
    ]);
  });

  it('reads the explicit kind of the merges file and leaves old districts out', () => {
    const json = {
      data: [
        {
          level1_id: '22',
          name: 'Tỉnh Quảng Ninh',
          merges: [{ old_id: '22', name: 'Tỉnh Quảng Ninh', type: 'full' }],
          level2s: [
            {
              level2_id: '06970',
              name: 'Xã Ba Chẽ',
              merges: [
                { old_id: '06886', name: 'Xã Hải Lạng', type: 'partial' },
                { old_id: '06970', name: 'Thị trấn Ba Chẽ', type: 'full' },
              ],
            },
            {
              level2_id: '26732',
              name: 'Đặc khu Côn Đảo',
              merges: [{ old_id: '755', name: 'Huyện Côn Đảo', type: 'full' }],
            },
          ],
        },
      ],
    };
    const parsed = parseMappingDetailed(json);
    expect(parsed.entries.map((e) => [e.oldCode, e.newCode, e.kind, e.newProvinceCode])).toEqual([
      ['22', '22', 'full', '22'],
      ['06886', '06970', 'partial', '22'],
      ['06970', '06970', 'full', '22'],
    ]);
    expect(parsed.skipped).toEqual(['old district 755 Huyện Côn Đảo → 26732 Đặc khu Côn Đảo']);
    expect(() =>
      parseMappingSplits({
        data: [{ ...json.data[0], merges: [{ old_id: '22', name: 'x', type: 'most' }] }],
      }),
    ).toThrow(/type must be 'full' or 'partial'/);
  });
});

describe('compact CSV files', () => {
  const sample: UnitRecord[] = [
    {
      map: 'post2025',
      code: '22',
      level: 'province',
      parentCode: null,
      unitType: 'Tỉnh',
      unitTypeEn: 'Province',
      name: 'Quảng Ninh',
      fullName: 'Tỉnh Quảng Ninh',
      nameEn: 'Quang Ninh',
      fullNameEn: 'Quang Ninh Province',
      population: 1429841,
      areaKm2: 6207.9,
    },
    {
      map: 'post2025',
      code: '06994',
      level: 'commune',
      parentCode: '22',
      unitType: 'Đặc khu',
      unitTypeEn: 'Special zone',
      name: 'Vân Đồn',
      fullName: 'Đặc khu Vân Đồn',
      nameEn: 'Van Don, "the harbour"',
      fullNameEn: 'Van Don Special Zone',
      population: null,
      areaKm2: null,
    },
  ];

  it('round-trips units through unitsToCsv → unitsFromCsv', () => {
    const csv = unitsToCsv(sample);
    expect(csv.split('\n')[0]).toBe(
      'code,level,parentCode,unitType,unitTypeEn,name,fullName,nameEn,fullNameEn,population,areaKm2',
    );
    expect(unitsFromCsv(csv, 'post2025')).toEqual(sample);
    const fromGso = parseGsoCsv(
      'Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp\n1,Thành phố Hà Nội,4,Phường Ba Đình,Phường',
    );
    expect(unitsFromCsv(unitsToCsv(fromGso), 'post2025')).toEqual(fromGso);
  });

  it('writes one map to a file', () => {
    expect(() => unitsToCsv([...sample, { ...sample[0], map: 'pre2025' } as UnitRecord])).toThrow(
      /more than one map/,
    );
  });

  it('writes mapping rows sorted by old level and code, and reads them back', () => {
    const rows = [
      { oldLevel: 'commune', oldCode: '00007', newLevel: 'commune', newCode: '00025', kind: 'partial' },
      { oldLevel: 'province', oldCode: '02', newLevel: 'province', newCode: '08', kind: 'full' },
    ] as const;
    const csv = mappingToCsv([...rows]);
    expect(csv).toBe(
      'oldLevel,oldCode,newLevel,newCode,kind\nprovince,02,province,08,full\ncommune,00007,commune,00025,partial\n',
    );
    expect(mappingFromCsv(csv)).toEqual([rows[1], rows[0]]);
  });
});

describe('joining area and population by name', () => {
  it('normalises tone placement, case, spaces and apostrophes but keeps tones apart', () => {
    expect(normaliseName('Xã  Việt Hoà')).toBe(normaliseName('xã Việt Hòa'));
    expect(normaliseName('Phường Thuỷ Biều')).toBe(normaliseName('Phường Thủy Biều'));
    expect(normaliseName('Xã Cư M’gar')).toBe(normaliseName("Xã Cư M'Gar"));
    expect(normaliseName('Xã Hòa An')).not.toBe(normaliseName('Xã Hóa An'));
    expect(normaliseName('Xã Tân An')).not.toBe(normaliseName('Xã Tấn An'));
  });

  it('matches provinces by bare name and communes by full name, then by bare name, and invents nothing', () => {
    const units: UnitRecord[] = [
      { ...unit('01', 'province', null, 'Thành phố', 'Hà Nội') },
      { ...unit('00004', 'commune', '01', 'Phường', 'Ba Đình') },
      { ...unit('10543', 'commune', '01', 'Phường', 'Việt Hoà') },
      { ...unit('00008', 'commune', '01', 'Phường', 'Ngọc Hà') },
    ];
    const { units: joined, report } = attachAreaPopulation(
      units,
      [{ line: 2, name: 'Thủ đô Hà Nội', provinceName: null, population: 8718000, areaKm2: 3359.8 }],
      [
        {
          line: 2,
          name: 'Phường Ba Đình',
          provinceName: 'Thành phố Hà Nội',
          population: 65023,
          areaKm2: 2.97,
        },
        { line: 3, name: 'Xã Việt Hòa', provinceName: 'Thành phố Hà Nội', population: 31001, areaKm2: 17.02 },
        { line: 4, name: 'Phường Nowhere', provinceName: 'Thành phố Hà Nội', population: 1, areaKm2: 1 },
      ],
    );
    const out = byCode(joined);
    expect(out.get('01')?.population).toBe(8718000);
    expect(out.get('00004')).toMatchObject({ population: 65023, areaKm2: 2.97 });
    expect(out.get('10543')).toMatchObject({ population: 31001 });
    expect(out.get('00008')).toMatchObject({ population: null, areaKm2: null });
    expect(report.communesWithPopulation).toBe(2);
    expect(report.communesMatchedByName).toEqual([
      { code: '10543', fullName: 'Phường Việt Hoà', sourceName: 'Xã Việt Hòa' },
    ]);
    expect(report.unmatchedRows.map((r) => r.line)).toEqual([4]);
    expect(units[1]?.population).toBeNull(); // the input is not modified
  });
});

function unit(
  code: string,
  level: UnitRecord['level'],
  parentCode: string | null,
  unitType: string,
  name: string,
): UnitRecord {
  const en: Record<string, string> = { 'Thành phố': 'City', Phường: 'Ward' };
  return {
    map: 'post2025',
    code,
    level,
    parentCode,
    unitType,
    unitTypeEn: en[unitType] ?? '',
    name,
    fullName: `${unitType} ${name}`,
    nameEn: name,
    fullNameEn: name,
    population: null,
    areaKm2: null,
  };
}
