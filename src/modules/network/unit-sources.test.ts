import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mappingFromCsv,
  parseGsoCsv,
  parseThanglequocPost2025,
  parseThanglequocPre2025,
  unitsFromCsv,
  type UnitRecord,
} from './unit-sources.js';

const reference = (file: string): string =>
  readFileSync(new URL(`../../../reference/units/${file}`, import.meta.url), 'utf8');

const post2025 = unitsFromCsv(reference('units-post2025.csv'), 'post2025');
const pre2025 = unitsFromCsv(reference('units-pre2025.csv'), 'pre2025');
const mapping = mappingFromCsv(reference('mapping-pre2025-post2025.csv'));

const byCode = (units: readonly UnitRecord[]) => new Map(units.map((u) => [u.code, u]));
const levelCount = (units: readonly UnitRecord[], level: UnitRecord['level']) =>
  units.filter((u) => u.level === level).length;

describe('shipped reference files', () => {
  it('post2025 has 34 provinces and 3,321 communes, unique codes, every parent a province', () => {
    expect(levelCount(post2025, 'province')).toBe(34);
    expect(levelCount(post2025, 'district')).toBe(0);
    expect(levelCount(post2025, 'commune')).toBe(3321);
    expect(new Set(post2025.map((u) => u.code)).size).toBe(post2025.length);
    const units = byCode(post2025);
    for (const commune of post2025.filter((u) => u.level === 'commune')) {
      expect(commune.parentCode, commune.code).not.toBeNull();
      expect(units.get(commune.parentCode ?? '')?.level, commune.code).toBe('province');
    }
  });

  it('pre2025 has 63 provinces, 696 districts and 10,035 communes, unique codes, every parent present', () => {
    expect(levelCount(pre2025, 'province')).toBe(63);
    expect(levelCount(pre2025, 'district')).toBe(696);
    expect(levelCount(pre2025, 'commune')).toBe(10035);
    expect(new Set(pre2025.map((u) => u.code)).size).toBe(pre2025.length);
    const units = byCode(pre2025);
    for (const unit of pre2025) {
      if (unit.level === 'commune')
        expect(units.get(unit.parentCode ?? '')?.level, unit.code).toBe('district');
      if (unit.level === 'district')
        expect(units.get(unit.parentCode ?? '')?.level, unit.code).toBe('province');
      if (unit.level === 'province') expect(unit.parentCode).toBeNull();
    }
  });

  it('keeps codes as strings with leading zeros, sorted by code with provinces first', () => {
    for (const units of [post2025, pre2025]) {
      const codes = units.map((u) => u.code);
      expect([...codes].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))).toEqual(codes);
      expect(units[0]?.level).toBe('province');
      for (const unit of units) {
        expect(unit.code).toMatch(
          unit.level === 'province' ? /^\d{2}$/ : unit.level === 'district' ? /^\d{3}$/ : /^\d{5}$/,
        );
      }
    }
  });

  it('knows a few real units', () => {
    const post = byCode(post2025);
    expect(post.get('22')).toMatchObject({
      level: 'province',
      name: 'Quảng Ninh',
      fullName: 'Tỉnh Quảng Ninh',
      unitType: 'Tỉnh',
      unitTypeEn: 'Province',
      parentCode: null,
    });
    expect(post.get('01')).toMatchObject({
      level: 'province',
      name: 'Hà Nội',
      unitType: 'Thành phố',
      unitTypeEn: 'City',
    });
    expect(post.get('00004')).toMatchObject({
      level: 'commune',
      parentCode: '01',
      name: 'Ba Đình',
      fullName: 'Phường Ba Đình',
      unitType: 'Phường',
      unitTypeEn: 'Ward',
      nameEn: 'Ba Dinh',
    });
    expect(post2025.filter((u) => u.unitType === 'Đặc khu')).toHaveLength(13);

    const pre = byCode(pre2025);
    expect(pre.get('00001')).toMatchObject({
      level: 'commune',
      parentCode: '001',
      name: 'Phúc Xá',
      unitType: 'Phường',
    });
    expect(pre.get('001')).toMatchObject({
      level: 'district',
      parentCode: '01',
      fullName: 'Quận Ba Đình',
      unitTypeEn: 'Urban district',
    });
    // A district-level 'Thành phố' is a provincial city.
    expect(pre2025.filter((u) => u.level === 'district' && u.unitType === 'Thành phố').length).toBe(87);
    expect(pre2025.filter((u) => u.unitType === 'Thị trấn').length).toBe(617);
  });

  it('carries area and population of the new map where the source has them, and nothing invented', () => {
    const provinces = post2025.filter((u) => u.level === 'province');
    expect(provinces.every((p) => p.population !== null && p.areaKm2 !== null)).toBe(true);
    expect(byCode(post2025).get('22')?.population).toBe(1429841);
    const communes = post2025.filter((u) => u.level === 'commune');
    expect(communes.filter((c) => c.population !== null)).toHaveLength(3319);
    // Đặc khu Vân Đồn has no row in the source file: left empty.
    expect(byCode(post2025).get('06994')).toMatchObject({ population: null, areaKm2: null });
    expect(pre2025.every((u) => u.population === null && u.areaKm2 === null)).toBe(true);
  });

  it('maps every old province and commune to units that exist', () => {
    const pre = byCode(pre2025);
    const post = byCode(post2025);
    for (const row of mapping) {
      expect(pre.get(row.oldCode)?.level, row.oldCode).toBe(row.oldLevel);
      expect(post.get(row.newCode)?.level, row.newCode).toBe(row.newLevel);
    }
    expect(mapping.filter((r) => r.oldLevel === 'province')).toHaveLength(63);
    const mappedOld = new Set(mapping.map((r) => r.oldCode));
    expect(pre2025.filter((u) => u.level !== 'district' && !mappedOld.has(u.code))).toEqual([]);
    // Phường Phúc Xá went whole into Phường Hồng Hà; Phường Cống Vị was divided.
    expect(mapping.filter((r) => r.oldCode === '00001')).toEqual([
      { oldLevel: 'commune', oldCode: '00001', newLevel: 'commune', newCode: '00097', kind: 'full' },
    ]);
    expect(mapping.filter((r) => r.oldCode === '00007').map((r) => [r.newCode, r.kind])).toEqual([
      ['00008', 'partial'],
      ['00025', 'partial'],
    ]);
    // A divided old unit is partial everywhere, a whole one full: the kinds agree with the fan-out.
    const fanOut = new Map<string, number>();
    for (const r of mapping) fanOut.set(r.oldCode, (fanOut.get(r.oldCode) ?? 0) + 1);
    for (const r of mapping) expect(r.kind, r.oldCode).toBe(fanOut.get(r.oldCode) === 1 ? 'full' : 'partial');
  });
});

