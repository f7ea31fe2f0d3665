/**
 * Reading an import file: CSV (UTF-8 with or without BOM, comma, semicolon or tab) or the first sheet
 * of an .xlsx workbook, into a header and rows of text cells; matching the headers people write to
 * the import fields; and the empty template. No database.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  IMPORT_FIELDS,
  IMPORT_HEADERS,
  REQUIRED_IMPORT_FIELDS,
  type ImportField,
  type ImportFormat,
  type ImportRowError,
} from './contracts.js';

/** Cells as text; `row` is the spreadsheet row number (the header is row 1 unless blank rows precede it). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

/** Lower case, no diacritics (đ → d), letters and digits only: "Thôn/Ấp" → "thonap". */
export function headerKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Lower case, no diacritics, words separated by one space: "Thôn  Đồng Mạ" → "thon dong ma". */
export function textKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FIELD_BY_HEADER: ReadonlyMap<string, ImportField> = new Map(
  IMPORT_FIELDS.flatMap((field) => {
    const h = IMPORT_HEADERS[field];
    return [h.vi, h.en, field, ...h.aliases].map((name) => [headerKey(name), field] as const);
  }),
);

/**
 * The file's format, from its content: an .xlsx workbook is a ZIP archive; anything else is read as CSV.
 * (Browsers on Windows send a CSV file as `application/vnd.ms-excel`: the content type is not trusted.)
 */
export function detectFormat(body: Buffer): ImportFormat {
  return body.length >= 4 && body.readUInt32LE(0) === 0x04034b50 ? 'xlsx' : 'csv';
}

/** The old binary Excel format (.xls, an OLE compound file), which is not read: save as .xlsx or CSV. */
export function isOldExcel(body: Buffer): boolean {
  return body.length >= 8 && body.readUInt32BE(0) === 0xd0cf11e0 && body.readUInt32BE(4) === 0xa1b11ae1;
}

function csvDelimiter(text: string): string {
  const line = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let most = -1;
  for (const d of [',', ';', '\t']) {
    // Outside quotes: count in the parts between pairs of quotes.
    const count = line.replace(/"[^"]*"/g, '').split(d).length - 1;
    if (count > most) {
      most = count;
      best = d;
    }
  }
  return best;
}

const blank = (cells: string[]) => cells.every((c) => c === '');

function toSheet(records: { row: number; cells: string[] }[]): Sheet {
  const first = records.findIndex((r) => !blank(r.cells));
  if (first < 0) return { headerRow: 1, headers: [], rows: [] };
  const header = records[first]!;
  return {
    headerRow: header.row,
    headers: header.cells.map((c) => c.trim()),
    rows: records.slice(first + 1).filter((r) => !blank(r.cells)),
  };
}

export function readCsv(body: Buffer): Sheet {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = parse(text, {
    delimiter: csvDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
  }) as string[][];
  return toSheet(records.map((cells, i) => ({ row: i + 1, cells })));
}

/** Marks a cell that Excel held as a whole number (see `readXlsx`). */
export const NUMBER_MARK = '\u0000';

const pad = (n: number) => String(n).padStart(2, '0');

/** An Excel cell as text: dates as yyyy-mm-dd, rich text and formulas by their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date)
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

export async function readXlsx(body: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headerRow: 1, headers: [], rows: [] };
  const records: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    // row.values is 1-based.
    for (let i = 1; i < values.length; i++) {
      const v = values[i];
      // A number typed into Excel loses its leading zeros (personal IDs, phones): keep the digits as
      // they were; the column decides how to read them.
      cells.push(typeof v === 'number' && Number.isInteger(v) ? `${NUMBER_MARK}${v}` : cellText(v ?? null));
    }
    records.push({ row: row.number, cells });
  });
  return toSheet(records);
}

export async function readSheet(body: Buffer, format: ImportFormat): Promise<Sheet> {
  return format === 'xlsx' ? readXlsx(body) : readCsv(body);
}

/** Which column fills which field; headers matching no field are `unknown`. */
export interface ColumnMap {
  columns: { index: number; header: string; field: ImportField | null }[];
  byField: Partial<Record<ImportField, number>>;
  unknown: string[];
  errors: ImportRowError[];
}

const fileError = (
  row: number,
  column: string | null,
  field: ImportField | null,
  code: string,
  message: string,
  messageVi: string,
): ImportRowError => ({ row, column, field, value: null, code, message, messageVi });

export function mapColumns(sheet: Sheet): ColumnMap {
  const out: ColumnMap = { columns: [], byField: {}, unknown: [], errors: [] };
  sheet.headers.forEach((header, index) => {
    if (!header) return;
    const field = FIELD_BY_HEADER.get(headerKey(header)) ?? null;
    out.columns.push({ index, header, field });
    if (!field) out.unknown.push(header);
    else if (out.byField[field] !== undefined)
      out.errors.push(
        fileError(
          sheet.headerRow,
          header,
          field,
          'duplicate_column',
          `two columns fill ${IMPORT_HEADERS[field].en}: "${sheet.headers[out.byField[field]!]}" and "${header}"`,
          `hai cột cùng là "${IMPORT_HEADERS[field].vi}": "${sheet.headers[out.byField[field]!]}" và "${header}"`,
        ),
      );
    else out.byField[field] = index;
  });
  if (!sheet.headers.length)
    out.errors.push(
      fileError(0, null, null, 'empty_file', 'the file has no header row', 'tệp không có dòng tiêu đề'),
    );
  else
    for (const field of REQUIRED_IMPORT_FIELDS)
      if (out.byField[field] === undefined)
        out.errors.push(
          fileError(
            sheet.headerRow,
            null,
            field,
            'missing_column',
            `the file has no column "${IMPORT_HEADERS[field].vi}" (${IMPORT_HEADERS[field].en})`,
            `tệp thiếu cột "${IMPORT_HEADERS[field].vi}"`,
          ),
        );
  return out;
}

// ---------------------------------------------------------------- template

export const TEMPLATE_HEADERS = IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f].vi);

/** The empty template as CSV (UTF-8 with BOM, so that Excel reads the Vietnamese headers right). */
export function templateCsv(): string {
  return `\uFEFF${TEMPLATE_HEADERS.map((h) => (/[",;\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',')}\r\n`;
}

/** The empty template as an .xlsx workbook, every column formatted as text (keeps leading zeros). */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.columns = TEMPLATE_HEADERS.map((header) => ({
    header,
    width: Math.max(12, header.length + 4),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
