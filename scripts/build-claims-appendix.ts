/**
 * Builds the project's own compact copy of the element tables of the claim data standard's appendix
 * (Phụ lục: các bảng chỉ tiêu dữ liệu, Quyết định 130/QĐ-BYT as amended by Quyết định 4750/QĐ-BYT):
 *
 *   reference/claims/appendix/qd4750-tables.json   per table (XML1, XML2, XML3, XML13, XML14): the
 *   elements in the appendix's order with their number (STT), data type and maximum size as Decision
 *   130 states them and as Decision 4750 amends them ("Đổi kiểu dữ liệu thành chuỗi", "Tăng kích thước
 *   tối đa lên N ký tự").
 *
 * Run: npx tsx scripts/build-claims-appendix.ts [<file.xlsx>]
 *   By default the workbook `claims/qd4750_phu_luc_bang_xml.xlsx` of the shared data (../shared/data
 *   relative to the project root, or $YTCS_SHARED_DIR). The workbook is never copied into the project
 *   and no explanatory text is kept; see reference/claims/SOURCES.md for the credit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const SOURCE = 'claims/qd4750_phu_luc_bang_xml.xlsx';
const OUT = path.join(projectRoot, 'reference', 'claims', 'appendix', 'qd4750-tables.json');

/** The appendix's sheets of the tables a commune station produces, by the sheet name's prefix. */
const SHEETS: Record<string, string> = {
  XML1: 'Bang 1_',
  XML2: 'Bang 2_',
  XML3: 'Bang 3_',
  XML13: 'Bang 13_',
  XML14: 'Bang 14_',
};

export interface AppendixElement {
  /** The element's number in the appendix (null for the elements 4750 added without one). */
  no: number | null;
  name: string;
  /** Data type after 4750: `string` (Chuỗi) or `number` (Số). */
  type: 'string' | 'number';
  /** Maximum size after 4750 (characters, or digits of a number); null = unbounded ("n"). */
  max: number | null;
  /** As Decision 130 stated them, when 4750 changed them. */
  type130?: 'string' | 'number';
  max130?: number | null;
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v as string | number);
}

function size(v: string): number | null {
  const s = v.trim();
  if (s === 'n' || s === '') return null;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`unexpected size "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(sharedDir, SOURCE));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const tables: Record<string, AppendixElement[]> = {};
  for (const [table, prefix] of Object.entries(SHEETS)) {
    const ws = wb.worksheets.find((w) => w.name.trim().startsWith(prefix));
    if (!ws) throw new Error(`no sheet ${prefix}… in ${file}`);
    const elements: AppendixElement[] = [];
    ws.eachRow((row, i) => {
      if (i < 3) return; // the title and the header
      const name = text(row.getCell(2).value).trim();
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return; // notes below the table
      if (elements.some((e) => e.name === name)) return; // a row repeated in the workbook (TT_THAU)
      const noText = text(row.getCell(1).value).trim();
      const type130 = text(row.getCell(3).value).trim().startsWith('Số') ? 'number' : 'string';
      const max130 = size(text(row.getCell(4).value));
      const amendment = text(row.getCell(6).value);
      let type: AppendixElement['type'] = type130;
      let max = max130;
      if (/Đổi kiểu dữ liệu thành chuỗi/i.test(amendment)) type = 'string';
      const larger = amendment.match(/Tăng kích thước tối đa lên (\d+) ký tự/i);
      if (larger) max = Number(larger[1]);
      elements.push({
        no: noText && /^\d+$/.test(noText) ? Number(noText) : null,
        name,
        type,
        max,
        ...(type !== type130 ? { type130 } : {}),
        ...(max !== max130 ? { max130 } : {}),
      });
    });
    tables[table] = elements;
  }
  const out = {
    $comment:
      'Element tables of the claim data standard (Decision 130/QĐ-BYT as amended by Decision 4750/QĐ-BYT), made by scripts/build-claims-appendix.ts from the appendix workbook; facts only. type/max are after 4750 (max null = unbounded, for a number the count of digits); type130/max130 where 4750 changed them. See ../SOURCES.md.',
    source: 'Quyết định 4750/QĐ-BYT ngày 29/12/2023, Phụ lục (qd4750_phu_luc_bang_xml.xlsx)',
    tables,
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  for (const [t, e] of Object.entries(tables)) console.log(`${t}: ${e.length} elements`);
}

await main();
