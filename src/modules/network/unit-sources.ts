/**
 * Sources of administrative units (đơn vị hành chính: administrative units) for both maps, as ytcs reads
 * them at run time:
 *
 * - `post2025`: the current two-level map in force since 1/7/2025 (34 tỉnh: provinces → 3,321 xã/phường/đặc khu:
 *   communes, wards and special zones);
 * - `pre2025`: the old three-level map (63 provinces → 696 huyện: districts → 10,035 communes).
 *
 * `ytcs units import` reads the official GSO list (CSV) and thanglequoc's JSON; the start and `ytcs migrate`
 * read the project's compact files in reference/units (`unitsFromCsv`, `mappingFromCsv`). The parsers of the
 * other sources and the writers of those files, which only scripts/build-units.ts runs, are in
 * scripts/unit-sources.ts; they share this file's validation and CSV plumbing (`unitSourceKit`).
 *
 * Pure functions only (no database, no HTTP, no file system): they turn the text or JSON of a source into
 * `UnitRecord`s / `UnitMappingRecord`s. Everything that comes from outside is validated with zod and errors
 * name the place (JSON path or CSV line) and the problem.
 *
 * Codes are the GSO codes (mã đơn vị hành chính of the General Statistics Office, Tổng cục Thống kê) kept as
 * strings with their leading zeros: province 2 digits, district 3 digits, commune 5 digits.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

export type MapVersion = 'post2025' | 'pre2025';
export type UnitLevel = 'province' | 'district' | 'commune';

export interface UnitRecord {
  map: MapVersion;
  /** GSO code: province 2 digits, district 3 digits, commune 5 digits. */
  code: string;
  level: UnitLevel;
  /** Province for a post2025 commune; district for a pre2025 commune; province for a district; null for a province. */
  parentCode: string | null;
  /** Vietnamese short type, e.g. 'Tỉnh', 'Phường' (see UNIT_TYPES_EN). */
  unitType: string;
  /** English short type, e.g. 'Province', 'Ward'. */
  unitTypeEn: string;
  name: string;
  fullName: string;
  nameEn: string;
  fullNameEn: string;
  population: number | null;
  areaKm2: number | null;
}

export interface UnitMappingRecord {
  oldLevel: 'province' | 'commune';
  oldCode: string;
  newLevel: 'province' | 'commune';
  newCode: string;
  /** `full`: the whole old unit went into the new one; `partial`: only part of it did. */
  kind: 'full' | 'partial';
}

// ---------------------------------------------------------------------------------------------------------
// Unit types
// ---------------------------------------------------------------------------------------------------------

/** Vietnamese short unit type → English short unit type. */
export const UNIT_TYPES_EN = {
  // Thành phố: city. At province level a centrally-run city (thành phố trực thuộc trung ương, e.g. Hà Nội);
  // at district level a provincial city (thành phố thuộc tỉnh).
  'Thành phố': 'City',
  Tỉnh: 'Province', // Tỉnh: province
  Quận: 'Urban district', // Quận: urban district of a city
  Huyện: 'District', // Huyện: rural district
  'Thị xã': 'Town', // Thị xã: district-level town
  Phường: 'Ward', // Phường: urban commune-level unit
  Xã: 'Commune', // Xã: rural commune
  'Thị trấn': 'Township', // Thị trấn: commune-level town (seat of a district), abolished in 2025
  'Đặc khu': 'Special zone', // Đặc khu: island special zone (commune level since 2025)
} as const;
export type UnitType = keyof typeof UNIT_TYPES_EN;

/** The types each level may carry. */
export const UNIT_TYPES_BY_LEVEL: Readonly<Record<UnitLevel, readonly UnitType[]>> = {
  province: ['Thành phố', 'Tỉnh'],
  district: ['Quận', 'Huyện', 'Thị xã', 'Thành phố'],
  commune: ['Phường', 'Xã', 'Thị trấn', 'Đặc khu'],
};

const CODE_LENGTH: Readonly<Record<UnitLevel, number>> = { province: 2, district: 3, commune: 5 };
const LEVEL_ORDER: Readonly<Record<UnitLevel, number>> = { province: 0, district: 1, commune: 2 };

function isUnitType(value: string): value is UnitType {
  return Object.prototype.hasOwnProperty.call(UNIT_TYPES_EN, value);
}

/**
 * Split a full name such as 'Phường Ba Đình' into its type and bare name, trying the types allowed at `level`
 * (longest first, case-insensitive: one source writes 'xã Bắc Sơn'). Returns null when no prefix fits.
 */
