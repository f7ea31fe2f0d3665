import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { planTemplate } from './index.js';
import { lastDayOf } from './service.js';

let t: TestApp;
let admin: Session;
let manager: Session;
let stationA: string;
let planId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'plan.admin', 'system_admin', 'VN');
  stationA = await createStation(admin, '06862');
  await createStation(admin, '06838');
  await createDoctor(admin, stationA);
  manager = await userSession(t, 'plan.so', 'province_manager', '22');
});
afterAll(async () => t?.close());

describe('a plan and its review', () => {
  it('refuses a target linked to no indicator of the catalogue', async () => {
    const res = await manager.request('POST', '/api/v1/plans', {
      ...planTemplate('22'),
      number: '1/KH-UBND',
      targets: [{ ...planTemplate('22').targets[0], indicatorCode: 'T99' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      path: 'body.targets.0.indicatorCode',
      code: 'unknown_indicator',
    });
  });

  it('loads the shipped plan (seed 000) with its eight targets and agencies', async () => {
    const res = await manager.request('POST', '/api/v1/plans', planTemplate('22'));
    expect(res.statusCode, res.body).toBe(201);
    planId = res.json().id;
    expect(res.json().targets.map((x: { indicatorCode: string }) => x.indicatorCode)).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T5',
      'T6',
      'RES_EM_STATIONS_INVESTED',
      'RES_CENTRES_EQUIPPED',
    ]);
    const list = await manager.request('GET', '/api/v1/plans?unit=22');
    expect(list.json().items).toMatchObject([{ id: planId, number: '176/KH-UBND', targetCount: 8 }]);
    // A station head's scope is its commune: the province's plan is not found there.
    const head = await userSession(t, 'plan.head', 'station_head', '06862');
    expect((await head.request('GET', `/api/v1/plans/${planId}`)).statusCode).toBe(404);
  });

  it('reads each target against its live indicator, by agency, for a period (by hand)', async () => {
    const res = await manager.request('GET', `/api/v1/plans/${planId}/progress?period=2025`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.kind).toBe('interim'); // 2025 ends before the plan (2030)
    const byCode = (code: string) =>
      p.targets.find((x: { indicatorCode: string }) => x.indicatorCode === code);
    // T1: one station of two has a full-time doctor → 50% against ≥ 100%.
    expect(byCode('T1')).toMatchObject({ numerator: 1, denominator: 2, achieved: 50, result: 'not_met' });
    // No ethnic-minority commune listed: no stations to count, no value.
    expect(byCode('RES_EM_STATIONS_INVESTED')).toMatchObject({
      denominator: 0,
      achieved: null,
      result: 'no_data',
    });
    // 13 centres is counted on the numerator: none equipped.
    expect(byCode('RES_CENTRES_EQUIPPED')).toMatchObject({
      measure: 'numerator',
      achieved: 0,
      result: 'not_met',
    });
    const agencies = Object.fromEntries(p.agencies.map((a: { agency: string }) => [a.agency, a])) as Record<
      string,
      { targets: number; met: number; notMet: number; noData: number }
    >;
    expect(Object.keys(agencies).sort()).toEqual([
      'Ban Dân tộc tỉnh',
      'Bảo hiểm xã hội tỉnh',
      'Sở Kế hoạch và Đầu tư',
      'Sở Y tế',
    ]);
    expect(agencies['Sở Y tế']!.targets).toBe(4);
    expect(agencies['Ban Dân tộc tỉnh']).toMatchObject({ targets: 1, noData: 1 });
    expect(agencies['Sở Kế hoạch và Đầu tư']).toMatchObject({ targets: 1, notMet: 1 });
  });

  it('writes the review as Excel (targets and agencies) and PDF, a final review once the plan has ended', async () => {
    const xlsx = await manager.request('GET', `/api/v1/plans/${planId}/review.xlsx?period=2025-Q4`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('so-ket_176-KH-UBND_2025-Q4.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Mục tiêu')!;
    const lines: unknown[][] = [];
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    expect(String(lines[0]![0])).toBe('BÁO CÁO SƠ KẾT — Kết quả thực hiện Kế hoạch số 176/KH-UBND');
    const t1 = lines.find((l) => l[0] === 1)!;
    expect(t1.slice(3)).toEqual(['31/12/2030', '≥ 100%', 50, 'Chưa đạt', 'Sở Y tế']);
    const agencies: unknown[][] = [];
    book.getWorksheet('Theo cơ quan')!.eachRow((row) => agencies.push((row.values as unknown[]).slice(1)));
    expect(agencies[0]).toEqual(['Cơ quan chủ trì', 'Số mục tiêu', 'Đạt', 'Chưa đạt', 'Chưa có số liệu']);
    expect(agencies.find((a) => a[0] === 'Sở Y tế')).toEqual(['Sở Y tế', 4, 0, 1, 3]);

    const pdf = await manager.request('GET', `/api/v1/plans/${planId}/review.pdf?period=2025`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const future = await manager.request('GET', `/api/v1/plans/${planId}/review.pdf?period=2031`);
    expect(future.statusCode).toBe(422);
  });

  it('edits a plan: changes a target, adds one, removes one, keeps the order given', async () => {
    const made = await manager.request('POST', '/api/v1/plans', {
      number: '9/KH-SYT',
      title: 'Kế hoạch thử nghiệm sửa mục tiêu',
      issuer: 'Sở Y tế',
      issuedOn: '2025-01-15',
      endsOn: '2027-12-31',
      unitCode: '22',
      targets: [
        {
          textVi: 'Trạm y tế có bác sĩ',
          indicatorCode: 'T1',
          operator: '>=',
          targetValue: 90,
          deadline: '2026-12-31',
          agency: 'Sở Y tế',
        },
        {
          textVi: 'Dân số tham gia BHYT',
          indicatorCode: 'T3',
          operator: '>=',
          targetValue: 95,
          deadline: '2027-12-31',
          agency: 'BHXH tỉnh',
        },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    const [t1, t3] = made.json().targets as { id: string }[];
    const edited = await manager.request('PUT', `/api/v1/plans/${made.json().id}`, {
      number: '9/KH-SYT',
      title: 'Kế hoạch thử nghiệm sửa mục tiêu (sửa đổi)',
      issuer: 'Sở Y tế',
      issuedOn: '2025-01-15',
      endsOn: '2028-12-31',
      targets: [
        {
          textVi: 'Xã đạt Bộ tiêu chí quốc gia về y tế',
          indicatorCode: 'T7',
          operator: '>=',
          targetValue: 80,
          deadline: '2028-12-31',
          agency: 'Sở Y tế',
        },
        {
          id: t1!.id,
          textVi: 'Trạm y tế có bác sĩ cơ hữu',
          indicatorCode: 'T1',
          operator: '>=',
          targetValue: 100,
          deadline: '2027-06-30',
          agency: 'Sở Y tế',
        },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const p = edited.json();
    expect(p).toMatchObject({ title: 'Kế hoạch thử nghiệm sửa mục tiêu (sửa đổi)', endsOn: '2028-12-31' });
    expect(
      p.targets.map(
        (x: { ordinal: number; indicatorCode: string; targetValue: number; deadline: string }) => [
          x.ordinal,
          x.indicatorCode,
          x.targetValue,
          x.deadline,
        ],
      ),
    ).toEqual([
      [1, 'T7', 80, '2028-12-31'],
      [2, 'T1', 100, '2027-06-30'],
    ]);
    expect(p.targets[1].id).toBe(t1!.id);
    expect(p.targets.some((x: { id: string }) => x.id === t3!.id)).toBe(false);
  });

  it('refuses an edit naming a target of another plan or an unknown indicator, field by field', async () => {
    const [plan] = (await manager.request('GET', '/api/v1/plans?unit=22')).json().items;
    const other = (await manager.request('GET', `/api/v1/plans/${planId}`)).json().targets[0].id;
    const full = (await manager.request('GET', `/api/v1/plans/${plan.id}`)).json();
    const res = await manager.request('PUT', `/api/v1/plans/${plan.id}`, {
      number: full.number,
      title: full.title,
      issuer: full.issuer,
      issuedOn: full.issuedOn,
      endsOn: full.endsOn,
      targets: [
        {
          id: plan.id === planId ? '018f0000-0000-7000-8000-000000000000' : other,
          textVi: 'Mục tiêu của kế hoạch khác',
          indicatorCode: 'T1',
          operator: '>=',
          targetValue: 1,
          deadline: '2026-12-31',
          agency: 'Sở Y tế',
        },
        {
          textVi: 'Chỉ tiêu không có',
          indicatorCode: 'T99',
          operator: '>=',
          targetValue: 1,
          deadline: '2026-12-31',
          agency: 'Sở Y tế',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([
      'body.targets.1.indicatorCode:unknown_indicator',
      'body.targets.0.id:unknown_target',
    ]);
    const commune = await userSession(t, 'plan.editor.head', 'station_head', '06862');
    const denied = await commune.request('PUT', `/api/v1/plans/${plan.id}`, {
      ...full,
      targets: full.targets,
    });
    expect([403, 404]).toContain(denied.statusCode);
  });

  it('names the last day of a period', () => {
    expect(lastDayOf('2024')).toBe('2024-12-31');
    expect(lastDayOf('2024-Q1')).toBe('2024-03-31');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
  });
});
