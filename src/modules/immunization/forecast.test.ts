import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addAge, parseAge } from './ages.js';
import {
  forecast,
  meetsRule,
  ScheduleIndex,
  type DoseForecast,
  type Forecast,
  type ScheduleDose,
} from './forecast.js';
import { parseSchedule, readScheduleCsv, type ScheduleData } from './schedule-file.js';

/** The national schedule as shipped (reference/immunization/schedule.csv). */
const shipped = (() => {
  const { data, errors } = parseSchedule(
    readScheduleCsv(readFileSync('reference/immunization/schedule.csv', 'utf8')),
  );
  expect(errors).toEqual([]);
  return data!;
})();
const national = new ScheduleIndex(shipped);
const dose = (f: Forecast, code: string): DoseForecast => {
  const d = f.doses.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} in ${f.doses.map((x) => x.code).join(',')}`);
  return d;
};
const pick = (d: DoseForecast) => [d.status, d.reason, d.earliest, d.due, d.overdueFrom, d.latest];

describe('ages', () => {
  it('adds months as PostgreSQL does (the month’s last day when shorter), then days', () => {
    expect(addAge('2026-01-31', parseAge('1 month')!)).toBe('2026-02-28');
    expect(addAge('2024-01-31', parseAge('1 month')!)).toBe('2024-02-29');
    expect(addAge('2026-01-10', parseAge('6 weeks')!)).toBe('2026-02-21');
    expect(addAge('2026-01-10', parseAge('1 year 2 weeks')!)).toBe('2027-01-24');
    expect(parseAge('2 mons')).toBeNull();
    expect(parseAge('2m')).toBeNull();
  });
});

describe('forecast on the national schedule', () => {
  // Born 10/01/2026. 6 weeks = 21/02, 10 weeks = 21/03, 2 months = 10/03, 3 months = 10/04,
  // 4 months = 10/05, 14 weeks = 18/04.
  const birthDate = '2026-01-10';

  it('gives an on-time history: doses given are valid, the next ones due or overdue with their dates', () => {
    const f = forecast(national, {
      birthDate,
      asOf: '2026-05-20',
      given: [
        { id: 'a', vaccine: 'HEPB', on: '2026-01-10' },
        { id: 'b', vaccine: 'BCG', on: '2026-01-20' },
        { id: 'c', vaccine: 'DPT_VGB_HIB', on: '2026-03-10' },
        { id: 'd', vaccine: 'OPV', on: '2026-03-10' },
      ],
    });
    expect(pick(dose(f, 'HEPB0'))).toEqual([
      'given',
      'valid',
      '2026-01-10',
      '2026-01-10',
      '2026-01-11',
      '2026-01-17',
    ]);
    expect(dose(f, 'DTP1')).toMatchObject({ status: 'given', givenOn: '2026-03-10', givenId: 'c' });
    // DTP2: earliest 10/03 + 4 weeks = 07/04; due at 3 months 10/04; overdue from 4 months 10/05.
    expect(pick(dose(f, 'DTP2'))).toEqual([
      'overdue',
      'on_schedule',
      '2026-04-07',
      '2026-04-10',
      '2026-05-10',
      '2031-01-10',
    ]);
    // IPV1 at 5 months (10/06), minimum 14 weeks (18/04): due, not yet overdue.
    expect(pick(dose(f, 'IPV1'))).toEqual([
      'due',
      'on_schedule',
      '2026-04-18',
      '2026-06-10',
      '2026-07-10',
      '2031-01-10',
    ]);
    // DTP3 follows DTP2 once given: from today 20/05 + 4 weeks = 17/06.
    expect(dose(f, 'DTP3')).toMatchObject({
      status: 'upcoming',
      reason: 'after_previous_dose',
      earliest: '2026-06-17',
    });
    expect(dose(f, 'MCV1')).toMatchObject({ status: 'upcoming', reason: 'on_schedule', due: '2026-10-10' });
    // A combination counts for each antigen it covers, a single vaccine for one dose.
    expect(f.given.map((g) => [g.id, g.countedFor])).toEqual([
      ['a', ['HEPB0']],
      ['b', ['BCG']],
      ['c', ['DTP1']],
      ['d', ['OPV1']],
    ]);
  });

  it('records a dose given before its minimum age but does not count it, and says from when it would', () => {
    const f = forecast(national, {
      birthDate,
      asOf: '2026-03-01',
      given: [{ id: 'early', vaccine: 'DPT_VGB_HIB', on: '2026-02-14' }], // 5 weeks
    });
    expect(f.given[0]).toMatchObject({
      countedFor: [],
      notCounted: [{ dose: 'DTP1', reason: 'before_min_age', validFrom: '2026-02-21' }],
    });
    expect(pick(dose(f, 'DTP1'))).toEqual([
      'due',
      'on_schedule',
      '2026-02-21',
      '2026-03-10',
      '2026-04-10',
      '2031-01-10',
    ]);
  });

  it('does not count a dose given too soon after the previous one; the next one given later counts', () => {
    const f = forecast(national, {
      birthDate,
      asOf: '2026-05-01',
      given: [
        { id: '1', vaccine: 'DPT_VGB_HIB', on: '2026-03-10' },
        { id: '2', vaccine: 'DPT_VGB_HIB', on: '2026-03-31' }, // 21 days later
        { id: '3', vaccine: 'DPT_VGB_HIB', on: '2026-04-10' },
      ],
    });
    expect(f.given[1]).toMatchObject({
      countedFor: [],
      notCounted: [{ dose: 'DTP2', reason: 'interval_too_short', validFrom: '2026-04-07' }],
    });
    expect(dose(f, 'DTP2')).toMatchObject({ status: 'given', givenId: '3' });
    // DTP3: 4 weeks after 10/04 = 08/05, due at 4 months 10/05.
    expect(pick(dose(f, 'DTP3'))).toEqual([
      'upcoming',
      'on_schedule',
      '2026-05-08',
      '2026-05-10',
      '2026-06-10',
      '2031-01-10',
    ]);
  });

  it('says too late when the latest age has passed (HepB birth dose after 7 days)', () => {
    const f = forecast(national, { birthDate, asOf: '2026-01-20', given: [] });
    expect(pick(dose(f, 'HEPB0'))).toEqual([
      'too_late',
      'too_late',
      '2026-01-10',
      '2026-01-10',
      '2026-01-11',
      '2026-01-17',
    ]);
    expect(dose(f, 'BCG')).toMatchObject({ status: 'due' });
  });

  it('says contraindicated for a live vaccine while a condition noted at screening holds', () => {
    const conditions = [{ code: 'immunodeficiency', from: '2026-01-15', until: '2026-06-01' }];
    const f = forecast(national, { birthDate, asOf: '2026-03-15', given: [], conditions });
    expect(dose(f, 'BCG')).toMatchObject({
      status: 'contraindicated',
      reason: 'contraindicated',
      params: { condition: 'immunodeficiency' },
    });
    expect(dose(f, 'OPV1').status).toBe('contraindicated');
    expect(dose(f, 'DTP1').status).toBe('due'); // not a live vaccine
    const later = forecast(national, { birthDate, asOf: '2026-06-01', given: [], conditions });
    expect(dose(later, 'BCG').status).toBe('overdue');
  });

  it('counts a hexavalent vaccine given elsewhere for DTP and polio, but not for IPV1 before 14 weeks', () => {
    const f = forecast(national, {
      birthDate,
      asOf: '2026-03-20',
      given: [{ id: 'hexa', vaccine: 'HEXA', on: '2026-03-10' }],
    });
    expect(f.given[0]).toMatchObject({
      countedFor: ['DTP1', 'OPV1'],
      notCounted: [{ dose: 'IPV1', reason: 'before_min_age', validFrom: '2026-04-18' }],
    });
    expect(dose(f, 'DTP1').givenVaccine).toBe('HEXA');
  });

  it('does not count a second vaccine of the same series given the same day', () => {
    const f = forecast(national, {
      birthDate,
      asOf: '2026-03-20',
      given: [
        { id: 'x', vaccine: 'OPV', on: '2026-03-10' },
        { id: 'y', vaccine: 'IPV', on: '2026-03-10' },
      ],
    });
    expect(dose(f, 'OPV1').givenId).toBe('x');
    expect(f.given[1]!.notCounted).toContainEqual({ dose: 'OPV2', reason: 'same_day_duplicate' });
  });

  it('catches up a late start from today at the minimum intervals', () => {
    // Born 10/01/2025, nothing given, seen on 15/09/2025 (8 months).
    const f = forecast(national, { birthDate: '2025-01-10', asOf: '2025-09-15', given: [] });
    expect(pick(dose(f, 'DTP1'))).toEqual([
      'overdue',
      'on_schedule',
      '2025-02-21',
      '2025-03-10',
      '2025-04-10',
      '2030-01-10',
    ]);
    // DTP2 four weeks after DTP1 given today: 13/10; overdue a month (3→4 months: 30 days) later.
    expect(pick(dose(f, 'DTP2'))).toEqual([
      'upcoming',
      'after_previous_dose',
      '2025-10-13',
      '2025-10-13',
      '2025-11-12',
      '2030-01-10',
    ]);
    expect(dose(f, 'DTP3')).toMatchObject({ earliest: '2025-11-10', due: '2025-11-10' });
  });

  it('puts a dose given after its latest age on the card as given, late', () => {
    const f = forecast(national, {
      birthDate: '2025-01-10',
      asOf: '2026-03-01',
      given: [{ vaccine: 'BCG', on: '2026-02-01' }], // BCG latest 12 months
    });
    expect(dose(f, 'BCG')).toMatchObject({ status: 'given', reason: 'given_after_latest_age' });
  });

  it('offers first the vaccine a station gives for a dose, whatever order the schedule is read in', () => {
    // Read back from the database, the vaccines come in code order (HEXA before OPV).
    const sorted = new ScheduleIndex({
      ...shipped,
      vaccines: [...shipped.vaccines].sort((a, b) => a.code.localeCompare(b.code)),
    });
    const f = forecast(sorted, { birthDate, asOf: '2026-03-20', given: [] });
    expect(dose(f, 'OPV1').vaccines).toEqual(['OPV', 'IPV', 'HEXA']);
    expect(dose(f, 'IPV1').vaccines).toEqual(['IPV', 'HEXA']);
    expect(dose(f, 'DTP1').vaccines).toEqual(['DPT_VGB_HIB', 'HEXA']);
    expect(dose(f, 'DTP4').vaccines).toEqual(['DPT', 'DPT_VGB_HIB', 'HEXA']);
    expect(dose(f, 'MCV1').vaccines).toEqual(['MEASLES', 'MR']);
  });

  it('waits for a prerequisite (Td at 7 years after DTP3)', () => {
    const f = forecast(national, { birthDate: '2018-01-10', asOf: '2025-02-01', given: [] });
    expect(dose(f, 'TD7')).toMatchObject({ status: 'waiting', params: { prerequisite: 'DTP3' } });
    expect(dose(f, 'DTP1').status).toBe('too_late'); // past 5 years
  });

  it('finds a child fully immunized under 1 only with every dose of the rule before the first birthday', () => {
    const rule = shipped.rules.find((r) => r.code === 'FULLY_IMMUNIZED_UNDER_1')!;
    const given = [
      { vaccine: 'BCG', on: '2026-01-12' },
      { vaccine: 'DPT_VGB_HIB', on: '2026-03-10' },
      { vaccine: 'OPV', on: '2026-03-10' },
      { vaccine: 'DPT_VGB_HIB', on: '2026-04-10' },
      { vaccine: 'OPV', on: '2026-04-10' },
      { vaccine: 'DPT_VGB_HIB', on: '2026-05-10' },
      { vaccine: 'OPV', on: '2026-05-10' },
      { vaccine: 'IPV', on: '2026-06-10' },
    ];
    const measlesOnBirthday = forecast(national, {
      birthDate,
      asOf: '2027-02-01',
      given: [...given, { vaccine: 'MEASLES', on: '2027-01-10' }],
    });
    expect(meetsRule(measlesOnBirthday, rule)).toBe(false); // on the birthday: not under 1
    const measlesBefore = forecast(national, {
      birthDate,
      asOf: '2027-02-01',
      given: [...given, { vaccine: 'MEASLES', on: '2027-01-09' }],
    });
    expect(meetsRule(measlesBefore, rule)).toBe(true);
  });
});

describe('forecast with schedule versions and province variants', () => {
  const base = (code: string, doseNo: number, extra: Partial<ScheduleDose> = {}): ScheduleDose => ({
    code,
    series: 'x',
    doseNo,
    nameVi: code,
    nameEn: code,
    antigens: ['x'],
    vaccines: [],
    province: null,
    minAge: { months: doseNo, days: 0 },
    recAge: { months: doseNo + 1, days: 0 },
    overdueAge: { months: doseNo + 2, days: 0 },
    maxAge: null,
    minInterval: { months: 1, days: 0 },
    prerequisites: [],
    contraindications: [],
    validFrom: '2020-01-01',
    validTo: null,
    ...extra,
  });
  const data: Pick<ScheduleData, 'vaccines' | 'doses' | 'rules'> = {
    vaccines: [
      {
        code: 'VX',
        nameVi: 'X',
        nameEn: 'X',
        antigens: ['x'],
        live: false,
        validFrom: '2020-01-01',
        validTo: null,
        source: '',
      },
    ],
    doses: [
      { ...base('X1', 1), checked: true, source: '' },
      { ...base('X2', 2), checked: true, source: '' },
      // A third dose added to the series from 15/02/2026.
      { ...base('X3', 3, { validFrom: '2026-02-15' }), checked: true, source: '' },
      // Rotavirus in province 01 only, from 01/06/2024, up to 8 months.
      {
        ...base('ROTA1', 1, {
          series: 'rota',
          antigens: ['x'],
          province: '01',
          validFrom: '2024-06-01',
          maxAge: { months: 8, days: 0 },
        }),
        checked: false,
        source: '',
      },
    ],
    rules: [],
  };
  const index = new ScheduleIndex(data);
  const given = [
    { vaccine: 'VX', on: '2025-08-01' },
    { vaccine: 'VX', on: '2025-09-01' },
  ];

  it('adds a dose from the day the new version takes effect, mid-series', () => {
    const after = forecast(index, { birthDate: '2025-06-01', asOf: '2026-03-01', given });
    // Minimum age 3 months (01/09/2025) and a month after X2 (01/10/2025) passed: earliest is the version's first
    // day; overdue a grace of 31 days later (4 → 5 months: 01/10 → 01/11/2025).
    expect(pick(dose(after, 'X3'))).toEqual([
      'due',
      'catch_up',
      '2026-02-15',
      '2026-02-15',
      '2026-03-18',
      null,
    ]);
    const announced = forecast(index, { birthDate: '2025-06-01', asOf: '2026-02-01', given });
    expect(dose(announced, 'X3')).toMatchObject({ status: 'upcoming', earliest: '2026-02-15' });
  });

  it('applies a province’s variant only there', () => {
    const in01 = forecast(index, { birthDate: '2025-06-01', asOf: '2025-08-01', given: [], province: '01' });
    const in79 = forecast(index, { birthDate: '2025-06-01', asOf: '2025-08-01', given: [], province: '79' });
    expect(dose(in01, 'ROTA1').status).toBe('due');
    expect(in79.doses.map((d) => d.code)).not.toContain('ROTA1');
    const late = forecast(index, { birthDate: '2024-06-01', asOf: '2025-03-01', given: [], province: '01' });
    expect(dose(late, 'ROTA1')).toMatchObject({ status: 'too_late', latest: '2025-02-01' });
  });
});

describe('schedule file', () => {
  it('refuses a file with errors by row and column, loading nothing', () => {
    const csv = [
      'record,code,series,dose_no,name_vi,antigens,vaccines,min_age,rec_age,overdue_age,valid_from,valid_to',
      'antigen,x,,,Bệnh X,,,,,,2024-01-01,',
      'vaccine,VX,,,Vắc xin X,y,,,,,2024-01-01,',
      'dose,X1,x,1,Mũi 1,x,VZ,2 months,1 month,3 months,2024-01-01,',
      'dose,X2,x,0,Mũi 2,x,,2m,3 months,4 months,2024-13-01,2023-01-01',
    ].join('\n');
    const { data, errors } = parseSchedule(readScheduleCsv(csv));
    expect(data).toBeUndefined();
    expect(errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '4:rec_age:before_min_age',
      '5:valid_from:invalid_date',
      '5:dose_no:invalid_dose_no',
      '5:min_age:invalid_age',
      '3:antigens:unknown_antigen',
      '4:vaccines:unknown_vaccine',
    ]);
  });

  it('marks every age of the shipped schedule as not checked against the official text', () => {
    expect(shipped.doses.length).toBe(17);
    expect(shipped.doses.every((d) => !d.checked && d.source.length > 0)).toBe(true);
  });
});
