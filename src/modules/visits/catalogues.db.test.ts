import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test-support/db.js';
import { catalogueOn, importCatalogue, parseCatalogueFile } from './catalogues.js';

let t: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'ytcs-catalogue-'));
const HEADER =
  'code,name,unit,price,valid_from,valid_to,insurance_covered,active_ingredient,strength,route,registration_number,group,source';

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => t?.close());

describe('catalogue import', () => {
  it('given a price list and a later one, when both are imported, then each day sees its own price and the old row is closed', async () => {
    const first = join(dir, 'drugs-2025.csv');
    writeFileSync(
      first,
      `${HEADER}\nT1,Amlodipin 5 mg,viên,350,2025-01-01,,true,Amlodipin,5 mg,Uống,VD-1,,QĐ 1\n`,
    );
    const second = join(dir, 'drugs-2026.csv');
    writeFileSync(
      second,
      `${HEADER}\nT1,Amlodipin 5 mg,viên,390,2026-01-01,,,Amlodipin,5 mg,Uống,VD-1,,QĐ 2\n`,
    );
    await importCatalogue(t.db.orm, await parseCatalogueFile(first, 'drug'));
    const r = await importCatalogue(t.db.orm, await parseCatalogueFile(second, 'drug'));
    expect(r).toEqual({ inserted: 1, closed: 1 });
    const in2025 = await catalogueOn(t.db.orm, 'drug', { on: '2025-06-01' });
    const in2026 = await catalogueOn(t.db.orm, 'drug', { on: '2026-06-01' });
    expect(in2025.map((i) => [i.code, i.price, i.validTo])).toEqual([['T1', 350, '2026-01-01']]);
    expect(in2026.map((i) => [i.code, i.price, i.insuranceCovered, i.demo])).toEqual([
      ['T1', 390, true, false],
    ]);
  });

  it('given an Excel sheet with the same header, then it reads the same rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DVKT');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['KB', 'Khám bệnh', 'lần', 30500, '2025-01-01', '', 'true', '', '', '', '', 'Khám', '']);
    const file = join(dir, 'services.xlsx');
    await book.xlsx.writeFile(file);
    const rows = await parseCatalogueFile(file, 'service');
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'service',
        code: 'KB',
        price: 30500,
        group: 'Khám',
        validFrom: '2025-01-01',
        validTo: null,
      }),
    ]);
  });

  it('given a bad row, then the error names the line and the column', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\nX,Thuốc,viên,-5,2025-01-01,,,,,,,,\n`);
    await expect(parseCatalogueFile(file, 'drug')).rejects.toThrow(/bad.csv line 2: price/);
  });
});
