/**
 * A station's register (sổ A1, A3, A4, A5 …) as files: an Excel workbook (exceljs) and a landscape A4
 * PDF (pdfkit) with a font that has the Vietnamese glyphs (core/pdf.ts). Every register is a title, a
 * line naming the unit and the period, columns, rows and totals: a module maps its rows to cells and
 * hands them here, so every register prints the same way (the header row repeated on each page, page
 * numbers "Trang i/n", the totals after the last row).
 */
import ExcelJS from 'exceljs';
import { PDFDocument, pdfBuffer, pdfFont } from './pdf.js';

export interface RegisterColumn {
  header: string;
  /** Relative width: characters in Excel, a share of the page in the PDF. */
  width: number;
}

export type RegisterCell = string | number | null | undefined;

export interface RegisterDocument {
  /** e.g. "SỔ KHÁM THAI (A3/YTCS)". */
  title: string;
  /** The unit and the period, e.g. "Trạm Y tế xã Hạ Long (22001) — Tháng 03 năm 2026". */
  subtitle: string;
  /** The worksheet's name (≤ 31 characters). */
  sheet: string;
  columns: RegisterColumn[];
  rows: RegisterCell[][];
  /** Lines printed after the rows (totals). */
  footer?: string[];
}

/** "Tháng 03 năm 2026" for 2026-03. */
export const registerMonthLabel = (month: string): string =>
  `Tháng ${month.slice(5, 7)} năm ${month.slice(0, 4)}`;

/** dd/mm/yyyy for an ISO day (the registers' way of writing a date); empty for none. */
export const registerDay = (day: string | null | undefined): string =>
  day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '';

const text = (cell: RegisterCell): string => (cell === null || cell === undefined ? '' : String(cell));

export async function registerWorkbook(register: RegisterDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ytcs';
  const ws = wb.addWorksheet(register.sheet.slice(0, 31), {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const n = register.columns.length;
  ws.columns = register.columns.map((c) => ({ width: c.width }));
  ws.addRow([register.title]).font = { bold: true, size: 14 };
  ws.addRow([register.subtitle]);
  ws.mergeCells(1, 1, 1, n);
  ws.mergeCells(2, 1, 2, n);
  const header = ws.addRow(register.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  for (const row of register.rows) {
    const r = ws.addRow(row.map((c) => (typeof c === 'number' ? c : text(c))));
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  if (register.footer?.length) {
    ws.addRow([]);
    for (const line of register.footer) ws.addRow([line]);
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The register as a PDF: landscape A4, the header row repeated on every page, page numbers. */
export async function registerPdf(register: RegisterDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 28,
    bufferPages: true,
    info: { Title: `${register.title} — ${register.subtitle}`, Creator: 'ytcs' },
  });
  const done = pdfBuffer(doc);
  doc.registerFont('body', pdfFont());
  doc.font('body');

  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const totalWidth = register.columns.reduce((s, c) => s + c.width, 0);
  const widths = register.columns.map((c) => (c.width / totalWidth) * usable);
  const fontSize = 7;
  const pad = 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 16;
  const rowHeight = (cells: string[]): number => {
    doc.fontSize(fontSize);
    const heights = cells.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * pad }));
    return Math.max(...heights, fontSize) + 2 * pad;
  };
  const drawRow = (cells: string[], y: number): number => {
    const h = rowHeight(cells);
    let x = left;
    cells.forEach((t, i) => {
      doc.rect(x, y, widths[i]!, h).lineWidth(0.4).stroke();
      doc.text(t, x + pad, y + pad, { width: widths[i]! - 2 * pad, lineBreak: true });
      x += widths[i]!;
    });
    return y + h;
  };
  const heading = (): number => {
    doc.fontSize(12).text(register.title, left, doc.page.margins.top, { width: usable, align: 'center' });
    doc.fontSize(9).text(register.subtitle, { width: usable, align: 'center' });
    return drawRow(
      register.columns.map((c) => c.header),
      doc.y + 6,
    );
  };

  let y = heading();
  for (const row of register.rows) {
    const cells = row.map(text);
    if (y + rowHeight(cells) > bottom()) {
      doc.addPage();
      y = heading();
    }
    y = drawRow(cells, y);
  }
  for (const line of register.footer ?? []) {
    doc.fontSize(8);
    if (y + 6 + doc.heightOfString(line, { width: usable }) > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    doc.text(line, left, y + 6, { width: usable });
    y = doc.y;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Written inside the bottom margin's limit, else pdfkit would start a new page for it.
    doc
      .fontSize(7)
      .text(`Trang ${i + 1}/${range.count}`, left, doc.page.height - doc.page.margins.bottom - 12, {
        width: usable,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
