/**
 * Register A1 as files (Excel and PDF) through the house's register printer (core/register-files.ts).
 */
import {
  registerMonthLabel,
  registerPdf,
  registerWorkbook,
  type RegisterDocument,
} from '../../core/register-files.js';
import { A1_COLUMNS, a1Cell, type A1Register } from './register-a1.js';

function a1Document(register: A1Register): RegisterDocument {
  return {
    title: 'SỔ KHÁM BỆNH (A1/YTCS)',
    subtitle: `${register.facility.name} (${register.facility.code}) — ${registerMonthLabel(register.month)}`,
    sheet: 'A1',
    columns: A1_COLUMNS,
    rows: register.rows.map((row) => A1_COLUMNS.map((c) => (c.key === 'no' ? row.no : a1Cell(row, c.key)))),
    footer: [
      `Tổng số lượt khám: ${register.totals.visits}; có thẻ BHYT: ${register.totals.insured}; chuyển tuyến: ${register.totals.referred}`,
    ],
  };
}

export const a1Workbook = (register: A1Register): Promise<Buffer> => registerWorkbook(a1Document(register));

/** The register as a PDF: landscape A4, the header row repeated on every page, page numbers. */
export const a1Pdf = (register: A1Register): Promise<Buffer> => registerPdf(a1Document(register));
