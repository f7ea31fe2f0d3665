/**
 * Register A1 as files: an Excel workbook (exceljs) and a landscape A4 PDF (pdfkit) with a font that
 * has the Vietnamese glyphs. The font is not shipped: Noto Sans (Debian fonts-noto-core) or DejaVu Sans
 * is looked up on the machine, or YTCS_PDF_FONT names a TTF file.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { pdfFont } from '../../core/pdf.js';
import { A1_COLUMNS, a1Cell, type A1Register } from './register-a1.js';

const TITLE = 'SỔ KHÁM BỆNH (A1/YTCS)';

const monthLabel = (month: string) => `Tháng ${month.slice(5, 7)} năm ${month.slice(0, 4)}`;

export async function a1Workbook(register: A1Register): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ytcs';
  const ws = wb.addWorksheet('A1', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = A1_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.addRow([TITLE]).font = { bold: true, size: 14 };
  ws.addRow([`${register.facility.name} (${register.facility.code}) — ${monthLabel(register.month)}`]);
  ws.mergeCells(1, 1, 1, A1_COLUMNS.length);
  ws.mergeCells(2, 1, 2, A1_COLUMNS.length);
  const header = ws.addRow(A1_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  for (const row of register.rows) {
    const r = ws.addRow(A1_COLUMNS.map((c) => (c.key === 'no' ? row.no : a1Cell(row, c.key))));
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  ws.addRow([]);
  ws.addRow([
    `Tổng số lượt khám: ${register.totals.visits}; có thẻ BHYT: ${register.totals.insured}; chuyển tuyến: ${register.totals.referred}`,
  ]);
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The register as a PDF: landscape A4, the header row repeated on every page, page numbers. */
export async function a1Pdf(register: A1Register): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 28,
    bufferPages: true,
    info: { Title: `${TITLE} — ${register.facility.name} — ${register.month}`, Creator: 'ytcs' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', pdfFont());
  doc.font('body');

  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const totalWidth = A1_COLUMNS.reduce((s, c) => s + c.width, 0);
  const widths = A1_COLUMNS.map((c) => (c.width / totalWidth) * usable);
  const fontSize = 7;
  const pad = 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 16;

  const drawRow = (cells: string[], y: number, bold = false): number => {
    doc.fontSize(fontSize);
    const heights = cells.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * pad }));
    const h = Math.max(...heights, fontSize) + 2 * pad;
    let x = left;
    cells.forEach((t, i) => {
      doc.rect(x, y, widths[i]!, h).lineWidth(0.4).stroke();
      doc.text(t, x + pad, y + pad, { width: widths[i]! - 2 * pad, lineBreak: true });
      x += widths[i]!;
    });
    if (bold) doc.fontSize(fontSize);
    return y + h;
  };
  const heading = (): number => {
    doc.fontSize(12).text(TITLE, left, doc.page.margins.top, { width: usable, align: 'center' });
    doc
      .fontSize(9)
      .text(`${register.facility.name} (${register.facility.code}) — ${monthLabel(register.month)}`, {
        width: usable,
        align: 'center',
      });
    return drawRow(
      A1_COLUMNS.map((c) => c.header),
      doc.y + 6,
      true,
    );
  };

  let y = heading();
  for (const row of register.rows) {
    const cells = A1_COLUMNS.map((c) => a1Cell(row, c.key));
    doc.fontSize(fontSize);
    const needed =
      Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * pad })), fontSize) +
      2 * pad;
    if (y + needed > bottom()) {
      doc.addPage();
      y = heading();
    }
    y = drawRow(cells, y);
  }
  doc
    .fontSize(8)
    .text(
      `Tổng số lượt khám: ${register.totals.visits}; có thẻ BHYT: ${register.totals.insured}; chuyển tuyến: ${register.totals.referred}`,
      left,
      Math.min(y + 6, bottom()),
      { width: usable },
    );

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
