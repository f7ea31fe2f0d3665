// Reading an administrator's upload: a CSV in UTF-8 (with or without BOM) or an XLSX workbook's first
// sheet, as records keyed by the header's lower-cased column names.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export async function recordsOfFile(fileName: string, bytes: Buffer): Promise<Record<string, string>[]> {
  if (!/\.xlsx$/i.test(fileName))
    return parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  const out: Record<string, string>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => {
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
      return v == null ? '' : String(v).trim();
    });
    if (n === 1) header.push(...cells.map((c) => c.toLowerCase()));
    else out.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  });
  return out;
}
