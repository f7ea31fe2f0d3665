import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.js';
import { newId } from '../../../core/ids.js';
import { rows } from '../../../db/connection.js';
import { listAuditEvents } from '../../audit/index.js';
import { findUnit } from '../../network/index.js';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';
import { XLSX_MIME, type ImportJobOut, type ImportProgress } from './contracts.js';
import { failInterruptedImports } from './jobs.js';
import { importPeople } from './service.js';

/**
 * Tiên Yên commune (06862, Quảng Ninh) with two hamlets, Đồng Mạ and Khe Lặc; files of a few rows
 * imported over HTTP as jobs, and once directly through the service.
 */
let t: TestApp;
let head: Session;
let hamlets: { dongMa: string; kheLac: string };

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'import.admin', 'system_admin', 'VN');
  const hamlet = async (name: string) =>
    (await admin.request('POST', '/api/v1/units/06862/hamlets', { name, unitType: 'Thôn' })).json()
      .code as string;
  hamlets = { dongMa: await hamlet('Đồng Mạ'), kheLac: await hamlet('Khe Lặc') };
  head = await userSession(t, 'import.head', 'station_head', '06862');
});
afterAll(async () => t?.close());

const HEADER =
  'Mã hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Quan hệ với chủ hộ,Thôn/Ấp/Khu phố,Địa chỉ,Số điện thoại,Mã thẻ BHYT,Hạn thẻ từ,Hạn thẻ đến,Nơi ĐKKCB ban đầu,Ghi chú';

