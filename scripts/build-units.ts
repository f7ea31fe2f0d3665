/**
 * Builds the project's own compact reference files of administrative units from the shared source data:
 *
 *   reference/units/units-post2025.csv           current map (since 1/7/2025): 34 provinces + 3,321 communes
 *   reference/units/units-pre2025.csv            old map: 63 provinces + 696 districts + 10,035 communes
 *   reference/units/mapping-pre2025-post2025.csv old province → new province, old commune → new commune
 *
 * Run: npx tsx scripts/build-units.ts   (or npm run reference:units)
 * The source files are read from ../shared/data relative to the project root, or from $YTCS_SHARED_DIR.
 * See reference/units/SOURCES.md for the sources and their licences.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  mappingFromCsv,
  parseThanglequocPost2025,
  parseThanglequocPre2025,
  unitsFromCsv,
  type UnitMappingRecord,
  type UnitRecord,
} from '../src/modules/network/index.js';
import {
  attachAreaPopulation,
  checkUnitHierarchy,
  mappingToCsv,
  normaliseName,
  parseMappingDetailed,
  parseSapnhapCommunesCsv,
  parseSapnhapProvincesCsv,
  unitsToCsv,
  type UnitMappingEntry,
} from './unit-sources.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const outDir = path.join(projectRoot, 'reference', 'units');

const SOURCES = {
  post2025: 'vn-admin/post2025/thanglequoc_full_vn_units_34prov.json',
  pre2025: 'vn-admin/pre2025/thanglequoc_v2.4.1_simplified_vn_units.min.json',
  merges: 'vn-admin/post2025/dvhcvn2025_mapping_merges_new_to_old.json',
  splits: 'vn-admin/post2025/dvhcvn2025_mapping_splits_old_to_new.json',
  provincePopulation: 'vn-admin/post2025/population_area_34prov_sapnhap_bando.csv',
  communePopulation: 'vn-admin/post2025/population_area_wards_sapnhap_bando_partial.csv',
} as const;

function source(name: keyof typeof SOURCES): string {
  const file = path.join(sharedDir, SOURCES[name]);
  if (!existsSync(file)) {
    throw new Error(`missing source file ${file} (set YTCS_SHARED_DIR to the shared data directory)`);
  }
  return readFileSync(file, 'utf8');
}

const readJson = (name: keyof typeof SOURCES): unknown => JSON.parse(source(name)) as unknown;

function count(units: readonly UnitRecord[], level: UnitRecord['level']): number {
  return units.filter((u) => u.level === level).length;
}

function list(title: string, items: readonly string[], max = 25): void {
  if (items.length === 0) return;
  console.log(`  ${title}: ${items.length}`);
  for (const item of items.slice(0, max)) console.log(`    - ${item}`);
  if (items.length > max) console.log(`    … and ${items.length - max} more`);
}

function assertSound(units: readonly UnitRecord[], label: string): void {
  const problems = checkUnitHierarchy(units);
  if (problems.length > 0) throw new Error(`${label}: ${problems.slice(0, 10).join('; ')}`);
}

const mappingKey = (r: UnitMappingRecord): string => `${r.oldLevel}:${r.oldCode}>${r.newCode}`;

/**
 * Make the mapping agree with the unit files: a new code unknown to the post2025 map is looked up by name in
 * its province (the mapping and the unit list disagree on a few codes); an old code unknown to the pre2025
 * map is dropped (communes already merged away before the version of the old map we ship).
 */
