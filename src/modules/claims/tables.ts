/**
 * Claim → the standard's tables (XML1, XML2, XML3, XML13, XML14) as rows of element values (text, in
 * the standard's formats). Line amounts follow the standard's formulas; the XML1 totals are the sums
 * of the lines, so they add up by construction (the validator checks them again on the XML).
 */
import { claimInput, SEX_CODES, type Claim, type ClaimInput } from './contracts.js';
import {
  formatDecimal,
  fromNumber,
  multiply,
  percent,
  rescale,
  subtract,
  sum,
  ZERO,
  type Scaled,
} from './money.js';
import { costGroupsOf, type ClaimStandard, type ClaimTable } from './standard.js';

export type Row = Record<string, string>;

/** One visit's tables; XML13 and XML14 only when the visit has a referral or an appointment. */
export interface ClaimTables {
  claimId: string;
  XML1: Row;
  XML2: Row[];
  XML3: Row[];
  XML13?: Row;
  XML14?: Row;
}

/** 2026-03-02T07:45 → 202603020745 */
export const xmlDateTime = (value: string) => value.replace(/[-T:]/g, '');
/** 2026-03-02 → 20260302 */
export const xmlDate = (value: string) => value.slice(0, 10).replace(/-/g, '');
/** Birth: a date gets 0000 for the unknown hour and minute. */
const xmlBirth = (value: string) =>
  value.length === 4
    ? `${value}00000000`
    : value.length === 10
      ? `${xmlDate(value)}0000`
      : xmlDateTime(value);

const money = (value: Scaled) => formatDecimal(rescale(value, 2));

interface Amounts {
  bv: Scaled;
  bh: Scaled;
  bhtt: Scaled;
  bncct: Scaled;
  bntt: Scaled;
}

/**
 * The shares of one line: BV (facility price), BH (part within the fund's scope), BHTT (fund pays =
 * BH × benefit level), BNCCT (patient's co-payment = BH − BHTT), BNTT (patient pays outside the scope
 * = BV − BH). No other funding sources (T_NGUONKHAC = 0) at a commune station.
 */
function lineAmounts(bv: Scaled, bh: Scaled, benefitPercent: number): Amounts {
  const bhtt = rescale(multiply(bh, percent(benefitPercent)), 2);
  return { bv, bh, bhtt, bncct: subtract(bh, bhtt), bntt: subtract(bv, bh) };
}

function amountFields(a: Amounts, benefitPercent: number): Row {
  return {
    THANH_TIEN_BV: money(a.bv),
    THANH_TIEN_BH: money(a.bh),
    T_NGUONKHAC_NSNN: '0',
    T_NGUONKHAC_VTNN: '0',
    T_NGUONKHAC_VTTN: '0',
    T_NGUONKHAC_CL: '0',
    T_NGUONKHAC: '0',
    MUC_HUONG: String(benefitPercent),
    T_BNTT: money(a.bntt),
    T_BNCCT: money(a.bncct),
    T_BHTT: money(a.bhtt),
  };
}

