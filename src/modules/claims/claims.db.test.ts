import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctor, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { systemActor } from '../../core/actor.js';
import { listAuditEvents } from '../audit/index.js';
import { importDemoCatalogue, visitsForMonth } from '../visits/index.js';
import { appendixFindings, appendixTables } from './appendix.js';
import { checkedClaims, claimContext } from './service.js';
import { claimStandardOn } from './standard.js';
import { readEnvelope } from './xml.js';

/**
 * Tiên Yên (06862, province 22) has a commune station (insurer code 22862) with a doctor; Bình Liêu
 * (06838) has its own. March 2026 at Tiên Yên: an insured follow-up (exam 30,500 + 30 amlodipine × 350
 * = 41,000), a self-pay exam (30,500) and an insured exam with 2 syringes × 1,100 and a re-examination
 * date (32,700). Every visit is under 15 % of the base salary, so the fund pays insured visits in full.
 * ytcs records no practising certificate for staff yet (issue 17): the HTTP export refuses every visit
 * for it; the written claims are checked through the same `checkedClaims` with the doctor's code given.
 * April 2026: a visit of a person whose card is recorded as the 10-digit social-insurance number.
 */
let t: TestApp;
let admin: Session;
let head: Session; // station head of Tiên Yên
let vhw: Session; // village health worker of Tiên Yên
let other: Session; // clinician of Bình Liêu
const ids = {} as Record<
  'station' | 'doctor' | 'insured' | 'selfPay' | 'shortCard' | 'v1' | 'v2' | 'v3' | 'v4',
  string
>;
const CERTIFICATE = '001234/QNI-CCHN';
const standard = claimStandardOn('2026-03-31')!;

