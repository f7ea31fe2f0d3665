import { describe, expect, it } from 'vitest';
import { criteriaFromRecords } from './file.js';
import { scoreAssessment } from './scoring.js';

const HEADER = {
  code: 'TINH-22',
  version: 2,
  validFrom: '2026-01-01',
  validTo: null,
  source: 'hand-built for the tests',
  passRule: { minTotal: 80, minShareOfEach: 0.5 },
  validityYears: 3,
};
const COLS = 'criterion_no,criterion_name,indicator_no,indicator_text,max_points,mandatory,prefill';
/** Reads a CSV written inline into the records core's reader would give (no quotes in these). */
const records = (lines: string[]) => {
  const [head, ...rest] = lines;
  const cols = head!.split(',');
  return rest.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v.trim()])));
};

// Criterion 1 (20 points): 1.1 a knock-out of 5 and 1.2 of 15. Criterion 2 (30): 2.1 of 10 and 2.2 of
// 20 with the station's doctor pre-filled. Criterion 3 (50 points): no indicator rows, so one 3.1.
const GOOD = [
  COLS,
  '1,Chỉ đạo điều hành,,,20,',
  '1,,1.1,Xã có Ban Chỉ đạo chăm sóc sức khỏe Nhân dân,5,có,',
  '1,,1.2,Kế hoạch y tế trong nghị quyết của xã,15,không,insurance_coverage',
  '2,Nhân lực y tế,,,30,',
  '2,,2.1,Trạm có đủ nhân lực theo vị trí việc làm,10,0,',
  '2,,2.2,Trạm có bác sĩ làm việc thường xuyên,20,1,station_doctor',
  '3,Cơ sở hạ tầng,,,50,',
];

describe('a criteria version read from a table', () => {
  it('builds the criteria, their indicators with points, knock-outs and pre-fill keys', () => {
    const r = criteriaFromRecords(records(GOOD), HEADER);
    expect(r.errors).toEqual([]);
    expect([r.criteria, r.indicators]).toEqual([3, 5]);
    const d = r.definition!;
    expect(
      d.criteria.map((c) => [
        c.no,
        c.maxPoints,
        c.indicators.map((i) => `${i.code}:${i.maxPoints}:${i.mandatory}`),
      ]),
    ).toEqual([
      [1, 20, ['1.1:5:true', '1.2:15:false']],
      [2, 30, ['2.1:10:false', '2.2:20:true']],
      [3, 50, ['3.1:50:false']],
    ]);
    expect(d.criteria[1]!.indicators[1]!.prefill).toEqual(['station_doctor']);
    expect(d.criteria[2]!.indicators[0]!.name.vi).toBe('Toàn bộ tiêu chí 3 (chưa tách chỉ tiêu)');
  });

  it('scores at indicator level by hand: a criterion is the sum of its indicators, the pass rule applies', () => {
    const d = criteriaFromRecords(records(GOOD), HEADER).definition!;
    // 5 + 10 | 10 + 20 | 40 = 85 points, every criterion at half or more, both knock-outs full: met.
    const met = scoreAssessment(d, { '1.1': 5, '1.2': 10, '2.1': 10, '2.2': 20, '3.1': 40 });
    expect(met.criteria.map((c) => c.points)).toEqual([15, 30, 40]);
    expect(met).toMatchObject({ total: 85, passed: true, reasons: [] });
    // 2.2 (the doctor, a knock-out) at 19 of 20: 84 points, still over 80 and half of each, not met.
    const knocked = scoreAssessment(d, { '1.1': 5, '1.2': 10, '2.1': 10, '2.2': 19, '3.1': 40 });
    expect(knocked).toMatchObject({
      total: 84,
      passed: false,
      failedKnockouts: ['2.2'],
      reasons: ['knockout:2.2'],
    });
    // Criterion 1 at 9.5 of 20 (under half) with 89.5 points overall: not met by the 50% rule alone.
    const half = scoreAssessment(d, { '1.1': 5, '1.2': 4.5, '2.1': 10, '2.2': 20, '3.1': 50 });
    expect(half).toMatchObject({ total: 89.5, passed: false, reasons: ['criterion:1'] });
    // 79 points, every rule else kept: not met on the total.
    const low = scoreAssessment(d, { '1.1': 5, '1.2': 15, '2.1': 0, '2.2': 20, '3.1': 39 });
    expect(low).toMatchObject({ total: 79, passed: false, reasons: ['total'] });
  });

  it('reports every error with its row and column, in Vietnamese and English', () => {
    const r = criteriaFromRecords(
      records([
        COLS,
        '1,Chỉ đạo điều hành,,,20,',
        '1,,1.1,Ban Chỉ đạo,5,có,',
        '1,,1.1,Trùng mã,5,không,',
        '1,,2.1,Sai tiêu chí,5,không,',
        '2,Nhân lực y tế,,,abc,',
        '3,,3.1,Không có dòng tiêu chí,5,có,',
        '1,,1.3,Nguồn lạ,10,có lẽ,doctor_count',
      ]),
      HEADER,
    );
    expect(r.definition).toBeNull();
    expect(r.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '4:indicator_no:duplicate',
      '5:indicator_no:wrong_criterion',
      '6:max_points:invalid_points',
      '7:criterion_no:unknown_criterion',
      '8:mandatory:invalid_boolean',
      '8:prefill:unknown_prefill',
      '2:max_points:points_do_not_add_up',
    ]);
    expect(r.errors[0]!.message).toEqual({
      vi: 'Chỉ tiêu 1.1 đã có ở dòng 3',
      en: 'Indicator 1.1 is already on row 3',
    });
    expect(r.errors.at(-1)!.message.vi).toBe(
      'Các chỉ tiêu của tiêu chí 1 cộng được 5 điểm, tiêu chí có 20 điểm',
    );
  });

  it('refuses a table without its columns, and criteria whose points cannot reach the pass mark', () => {
    expect(criteriaFromRecords([{ criterion_no: '1' }], HEADER).errors.map((e) => e.column)).toEqual([
      'criterion_name',
      'indicator_no',
      'indicator_text',
      'max_points',
      'mandatory',
    ]);
    const r = criteriaFromRecords(records([COLS, '1,Một,,,50,', '2,Hai,,,25,']), HEADER);
    expect(r.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '0:passRule.minTotal:unreachable',
    ]);
  });

  it('reads the shared extract of 1300/QĐ-BYT (criterion rows only) as ten criteria of one indicator each', () => {
    const csv = [
      'criterion_no,criterion_name,indicator_no,indicator_text,max_points,mandatory',
      ...['14', '10', '12', '9', '19', '12', '6', '11', '3', '4'].map(
        (p, i) => `${i + 1},Tiêu chí ${i + 1},,,${p},`,
      ),
    ];
    const r = criteriaFromRecords(records(csv), { ...HEADER, code: '1300/QĐ-BYT' });
    expect(r.errors).toEqual([]);
    expect(r.definition!.criteria.map((c) => c.indicators[0]!.code)).toEqual([
      '1.1',
      '2.1',
      '3.1',
      '4.1',
      '5.1',
      '6.1',
      '7.1',
      '8.1',
      '9.1',
      '10.1',
    ]);
  });
});