function reconcileMapping(
  entries: readonly UnitMappingEntry[],
  pre: readonly UnitRecord[],
  post: readonly UnitRecord[],
): { rows: UnitMappingRecord[]; notes: Record<string, string[]> } {
  const preCodes = new Set(pre.map((u) => u.code));
  const postByCode = new Map(post.map((u) => [u.code, u]));
  const notes: Record<string, string[]> = { recoded: [], droppedOld: [], droppedNew: [] };
  const rows = new Map<string, UnitMappingRecord>();
  for (const entry of entries) {
    const { oldLevel, oldCode, newLevel, kind } = entry;
    let newCode = entry.newCode;
    if (!preCodes.has(oldCode)) {
      notes.droppedOld?.push(`${oldCode} ${entry.oldName} → ${newCode} ${entry.newName} (${kind})`);
      continue;
    }
    if (!postByCode.has(newCode)) {
      const key = normaliseName(entry.newName);
      const found = post.filter(
        (u) =>
          u.level === newLevel &&
          (entry.newProvinceCode === null || u.parentCode === entry.newProvinceCode) &&
          normaliseName(u.fullName) === key,
      );
      const only = found[0];
      if (found.length !== 1 || only === undefined) {
        notes.droppedNew?.push(`${oldCode} ${entry.oldName} → ${newCode} ${entry.newName} (${kind})`);
        continue;
      }
      notes.recoded?.push(`${entry.newName}: ${newCode} in the mapping → ${only.code} in the unit list`);
      newCode = only.code;
    }
    const row: UnitMappingRecord = { oldLevel, oldCode, newLevel, newCode, kind };
    const previous = rows.get(mappingKey(row));
    if (previous !== undefined && previous.kind !== row.kind) {
      throw new Error(`mapping ${oldCode} → ${newCode} is both full and partial`);
    }
    rows.set(mappingKey(row), row);
  }
  for (const key of Object.keys(notes)) notes[key] = [...new Set(notes[key])];
  return { rows: [...rows.values()], notes };
}

