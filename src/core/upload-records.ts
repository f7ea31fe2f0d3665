// Reading an administrator's upload: a CSV in UTF-8 (with or without BOM) or an XLSX workbook's first
// sheet, as records keyed by the header's lower-cased column names. A file that cannot be read (a
// quote left open, bytes that are not a workbook) is refused as 422 on `body.contentBase64`, naming
// the line where the reader stopped, never a 500.
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { invalid } from './errors.js';

function unreadable(what: { vi: string; en: string }) {
  return invalid(
    [{ path: 'body.contentBase64', code: 'unreadable_file', message: what.en, text: what }],
    'The file cannot be read',
  );
}

export async function recordsOfFile(fileName: string, bytes: Buffer): Promise<Record<string, string>[]> {
  if (!/\.xlsx$/i.test(fileName)) {
    try {
      return parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
      }) as Record<string, string>[];
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      const line = (err as CsvError & { lines?: number }).lines ?? 0;
      throw unreadable({
        vi: `Không đọc được tệp CSV ở dòng ${line}: ${err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'dấu ngoặc kép chưa đóng' : 'dấu ngoặc kép đặt sai chỗ'} (${err.code})`,
        en: `The CSV file cannot be read at line ${line}: ${err.message}`,
      });
    }
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw unreadable({
      vi: 'Tệp không phải bảng tính Excel (.xlsx) đọc được',
      en: `The file is not a readable Excel workbook (.xlsx): ${(err as Error).message}`,
    });
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  const out: Record<string, string>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => {
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
      if (v && typeof v === 'object' && 'result' in v) return String((v as { result: unknown }).result ?? '');
      return v == null ? '' : String(v).trim();
    });
    if (n === 1) header.push(...cells.map((c) => c.toLowerCase()));
    else out.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  });
  return out;
}