export function splitUnitType(
  fullName: string,
  level: UnitLevel,
): { unitType: UnitType; name: string } | null {
  const text = fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
  const types = [...UNIT_TYPES_BY_LEVEL[level]].sort((a, b) => b.length - a.length);
  for (const unitType of types) {
    const prefix = `${unitType} `.toLocaleLowerCase('vi');
    if (text.toLocaleLowerCase('vi').startsWith(prefix)) {
      const name = text.slice(prefix.length).trim();
      if (name !== '') return { unitType, name };
    }
  }
  return null;
}

/** Fold Vietnamese to plain ASCII letters ('Đồng Hới' → 'Dong Hoi'): for English names when a source has none. */
export function foldToAscii(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** English full name in the style of the thanglequoc data: 'Ba Dinh Ward', but 'Ward 1', 'Ward Ha Giang 2'. */
export function englishFullName(nameEn: string, unitType: UnitType): string {
  // Quận is an urban district, but 'Ba Dinh District' is how its English full name is written.
  const suffix = unitType === 'Quận' ? 'District' : titleCase(UNIT_TYPES_EN[unitType]);
  return /\d$/.test(nameEn) ? `${suffix} ${nameEn}` : `${nameEn} ${suffix}`;
}

function titleCase(text: string): string {
  return text.replace(
    /(^|\s)(\p{Ll})/gu,
    (_m, space: string, letter: string) => space + letter.toUpperCase(),
  );
}

/** Write the type prefix the canonical way ('xã Bắc Sơn' → 'Xã Bắc Sơn'); other full names are kept. */
function canonicalFullName(fullName: string, unitType: UnitType): string {
  const text = fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
  const prefix = `${unitType} `;
  if (text.toLocaleLowerCase('vi').startsWith(prefix.toLocaleLowerCase('vi'))) {
    return prefix + text.slice(prefix.length);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------------------

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} is empty`);
const digits = (n: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(new RegExp(`^\\d{${n}}$`), `${what} must be ${n} digits`);
const provinceCode = digits(2, 'province code');
const districtCode = digits(3, 'district code');
const communeCode = digits(5, 'commune code');

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${label}: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Order of unit records: by code, shorter codes first. Codes have one length per level, so provinces come
 * first, then districts, then communes (parents before children), each in code order.
 */
function compareCodes(a: { code: string }, b: { code: string }): number {
  if (a.code.length !== b.code.length) return a.code.length - b.code.length;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function assertUniqueCodes(units: readonly UnitRecord[], label: string): void {
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.code)) throw new Error(`${label}: code ${unit.code} occurs twice`);
    seen.add(unit.code);
  }
}

function compareMappings(a: UnitMappingRecord, b: UnitMappingRecord): number {
  const level = LEVEL_ORDER[a.oldLevel] - LEVEL_ORDER[b.oldLevel];
  if (level !== 0) return level;
  if (a.oldCode !== b.oldCode) return a.oldCode < b.oldCode ? -1 : 1;
  return a.newCode < b.newCode ? -1 : a.newCode > b.newCode ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// thanglequoc/vietnamese-provinces-database JSON
// ---------------------------------------------------------------------------------------------------------

const tlqPost2025Ward = z.object({
  Code: communeCode,
  Name: nonEmpty('Name'),
  NameEn: nonEmpty('NameEn'),
  FullName: nonEmpty('FullName'),
  FullNameEn: nonEmpty('FullNameEn'),
  ProvinceCode: provinceCode,
  AdministrativeUnitShortName: nonEmpty('AdministrativeUnitShortName'),
});
const tlqPost2025Province = z.object({
  Code: provinceCode,
  Name: nonEmpty('Name'),
  NameEn: nonEmpty('NameEn'),
  FullName: nonEmpty('FullName'),
  FullNameEn: nonEmpty('FullNameEn'),
  AdministrativeUnitShortName: nonEmpty('AdministrativeUnitShortName'),
  Wards: z.array(tlqPost2025Ward, { error: 'Wards must be an array' }),
});
const tlqPost2025 = z.array(tlqPost2025Province, { error: 'expected an array of provinces' });

function typeFromShortName(value: string, level: UnitLevel, where: string): UnitType {
  const unitType = value.normalize('NFC').trim();
  if (!isUnitType(unitType) || !UNIT_TYPES_BY_LEVEL[level].includes(unitType)) {
    throw new Error(
      `${where}: unit type '${value}' is not a ${level} type (${UNIT_TYPES_BY_LEVEL[level].join(', ')})`,
    );
  }
  return unitType;
}

/**
 * The current map from thanglequoc's "full" JSON: an array of 34 provinces, each with its `Wards` (communes,
 * wards and special zones; the source calls every commune-level unit a ward). Types come from
 * `AdministrativeUnitShortName`.
 */
export function parseThanglequocPost2025(json: unknown): UnitRecord[] {
  const label = 'thanglequoc post2025 JSON';
  const provinces = parseWith(tlqPost2025, json, label);
  const units: UnitRecord[] = [];
  provinces.forEach((p, i) => {
    const unitType = typeFromShortName(
      p.AdministrativeUnitShortName,
      'province',
      `${label} [${i}] (${p.Code})`,
    );
    units.push({
      map: 'post2025',
      code: p.Code,
      level: 'province',
      parentCode: null,
      unitType,
      unitTypeEn: UNIT_TYPES_EN[unitType],
      name: p.Name,
      fullName: canonicalFullName(p.FullName, unitType),
      nameEn: p.NameEn,
      fullNameEn: p.FullNameEn,
      population: null,
      areaKm2: null,
    });
    p.Wards.forEach((w, j) => {
      const where = `${label} [${i}].Wards[${j}] (${w.Code})`;
      if (w.ProvinceCode !== p.Code) {
        throw new Error(`${where}: ProvinceCode ${w.ProvinceCode} differs from its province ${p.Code}`);
      }
      const wardType = typeFromShortName(w.AdministrativeUnitShortName, 'commune', where);
      units.push({
        map: 'post2025',
        code: w.Code,
        level: 'commune',
        parentCode: p.Code,
        unitType: wardType,
        unitTypeEn: UNIT_TYPES_EN[wardType],
        name: w.Name,
        fullName: canonicalFullName(w.FullName, wardType),
        nameEn: w.NameEn,
        fullNameEn: w.FullNameEn,
        population: null,
        areaKm2: null,
      });
    });
  });
  assertUniqueCodes(units, label);
  return units.sort(compareCodes);
}

const tlqPre2025Ward = z.object({
  Code: communeCode,
  Name: nonEmpty('Name'),
  NameEn: nonEmpty('NameEn'),
  FullName: nonEmpty('FullName'),
  FullNameEn: nonEmpty('FullNameEn'),
  DistrictCode: districtCode,
});
const tlqPre2025District = z.object({
  Code: districtCode,
  Name: nonEmpty('Name'),
  NameEn: nonEmpty('NameEn'),
  FullName: nonEmpty('FullName'),
  FullNameEn: nonEmpty('FullNameEn'),
  ProvinceCode: provinceCode,
  // Island districts without communes (e.g. Huyện Côn Đảo) carry `"Ward": null`.
  Ward: z.array(tlqPre2025Ward, { error: 'Ward must be an array or null' }).nullable(),
});
const tlqPre2025Province = z.object({
  Code: provinceCode,
  Name: nonEmpty('Name'),
  NameEn: nonEmpty('NameEn'),
  FullName: nonEmpty('FullName'),
  FullNameEn: nonEmpty('FullNameEn'),
  District: z.array(tlqPre2025District, { error: 'District must be an array' }),
});
const tlqPre2025 = z.array(tlqPre2025Province, { error: 'expected an array of provinces' });

interface NamedSource {
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  FullNameEn: string;
}

function typeFromFullName(source: NamedSource, level: UnitLevel, where: string): UnitType {
  const split = splitUnitType(source.FullName, level);
  if (split === null) {
    throw new Error(
      `${where}: cannot tell the ${level} type of '${source.FullName}' ` +
        `(expected it to start with ${UNIT_TYPES_BY_LEVEL[level].join(', ')})`,
    );
  }
  return split.unitType;
}

/**
 * The old map from thanglequoc's v2.4.1 "simplified" JSON: provinces → `District` → `Ward`. That file has no
 * type field, so the type is read from the prefix of `FullName` ('Quận Ba Đình' → Quận); a district-level
 * 'Thành phố' is a provincial city.
 */
export function parseThanglequocPre2025(json: unknown): UnitRecord[] {
  const label = 'thanglequoc pre2025 JSON';
  const provinces = parseWith(tlqPre2025, json, label);
  const units: UnitRecord[] = [];
  const record = (
    source: NamedSource,
    level: UnitLevel,
    parentCode: string | null,
    where: string,
  ): UnitRecord => {
    const unitType = typeFromFullName(source, level, where);
    return {
      map: 'pre2025',
      code: source.Code,
      level,
      parentCode,
      unitType,
      unitTypeEn: UNIT_TYPES_EN[unitType],
      name: source.Name,
      fullName: canonicalFullName(source.FullName, unitType),
      nameEn: source.NameEn,
      fullNameEn: source.FullNameEn,
      population: null,
      areaKm2: null,
    };
  };
  provinces.forEach((p, i) => {
    units.push(record(p, 'province', null, `${label} [${i}] (${p.Code})`));
    p.District.forEach((d, j) => {
      const where = `${label} [${i}].District[${j}] (${d.Code})`;
      if (d.ProvinceCode !== p.Code) {
        throw new Error(`${where}: ProvinceCode ${d.ProvinceCode} differs from its province ${p.Code}`);
      }
      units.push(record(d, 'district', p.Code, where));
      (d.Ward ?? []).forEach((w, k) => {
        const wardWhere = `${where}.Ward[${k}] (${w.Code})`;
        if (w.DistrictCode !== d.Code) {
          throw new Error(`${wardWhere}: DistrictCode ${w.DistrictCode} differs from its district ${d.Code}`);
        }
        units.push(record(w, 'commune', d.Code, wardWhere));
      });
    });
  });
  assertUniqueCodes(units, label);
  return units.sort(compareCodes);
}

// ---------------------------------------------------------------------------------------------------------
// CSV plumbing
// ---------------------------------------------------------------------------------------------------------

interface CsvRow {
  /** 1-based line of the source text where the row ends. */
  line: number;
  cells: string[];
}

const parsedCsv = z.array(z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }));

function readCsv(input: string, label: string, delimiter = ','): CsvRow[] {
  let raw: unknown;
  try {
    raw = parse(input, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseWith(parsedCsv, raw, `${label} (csv-parse output)`).map(({ record, info }) => ({
    line: info.lines,
    cells: record,
  }));
}

const isBlankRow = (row: CsvRow): boolean => row.cells.every((cell) => cell.trim() === '');

// ---------------------------------------------------------------------------------------------------------
// Official GSO list (danhmuchanhchinh.gso.gov.vn)
// ---------------------------------------------------------------------------------------------------------

type GsoColumn =
  | 'provinceCode'
  | 'provinceName'
  | 'districtCode'
  | 'districtName'
  | 'communeCode'
  | 'communeName'
  | 'level'
  | 'nameEn'
  | 'genericCode'
  | 'genericName';

/** Header aliases, compared after `headerKey` (lower case, no spaces, slashes, dots, dashes or underscores). */
const GSO_HEADERS: Readonly<Record<GsoColumn, readonly string[]>> = {
  // Mã TP: code of the province/city (tỉnh/thành phố); Mã tỉnh: province code.
  provinceCode: ['mãtp', 'mãtỉnh', 'mãtỉnhtp', 'mãtỉnhthànhphố', 'mãtỉnhthành'],
  // Tỉnh / Thành Phố, Tên tỉnh: province name.
  provinceName: ['tỉnhthànhphố', 'tỉnhtp', 'têntỉnh', 'têntỉnhtp', 'têntỉnhthànhphố', 'tỉnhthành', 'tỉnh'],
  // Mã QH: code of the district (quận/huyện).
  districtCode: ['mãqh', 'mãhuyện', 'mãquậnhuyện'],
  // Quận Huyện, Tên huyện: district name.
  districtName: ['quậnhuyện', 'tênhuyện', 'tênquậnhuyện', 'huyện'],
  // Mã PX: code of the commune (phường/xã); Mã xã: commune code.
  communeCode: ['mãpx', 'mãxã', 'mãphườngxã', 'mãxãphường'],
  // Phường Xã, Tên xã: commune name.
  communeName: ['phườngxã', 'tênxã', 'tênphườngxã', 'xãphường', 'xã'],
  // Cấp: level / unit type of the row's commune ('Phường', 'Xã', 'Thị trấn', 'Đặc khu').
  level: ['cấp', 'loại', 'cấphànhchính', 'loạiđơnvị'],
  // Tên Tiếng Anh: English name.
  nameEn: ['têntiếnganh', 'tênta', 'tênenglish', 'englishname'],
  // Mã / Tên: code and name of the listed unit itself (the commune in a commune list).
  genericCode: ['mã', 'mãsố'],
  genericName: ['tên'],
};

function headerKey(cell: string): string {
  return cell
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\s/.\-_:]+/g, '');
}

type GsoHeader = Partial<Record<GsoColumn, number>>;

function matchGsoHeader(cells: readonly string[]): GsoHeader {
  const header: GsoHeader = {};
  cells.forEach((cell, index) => {
    const key = headerKey(cell);
    for (const [column, aliases] of Object.entries(GSO_HEADERS) as Array<[GsoColumn, readonly string[]]>) {
      if (header[column] === undefined && aliases.includes(key)) {
        header[column] = index;
        break;
      }
    }
  });
  if (header.communeCode === undefined && header.genericCode !== undefined)
    header.communeCode = header.genericCode;
  if (header.communeName === undefined && header.genericName !== undefined)
    header.communeName = header.genericName;
  return header;
}

function detectDelimiter(input: string): string {
  const lines = input.split(/\r?\n/).slice(0, 30);
  const headerLike = lines.find((line) => /mã/i.test(line.normalize('NFC'))) ?? lines[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: headerLike.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  const best = counts[0];
  return best !== undefined && best.n > 0 ? best.d : ',';
}

/** A GSO code cell: digits only; Excel drops leading zeros, so shorter codes are padded back. */
function gsoCode(value: string, level: UnitLevel, line: number): string {
  const trimmed = value.trim().replace(/\.0+$/, '');
  const length = CODE_LENGTH[level];
  if (!/^\d+$/.test(trimmed)) {
    throw new Error(`GSO CSV line ${line}: ${level} code '${value}' is not a number`);
  }
  if (trimmed.length > length) {
    throw new Error(`GSO CSV line ${line}: ${level} code '${value}' has more than ${length} digits`);
  }
  return trimmed.padStart(length, '0');
}

/**
 * The official GSO list as exported from the GSO site (danhmuchanhchinh.gso.gov.vn) and saved as CSV
 * (comma, semicolon or tab separated; title rows above the header are skipped). One row per commune, with
 * its province and, on the old map, its district. Header names are matched loosely: 'Mã TP' / 'Mã tỉnh',
 * 'Tỉnh / Thành Phố' / 'Tên tỉnh', 'Mã QH', 'Quận Huyện', 'Mã PX' / 'Mã xã' / 'Mã', 'Phường Xã' / 'Tên xã' /
 * 'Tên', 'Cấp', 'Tên Tiếng Anh'. A file with district columns is the pre2025 map, one without is post2025,
 * unless `map` says otherwise. A row with a district but no commune (island districts) adds the district only.
 * Throws an Error naming the line and the problem for a malformed row.
 */
export function parseGsoCsv(input: string, map?: MapVersion): UnitRecord[] {
  const rows = readCsv(input, 'GSO CSV', detectDelimiter(input));
  const headerIndex = rows.findIndex((row) => {
    const h = matchGsoHeader(row.cells);
    return h.provinceCode !== undefined && h.communeCode !== undefined;
  });
  const headerRow = rows[headerIndex];
  if (headerIndex < 0 || headerRow === undefined) {
    throw new Error(
      "GSO CSV: no header row found (expected columns such as 'Mã TP' or 'Mã tỉnh', 'Tỉnh / Thành Phố' or " +
        "'Tên tỉnh', 'Mã PX' or 'Mã xã', 'Phường Xã' or 'Tên xã')",
    );
  }
  const header = matchGsoHeader(headerRow.cells);
  const at = `GSO CSV line ${headerRow.line}`;
  if (header.provinceName === undefined) throw new Error(`${at}: the header has no province name column`);
  if (header.communeName === undefined) throw new Error(`${at}: the header has no commune name column`);
  const hasDistrict = header.districtCode !== undefined || header.districtName !== undefined;
  if (hasDistrict && (header.districtCode === undefined || header.districtName === undefined)) {
    throw new Error(`${at}: the header needs both a district code and a district name column (or neither)`);
  }
  const version: MapVersion = map ?? (hasDistrict ? 'pre2025' : 'post2025');
  const withDistricts = version === 'pre2025';
  if (withDistricts && !hasDistrict) {
    throw new Error(`${at}: a pre2025 list needs district columns ('Mã QH', 'Quận Huyện')`);
  }

  const neededColumns = Math.max(...Object.values(header)) + 1;
  const units = new Map<string, { unit: UnitRecord; line: number }>();
  const add = (unit: UnitRecord, line: number, sameOk: boolean): void => {
    const previous = units.get(unit.code);
    if (previous === undefined) {
      units.set(unit.code, { unit, line });
      return;
    }
    const p = previous.unit;
    if (!sameOk || p.level !== unit.level) {
      throw new Error(
        `GSO CSV line ${line}: ${unit.level} code ${unit.code} already used on line ${previous.line}`,
      );
    }
    if (p.fullName !== unit.fullName || p.parentCode !== unit.parentCode) {
      throw new Error(
        `GSO CSV line ${line}: ${unit.level} ${unit.code} is '${unit.fullName}' (in ${unit.parentCode ?? '-'}) ` +
          `here but '${p.fullName}' (in ${p.parentCode ?? '-'}) on line ${previous.line}`,
      );
    }
  };
  const cell = (row: CsvRow, column: GsoColumn): string => {
    const index = header[column];
    return index === undefined ? '' : (row.cells[index] ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
  };
  const upperUnit = (
    fullName: string,
    code: string,
    level: UnitLevel,
    parentCode: string | null,
    line: number,
  ) => {
    const split = splitUnitType(fullName, level);
    if (split === null) {
      throw new Error(
        `GSO CSV line ${line}: cannot tell the ${level} type of '${fullName}' ` +
          `(expected it to start with ${UNIT_TYPES_BY_LEVEL[level].join(', ')})`,
      );
    }
    const nameEn = foldToAscii(split.name);
    const unit: UnitRecord = {
      map: version,
      code,
      level,
      parentCode,
      unitType: split.unitType,
      unitTypeEn: UNIT_TYPES_EN[split.unitType],
      name: split.name,
      fullName: `${split.unitType} ${split.name}`,
      nameEn,
      fullNameEn: englishFullName(nameEn, split.unitType),
      population: null,
      areaKm2: null,
    };
    return unit;
  };

  for (const row of rows.slice(headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    const line = row.line;
    if (row.cells.length < neededColumns) {
      throw new Error(
        `GSO CSV line ${line}: ${row.cells.length} columns, expected at least ${neededColumns}`,
      );
    }
    const pCodeText = cell(row, 'provinceCode');
    const pName = cell(row, 'provinceName');
    if (pCodeText === '') throw new Error(`GSO CSV line ${line}: the province code is empty`);
    if (pName === '') throw new Error(`GSO CSV line ${line}: the province name is empty`);
    const pCode = gsoCode(pCodeText, 'province', line);
    add(upperUnit(pName, pCode, 'province', null, line), line, true);

    let parentCode = pCode;
    if (withDistricts) {
      const dCodeText = cell(row, 'districtCode');
      const dName = cell(row, 'districtName');
      if (dCodeText === '') throw new Error(`GSO CSV line ${line}: the district code is empty`);
      if (dName === '') throw new Error(`GSO CSV line ${line}: the district name is empty`);
      parentCode = gsoCode(dCodeText, 'district', line);
      add(upperUnit(dName, parentCode, 'district', pCode, line), line, true);
    }

    const cCodeText = cell(row, 'communeCode');
    const cName = cell(row, 'communeName');
    if (cCodeText === '' && cName === '' && hasDistrict) continue; // a district without communes
    if (cCodeText === '') throw new Error(`GSO CSV line ${line}: the commune code is empty`);
    if (cName === '') throw new Error(`GSO CSV line ${line}: the commune name is empty`);
    const cCode = gsoCode(cCodeText, 'commune', line);

    // Cấp gives the type; the name usually carries it too ('Phường Phúc Xá').
    const levelText = cell(row, 'level');
    const split = splitUnitType(cName, 'commune');
    let unitType: UnitType;
    if (levelText !== '') {
      const fromLevel = splitUnitType(`${levelText} x`, 'commune');
      if (fromLevel === null || fromLevel.name !== 'x') {
        throw new Error(
          `GSO CSV line ${line}: 'Cấp' is '${levelText}', not a commune type (${UNIT_TYPES_BY_LEVEL.commune.join(', ')})`,
        );
      }
      unitType = fromLevel.unitType;
      if (split !== null && split.unitType !== unitType) {
        throw new Error(`GSO CSV line ${line}: 'Cấp' says ${unitType} but the name is '${cName}'`);
      }
    } else if (split !== null) {
      unitType = split.unitType;
    } else {
      throw new Error(
        `GSO CSV line ${line}: cannot tell the type of commune '${cName}' (no 'Cấp' and no prefix)`,
      );
    }
    const name = split?.name ?? cName;

    // Tên Tiếng Anh may be the bare English name or the full one ('Phuc Xa Ward').
    const englishText = cell(row, 'nameEn');
    let nameEn = foldToAscii(name);
    let fullNameEn = englishFullName(nameEn, unitType);
    if (englishText !== '') {
      const suffix = new RegExp(`\\s+${UNIT_TYPES_EN[unitType]}$`, 'i');
      const prefix = new RegExp(`^${UNIT_TYPES_EN[unitType]}\\s+`, 'i');
      const bare = englishText.replace(suffix, '').replace(prefix, '');
      nameEn = bare === '' ? nameEn : bare;
      fullNameEn = bare === englishText ? englishFullName(nameEn, unitType) : englishText;
    }
    add(
      {
        map: version,
        code: cCode,
        level: 'commune',
        parentCode,
        unitType,
        unitTypeEn: UNIT_TYPES_EN[unitType],
        name,
        fullName: `${unitType} ${name}`,
        nameEn,
        fullNameEn,
        population: null,
        areaKm2: null,
      },
      line,
      false,
    );
  }
  if (units.size === 0) throw new Error(`GSO CSV: no units below the header on line ${headerRow.line}`);
  return [...units.values()].map((entry) => entry.unit).sort(compareCodes);
}

// ---------------------------------------------------------------------------------------------------------
// The project's compact CSV files (reference/units/*.csv)
// ---------------------------------------------------------------------------------------------------------

export const UNIT_CSV_COLUMNS = [
  'code',
  'level',
  'parentCode',
  'unitType',
  'unitTypeEn',
  'name',
  'fullName',
  'nameEn',
  'fullNameEn',
  'population',
  'areaKm2',
] as const;

export const MAPPING_CSV_COLUMNS = ['oldLevel', 'oldCode', 'newLevel', 'newCode', 'kind'] as const;

const optionalNumber = (what: string, integer: boolean) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || (integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(v), {
      message: `${what} must be empty or a ${integer ? 'whole' : 'decimal'} number ≥ 0`,
    })
    .transform((v) => (v === '' ? null : Number(v)));

const unitCsvRow = z
  .object({
    code: z.string().regex(/^\d+$/, 'code must be digits'),
    level: z.enum(['province', 'district', 'commune'], {
      error: 'level must be province, district or commune',
    }),
    parentCode: z.string().regex(/^(\d{2}|\d{3})?$/, 'parentCode must be empty, 2 or 3 digits'),
    unitType: z
      .string()
      .refine(isUnitType, { message: `unitType must be one of ${Object.keys(UNIT_TYPES_EN).join(', ')}` }),
    unitTypeEn: z.string(),
    name: nonEmpty('name'),
    fullName: nonEmpty('fullName'),
    nameEn: nonEmpty('nameEn'),
    fullNameEn: nonEmpty('fullNameEn'),
    population: optionalNumber('population', true),
    areaKm2: optionalNumber('areaKm2', false),
  })
  .superRefine((row, ctx) => {
    if (row.code.length !== CODE_LENGTH[row.level]) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `a ${row.level} code has ${CODE_LENGTH[row.level]} digits`,
      });
    }
    if ((row.level === 'province') !== (row.parentCode === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentCode'],
        message: row.level === 'province' ? 'a province has no parent' : `a ${row.level} needs a parent`,
      });
    }
    if (isUnitType(row.unitType)) {
      if (!UNIT_TYPES_BY_LEVEL[row.level].includes(row.unitType)) {
        ctx.addIssue({
          code: 'custom',
          path: ['unitType'],
          message: `${row.unitType} is not a ${row.level} type`,
        });
      }
      if (UNIT_TYPES_EN[row.unitType] !== row.unitTypeEn) {
        ctx.addIssue({
          code: 'custom',
          path: ['unitTypeEn'],
          message: `the English type of ${row.unitType} is ${UNIT_TYPES_EN[row.unitType]}`,
        });
      }
    }
  });

function checkHeader(
  actual: readonly string[] | undefined,
  expected: readonly string[],
  label: string,
): void {
  const got = (actual ?? []).map((c) => c.trim());
  if (got.length !== expected.length || got.some((c, i) => c !== expected[i])) {
    throw new Error(
      `${label} line 1: header must be ${expected.join(',')} (got ${got.join(',') || 'nothing'})`,
    );
  }
}

function rowObject<K extends string>(columns: readonly K[], cells: readonly string[]): Record<K, string> {
  const entries = columns.map((column, i): [K, string] => [column, cells[i] ?? '']);
  return Object.fromEntries(entries) as Record<K, string>;
}

/** Read a units CSV written by `unitsToCsv`; every row is validated and errors name the line. */
export function unitsFromCsv(input: string, map: MapVersion): UnitRecord[] {
  const label = `units CSV (${map})`;
  const rows = readCsv(input, label);
  const header = rows.shift();
  checkHeader(header?.cells, UNIT_CSV_COLUMNS, label);
  const units: UnitRecord[] = [];
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    if (row.cells.length !== UNIT_CSV_COLUMNS.length) {
      throw new Error(
        `${label} line ${row.line}: ${row.cells.length} columns, expected ${UNIT_CSV_COLUMNS.length}`,
      );
    }
    const value = parseWith(unitCsvRow, rowObject(UNIT_CSV_COLUMNS, row.cells), `${label} line ${row.line}`);
    units.push({ map, ...value, parentCode: value.parentCode === '' ? null : value.parentCode });
  }
  assertUniqueCodes(units, label);
  return units.sort(compareCodes);
}

const mappingCsvRow = z
  .object({
    oldLevel: z.enum(['province', 'commune'], { error: 'oldLevel must be province or commune' }),
    oldCode: z.string().regex(/^(\d{2}|\d{5})$/, 'oldCode must be 2 or 5 digits'),
    newLevel: z.enum(['province', 'commune'], { error: 'newLevel must be province or commune' }),
    newCode: z.string().regex(/^(\d{2}|\d{5})$/, 'newCode must be 2 or 5 digits'),
    kind: z.enum(['full', 'partial'], { error: 'kind must be full or partial' }),
  })
  .superRefine((row, ctx) => {
    if (row.oldLevel !== row.newLevel) {
      ctx.addIssue({ code: 'custom', path: ['newLevel'], message: 'old and new level must be the same' });
    }
    for (const side of ['old', 'new'] as const) {
      const level = side === 'old' ? row.oldLevel : row.newLevel;
      const code = side === 'old' ? row.oldCode : row.newCode;
      if (code.length !== CODE_LENGTH[level]) {
        ctx.addIssue({
          code: 'custom',
          path: [`${side}Code`],
          message: `a ${level} code has ${CODE_LENGTH[level]} digits`,
        });
      }
    }
  });

/** Read a mapping CSV written by `mappingToCsv`; every row is validated and errors name the line. */
export function mappingFromCsv(input: string): UnitMappingRecord[] {
  const label = 'mapping CSV';
  const rows = readCsv(input, label);
  const header = rows.shift();
  checkHeader(header?.cells, MAPPING_CSV_COLUMNS, label);
  const result: UnitMappingRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    if (row.cells.length !== MAPPING_CSV_COLUMNS.length) {
      throw new Error(
        `${label} line ${row.line}: ${row.cells.length} columns, expected ${MAPPING_CSV_COLUMNS.length}`,
      );
    }
    const value = parseWith(
      mappingCsvRow,
      rowObject(MAPPING_CSV_COLUMNS, row.cells),
      `${label} line ${row.line}`,
    );
    const key = `${value.oldLevel}:${value.oldCode}>${value.newCode}`;
    if (seen.has(key))
      throw new Error(`${label} line ${row.line}: ${value.oldCode} → ${value.newCode} occurs twice`);
    seen.add(key);
    result.push(value);
  }
  return result.sort(compareMappings);
}

// ---------------------------------------------------------------------------------------------------------
// For the builders of the reference files (scripts/unit-sources.ts)
// ---------------------------------------------------------------------------------------------------------

/**
 * The validation and CSV plumbing of these readers, for scripts/unit-sources.ts (the parsers of the mapping
 * and population sources, the writers of reference/units): the files are written in the order and checked
 * with the rules they are read with here.
 */
export const unitSourceKit = {
  parseWith,
  readCsv,
  isBlankRow,
  nonEmpty,
  optionalNumber,
  codes: { province: provinceCode, district: districtCode, commune: communeCode },
  compareCodes,
  compareMappings,
  assertUniqueCodes,
} as const;
