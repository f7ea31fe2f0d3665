/**
 * Building the project's compact reference files of administrative units (reference/units/*.csv) from the
 * shared source data: the parsers of the sources only the build reads — dvhcvn's old → new mapping JSON, the
 * merger map's area and population CSV files — the join of area and population by name, the hierarchy check
 * and the writers of the compact CSV files. Run by scripts/build-units.ts, never by ytcs itself: what ytcs
 * reads at run time (the GSO list, thanglequoc JSON, the compact files) is in
 * src/modules/network/unit-sources.ts, whose validation and CSV plumbing this file shares, so that the files
 * are written in the order and checked with the rules they are read with.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  MAPPING_CSV_COLUMNS,
  splitUnitType,
  UNIT_CSV_COLUMNS,
  unitSourceKit,
  type UnitLevel,
  type UnitMappingRecord,
  type UnitRecord,
} from '../src/modules/network/index.js';

const {
  assertUniqueCodes,
  compareCodes,
  compareMappings,
  isBlankRow,
  nonEmpty,
  optionalNumber,
  parseWith,
  readCsv,
} = unitSourceKit;
const { province: provinceCode, district: districtCode, commune: communeCode } = unitSourceKit.codes;

// ---------------------------------------------------------------------------------------------------------
// Name normalisation (for joins by name)
// ---------------------------------------------------------------------------------------------------------

const TONE_MARKS: Readonly<Record<string, string>> = {
  '\u0300': '2', // dấu huyền (grave)
  '\u0301': '1', // dấu sắc (acute)
  '\u0309': '3', // dấu hỏi (hook above)
  '\u0303': '4', // dấu ngã (tilde)
  '\u0323': '5', // dấu nặng (dot below)
};

/**
 * A key for comparing Vietnamese names written by different hands: NFC, lower case, one space, one kind of
 * apostrophe and dash, and the tone mark moved off its vowel to the end of the syllable, so that the old and
 * new placements ('Hoà' / 'Hòa', 'Thuỷ' / 'Thủy') compare equal while different tones stay different.
 */
export function normaliseName(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*'\s*/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned
    .split(' ')
    .map((word) => {
      let tones = '';
      let base = '';
      for (const ch of word.normalize('NFD')) {
        const tone = TONE_MARKS[ch];
        if (tone === undefined) base += ch;
        else tones += tone;
      }
      return base.normalize('NFC') + tones;
    })
    .join(' ');
}

/** Strip a province title ('Thủ đô Hà Nội', 'Thành phố Huế', 'Tỉnh Quảng Ninh') down to the bare name. */
export function bareProvinceName(text: string): string {
  const trimmed = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  // Thủ đô: capital (Hà Nội is sometimes titled 'Thủ đô Hà Nội' instead of 'Thành phố Hà Nội').
  const match = /^(thủ đô|thành phố|tỉnh|tp\.?)\s+/iu.exec(trimmed);
  return match ? trimmed.slice(match[0].length) : trimmed;
}

// ---------------------------------------------------------------------------------------------------------
// The hierarchy of one map
// ---------------------------------------------------------------------------------------------------------

/**
 * Problems of a set of units of one map: duplicate codes, a parent that is missing or of the wrong level.
 * Returns an empty list when the set is sound.
 */