describe('parseGsoCsv', () => {
  // Layout of the GSO export of the old map: a title row, then the header, one row per commune; Excel has
  // dropped the leading zeros of the last row; an island district has no communes.
  const withDistricts = [
    'DANH MỤC ĐƠN VỊ HÀNH CHÍNH,,,,,,,',
    'Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh',
    'Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Phúc Xá,00001,Phường,',
    'Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,00004,Phường,Truc Bach Ward',
    'Tỉnh Hà Giang,02,Thành phố Hà Giang,024,Xã Ngọc Đường,00721,Xã,',
    'Tỉnh Bà Rịa - Vũng Tàu,77,Huyện Côn Đảo,755,,,,',
    ',,,,,,,',
    'Thành phố Hà Nội,1,Huyện Sóc Sơn,16,Thị trấn Sóc Sơn,376,Thị trấn,',
  ].join('\n');

  it('reads the layout with districts as the pre2025 map', () => {
    const units = parseGsoCsv(withDistricts);
    expect(units.every((u) => u.map === 'pre2025')).toBe(true);
    expect(units.map((u) => `${u.level}:${u.code}`)).toEqual([
      'province:01',
      'province:02',
      'province:77',
      'district:001',
      'district:016',
      'district:024',
      'district:755',
      'commune:00001',
      'commune:00004',
      'commune:00376',
      'commune:00721',
    ]);
    const units_ = byCode(units);
    expect(units_.get('00001')).toMatchObject({
      parentCode: '001',
      unitType: 'Phường',
      unitTypeEn: 'Ward',
      name: 'Phúc Xá',
      fullName: 'Phường Phúc Xá',
      nameEn: 'Phuc Xa',
      fullNameEn: 'Phuc Xa Ward',
    });
    expect(units_.get('00004')).toMatchObject({ nameEn: 'Truc Bach', fullNameEn: 'Truc Bach Ward' });
    expect(units_.get('00376')).toMatchObject({
      parentCode: '016',
      unitType: 'Thị trấn',
      unitTypeEn: 'Township',
    });
    expect(units_.get('024')).toMatchObject({ parentCode: '02', unitType: 'Thành phố', unitTypeEn: 'City' });
    expect(units_.get('755')).toMatchObject({ level: 'district', unitType: 'Huyện', name: 'Côn Đảo' });
    expect(units_.get('01')).toMatchObject({
      level: 'province',
      unitType: 'Thành phố',
      name: 'Hà Nội',
      parentCode: null,
    });
    expect(units_.get('77')).toMatchObject({
      unitType: 'Tỉnh',
      name: 'Bà Rịa - Vũng Tàu',
      nameEn: 'Ba Ria - Vung Tau',
    });
    for (const u of units)
      if (u.parentCode !== null)
        expect(units_.get(u.parentCode)?.level, u.code).toBe(u.level === 'commune' ? 'district' : 'province');
  });

  it('reads the same file as the post2025 map when asked, ignoring the districts', () => {
    const units = parseGsoCsv(withDistricts, 'post2025');
    expect(units.some((u) => u.level === 'district')).toBe(false);
    expect(byCode(units).get('00001')).toMatchObject({ map: 'post2025', parentCode: '01' });
  });

  it('reads the layout without districts (semicolons, BOM) as the post2025 map', () => {
    const text = [
      '\uFEFFMã tỉnh;Tên tỉnh;Mã xã;Tên xã;Cấp',
      '01;Thành phố Hà Nội;00004;Phường Ba Đình;Phường',
      '22;Tỉnh Quảng Ninh;06994;Đặc khu Vân Đồn;Đặc khu',
      '22;Tỉnh Quảng Ninh;06709;Hạ Long;Phường',
    ].join('\r\n');
    const units = byCode(parseGsoCsv(text));
    expect(units.size).toBe(5);
    expect(units.get('00004')).toMatchObject({
      map: 'post2025',
      level: 'commune',
      parentCode: '01',
      name: 'Ba Đình',
    });
    expect(units.get('06994')).toMatchObject({
      unitType: 'Đặc khu',
      unitTypeEn: 'Special zone',
      fullNameEn: 'Van Don Special Zone',
    });
    // The type comes from 'Cấp' when the name has no prefix.
    expect(units.get('06709')).toMatchObject({ fullName: 'Phường Hạ Long', parentCode: '22' });
    expect(units.get('22')).toMatchObject({ level: 'province', unitType: 'Tỉnh', name: 'Quảng Ninh' });
  });

  it('names the line and the problem of a malformed row', () => {
    const header = 'Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp';
    const good = '01,Thành phố Hà Nội,00004,Phường Ba Đình,Phường';
    expect(() =>
      parseGsoCsv([header, good, '01,Thành phố Hà Nội,0A004,Phường Kim Mã,Phường'].join('\n')),
    ).toThrow(/line 3: commune code '0A004' is not a number/);
    expect(() => parseGsoCsv([header, good, '01,Thành phố Hà Nội,00028,,Phường'].join('\n'))).toThrow(
      /line 3: the commune name is empty/,
    );
    expect(() =>
      parseGsoCsv([header, good, '01,Thành phố Hà Nội,123456,Phường X,Phường'].join('\n')),
    ).toThrow(/line 3: commune code '123456' has more than 5 digits/);
    expect(() =>
      parseGsoCsv([header, good, '01,Thành phố Hà Nội,00028,Phường Kim Mã,Quận'].join('\n')),
    ).toThrow(/line 3: 'Cấp' is 'Quận'/);
    expect(() =>
      parseGsoCsv([header, good, '01,Thành phố Hà Nội,00004,Phường Ba Đình,Phường'].join('\n')),
    ).toThrow(/line 3: commune code 00004 already used on line 2/);
    expect(() => parseGsoCsv([header, good, '01,Thành phố Hà Nội'].join('\n'))).toThrow(/line 3: 2 columns/);
    expect(() => parseGsoCsv([header, good, '01,Hà Nội,00028,Phường Kim Mã,Phường'].join('\n'))).toThrow(
      /line 3: cannot tell the province type of 'Hà Nội'/,
    );
  });

  it('refuses a file without a header and a pre2025 request without districts', () => {
    expect(() => parseGsoCsv('a,b,c\n1,2,3\n')).toThrow(/no header row found/);
    expect(() =>
      parseGsoCsv(
        'Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã\n01,Thành phố Hà Nội,00004,Phường Ba Đình',
        'pre2025',
      ),
    ).toThrow(/pre2025 list needs district columns/);
  });
});

