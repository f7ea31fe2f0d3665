import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { a1Pdf, a1Workbook } from './a1-files.js';
import { ageAt, type A1Register, type A1Row } from './register-a1.js';

const row = (no: number, over: Partial<A1Row> = {}): A1Row => ({
  no,
  visitId: `0190f000-0000-7000-8000-${String(no).padStart(12, '0')}`,
  date: '2026-03-02',
  fullName: `Nguyễn Thị Ánh ${no}`,
  ageMale: null,
  ageFemale: '64',
  cardCode: 'HT3220123456789',
  address: 'Thôn Đông, xã Hạ Long',
  occupation: 'Nông dân',
  ethnicity: 'Kinh',
  symptoms: 'Đau đầu, chóng mặt',
  diagnosis: 'I10 Tăng huyết áp vô căn',
  treatment: 'Amlodipin 5 mg 30 viên (1 viên/ngày, 30 ngày)',
  referral: null,
  clinician: 'BS. Trần Văn Bình',
  note: 'Hẹn tái khám 02/04/2026',
  ...over,
});

const register = (rows: A1Row[]): A1Register => ({
  facility: { id: '0190f000-0000-7000-8000-000000000999', code: 'TYT06790', name: 'Trạm Y tế xã Hạ Long' },
  month: '2026-03',
  rows,
  totals: {
    visits: rows.length,
    insured: rows.filter((r) => r.cardCode).length,
    referred: rows.filter((r) => r.referral).length,
  },
});

/** Page objects of a PDF (not the /Pages tree node). */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page(?![s\w])/g)?.length ?? 0;

describe('register A1 files', () => {
  it('given three visits, when written to Excel, then the workbook reads back with the title, headers and rows', async () => {
    const rows = [
      row(1),
      row(2, { fullName: 'Lê Văn Cường', ageMale: '36', ageFemale: null, cardCode: null }),
      row(3, { referral: 'BVĐK tỉnh' }),
    ];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await a1Workbook(register(rows))) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('A1')!;
    expect(ws.getCell('A1').value).toBe('SỔ KHÁM BỆNH (A1/YTCS)');
    expect(ws.getCell('A2').value).toBe('Trạm Y tế xã Hạ Long (TYT06790) — Tháng 03 năm 2026');
    expect(ws.getRow(3).getCell(3).value).toBe('Họ và tên');
    expect(ws.getRow(5).values).toEqual([
      undefined,
      2,
      '02/03/2026',
      'Lê Văn Cường',
      '36',
      '',
      '',
      'Thôn Đông, xã Hạ Long',
      'Nông dân',
      'Kinh',
      'Đau đầu, chóng mặt',
      'I10 Tăng huyết áp vô căn',
      'Amlodipin 5 mg 30 viên (1 viên/ngày, 30 ngày)',
      '',
      'BS. Trần Văn Bình',
      'Hẹn tái khám 02/04/2026',
    ]);
    expect(ws.getRow(6).getCell(13).value).toBe('BVĐK tỉnh');
    expect(ws.getRow(8).getCell(1).value).toBe('Tổng số lượt khám: 3; có thẻ BHYT: 2; chuyển tuyến: 1');
  });

  it('given a few visits, when printed, then the PDF has one page', async () => {
    const pdf = await a1Pdf(register([row(1), row(2), row(3)]));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
  });

  it('given more visits than a page holds, when printed, then the rows continue on further pages', async () => {
    // Each row is two lines of 7 pt text (treatment and diagnosis wrap): ~20–23 rows fit the ~470 pt
    // under the heading of a landscape A4 page (Noto Sans or DejaVu Sans metrics), so 50 rows and the
    // totals take 3 pages (60 rows fill three pages and put the totals on a fourth, never over a row).
    const pdf = await a1Pdf(register(Array.from({ length: 50 }, (_, i) => row(i + 1))));
    expect(pageCount(pdf)).toBe(3);
  });

  it('given birth dates, when the age is written, then it is years, or months under one year', () => {
    expect(ageAt('1960-05-14', 1960, '2026-03-02')).toBe('65');
    expect(ageAt('1960-03-02', 1960, '2026-03-02')).toBe('66');
    expect(ageAt('2025-07-20', 2025, '2026-03-02')).toBe('7 tháng');
    expect(ageAt(null, 1990, '2026-03-02')).toBe('36');
  });
});
