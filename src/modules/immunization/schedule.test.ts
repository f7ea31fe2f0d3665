import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { recordsOfFile } from './schedule.js';
import { parseSchedule, readScheduleCsv, SCHEDULE_COLUMNS } from './schedule-file.js';

describe('a schedule loaded from XLSX', () => {
  it('reads the first sheet with the same columns as the CSV, dates typed as dates too', async () => {
    const records = readScheduleCsv(readFileSync('reference/immunization/schedule.csv', 'utf8'));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Lịch tiêm');
    sheet.addRow([...SCHEDULE_COLUMNS]);
    for (const r of records)
      sheet.addRow(
        SCHEDULE_COLUMNS.map((c) => (c === 'valid_from' ? new Date(`${r[c]}T00:00:00Z`) : (r[c] ?? ''))),
      );
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const read = await recordsOfFile('lich-tiem.xlsx', bytes);
    expect(read).toHaveLength(records.length);
    expect(read.find((r) => r.code === 'DTP3')).toMatchObject({
      rec_age: '4 months',
      valid_from: '2024-08-01',
    });
    const { data, errors } = parseSchedule(read);
    expect(errors).toEqual([]);
    expect(data!.doses.map((d) => d.code)).toContain('MCV2');
  });

  it('answers the row and the column of a wrong cell', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('x');
    sheet.addRow(['record', 'code', 'name_vi', 'valid_from']);
    sheet.addRow(['antigen', 'x', 'Bệnh X', '2024-01-01']);
    sheet.addRow(['vaccin', 'y', 'Vắc xin Y', '2024-01-01']);
    const { errors } = parseSchedule(
      await recordsOfFile('x.xlsx', Buffer.from(await book.xlsx.writeBuffer())),
    );
    expect(errors).toEqual([
      {
        row: 3,
        column: 'record',
        code: 'invalid_value',
        message: 'must be one of: antigen, vaccine, dose, rule, condition',
      },
    ]);
  });
});