async function resident(fullName: string, birthDate: string, card?: string) {
  const res = await admin.request('POST', '/api/v1/residents', {
    fullName,
    sex: 'female',
    birthDate,
    ethnicity: '01',
    currentAddress: { unitCode: '06862' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (card) {
    const c = await admin.request('POST', `/api/v1/residents/${id}/insurance-cards`, {
      code: card,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      registeredFacilityCode: '22862',
    });
    expect(c.statusCode, c.body).toBe(201);
  }
  return id;
}

async function visit(body: Record<string, unknown>) {
  const res = await admin.request('POST', '/api/v1/visits', {
    facilityId: ids.station,
    clinicianId: ids.doctor,
    diagnoses: { main: { code: 'I10' }, others: [] },
    services: [{ code: 'DEMO.KB01', quantity: 1 }],
    finish: true,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await testApp();
  await importDemoCatalogue(t.db.orm);
  admin = await userSession(t, 'claims.admin', 'system_admin', 'VN');
  ids.station = await createStation(admin, '06862', { code: '22862', name: 'Trạm y tế Tiên Yên' });
  ids.doctor = await createDoctor(admin, ids.station, 'Bác sĩ Lan');
  ids.insured = await resident('Nguyễn Thị Hoa', '1958-04-02', 'GD4220120152431');
  ids.selfPay = await resident('Lê Thị Mai', '1990-09-09');
  ids.v1 = await visit({
    residentId: ids.insured,
    visitDate: '2026-03-05',
    reason: 'Tái khám tăng huyết áp',
    prescriptions: [{ code: 'DEMO.T001', dose: '1 viên sáng', days: 30, quantity: 30 }],
  });
  ids.v2 = await visit({ residentId: ids.selfPay, visitDate: '2026-03-12', reason: 'Đau đầu' });
  ids.v3 = await visit({
    residentId: ids.insured,
    visitDate: '2026-03-26',
    reason: 'Chóng mặt',
    supplies: [{ code: 'DEMO.VT03', quantity: 2 }],
    reExaminationDate: '2026-04-15',
  });
  // Outside the month: not exported.
  await visit({ residentId: ids.selfPay, visitDate: '2026-02-27', reason: 'Ho' });
  ids.shortCard = await resident('Trần Văn Nam', '1970-01-15', '2212345679');
  ids.v4 = await visit({ residentId: ids.shortCard, visitDate: '2026-04-02', reason: 'Ho' });
  head = await userSession(t, 'claims.head', 'station_head', '06862');
  vhw = await userSession(t, 'claims.vhw', 'village_health_worker', '06862');
  other = await userSession(t, 'claims.other', 'clinician', '06838');
});
afterAll(async () => t?.close());

const monthQuery = () => `facility=${ids.station}&month=2026-03&head=2212345678`;

/** The month's claims as the export writes them, with the doctor's certificate code known. */
async function writtenMonth(options: { facilityHeadCode?: string } = { facilityHeadCode: '2212345678' }) {
  const visits = await visitsForMonth(t.db.orm, systemActor(), { facilityId: ids.station, month: '2026-03' });
  const ctx = await claimContext(t.db.orm, visits);
  return checkedClaims(standard, '22862', visits, options, {
    ...ctx,
    certificateOn: (staffId: string) => (staffId === ids.doctor ? CERTIFICATE : undefined),
  });
}

describe('claims against the appendix of Decision 4750', () => {
  it('given the month written with every datum known, when read, then every element of XML1, XML2, XML3 and XML14 has the appendix name, order, size and format', async () => {
    const { xml, issues, refused } = await writtenMonth();
    expect(issues).toEqual([]);
    expect(refused).toEqual([]);
    const envelope = readEnvelope(standard, xml);
    expect(envelope.records.map((files) => files.map((f) => f.type))).toEqual([
      ['XML1', 'XML2', 'XML3'],
      ['XML1', 'XML3'],
      ['XML1', 'XML3', 'XML14'],
    ]);
    expect(appendixFindings(standard, xml)).toEqual([]);
    const summary = envelope.records[0]![0]!.records[0]!.values;
    // the province's and the commune's digits, the card's 15 characters, the head's number
    expect(summary).toMatchObject({
      MATINH_CU_TRU: '22',
      MAXA_CU_TRU: '06862',
      MA_THE_BHYT: 'GD4220120152431',
      MA_TTDV: '2212345678',
    });
    // the Vietnamese title of I10, never the English one
    expect(summary.CHAN_DOAN_RV).toBe('Bệnh lý tăng huyết áp');
    expect(summary.CHAN_DOAN_VAO).toBe('Bệnh lý tăng huyết áp');
    expect(envelope.records[0]![1]!.records[0]!.values.MA_BAC_SI).toBe(CERTIFICATE);
    expect(envelope.records[0]![2]!.records[0]!.values).toMatchObject({
      MA_BAC_SI: CERTIFICATE,
      NGUOI_THUC_HIEN: CERTIFICATE,
    });
  });

  it("given the project's standard file, when compared with the appendix, then it lists the same elements in the same order with the same types and sizes", () => {
    const appendix = appendixTables();
    for (const table of ['XML1', 'XML2', 'XML3', 'XML13', 'XML14'] as const) {
      const fields = standard.tables[table].fields;
      expect(
        fields.map((f) => f.name),
        table,
      ).toEqual(appendix[table].map((e) => e.name));
      for (const e of appendix[table]) {
        const f = fields.find((x) => x.name === e.name)!;
        if (e.type === 'number') {
          expect(f, `${table}.${e.name}`).toMatchObject({ type: 'number', precision: e.max });
        } else if (f.type === 'string' && e.max !== null) {
          // a string of the appendix may be kept as text in the file; never longer than the appendix
          expect(f.max ?? Infinity, `${table}.${e.name}`).toBeLessThanOrEqual(e.max);
        }
      }
    }
  });

  it('given an export with the old placeholders and letters, when checked against the appendix, then each is named', async () => {
    const { xml } = await writtenMonth();
    const broken = xml.replace(
      /<NOIDUNGFILE>([^<]+)<\/NOIDUNGFILE>/,
      (_m, b64: string) =>
        `<NOIDUNGFILE>${Buffer.from(
          Buffer.from(b64, 'base64')
            .toString('utf8')
            .replace('<MATINH_CU_TRU>22<', '<MATINH_CU_TRU>p22<')
            .replace('<MA_TTDV>2212345678<', '<MA_TTDV><'),
        ).toString('base64')}</NOIDUNGFILE>`,
    );
    expect(appendixFindings(standard, broken)).toEqual([
      'HOSO[1].XML1[1].MATINH_CU_TRU: "p22" is not ^\\d{2}$',
      'HOSO[1].XML1[1].MA_TTDV: required, empty',
    ]);
  });
});

describe('claims of a station month', () => {
  it('given no practising-certificate code for the clinician, when checked, then every visit is refused with the reason in vi and en', async () => {
    const res = await head.request('GET', `/api/v1/claims/check?${monthQuery()}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ claims: 0, standard: 'qd130-4750', refused: [ids.v1, ids.v2, ids.v3] });
    expect(body.issues.map((i: { path: string; code: string }) => `${i.path} ${i.code}`)).toEqual([
      'HOSO[1].XML1.MA_BAC_SI no_certificate',
      'HOSO[2].XML1.MA_BAC_SI no_certificate',
      'HOSO[3].XML1.MA_BAC_SI no_certificate',
    ]);
    expect(body.issues[0]).toMatchObject({
      claimId: ids.v1,
      message: expect.stringContaining('no practising-certificate code for clinician Bác sĩ Lan'),
      messageVi: expect.stringContaining('chưa có số chứng chỉ hành nghề của người khám Bác sĩ Lan'),
    });
  });

  it('given no practising-certificate code, when the check is listed by visit, then each visit shows its date, patient, payment and the reason in Vietnamese, with the counts and totals', async () => {
    const res = await head.request('GET', `/api/v1/claims/check/visits?${monthQuery()}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      facility: { id: ids.station, code: '22862', name: 'Trạm y tế Tiên Yên' },
      month: '2026-03',
      standard: 'qd130-4750',
      fileName: 'GIAMDINHHS_22862_202603.xml',
      totals: {
        visits: 3,
        accepted: 0,
        refused: 3,
        findings: 3,
        acceptedTotal: 0,
        acceptedInsurerAmount: 0,
        refusedTotal: 104200, // 41,000 + 30,500 + 32,700
        refusedInsurerAmount: 73700, // the two insured visits
      },
    });
    const rows = body.visits.map(
      (v: {
        visitId: string;
        visitDate: string;
        patient: { fullName: string };
        insured: boolean;
        cardCode: string | null;
        total: number;
        accepted: boolean;
        findings: { field: string; code: string }[];
      }) => [
        v.visitId,
        v.visitDate,
        v.patient.fullName,
        v.insured,
        v.cardCode,
        v.total,
        v.accepted,
        v.findings.map((f) => `${f.field} ${f.code}`),
      ],
    );
    expect(rows).toEqual([
      [
        ids.v1,
        '2026-03-05',
        'Nguyễn Thị Hoa',
        true,
        'GD4220120152431',
        41000,
        false,
        ['MA_BAC_SI no_certificate'],
      ],
      [ids.v2, '2026-03-12', 'Lê Thị Mai', false, null, 30500, false, ['MA_BAC_SI no_certificate']],
      [
        ids.v3,
        '2026-03-26',
        'Nguyễn Thị Hoa',
        true,
        'GD4220120152431',
        32700,
        false,
        ['MA_BAC_SI no_certificate'],
      ],
    ]);
    expect(body.visits[0].findings[0].messageVi).toContain(
      'chưa có số chứng chỉ hành nghề của người khám Bác sĩ Lan',
    );
    // Without the head's code, each visit is refused for MA_TTDV too, on its own row.
    const noHead = await head.request(
      'GET',
      `/api/v1/claims/check/visits?facility=${ids.station}&month=2026-03`,
    );
    expect(noHead.statusCode, noHead.body).toBe(200);
    expect(
      noHead.json().visits[1].findings.map((f: { field: string; code: string }) => `${f.field} ${f.code}`),
    ).toEqual(['MA_BAC_SI no_certificate', 'MA_TTDV no_head_code']);
    expect(noHead.json().totals).toMatchObject({ visits: 3, refused: 3, findings: 6 });
    // A check, not an export: audited as a read of the facility's claims.
    const events = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'claims.head', action: 'read', entityType: 'claim' },
      { limit: 10, offset: 0 },
    );
    expect(events.items[0]).toMatchObject({
      entityId: ids.station,
      details: { op: 'claim_check', month: '2026-03', refused: [ids.v1, ids.v2, ids.v3] },
    });
  });

  it('given every visit refused, when downloaded, then the envelope holds no record and says how many were left out', async () => {
    const res = await head.request('GET', `/api/v1/claims/xml?${monthQuery()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="GIAMDINHHS_22862_202603.xml"');
    expect(res.headers['x-claim-issues']).toBe('3');
    expect(res.headers['x-claim-refused']).toBe('3');
    const envelope = readEnvelope(standard, res.body);
    expect(envelope).toMatchObject({ facilityCode: '22862', count: '0', records: [] });
    expect(res.body).not.toContain(ids.doctor); // no placeholder of the clinician
  });

  it('given the month with the certificate known, when written, then one record per visit with the hand-computed totals', async () => {
    const { xml } = await writtenMonth();
    const envelope = readEnvelope(standard, xml);
    expect(envelope).toMatchObject({ facilityCode: '22862', count: '3' });
    const summaries = envelope.records.map((files) => files[0]!.records[0]!.values);
    expect(summaries.map((s) => [s.MA_LK, s.T_TONGCHI_BV, s.T_BHTT, s.T_BNTT, s.T_THUOC, s.T_VTYT])).toEqual([
      [ids.v1, '41000', '41000', '0', '10500', '0'],
      [ids.v2, '30500', '0', '30500', '0', '0'],
      [ids.v3, '32700', '32700', '0', '0', '2200'],
    ]);
    expect(summaries[0]).toMatchObject({
      MA_THE_BHYT: 'GD4220120152431',
      MA_DKBD: '22862',
      GT_THE_TU: '20260101',
      MA_BENH_CHINH: 'I10',
      NGAY_SINH: '195804020000',
      GIOI_TINH: '2',
      MA_CSKCB: '22862',
      MA_TTDV: '2212345678',
      NAM_QT: '2026',
      THANG_QT: '3',
    });
    expect(summaries[0]!.MA_DOITUONG_KCB).toBe('1.1'); // registered at this station
    expect(summaries[1]).toMatchObject({ MA_THE_BHYT: '', MA_DOITUONG_KCB: '9' });
    expect(envelope.records[2]!.map((f) => f.type)).toEqual(['XML1', 'XML3', 'XML14']);
    expect(envelope.records[2]![2]!.records[0]!.values.NGAY_HEN_KL).toBe('202604150000');
    expect(envelope.records[0]![1]!.records[0]!.values).toMatchObject({
      TEN_THUOC: 'Amlodipin 5 mg',
      SO_LUONG: '30',
      DON_GIA: '350',
      THANH_TIEN_BV: '10500',
    });
  });

  it('given one visit, when its claim is downloaded, then the check refuses it and no record is written', async () => {
    const res = await head.request('GET', `/api/v1/claims/visits/${ids.v1}/xml?head=2212345678`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-claim-refused']).toBe('1');
    expect(readEnvelope(standard, res.body).records).toEqual([]);
  });

  it('given no head code, when checked, then the check refuses each visit for MA_TTDV (said once, not again by the validator)', async () => {
    const { issues, refused, xml } = await writtenMonth({});
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual([
      'HOSO[1].XML1.MA_TTDV no_head_code',
      'HOSO[2].XML1.MA_TTDV no_head_code',
      'HOSO[3].XML1.MA_TTDV no_head_code',
    ]);
    expect(refused).toEqual([ids.v1, ids.v2, ids.v3]);
    expect(readEnvelope(standard, xml).records).toEqual([]);
  });

  it('given a diagnosis code with only its English title, when written, then the check refuses the visit instead of writing English', async () => {
    const visits = await visitsForMonth(t.db.orm, systemActor(), {
      facilityId: ids.station,
      month: '2026-03',
    });
    const ctx = await claimContext(t.db.orm, visits);
    const english = 'Essential (primary) hypertension';
    const { issues, refused, xml } = checkedClaims(
      standard,
      '22862',
      visits,
      { facilityHeadCode: '2212345678' },
      {
        ...ctx,
        certificateOn: (staffId: string) => (staffId === ids.doctor ? CERTIFICATE : undefined),
        icd10: new Map([['I10', { title: english, titleEn: english }]]),
      },
    );
    expect(refused).toEqual([ids.v1, ids.v2, ids.v3]);
    expect(issues[0]).toMatchObject({ field: 'CHAN_DOAN_RV', code: 'no_vietnamese_title' });
    expect(issues[0]!.messageVi).toContain('mã ICD-10 I10 chưa có tên tiếng Việt');
    expect(xml).not.toContain('hypertension');
  });

  it('given a card recorded as the 10-digit social-insurance number, when checked, then the visit is refused and MA_THE_BHYT never written', async () => {
    const res = await head.request(
      'GET',
      `/api/v1/claims/check?facility=${ids.station}&month=2026-04&head=2212345678`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.refused).toEqual([ids.v4]);
    const card = body.issues.find((i: { code: string }) => i.code === 'card_incomplete');
    expect(card).toMatchObject({ claimId: ids.v4, field: 'MA_THE_BHYT' });
    expect(card.message).toContain('"2212345679", not a 15-character card code');
    expect(card.messageVi).toContain('không phải mã thẻ 15 ký tự');
    const xml = await head.request(
      'GET',
      `/api/v1/claims/xml?facility=${ids.station}&month=2026-04&head=2212345678`,
    );
    expect(xml.body).not.toContain('2212345679');
  });

  it('given exports, when the audit log is read, then each export is recorded with the visits written and refused', async () => {
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'claims.head', entityType: 'claim' },
      { limit: 1000, offset: 0 },
    );
    // oldest first
    const events = items.reverse();
    expect(events[0]).toMatchObject({
      action: 'export',
      details: { op: 'claim_month', visits: [], refused: [ids.v1, ids.v2, ids.v3] },
    });
  });
});

describe('register A1', () => {
  it('given the month, when read, then one row per visit with age under the sex, card, diagnosis and treatment', async () => {
    const res = await head.request('GET', `/api/v1/registers/a1?facility=${ids.station}&month=2026-03`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({ visits: 3, insured: 2, referred: 0 });
    expect(body.rows[0]).toMatchObject({
      no: 1,
      date: '2026-03-05',
      fullName: 'Nguyễn Thị Hoa',
      ageMale: null,
      ageFemale: '67',
      cardCode: 'GD4220120152431',
      symptoms: 'Tái khám tăng huyết áp',
      clinician: 'Bác sĩ Lan',
    });
    expect(body.rows[0].diagnosis).toMatch(/^I10 /);
    expect(body.rows[0].treatment).toContain('Amlodipin 5 mg 30');
    expect(body.rows[1]).toMatchObject({ fullName: 'Lê Thị Mai', ageFemale: '35', cardCode: null });
    expect(body.rows[2].note).toContain('Hẹn tái khám 15/04/2026');
  });

  it('given the month, when downloaded as Excel and PDF, then both hold the register', async () => {
    const xlsx = await head.request('GET', `/api/v1/registers/a1.xlsx?facility=${ids.station}&month=2026-03`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('A1')!;
    expect([4, 5, 6].map((r) => ws.getRow(r).getCell(3).value)).toEqual([
      'Nguyễn Thị Hoa',
      'Lê Thị Mai',
      'Nguyễn Thị Hoa',
    ]);
    const pdf = await head.request('GET', `/api/v1/registers/a1.pdf?facility=${ids.station}&month=2026-03`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page(?![s\w])/g)).toHaveLength(1);
  });
});

describe('scope and permission', () => {
  const urls = () => [
    `/api/v1/claims/xml?facility=${ids.station}&month=2026-03`,
    `/api/v1/claims/check?facility=${ids.station}&month=2026-03`,
    `/api/v1/claims/check/visits?facility=${ids.station}&month=2026-03`,
    `/api/v1/claims/visits/${ids.v1}/xml`,
    `/api/v1/registers/a1?facility=${ids.station}&month=2026-03`,
    `/api/v1/registers/a1.xlsx?facility=${ids.station}&month=2026-03`,
    `/api/v1/registers/a1.pdf?facility=${ids.station}&month=2026-03`,
  ];

  it("given another commune's clinician, when asking for this station's claims or register, then 404", async () => {
    for (const url of urls()) {
      const res = await other.request('GET', url);
      expect(res.statusCode, url).toBe(404);
    }
    const refusals = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'claims.other', outcome: 'denied' },
      { limit: 1, offset: 0 },
    );
    expect(refusals.total).toBe(urls().length);
  });

  it('given a village health worker of the commune, when asking, then 403', async () => {
    for (const url of urls()) {
      const res = await vhw.request('GET', url);
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('given bad parameters, when asking, then 400 with the field', async () => {
    const res = await head.request('GET', `/api/v1/claims/xml?facility=${ids.station}&month=2026-13`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toContain('month');
  });
});

describe('practising certificates on record (issue 17)', () => {
  it('given a certificate issued on 10 March 2026 and revoked from 20 March, when the month is checked, then only the visit of 12 March is written; the visits of 5 and 26 March are refused for want of a certificate in force', async () => {
    const added = await head.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      number: '004321/QNI-GPHN',
      scope: 'Khám bệnh, chữa bệnh đa khoa',
      issuedBy: 'Sở Y tế Quảng Ninh',
      issuedOn: '2026-03-10',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ number: '004321/QNI-GPHN', validTo: null, status: 'valid' });
    const revoked = await head.request('POST', `/api/v1/certificates/${added.json().id}/revocation`, {
      revokedOn: '2026-03-20',
      reason: 'Thu hồi theo quyết định 12/QĐ-SYT',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ revokedOn: '2026-03-20', status: 'revoked' });

    const res = await head.request('GET', `/api/v1/claims/check?${monthQuery()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ claims: 1, refused: [ids.v1, ids.v3] });
    expect(res.json().issues.map((i: { claimId: string; code: string }) => `${i.claimId} ${i.code}`)).toEqual(
      [`${ids.v1} no_certificate`, `${ids.v3} no_certificate`],
    );
    const listed = await head.request('GET', `/api/v1/staff/${ids.doctor}/certificates`);
    expect(listed.json().map((c: { number: string }) => c.number)).toEqual(['004321/QNI-GPHN']);
  });

  it('given bad certificates, when recorded, then each is refused with its field', async () => {
    const base = { scope: 'Đa khoa', issuedBy: 'Sở Y tế Quảng Ninh', issuedOn: '2025-01-02' };
    const same = await head.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      ...base,
      number: '004321/QNI-GPHN',
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().errors[0]).toMatchObject({
      path: 'number',
      code: 'duplicate_certificate',
      message: 'số chứng chỉ này đã có trong hệ thống',
    });
    const spaces = await head.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      ...base,
      number: 'số 12',
    });
    expect(spaces.statusCode).toBe(400);
    expect(spaces.json().errors[0].path).toBe('body.number');
    const ends = await head.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      ...base,
      number: '000777/QNI-GPHN',
      validTo: '2024-12-31',
    });
    expect(ends.statusCode).toBe(422);
    expect(ends.json().errors[0]).toMatchObject({
      path: 'validTo',
      code: 'before_issue',
      message: 'không được trước ngày cấp',
    });
    // Another commune's station head may write certificates, but not of this station's staff.
    const head2 = await userSession(t, 'claims.head2', 'station_head', '06838');
    const elsewhere = await head2.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      ...base,
      number: '000778/QNI-GPHN',
    });
    expect(elsewhere.statusCode).toBe(404);
    // A clinician reads but may not write the station's staff records.
    const clinician = await other.request('POST', `/api/v1/staff/${ids.doctor}/certificates`, {
      ...base,
      number: '000779/QNI-GPHN',
    });
    expect(clinician.statusCode).toBe(403);
  });
});