describe('thanglequoc JSON', () => {
  const ward = (code: string, name: string, type: string, provinceCode = '01') => ({
    Type: 'ward',
    Code: code,
    Name: name,
    NameEn: name,
    FullName: `${type.toLowerCase()} ${name}`,
    FullNameEn: `${name} X`,
    ProvinceCode: provinceCode,
    AdministrativeUnitShortName: type,
  });
  const province = {
    Type: 'province',
    Code: '01',
    Name: 'Hà Nội',
    NameEn: 'Hanoi',
    FullName: 'Thành phố Hà Nội',
    FullNameEn: 'Hanoi City',
    AdministrativeUnitShortName: 'Thành phố',
    Wards: [ward('00008', 'Ngọc Hà', 'Phường'), ward('00004', 'Ba Đình', 'Phường')],
  };

  it('parses the post2025 shape, fixes the case of a type prefix and sorts by code', () => {
    const units = parseThanglequocPost2025([province]);
    expect(units.map((u) => u.code)).toEqual(['01', '00004', '00008']);
    expect(units[1]).toMatchObject({
      parentCode: '01',
      unitType: 'Phường',
      fullName: 'Phường Ba Đình',
      map: 'post2025',
    });
  });

  it('rejects a bad post2025 shape with the JSON path', () => {
    expect(() => parseThanglequocPost2025([{ ...province, Code: '1' }])).toThrow(
      /\[0\]\.Code: province code must be 2 digits/,
    );
    expect(() =>
      parseThanglequocPost2025([{ ...province, Wards: [ward('00004', 'Ba Đình', 'Phường', '02')] }]),
    ).toThrow(/ProvinceCode 02 differs/);
    expect(() =>
      parseThanglequocPost2025([{ ...province, Wards: [ward('00004', 'Ba Đình', 'Quận')] }]),
    ).toThrow(/'Quận' is not a commune type/);
    expect(() => parseThanglequocPost2025({})).toThrow(/expected an array of provinces/);
  });

  it('derives pre2025 types from the full name', () => {
    const json = [
      {
        Code: '02',
        Name: 'Hà Giang',
        NameEn: 'Ha Giang',
        FullName: 'Tỉnh Hà Giang',
        FullNameEn: 'Ha Giang Province',
        District: [
          {
            Code: '024',
            Name: 'Hà Giang',
            NameEn: 'Ha Giang',
            FullName: 'Thành phố Hà Giang',
            FullNameEn: 'Ha Giang City',
            ProvinceCode: '02',
            Ward: [
              {
                Code: '00721',
                Name: 'Ngọc Đường',
                NameEn: 'Ngoc Duong',
                FullName: 'Xã Ngọc Đường',
                FullNameEn: 'Ngoc Duong Commune',
                DistrictCode: '024',
              },
            ],
          },
          {
            Code: '030',
            Name: 'Đồng Văn',
            NameEn: 'Dong Van',
            FullName: 'Huyện Đồng Văn',
            FullNameEn: 'Dong Van District',
            ProvinceCode: '02',
            Ward: null,
          },
        ],
      },
    ];
    const units = byCode(parseThanglequocPre2025(json));
    expect(units.get('02')).toMatchObject({ level: 'province', unitType: 'Tỉnh' });
    expect(units.get('024')).toMatchObject({
      level: 'district',
      unitType: 'Thành phố',
      unitTypeEn: 'City',
      parentCode: '02',
    });
    expect(units.get('030')).toMatchObject({ unitType: 'Huyện', unitTypeEn: 'District' });
    expect(units.get('00721')).toMatchObject({ level: 'commune', unitType: 'Xã', parentCode: '024' });

    const broken = structuredClone(json);
    const district = broken[0]?.District[0];
    if (district) district.FullName = 'Ấp Hà Giang';
    expect(() => parseThanglequocPre2025(broken)).toThrow(/cannot tell the district type of 'Ấp Hà Giang'/);
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

  // As scripts/unit-sources.ts writes them (unitsToCsv).
  const csv =
    'code,level,parentCode,unitType,unitTypeEn,name,fullName,nameEn,fullNameEn,population,areaKm2\n' +
    '22,province,,Tỉnh,Province,Quảng Ninh,Tỉnh Quảng Ninh,Quang Ninh,Quang Ninh Province,1429841,6207.9\n' +
    '06994,commune,22,Đặc khu,Special zone,Vân Đồn,Đặc khu Vân Đồn,"Van Don, ""the harbour""",Van Don Special Zone,,\n';

  it('reads units with their types, numbers and quoted names', () => {
    expect(unitsFromCsv(csv, 'post2025')).toEqual(sample);
  });

  it('rejects malformed rows with the line', () => {
    expect(() => unitsFromCsv(csv.replace('06994,commune,22', '6994,commune,22'), 'post2025')).toThrow(
      /line 3: code: a commune code has 5 digits/,
    );
    expect(() => unitsFromCsv(csv.replace('1429841', '1.4e6'), 'post2025')).toThrow(
      /line 2: population: population must be empty or a whole number/,
    );
    expect(() => unitsFromCsv(csv.replace(',Special zone,', ',Island,'), 'post2025')).toThrow(
      /line 3: unitTypeEn: the English type of Đặc khu is Special zone/,
    );
    expect(() => unitsFromCsv(csv.replace('code,level', 'ma,level'), 'post2025')).toThrow(
      /line 1: header must be/,
    );
  });

  it('reads mapping rows in order and rejects a bad kind', () => {
    const mappingCsv =
      'oldLevel,oldCode,newLevel,newCode,kind\ncommune,00007,commune,00025,partial\nprovince,02,province,08,full\n';
    expect(mappingFromCsv(mappingCsv)).toEqual([
      { oldLevel: 'province', oldCode: '02', newLevel: 'province', newCode: '08', kind: 'full' },
      { oldLevel: 'commune', oldCode: '00007', newLevel: 'commune', newCode: '00025', kind: 'partial' },
    ]);
    expect(() => mappingFromCsv(mappingCsv.replace('partial', 'some'))).toThrow(
      /line 2: kind: kind must be full or partial/,
    );
  });
});