function main(): void {
  console.log(`Shared data: ${sharedDir}`);

  // Units of both maps.
  const postBare = parseThanglequocPost2025(readJson('post2025'));
  const pre = parseThanglequocPre2025(readJson('pre2025'));
  assertSound(postBare, 'post2025');
  assertSound(pre, 'pre2025');

  // Area and population of the new map (merger map figures, not a census).
  const joined = attachAreaPopulation(
    postBare,
    parseSapnhapProvincesCsv(source('provincePopulation')),
    parseSapnhapCommunesCsv(source('communePopulation')),
  );
  const post = joined.units;
  const report = joined.report;

  // Mapping: the merges file carries the explicit full/partial kind; the splits file is the cross-check.
  const merges = parseMappingDetailed(readJson('merges'));
  const splits = parseMappingDetailed(readJson('splits'));
  const splitKinds = new Map(splits.entries.map((e) => [mappingKey(e), e.kind]));
  const mergeKeys = new Set(merges.entries.map(mappingKey));
  const onlyInMerges = merges.entries.filter((e) => !splitKinds.has(mappingKey(e))).map(mappingKey);
  const onlyInSplits = splits.entries.filter((e) => !mergeKeys.has(mappingKey(e))).map(mappingKey);
  const kindDiffers = merges.entries
    .filter((e) => splitKinds.has(mappingKey(e)) && splitKinds.get(mappingKey(e)) !== e.kind)
    .map(mappingKey);
  const { rows: mapping, notes } = reconcileMapping(merges.entries, pre, post);

  // Coverage of the mapping.
  const mappedOld = new Set(mapping.map((r) => r.oldCode));
  const mappedNew = new Set(mapping.map((r) => r.newCode));
  const oldWithout = pre.filter((u) => u.level !== 'district' && !mappedOld.has(u.code));
  const newWithout = post.filter((u) => !mappedNew.has(u.code));

  // Write and read back (the files must pass our own validation).
  mkdirSync(outDir, { recursive: true });
  const files = {
    post: path.join(outDir, 'units-post2025.csv'),
    pre: path.join(outDir, 'units-pre2025.csv'),
    mapping: path.join(outDir, 'mapping-pre2025-post2025.csv'),
  };
  writeFileSync(files.post, unitsToCsv(post));
  writeFileSync(files.pre, unitsToCsv(pre));
  writeFileSync(files.mapping, mappingToCsv(mapping));
  const postBack = unitsFromCsv(readFileSync(files.post, 'utf8'), 'post2025');
  const preBack = unitsFromCsv(readFileSync(files.pre, 'utf8'), 'pre2025');
  const mappingBack = mappingFromCsv(readFileSync(files.mapping, 'utf8'));
  if (
    postBack.length !== post.length ||
    preBack.length !== pre.length ||
    mappingBack.length !== mapping.length
  ) {
    throw new Error('a written file does not read back with the same number of rows');
  }

  const kb = (file: string): string => `${(readFileSync(file).length / 1024).toFixed(0)} KiB`;
  console.log(`\npost2025 → ${path.relative(projectRoot, files.post)} (${kb(files.post)})`);
  console.log(`  provinces: ${count(post, 'province')}, communes: ${count(post, 'commune')}`);
  const byType = new Map<string, number>();
  for (const u of post) byType.set(u.unitType, (byType.get(u.unitType) ?? 0) + 1);
  console.log(`  by type: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log(
    `  provinces with population: ${post.filter((u) => u.level === 'province' && u.population !== null).length}`,
  );
  console.log(
    `  communes with population: ${report.communesWithPopulation}, with area: ${report.communesWithArea} ` +
      `(matched by full name ${report.communesMatchedByFullName}, by bare name ${report.communesMatchedByName.length})`,
  );
  list(
    'matched by bare name (type differs)',
    report.communesMatchedByName.map((m) => `${m.code} ${m.fullName} ← '${m.sourceName}'`),
  );
  list(
    'source rows without a unit',
    report.unmatchedRows.map(
      (r) => `line ${r.line}: ${r.name}${r.provinceName ? `, ${r.provinceName}` : ''}`,
    ),
  );
  list(
    'units without a source row',
    report.unitsWithoutRow.map((u) => `${u.code} ${u.fullName}`),
  );
  const tiny = post.filter((u) => u.level === 'commune' && u.population !== null && u.population < 100);
  list(
    'communes with a population under 100 in the source (kept as published; suspect)',
    tiny.map((u) => `${u.code} ${u.fullName}: ${u.population ?? ''} people on ${u.areaKm2 ?? '?'} km²`),
    10,
  );

  console.log(`\npre2025 → ${path.relative(projectRoot, files.pre)} (${kb(files.pre)})`);
  console.log(
    `  provinces: ${count(pre, 'province')}, districts: ${count(pre, 'district')}, communes: ${count(pre, 'commune')}`,
  );
  list(
    'districts without communes',
    pre
      .filter((d) => d.level === 'district' && !pre.some((c) => c.parentCode === d.code))
      .map((d) => `${d.code} ${d.fullName}`),
  );

  console.log(`\nmapping → ${path.relative(projectRoot, files.mapping)} (${kb(files.mapping)})`);
  const provinceRows = mapping.filter((r) => r.oldLevel === 'province');
  const communeRows = mapping.filter((r) => r.oldLevel === 'commune');
  console.log(`  province rows: ${provinceRows.length}, commune rows: ${communeRows.length}`);
  console.log(
    `  commune rows full: ${communeRows.filter((r) => r.kind === 'full').length}, ` +
      `partial: ${communeRows.filter((r) => r.kind === 'partial').length}`,
  );
  console.log(
    `  cross-check with the splits file: ${onlyInMerges.length} only in merges, ${onlyInSplits.length} only in splits, ` +
      `${kindDiffers.length} with another kind`,
  );
  list('left out (old district → new commune, no place in the mapping format)', merges.skipped);
  list('new codes taken from the unit list', notes.recoded ?? []);
  list('dropped: old commune not in the pre2025 map', notes.droppedOld ?? []);
  list('dropped: new commune not found in the post2025 map', notes.droppedNew ?? []);
  list(
    'old units with no successor',
    oldWithout.map((u) => `${u.code} ${u.fullName}`),
  );
  list(
    'new units with no predecessor',
    newWithout.map((u) => `${u.code} ${u.fullName}`),
  );
}

main();