function post(
  who: Session,
  body: string | Buffer,
  query: string,
  contentType = 'text/csv',
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/people/imports?${query}`,
    cookies: { ytcs_session: who.cookie },
    headers: { 'x-csrf-token': who.csrf, 'content-type': contentType },
    payload: body,
  });
}

/** Posts a file and polls the job until it is done or failed. */
async function importFile(
  body: string | Buffer,
  query: string,
  contentType = 'text/csv',
): Promise<ImportJobOut> {
  const res = await post(head, body, query, contentType);
  expect(res.statusCode, res.body).toBe(202);
  const job = res.json() as ImportJobOut;
  expect(job.status).toBe('queued');
  for (let i = 0; i < 200; i++) {
    const got = await head.request('GET', `/api/v1/people/imports/${job.id}`);
    expect(got.statusCode, got.body).toBe(200);
    const now = got.json() as ImportJobOut;
    if (now.status === 'done' || now.status === 'failed') return now;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the import did not finish');
}

async function count(table: 'residents' | 'households' | 'insurance_cards'): Promise<number> {
  const [r] = await rows<{ n: number }>(t.db.orm, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return r!.n;
}

describe('a valid CSV file', () => {
  let job: ImportJobOut;
  beforeAll(async () => {
    const csv = [
      HEADER,
      'H01,Nguyễn Văn Hùng,12/04/1985,Nam,022085012345,Kinh,Chủ hộ,Đồng Mạ,Số 12,0912 345 678,GD4220120152431,01/01/2025,31/12/2025,22101,hàng xóm',
      'H01,Trần Thị Lan,1988,Nữ,,Tày,Vợ,Đồng Mạ,,,,,,,',
      'H01,Nguyễn Minh Anh,03/09/2015,Nữ,022315001234,Kinh,Con,Thôn Đồng Mạ,,,2212345678,01/01/2025,,,',
      `H02,Lê Văn Bình,1960,Nam,,,Chủ hộ,${hamlets.kheLac},Xóm Trên,,,,,,`,
    ].join('\n');
    job = await importFile(csv, 'unit=06862&fileName=ho-dan.csv');
  });

  it('finishes the job with the counts of what it created and the unknown column reported', () => {
    expect(job).toMatchObject({
      status: 'done',
      dryRun: false,
      unitCode: '06862',
      fileName: 'ho-dan.csv',
      format: 'csv',
      total: 4,
      validated: 4,
      written: 4,
      created: { households: 2, residents: 4, cards: 2 },
      unknownColumns: ['Ghi chú'],
      errorCount: 0,
      errors: [],
    });
    expect(job.finishedAt).not.toBeNull();
  });

  it('registers the households with their head, relations, hamlet and address', async () => {
    const list = (await head.request('GET', '/api/v1/households?unit=06862')).json().items as {
      code: string;
      headName: string;
      memberCount: number;
      address: { hamletCode: string; line: string | null };
    }[];
    const byCode = Object.fromEntries(list.map((h) => [h.code, h]));
    expect(byCode.H01).toMatchObject({
      headName: 'Nguyễn Văn Hùng',
      memberCount: 3,
      address: { hamletCode: hamlets.dongMa, line: 'Số 12' },
    });
    expect(byCode.H02).toMatchObject({
      headName: 'Lê Văn Bình',
      memberCount: 1,
      address: { hamletCode: hamlets.kheLac, line: 'Xóm Trên' },
    });
    const members = await rows<{
      fullName: string;
      relation: string;
      birthDate: string | null;
      birthYear: number;
      ethnicity: string | null;
      phones: string[];
      line: string | null;
    }>(
      t.db.orm,
      sql`SELECT full_name AS "fullName", relation_to_head AS relation, birth_date AS "birthDate", birth_year AS "birthYear",
            ethnicity, phones, current_address_line AS line
          FROM residents r JOIN households h ON h.id = r.household_id WHERE h.code = 'H01' ORDER BY r.birth_year`,
    );
    expect(members).toEqual([
      {
        fullName: 'Nguyễn Văn Hùng',
        relation: 'head',
        birthDate: '1985-04-12',
        birthYear: 1985,
        ethnicity: '01',
        phones: ['0912345678'],
        line: 'Số 12',
      },
      {
        fullName: 'Trần Thị Lan',
        relation: 'spouse',
        birthDate: null,
        birthYear: 1988,
        ethnicity: '02',
        phones: [],
        line: 'Số 12',
      },
      {
        fullName: 'Nguyễn Minh Anh',
        relation: 'child',
        birthDate: '2015-09-03',
        birthYear: 2015,
        ethnicity: '01',
        phones: [],
        line: 'Số 12',
      },
    ]);
  });

  it('records the insurance cards of both formats', async () => {
    const cards = await rows<Record<string, unknown>>(
      t.db.orm,
      sql`SELECT r.full_name AS name, c.code, c.beneficiary_group AS "group", c.benefit_level::int AS level,
            c.valid_from AS "from", c.valid_to AS "to", c.registered_facility_code AS facility
          FROM insurance_cards c JOIN residents r ON r.id = c.resident_id ORDER BY c.code`,
    );
    expect(cards).toEqual([
      {
        name: 'Nguyễn Minh Anh',
        code: '2212345678',
        group: null,
        level: null,
        from: '2025-01-01',
        to: null,
        facility: null,
      },
      {
        name: 'Nguyễn Văn Hùng',
        code: 'GD4220120152431',
        group: 'GD',
        level: 4,
        from: '2025-01-01',
        to: '2025-12-31',
        facility: '22101',
      },
    ]);
  });

  it('audits the created residents under the import id', async () => {
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { entityType: 'person', action: 'create' },
      { limit: 10_000, offset: 0 },
    );
    const audits = items.reverse().filter((a) => a.details.importId === job.id) as unknown as {
      details: { importId: string; residents?: string[] };
    }[];
    expect(audits).toHaveLength(2);
    expect(audits[0]!.details.residents).toHaveLength(4);
  });

  it('refuses the same file again: its households are already registered', async () => {
    const again = await importFile(
      [HEADER, 'H02,Lê Văn Bình,1960,Nam,,,Chủ hộ,,,,,,,,'].join('\n'),
      'unit=06862',
    );
    expect(again.status).toBe('failed');
    expect(again.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'Mã hộ', 'household_exists']]);
  });

  it('lists the imports of the commune, newest first', async () => {
    const res = await head.request('GET', '/api/v1/people/imports?unit=06862');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; errors?: unknown }[];
    expect(items.map((i) => i.id)).toContain(job.id);
    expect(items[0]!.errors).toBeUndefined();
  });
});

describe('a file with bad rows (semicolons, BOM)', () => {
  it('stores nothing and reports exactly the bad rows and columns', async () => {
    const before = [await count('residents'), await count('households'), await count('insurance_cards')];
    const csv =
      '\uFEFF' +
      [
        HEADER.replace(/,/g, ';'),
        'H10;Phạm Văn Tú;1970;Nam;;Kinh;Chủ hộ;Đồng Mạ;;;;;;;',
        'H10;Phạm Thị Hoa;1972;Nữ;02208501234;Kinh;Vợ;Đồng Mạ;;;;;;;',
        'H10;Phạm Văn Nam;2000;Nam;;Kinh;Con;Đồng Mạ;;;GD9220120152431;01/01/2025;;;',
        'H10;Phạm Văn Bắc;2002;Nam;;Kinh;Con;Thôn Không Có;;;;;;;',
        'H10;;2004;Nữ;;Kinh;Con;Đồng Mạ;;;;;;;',
        'H10;Phạm Thị Đông;31/02/1990;Nữ;;Kinh;Con;Đồng Mạ;;;;;;;',
      ].join('\r\n');
    const job = await importFile(csv, 'unit=06862', 'text/csv; charset=utf-8');
    expect(job.status).toBe('failed');
    expect(job.errorCount).toBe(5);
    expect(job.errors.map((e) => [e.row, e.column, e.field, e.code])).toEqual([
      [3, 'Số định danh cá nhân', 'personalId', 'invalid_format'],
      [4, 'Mã thẻ BHYT', 'cardCode', 'invalid_benefit_level'],
      [5, 'Thôn/Ấp/Khu phố', 'hamlet', 'unknown_hamlet'],
      [6, 'Họ và tên', 'fullName', 'required'],
      [7, 'Ngày sinh', 'birthDate', 'invalid_date'],
    ]);
    expect(job.errors[2]).toMatchObject({
      value: 'Thôn Không Có',
      messageVi: 'Không có thôn/ấp/khu phố "Thôn Không Có" trong xã',
    });
    expect(job.message).toBe('5 errors in the file: nothing was stored');
    expect([await count('residents'), await count('households'), await count('insurance_cards')]).toEqual(
      before,
    );
  });

  it('reports a household without a head and a personal ID that does not match the sex', async () => {
    const job = await importFile(
      [
        'Mã hộ,Họ và tên,Năm sinh,Giới tính,CCCD,Quan hệ với chủ hộ',
        'H20,Đỗ Thị Mai,1985,Nữ,022085012399,Vợ',
      ].join('\n'),
      'unit=06862',
    );
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'CCCD', 'sex_mismatch'],
      [2, 'Quan hệ với chủ hộ', 'no_head'],
    ]);
  });
});

describe('a dry run', () => {
  it('reports what would be created and stores nothing (a CSV sent as Excel by the browser)', async () => {
    const before = await count('residents');
    const job = await importFile(
      [
        HEADER,
        'H30,Vũ Văn Long,1990,Nam,,,Chủ hộ,Khe Lặc,,,,,,,',
        'H30,Vũ Thị Hà,1992,Nữ,,,Vợ,Khe Lặc,,,,,,,',
      ].join('\n'),
      'unit=06862&dryRun=true',
      // What browsers on Windows send for a .csv file.
      'application/vnd.ms-excel',
    );
    expect(job).toMatchObject({
      status: 'done',
      dryRun: true,
      written: 0,
      created: { households: 1, residents: 2, cards: 0 },
    });
    expect(await count('residents')).toBe(before);
  });
});

describe('an Excel workbook', () => {
  it('reads dates and numbers that lost their leading zeros', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hộ dân');
    sheet.addRow([
      'Mã hộ',
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Số định danh cá nhân',
      'Quan hệ với chủ hộ',
      'SĐT',
    ]);
    sheet.addRow([
      'H40',
      'Hoàng Văn Sơn',
      new Date(Date.UTC(1979, 6, 5)),
      'Nam',
      22079000111,
      'Chủ hộ',
      987654321,
    ]);
    sheet.addRow(['H40', 'Hoàng Thị Thu', 1981, 'Nữ', null, 'Vợ/chồng', null]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const job = await importFile(body, 'unit=06862&fileName=ho.xlsx', XLSX_MIME);
    expect(job).toMatchObject({ status: 'done', format: 'xlsx', created: { households: 1, residents: 2 } });
    const found = await rows<Record<string, unknown>>(
      t.db.orm,
      sql`SELECT full_name AS name, birth_date AS "birthDate", birth_year AS "birthYear", personal_id AS "personalId",
            phones, relation_to_head AS relation FROM residents WHERE full_name LIKE 'Hoàng%' ORDER BY birth_year`,
    );
    expect(found).toEqual([
      {
        name: 'Hoàng Văn Sơn',
        birthDate: '1979-07-05',
        birthYear: 1979,
        personalId: '022079000111',
        phones: ['0987654321'],
        relation: 'head',
      },
      {
        name: 'Hoàng Thị Thu',
        birthDate: null,
        birthYear: 1981,
        personalId: null,
        phones: [],
        relation: 'spouse',
      },
    ]);
  });
});

describe('the service', () => {
  it('reports progress while checking and writing', async () => {
    const seen: ImportProgress[] = [];
    const result = await importPeople(
      t.db.orm,
      systemActor('import-test'),
      '06862',
      Buffer.from([HEADER, 'H50,Mai Văn Tâm,1950,Nam,,,Chủ hộ,,,,,,,,'].join('\n')),
      { onProgress: (p) => seen.push(p) },
    );
    expect(result).toMatchObject({ ok: true, total: 1, created: { households: 1, residents: 1, cards: 0 } });
    expect(seen.at(0)).toEqual({ phase: 'validating', total: 1, validated: 0, written: 0 });
    expect(seen.at(-1)).toEqual({ phase: 'writing', total: 1, validated: 1, written: 1 });
  });
});

describe('scope and roles', () => {
  it('answers 404 to a commune user importing into another commune, 403 to a read-only role', async () => {
    const other = await userSession(t, 'import.other', 'station_head', '06838');
    const csv = [HEADER, 'H60,Lý Văn A,1950,Nam,,,Chủ hộ,,,,,,,,'].join('\n');
    expect((await post(other, csv, 'unit=06862')).statusCode).toBe(404);
    const auditor = await userSession(t, 'import.auditor', 'auditor', '06862');
    expect((await post(auditor, csv, 'unit=06862')).statusCode).toBe(403);
  });

  it('hides an import of another commune (404) and refuses a JSON body (415)', async () => {
    const job = await importFile(
      [HEADER, 'H61,Lý Văn B,1950,Nam,,,Chủ hộ,,,,,,,,'].join('\n'),
      'unit=06862&dryRun=true',
    );
    const other = await userSession(t, 'import.other2', 'station_head', '06838');
    expect((await other.request('GET', `/api/v1/people/imports/${job.id}`)).statusCode).toBe(404);
    const json = await head.request('POST', '/api/v1/people/imports?unit=06862', { rows: [] });
    expect(json.statusCode).toBe(415);
  });
});

describe('templates and server restarts', () => {
  it('gives the empty templates with the Vietnamese headers', async () => {
    const csv = await head.request('GET', '/api/v1/people/imports/template.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFFMã hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân')).toBe(true);
    const xlsx = await head.request('GET', '/api/v1/people/imports/template.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).getCell(2).value).toBe('Họ và tên');
  });

  it('marks a job left writing by a stopped server as failed', async () => {
    const id = newId();
    const commune = (await findUnit(t.db.orm, { code: '06862', map: 'post2025' }))!;
    await t.db.orm.execute(
      sql`INSERT INTO people_imports (id, unit_id, unit_path, file_name, format, status)
          VALUES (${id}, ${commune.id}, ${commune.path}::ltree, 'x.csv', 'csv', 'writing')`,
    );
    expect(await failInterruptedImports(t.db.orm)).toBe(1);
    const job = (await head.request('GET', `/api/v1/people/imports/${id}`)).json() as ImportJobOut;
    expect(job).toMatchObject({
      status: 'failed',
      message: 'server stopped during import; nothing was stored',
    });
  });
});