export function checkUnitHierarchy(units: readonly UnitRecord[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, UnitRecord>();
  for (const unit of units) {
    if (byCode.has(unit.code)) problems.push(`code ${unit.code} occurs twice`);
    byCode.set(unit.code, unit);
  }
  const hasDistricts = units.some((u) => u.level === 'district');
  for (const unit of units) {
    const expected: UnitLevel | null =
      unit.level === 'province' ? null : unit.level === 'district' || !hasDistricts ? 'province' : 'district';
    if (expected === null) {
      if (unit.parentCode !== null) problems.push(`province ${unit.code} has a parent (${unit.parentCode})`);
      continue;
    }
    const parent = unit.parentCode === null ? undefined : byCode.get(unit.parentCode);
    if (parent === undefined)
      problems.push(`${unit.level} ${unit.code}: parent ${unit.parentCode} is missing`);
    else if (parent.level !== expected) {
      problems.push(
        `${unit.level} ${unit.code}: parent ${parent.code} is a ${parent.level}, not a ${expected}`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping old map → new map (dvhcvn/20250701 mapping files)
// ---------------------------------------------------------------------------------------------------------

const targetRef = z.object({ new_id: z.string(), name: z.string() });
/** dvhcvn2025_mapping_splits_old_to_new.json: for each old unit, the new units it went into (no kind). */
const splitsShape = z.object({
  data: z.array(
    z.object({
      level1_id: provinceCode,
      name: z.string(),
      splits: z.array(targetRef).min(1, 'an old province must go somewhere'),
      // Old districts mapped directly to a new commune: island districts without communes (→ đặc khu).
      level2s: z
        .array(z.object({ level2_id: districtCode, name: z.string(), splits: z.array(targetRef).min(1) }))
        .optional(),
      level3s: z.array(
        z.object({
          level3_id: communeCode,
          name: z.string(),
          splits: z.array(targetRef).min(1, 'an old commune must go somewhere'),
        }),
      ),
    }),
  ),
});

const sourceRef = z.object({
  old_id: z.string().regex(/^(\d{2}|\d{3}|\d{5})$/, 'old_id must be a GSO code of 2, 3 or 5 digits'),
  name: z.string(),
  type: z.enum(['full', 'partial'], { error: "type must be 'full' or 'partial'" }),
});
/** dvhcvn2025_mapping_merges_new_to_old.json: for each new unit, the old units (full/partial) it was made of. */
const mergesShape = z.object({
  data: z.array(
    z.object({
      level1_id: provinceCode,
      name: z.string(),
      merges: z.array(sourceRef).min(1),
      level2s: z.array(
        z.object({ level2_id: communeCode, name: z.string(), merges: z.array(sourceRef).min(1) }),
      ),
    }),
  ),
});

export interface UnitMappingEntry extends UnitMappingRecord {
  oldName: string;
  newName: string;
  /** Province (new map) of the new unit, when the source tells. */
  newProvinceCode: string | null;
}

export interface UnitMappingParse {
  entries: UnitMappingEntry[];
  /** Relations left out because `UnitMappingRecord` has no place for them (old district → new commune). */
  skipped: string[];
}

/**
 * The old → new relation with names, from either dvhcvn mapping file: the splits file (old → new; the kind
 * is `full` when the old unit went into one new unit, `partial` when it was divided among several) or the
 * merges file (new → old with an explicit `full`/`partial` per old unit).
 */
export function parseMappingDetailed(json: unknown): UnitMappingParse {
  const entries: UnitMappingEntry[] = [];
  const skipped: string[] = [];
  const seen = new Map<string, UnitMappingEntry>();
  const push = (entry: UnitMappingEntry, label: string): void => {
    const key = `${entry.oldLevel}:${entry.oldCode}>${entry.newCode}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      if (previous.kind !== entry.kind) {
        throw new Error(`${label}: ${entry.oldCode} → ${entry.newCode} is both full and partial`);
      }
      return;
    }
    seen.set(key, entry);
    entries.push(entry);
  };

  const isSplits =
    typeof json === 'object' &&
    json !== null &&
    'data' in json &&
    Array.isArray(json.data) &&
    json.data.some((item: unknown) => typeof item === 'object' && item !== null && 'level3s' in item);

  if (isSplits) {
    const label = 'dvhcvn splits JSON';
    const { data } = parseWith(splitsShape, json, label);
    for (const province of data) {
      const kind = province.splits.length === 1 ? 'full' : 'partial';
      for (const target of province.splits) {
        const newCode = parseWith(provinceCode, target.new_id, `${label} ${province.level1_id}`);
        push(
          {
            oldLevel: 'province',
            oldCode: province.level1_id,
            newLevel: 'province',
            newCode,
            kind,
            oldName: province.name,
            newName: target.name,
            newProvinceCode: newCode,
          },
          label,
        );
      }
      const onlyProvince = province.splits.length === 1 ? (province.splits[0]?.new_id ?? null) : null;
      for (const district of province.level2s ?? []) {
        for (const target of district.splits) {
          skipped.push(
            `old district ${district.level2_id} ${district.name} → ${target.new_id} ${target.name}`,
          );
        }
      }
      for (const commune of province.level3s) {
        const communeKind = commune.splits.length === 1 ? 'full' : 'partial';
        for (const target of commune.splits) {
          push(
            {
              oldLevel: 'commune',
              oldCode: commune.level3_id,
              newLevel: 'commune',
              newCode: parseWith(communeCode, target.new_id, `${label} ${commune.level3_id}`),
              kind: communeKind,
              oldName: commune.name,
              newName: target.name,
              newProvinceCode: onlyProvince,
            },
            label,
          );
        }
      }
    }
  } else {
    const label = 'dvhcvn mapping JSON';
    const { data } = parseWith(mergesShape, json, label);
    for (const province of data) {
      for (const source of province.merges) {
        push(
          {
            oldLevel: 'province',
            oldCode: parseWith(provinceCode, source.old_id, `${label} ${province.level1_id}`),
            newLevel: 'province',
            newCode: province.level1_id,
            kind: source.type,
            oldName: source.name,
            newName: province.name,
            newProvinceCode: province.level1_id,
          },
          label,
        );
      }
      for (const commune of province.level2s) {
        for (const source of commune.merges) {
          if (source.old_id.length !== 5) {
            skipped.push(
              `old ${source.old_id.length === 3 ? 'district' : 'unit'} ${source.old_id} ${source.name} → ${commune.level2_id} ${commune.name}`,
            );
            continue;
          }
          push(
            {
              oldLevel: 'commune',
              oldCode: source.old_id,
              newLevel: 'commune',
              newCode: commune.level2_id,
              kind: source.type,
              oldName: source.name,
              newName: commune.name,
              newProvinceCode: province.level1_id,
            },
            label,
          );
        }
      }
    }
  }
  entries.sort(compareMappings);
  return { entries, skipped };
}

/**
 * Old unit → new unit relations with their kind, from the dvhcvn splits file (old → new) or the merges file
 * (new → old, explicit full/partial). Old districts mapped straight to a new commune (island districts that
 * became special zones) have no place in `UnitMappingRecord` and are left out (see `parseMappingDetailed`).
 */
export function parseMappingSplits(json: unknown): UnitMappingRecord[] {
  return parseMappingDetailed(json).entries.map(({ oldLevel, oldCode, newLevel, newCode, kind }) => ({
    oldLevel,
    oldCode,
    newLevel,
    newCode,
    kind,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// The project's compact CSV files (reference/units/*.csv), read by unitsFromCsv and mappingFromCsv
// ---------------------------------------------------------------------------------------------------------

/** Units of one map as CSV: header row, columns of UnitRecord minus `map`, empty cell for null, sorted by code (provinces first). */
export function unitsToCsv(units: UnitRecord[]): string {
  const maps = new Set(units.map((u) => u.map));
  if (maps.size > 1)
    throw new Error('unitsToCsv: the units belong to more than one map; write one file per map');
  assertUniqueCodes(units, 'unitsToCsv');
  const rows = [...units]
    .sort(compareCodes)
    .map((u) => [
      u.code,
      u.level,
      u.parentCode ?? '',
      u.unitType,
      u.unitTypeEn,
      u.name,
      u.fullName,
      u.nameEn,
      u.fullNameEn,
      u.population === null ? '' : String(u.population),
      u.areaKm2 === null ? '' : String(u.areaKm2),
    ]);
  return stringify([[...UNIT_CSV_COLUMNS], ...rows], { record_delimiter: '\n' });
}

/** Mapping rows as CSV: header row, one old → new relation per row, sorted by old level, old code, new code. */
export function mappingToCsv(rows: UnitMappingRecord[]): string {
  const body = [...rows]
    .sort(compareMappings)
    .map((r) => [r.oldLevel, r.oldCode, r.newLevel, r.newCode, r.kind]);
  return stringify([[...MAPPING_CSV_COLUMNS], ...body], { record_delimiter: '\n' });
}

// ---------------------------------------------------------------------------------------------------------
// Area and population of the new map (merger map "sapnhap bando" CSV files)
// ---------------------------------------------------------------------------------------------------------

/** Rows of a CSV file with a header row, as objects keyed by header (for the sapnhap population files). */
function readCsvObjects(
  input: string,
  label: string,
): Array<{ line: number; values: Record<string, string> }> {
  const rows = readCsv(input, label).filter((row) => !isBlankRow(row));
  const header = rows.shift();
  if (header === undefined) throw new Error(`${label}: the file is empty`);
  const names = header.cells.map((cell) => cell.trim());
  return rows.map((row) => {
    if (row.cells.length !== names.length) {
      throw new Error(
        `${label} line ${row.line}: ${row.cells.length} columns, the header has ${names.length}`,
      );
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      values[name] = (row.cells[i] ?? '').trim();
    });
    return { line: row.line, values };
  });
}

export interface AreaPopulationRow {
  line: number;
  /** Full name as written in the source ('Phường Cầu Giấy', 'Thủ đô Hà Nội'). */
  name: string;
  /** Full province name, for commune rows. */
  provinceName: string | null;
  areaKm2: number | null;
  population: number | null;
}

const sapnhapProvinceRow = z.object({
  ten: nonEmpty('ten'), // tên: name
  area_km2: optionalNumber('area_km2', false),
  population: optionalNumber('population', true),
});
const sapnhapCommuneRow = z.object({
  a03_ten: nonEmpty('a03_ten'), // tên: commune name
  a04_tentinh: nonEmpty('a04_tentinh'), // tên tỉnh: province name
  a07_dt: optionalNumber('a07_dt', false), // diện tích: area, km²
  a08_ds: optionalNumber('a08_ds', true), // dân số: population
});

/** `population_area_34prov_sapnhap_bando.csv`: one row per new province (ten, area_km2, population). */
export function parseSapnhapProvincesCsv(input: string): AreaPopulationRow[] {
  const label = 'sapnhap provinces CSV';
  return readCsvObjects(input, label).map(({ line, values }) => {
    const row = parseWith(sapnhapProvinceRow, values, `${label} line ${line}`);
    return { line, name: row.ten, provinceName: null, areaKm2: row.area_km2, population: row.population };
  });
}

/** `population_area_wards_sapnhap_bando_partial.csv`: one row per new commune (a03_ten, a04_tentinh, a07_dt, a08_ds). */
export function parseSapnhapCommunesCsv(input: string): AreaPopulationRow[] {
  const label = 'sapnhap communes CSV';
  return readCsvObjects(input, label).map(({ line, values }) => {
    const row = parseWith(sapnhapCommuneRow, values, `${label} line ${line}`);
    return {
      line,
      name: row.a03_ten,
      provinceName: row.a04_tentinh,
      areaKm2: row.a07_dt,
      population: row.a08_ds,
    };
  });
}

export interface AreaPopulationReport {
  provincesMatched: number;
  /** Communes matched by full name (type + name) within their province. */
  communesMatchedByFullName: number;
  /** Communes matched by bare name only because the type differs (e.g. 'Xã' in the source, 'Phường' now). */
  communesMatchedByName: Array<{ code: string; fullName: string; sourceName: string }>;
  communesWithPopulation: number;
  communesWithArea: number;
  /** Source rows that found no unit. */
  unmatchedRows: AreaPopulationRow[];
  /** Units (provinces and communes) that no source row matched. */
  unitsWithoutRow: Array<{ code: string; fullName: string }>;
}

/**
 * Attach area and population to post2025 units, joining by normalised name: provinces by bare name, communes
 * by full name within their province, then by bare name when that is unique on both sides. Units without a
 * match keep null; no number is made up.
 */
export function attachAreaPopulation(
  units: readonly UnitRecord[],
  provinceRows: readonly AreaPopulationRow[],
  communeRows: readonly AreaPopulationRow[],
): { units: UnitRecord[]; report: AreaPopulationReport } {
  const result = units.map((u) => ({ ...u }));
  const provinces = result.filter((u) => u.level === 'province');
  const provinceByName = new Map(provinces.map((p) => [normaliseName(p.name), p]));
  const report: AreaPopulationReport = {
    provincesMatched: 0,
    communesMatchedByFullName: 0,
    communesMatchedByName: [],
    communesWithPopulation: 0,
    communesWithArea: 0,
    unmatchedRows: [],
    unitsWithoutRow: [],
  };
  const matched = new Set<UnitRecord>();
  const apply = (unit: UnitRecord, row: AreaPopulationRow): void => {
    unit.population = row.population;
    unit.areaKm2 = row.areaKm2;
    matched.add(unit);
  };

  for (const row of provinceRows) {
    const unit = provinceByName.get(normaliseName(bareProvinceName(row.name)));
    if (unit === undefined || matched.has(unit)) report.unmatchedRows.push(row);
    else {
      apply(unit, row);
      report.provincesMatched += 1;
    }
  }

  const communesOf = new Map<string, UnitRecord[]>();
  for (const unit of result) {
    if (unit.level !== 'commune' || unit.parentCode === null) continue;
    const list = communesOf.get(unit.parentCode) ?? [];
    list.push(unit);
    communesOf.set(unit.parentCode, list);
  }
  const bareName = (fullName: string): string =>
    normaliseName(splitUnitType(fullName, 'commune')?.name ?? fullName);

  // Pass 1: full name within the province.
  const pending: Array<{ row: AreaPopulationRow; provinceCode: string }> = [];
  for (const row of communeRows) {
    const province = provinceByName.get(normaliseName(bareProvinceName(row.provinceName ?? '')));
    if (province === undefined) {
      report.unmatchedRows.push(row);
      continue;
    }
    const key = normaliseName(row.name);
    const candidates = (communesOf.get(province.code) ?? []).filter(
      (u) => !matched.has(u) && normaliseName(u.fullName) === key,
    );
    const only = candidates[0];
    if (candidates.length === 1 && only !== undefined) {
      apply(only, row);
      report.communesMatchedByFullName += 1;
    } else pending.push({ row, provinceCode: province.code });
  }
  // Pass 2: bare name, when exactly one unmatched unit and one pending row of the province share it.
  for (const { row, provinceCode: code } of pending) {
    const key = bareName(row.name);
    const units = (communesOf.get(code) ?? []).filter(
      (u) => !matched.has(u) && normaliseName(u.name) === key,
    );
    const rivals = pending.filter((p) => p.provinceCode === code && bareName(p.row.name) === key);
    const only = units[0];
    if (units.length === 1 && only !== undefined && rivals.length === 1) {
      apply(only, row);
      report.communesMatchedByName.push({ code: only.code, fullName: only.fullName, sourceName: row.name });
    } else report.unmatchedRows.push(row);
  }

  for (const unit of result) {
    if (unit.level === 'district') continue;
    if (!matched.has(unit)) report.unitsWithoutRow.push({ code: unit.code, fullName: unit.fullName });
    if (unit.level === 'commune') {
      if (unit.population !== null) report.communesWithPopulation += 1;
      if (unit.areaKm2 !== null) report.communesWithArea += 1;
    }
  }
  return { units: result, report };
}
