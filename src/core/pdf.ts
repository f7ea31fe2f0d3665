/**
 * PDF documents (registers, reports) with pdfkit: a font with Vietnamese glyphs from the machine,
 * and the finished document as one buffer.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from './errors.js';

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/Library/Fonts/Arial Unicode.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

/** A TrueType font with Vietnamese glyphs on this machine. */
export function pdfFont(): string {
  const candidates = [process.env.YTCS_PDF_FONT, ...FONT_CANDIDATES].filter((f): f is string => !!f);
  const found = candidates.find((f) => existsSync(f));
  if (!found)
    throw new AppError(
      'internal',
      'No font with Vietnamese glyphs found for the PDF: install fonts-noto-core or set YTCS_PDF_FONT',
    );
  return found;
}

/** Collects a pdfkit document into a buffer once `doc.end()` is called. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export { PDFDocument };