/** Builds one visit's tables. `stt` is the visit's number in the batch (XML1 STT). */
export function claimTables(standard: ClaimStandard, input: ClaimInput | Claim, stt = 1): ClaimTables {
  const c = claimInput.parse(input);
  const insured = c.insurance !== null;
  const benefit = c.insurance?.benefitPercent ?? 0;
  const supplyGroups = costGroupsOf(standard, 'supply');

  const drugs: { row: Row; a: Amounts; method: number }[] = c.medicines.map((m, i) => {
    const qty = fromNumber(m.quantity, 3);
    const price = fromNumber(m.unitPrice, 3);
    const bv = rescale(multiply(qty, price), 2);
    const covered = insured && m.scope !== 2;
    const rate = covered ? m.insurancePercent : 0;
    const bh = covered ? rescale(multiply(qty, price, percent(rate)), 2) : ZERO;
    const a = lineAmounts(bv, bh, covered ? benefit : 0);
    return {
      a,
      method: m.paymentMethod,
      row: {
        MA_LK: c.claimId,
        STT: String(i + 1),
        MA_THUOC: m.drugCode,
        MA_NHOM: String(m.costGroup),
        TEN_THUOC: m.name,
        DON_VI_TINH: m.unit,
        HAM_LUONG: m.strength,
        DUONG_DUNG: m.route,
        DANG_BAO_CHE: m.dosageForm ?? '',
        LIEU_DUNG: m.dosage,
        CACH_DUNG: m.instructions ?? '',
        SO_DANG_KY: m.registrationNumber ?? '',
        TT_THAU: m.tenderInfo ?? '',
        PHAM_VI: String(m.scope),
        TYLE_TT_BH: String(rate),
        SO_LUONG: formatDecimal(qty),
        DON_GIA: formatDecimal(price),
        ...amountFields(a, covered ? benefit : 0),
        MA_KHOA: c.departmentCode,
        MA_BAC_SI: m.clinicianCode,
        NGAY_YL: xmlDateTime(m.orderedAt),
        MA_PTTT: String(m.paymentMethod),
        NGUON_CTRA: String(m.fundingSource),
      },
    };
  });

  const services: { row: Row; a: Amounts; method: number; supply: boolean }[] = c.services.map((s, i) => {
    const qty = fromNumber(s.quantity, 3);
    const price = fromNumber(s.unitPrice, 3);
    const covered = insured && s.scope !== 2;
    const insuredPrice = covered ? fromNumber(s.insuredUnitPrice ?? s.unitPrice, 3) : ZERO;
    const rate = covered ? s.insurancePercent : 0;
    const bv = rescale(multiply(qty, price, percent(s.servicePercent)), 2);
    const bh = covered
      ? rescale(multiply(qty, insuredPrice, percent(s.servicePercent), percent(rate)), 2)
      : ZERO;
    const a = lineAmounts(bv, bh, covered ? benefit : 0);
    const supply = s.kind === 'supply';
    return {
      a,
      method: s.paymentMethod,
      supply: supplyGroups.has(s.costGroup),
      row: {
        MA_LK: c.claimId,
        STT: String(i + 1),
        MA_DICH_VU: supply ? '' : s.code,
        MA_VAT_TU: supply ? s.code : '',
        MA_NHOM: String(s.costGroup),
        TEN_VAT_TU: supply ? s.name : '',
        TEN_DICH_VU: supply ? '' : s.name,
        DON_VI_TINH: s.unit,
        PHAM_VI: String(s.scope),
        SO_LUONG: formatDecimal(qty),
        DON_GIA_BV: formatDecimal(price),
        DON_GIA_BH: formatDecimal(rescale(insuredPrice, 3)),
        TT_THAU: s.tenderInfo ?? '',
        TYLE_TT_DV: String(s.servicePercent),
        TYLE_TT_BH: String(rate),
        ...amountFields(a, covered ? benefit : 0),
        MA_KHOA: c.departmentCode,
        MA_BAC_SI: s.clinicianCode,
        NGUOI_THUC_HIEN: s.performerCode ?? '',
        MA_BENH: s.icd10 ?? '',
        NGAY_YL: xmlDateTime(s.orderedAt),
        NGAY_TH_YL: s.performedAt ? xmlDateTime(s.performedAt) : '',
        NGAY_KQ: s.resultAt ? xmlDateTime(s.resultAt) : '',
        MA_PTTT: String(s.paymentMethod),
      },
    };
  });

  const lines = [...drugs, ...services];
  const total = (pick: (a: Amounts) => Scaled, of = lines) => money(sum(of.map((l) => pick(l.a))));
  const card = c.insurance;
  const referral = c.referral;
  const appointment = c.appointment;
  const dischargeType = c.dischargeType ?? (referral ? 2 : 1);

  const XML1: Row = {
    MA_LK: c.claimId,
    STT: String(stt),
    MA_BN: c.patientCode,
    HO_TEN: c.fullName,
    SO_CCCD: c.personalId ?? '',
    NGAY_SINH: xmlBirth(c.birth),
    GIOI_TINH: SEX_CODES[c.sex],
    MA_QUOCTICH: c.nationalityCode,
    MA_DANTOC: c.ethnicityCode ?? '',
    MA_NGHE_NGHIEP: c.occupationCode,
    DIA_CHI: c.address,
    MATINH_CU_TRU: c.provinceCode,
    MAXA_CU_TRU: c.communeCode,
    DIEN_THOAI: c.phone ?? '',
    MA_THE_BHYT: card?.cardCode ?? '',
    MA_DKBD: card?.registeredFacility ?? '',
    GT_THE_TU: card ? xmlDate(card.validFrom) : '',
    GT_THE_DEN: card ? xmlDate(card.validTo) : '',
    LY_DO_VV: c.visitReason,
    CHAN_DOAN_VAO: c.admissionDiagnosis,
    CHAN_DOAN_RV: c.dischargeDiagnosis,
    MA_BENH_CHINH: c.mainIcd10,
    MA_BENH_KT: c.otherIcd10.join(';'),
    MA_DOITUONG_KCB: c.patientCategory,
    MA_NOI_DI: c.fromFacility ?? '',
    MA_NOI_DEN: referral?.toFacility ?? '',
    NGAY_VAO: xmlDateTime(c.startedAt),
    NGAY_RA: xmlDateTime(c.endedAt),
    GIAY_CHUYEN_TUYEN: referral?.slipNumber ?? appointment?.number ?? '',
    SO_NGAY_DTRI: String(c.treatmentDays),
    PP_DIEU_TRI: c.treatmentMethod ?? '',
    KET_QUA_DTRI: String(c.outcome),
    MA_LOAI_RV: String(dischargeType),
    GHI_CHU: c.advice ?? '',
    NGAY_TTOAN: xmlDateTime(c.paidAt),
    T_THUOC: total((a) => a.bv, drugs),
    T_VTYT: total(
      (a) => a.bv,
      services.filter((s) => s.supply),
    ),
    T_TONGCHI_BV: total((a) => a.bv),
    T_TONGCHI_BH: total((a) => a.bh),
    T_BNTT: total((a) => a.bntt),
    T_BNCCT: total((a) => a.bncct),
    T_BHTT: total((a) => a.bhtt),
    T_NGUONKHAC: '0',
    T_BHTT_GDV: total(
      (a) => a.bhtt,
      lines.filter((l) => l.method === 1),
    ),
    NAM_QT: String(c.settlement.year),
    THANG_QT: String(c.settlement.month),
    MA_LOAI_KCB: c.visitType,
    MA_KHOA: c.departmentCode,
    MA_CSKCB: c.facilityCode,
    MA_KHUVUC: card?.areaCode ?? '',
    CAN_NANG: c.weightKg === undefined ? '' : formatDecimal(fromNumber(c.weightKg, 2)),
    NAM_NAM_LIEN_TUC: card?.fiveYearsFrom ? xmlDate(card.fiveYearsFrom) : '',
    NGAY_TAI_KHAM: appointment ? xmlDate(appointment.at) : '',
    MA_HSBA: c.recordNumber,
    MA_TTDV: c.facilityHeadCode,
  };

  const tables: ClaimTables = {
    claimId: c.claimId,
    XML1,
    XML2: drugs.map((d) => d.row),
    XML3: services.map((s) => s.row),
  };

  if (referral)
    tables.XML13 = {
      MA_LK: c.claimId,
      SO_HOSO: referral.recordNumber,
      SO_CHUYENTUYEN: referral.bookNumber,
      GIAY_CHUYEN_TUYEN: referral.slipNumber,
      MA_CSKCB: c.facilityCode,
      MA_NOI_DI: c.fromFacility ?? '',
      MA_NOI_DEN: referral.toFacility,
      HO_TEN: c.fullName,
      NGAY_SINH: XML1.NGAY_SINH!,
      GIOI_TINH: XML1.GIOI_TINH!,
      MA_QUOCTICH: c.nationalityCode,
      MA_DANTOC: c.ethnicityCode ?? '',
      MA_NGHE_NGHIEP: c.occupationCode,
      DIA_CHI: c.address,
      MA_THE_BHYT: XML1.MA_THE_BHYT!,
      GT_THE_DEN: XML1.GT_THE_DEN!,
      NGAY_VAO: XML1.NGAY_VAO!,
      NGAY_RA: XML1.NGAY_RA!,
      DAU_HIEU_LS: referral.clinicalSigns,
      CHAN_DOAN_RV: c.dischargeDiagnosis,
      QT_BENHLY: referral.courseOfIllness,
      TOMTAT_KQ: referral.testResults ?? '',
      PP_DIEUTRI: referral.treatmentGiven ?? '',
      MA_BENH_CHINH: c.mainIcd10,
      MA_BENH_KT: XML1.MA_BENH_KT!,
      TEN_DICH_VU: referral.servicesUsed,
      TEN_THUOC: referral.medicinesUsed ?? '',
      MA_LOAI_RV: String(dischargeType),
      MA_LYDO_CT: String(referral.reasonCode),
      HUONG_DIEU_TRI: referral.treatmentPlan,
      PHUONGTIEN_VC: referral.transport,
      HOTEN_NGUOI_HT: referral.escortName ?? '',
      CHUCDANH_NGUOI_HT: referral.escortTitle ?? '',
      MA_BAC_SI: firstClinician(c),
      MA_TTDV: c.facilityHeadCode,
    };

  if (appointment)
    tables.XML14 = {
      MA_LK: c.claimId,
      SO_GIAYHEN_KL: appointment.number,
      MA_CSKCB: c.facilityCode,
      HO_TEN: c.fullName,
      NGAY_SINH: XML1.NGAY_SINH!,
      GIOI_TINH: XML1.GIOI_TINH!,
      DIA_CHI: c.address,
      MA_THE_BHYT: XML1.MA_THE_BHYT!,
      GT_THE_DEN: XML1.GT_THE_DEN!,
      NGAY_VAO: XML1.NGAY_VAO!,
      NGAY_RA: XML1.NGAY_RA!,
      NGAY_HEN_KL: xmlDateTime(appointment.at),
      CHAN_DOAN_RV: c.dischargeDiagnosis,
      MA_BENH_CHINH: c.mainIcd10,
      MA_BENH_KT: XML1.MA_BENH_KT!,
      MA_DOITUONG_KCB: c.patientCategory,
      MA_BAC_SI: firstClinician(c),
      MA_TTDV: c.facilityHeadCode,
      NGAY_CT: xmlDate(appointment.issuedOn),
    };

  return tables;
}

/** The examining clinician: the one who ordered the first service (the examination), else the first drug. */
function firstClinician(c: Claim): string {
  return c.services[0]?.clinicianCode ?? c.medicines[0]?.clinicianCode ?? '';
}

/** The tables of a visit that are present, in the standard's order. */
export function presentTables(t: ClaimTables): ClaimTable[] {
  const out: ClaimTable[] = ['XML1'];
  if (t.XML2.length > 0) out.push('XML2');
  if (t.XML3.length > 0) out.push('XML3');
  if (t.XML13) out.push('XML13');
  if (t.XML14) out.push('XML14');
  return out;
}
