/**
 * Claim data as plain typed objects, one per visit (hồ sơ): the summary, medicines, services and
 * supplies, and the optional referral and re-examination appointment. The writer turns them into the
 * standard's tables; amounts are computed from quantities, prices, rates and the benefit level.
 * Shared with the web app: no database or server code here.
 */
import { z } from 'zod';

/** Local date-time in Vietnam, minute precision: 2026-03-02T07:45. */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm (Vietnam time)');
export const isoDate = z.iso.date();
const code = (max: number) => z.string().trim().min(1).max(max);
const text = z.string().trim().min(1).max(4000);
const wholePercent = z.number().int().min(0).max(100);
/** A practising-certificate code; empty when ytcs holds none (the claim check then refuses the visit). */
const certificate = z.string().trim().max(255);

export const claimMedicine = z.object({
  drugCode: code(255), // MA_THUOC: active-ingredient code of the shared catalogue
  name: code(1024),
  unit: code(50),
  strength: z.string().trim().max(1024), // HAM_LUONG (required by the standard)
  route: z.string().trim().max(4), // DUONG_DUNG code (required by the standard)
  dosageForm: code(1024).optional(),
  dosage: code(1024), // LIEU_DUNG: "1 viên/lần * 2 lần/ngày * 7 ngày [2 viên/ngày]"
  instructions: code(1024).optional(),
  registrationNumber: code(255).optional(),
  tenderInfo: code(50).optional(),
  costGroup: z.number().int().min(1).max(99).default(4), // MA_NHOM
  scope: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1), // PHAM_VI: 1 = covered
  insurancePercent: wholePercent.default(100), // TYLE_TT_BH
  quantity: z.number().positive().max(9_999_999),
  unitPrice: z.number().min(0).max(999_999_999_999),
  orderedAt: localDateTime,
  clinicianCode: certificate, // MA_BAC_SI: practising certificate number
  paymentMethod: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1), // MA_PTTT
  fundingSource: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(1), // NGUON_CTRA
});
export type ClaimMedicine = z.input<typeof claimMedicine>;

export const claimServiceLine = z.object({
  kind: z.enum(['service', 'supply']),
  code: code(255), // MA_DICH_VU for a service, MA_VAT_TU for a supply
  name: code(1024),
  unit: code(50),
  costGroup: z.number().int().min(1).max(99), // MA_NHOM: 13 examination, 18 procedure, 10 supply…
  scope: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
  quantity: z.number().positive().max(9_999_999),
  unitPrice: z.number().min(0).max(999_999_999_999), // DON_GIA_BV
  /** DON_GIA_BH: the price the fund pays; defaults to the facility price for a covered line. */
  insuredUnitPrice: z.number().min(0).max(999_999_999_999).optional(),
  servicePercent: wholePercent.default(100), // TYLE_TT_DV: 30 for the 2nd–4th examination…
  insurancePercent: wholePercent.default(100), // TYLE_TT_BH
  orderedAt: localDateTime,
  performedAt: localDateTime.optional(),
  resultAt: localDateTime.optional(),
  clinicianCode: certificate,
  performerCode: certificate.optional(), // NGUOI_THUC_HIEN
  icd10: z.string().trim().max(100).optional(), // MA_BENH when not for the main diagnosis
  tenderInfo: code(50).optional(),
  paymentMethod: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
});
export type ClaimServiceLine = z.input<typeof claimServiceLine>;

/** Giấy chuyển tuyến (XML13). */
export const claimReferral = z.object({
  recordNumber: code(50), // SO_HOSO
  bookNumber: code(50), // SO_CHUYENTUYEN
  slipNumber: code(50), // GIAY_CHUYEN_TUYEN
  toFacility: z.string().regex(/^[0-9A-Z]{5}$/, 'a 5-character facility code'), // MA_NOI_DEN
  clinicalSigns: text, // DAU_HIEU_LS
  courseOfIllness: text, // QT_BENHLY
  testResults: text.optional(), // TOMTAT_KQ
  treatmentGiven: text.optional(), // PP_DIEUTRI
  servicesUsed: code(1024), // TEN_DICH_VU
  medicinesUsed: code(1024).optional(), // TEN_THUOC
  reasonCode: z.union([z.literal(1), z.literal(2), z.literal(3)]), // MA_LYDO_CT
  treatmentPlan: text, // HUONG_DIEU_TRI
  transport: code(255), // PHUONGTIEN_VC
  escortName: code(255).optional(),
  escortTitle: code(255).optional(),
});
export type ClaimReferral = z.input<typeof claimReferral>;

/** Giấy hẹn khám lại (XML14). */
export const claimAppointment = z.object({
  number: code(50), // SO_GIAYHEN_KL
  at: localDateTime, // NGAY_HEN_KL
  issuedOn: isoDate, // NGAY_CT
});
export type ClaimAppointment = z.input<typeof claimAppointment>;

export const claimInsurance = z.object({
  // Codes are checked by the validator on the written XML (so a claim with a bad code is reported, not lost).
  cardCode: code(50), // MA_THE_BHYT: 15 characters
  registeredFacility: z.string().trim().max(50), // MA_DKBD: 5 characters
  validFrom: isoDate,
  validTo: isoDate,
  /** MUC_HUONG: the share the fund pays on covered lines (100 at a commune station for a valid card). */
  benefitPercent: wholePercent,
  fiveYearsFrom: isoDate.optional(), // NAM_NAM_LIEN_TUC
  areaCode: z.enum(['K1', 'K2', 'K3']).optional(), // MA_KHUVUC
});

export const SEX_CODES = { male: '1', female: '2', unknown: '3' } as const;

export const claimInput = z.object({
  claimId: code(100), // MA_LK: unique per visit
  patientCode: code(100), // MA_BN
  fullName: code(255),
  personalId: z
    .string()
    .regex(/^(\d{9}|\d{12}|[A-Z]\d{7})$/)
    .optional(),
  /** YYYY-MM-DD, YYYY-MM-DDTHH:mm for a newborn, or YYYY when only the year is known. */
  birth: z.union([isoDate, localDateTime, z.string().regex(/^\d{4}$/)]),
  sex: z.enum(['male', 'female', 'unknown']),
  nationalityCode: code(3), // MA_QUOCTICH
  ethnicityCode: z.string().max(2).optional(), // MA_DANTOC (required by the standard)
  occupationCode: z.string().regex(/^\d{5}$/), // MA_NGHE_NGHIEP: 00000 for none
  address: z.string().trim().max(1024),
  provinceCode: z.string().max(3),
  communeCode: z.string().max(5),
  phone: z.string().max(15).optional(),
  insurance: claimInsurance.nullable(),
  // Required by the standard: left empty when the visit lacks them, so the validator names them.
  visitReason: z.string().trim().max(4000), // LY_DO_VV
  admissionDiagnosis: z.string().trim().max(4000), // CHAN_DOAN_VAO
  dischargeDiagnosis: z.string().trim().max(4000), // CHAN_DOAN_RV
  mainIcd10: z.string().trim().max(7), // MA_BENH_CHINH
  otherIcd10: z.array(z.string().trim().min(3).max(7)).max(12).default([]), // MA_BENH_KT
  patientCategory: code(4), // MA_DOITUONG_KCB (DMDC code list)
  fromFacility: z
    .string()
    .regex(/^[0-9A-Z]{5}$/)
    .optional(), // MA_NOI_DI
  startedAt: localDateTime, // NGAY_VAO
  endedAt: localDateTime, // NGAY_RA
  paidAt: localDateTime, // NGAY_TTOAN
  treatmentDays: z.number().int().min(0).max(999).default(0), // SO_NGAY_DTRI: 0 for an examination
  treatmentMethod: text.optional(), // PP_DIEU_TRI
  outcome: z.number().int().min(1).max(8), // KET_QUA_DTRI: 1 cured, 2 better…
  dischargeType: z.number().int().min(1).max(5).optional(), // MA_LOAI_RV: 2 when referred
  advice: text.optional(), // GHI_CHU
  visitType: z.string().regex(/^\d{2}$/), // MA_LOAI_KCB: 01 outpatient examination
  departmentCode: code(50), // MA_KHOA
  facilityCode: code(50), // MA_CSKCB: 5 characters
  weightKg: z.number().positive().max(999).optional(),
  recordNumber: code(100), // MA_HSBA
  facilityHeadCode: z.string().trim().max(10).default(''), // MA_TTDV: social-insurance number of the head
  settlement: z.object({
    year: z.number().int().min(2000).max(2100),
    month: z.number().int().min(1).max(12),
  }),
  medicines: z.array(claimMedicine).default([]),
  services: z.array(claimServiceLine).default([]),
  referral: claimReferral.optional(),
  appointment: claimAppointment.optional(),
});
export type ClaimInput = z.input<typeof claimInput>;
export type Claim = z.output<typeof claimInput>;

/** One broken rule, with where it is: `HOSO[2].XML3[1].THANH_TIEN_BV`. */
export const claimIssue = z.object({
  path: z.string(),
  table: z.string(),
  claimId: z.string().nullable(),
  field: z.string().nullable(),
  code: z.enum([
    'required',
    'too_long',
    'invalid_format',
    'invalid_number',
    'invalid_value',
    'unknown_element',
    'out_of_order',
    'wrong_amount',
    'wrong_total',
    'invalid_envelope',
    // the claim check's refusals: data the claim needs that ytcs does not hold (the visit is left out)
    'card_incomplete',
    'no_certificate',
    'no_vietnamese_title',
    'no_head_code',
    'no_residence',
  ]),
  message: z.string(),
  /** The same reason in Vietnamese (the claim check's refusals). */
  messageVi: z.string().optional(),
});
export type ClaimIssue = z.infer<typeof claimIssue>;

// ---------------------------------------------------------------- the month's check, by visit

/** One visit of the month as the claim check sees it: accepted (written to the XML) or refused, and why. */
export const claimVisitCheck = z.object({
  visitId: z.uuid(),
  visitDate: z.string(),
  patient: z.object({
    id: z.uuid(),
    fullName: z.string(),
    birthDate: z.string().nullable(),
    birthYear: z.number().int(),
  }),
  clinician: z.string(),
  /** Paid by the insurance fund (BHYT), with the card on the visit date; else self-pay. */
  insured: z.boolean(),
  cardCode: z.string().nullable(),
  /** T_TONGCHI_BV and T_BHTT of the visit (the visits module's payment). */
  total: z.number(),
  insurerAmount: z.number(),
  accepted: z.boolean(),
  /** The check's findings on this visit: element, code, reason in English and (refusals) Vietnamese. */
  findings: z.array(claimIssue),
});
export type ClaimVisitCheck = z.infer<typeof claimVisitCheck>;

/** GET /claims/check/visits: the month's check listed by visit, with the counts and totals. */
export const claimMonthCheck = z.object({
  facility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  month: z.string(),
  standard: z.string(),
  /** The name of the XML the export writes for this month (the accepted visits only). */
  fileName: z.string(),
  visits: z.array(claimVisitCheck),
  totals: z.object({
    visits: z.number().int(),
    accepted: z.number().int(),
    refused: z.number().int(),
    findings: z.number().int(),
    /** Sums over the accepted visits: what the XML claims. */
    acceptedTotal: z.number(),
    acceptedInsurerAmount: z.number(),
    /** Sums over the refused visits: what is not claimed until their data is completed. */
    refusedTotal: z.number(),
    refusedInsurerAmount: z.number(),
  }),
});
export type ClaimMonthCheck = z.infer<typeof claimMonthCheck>;

// ---------------------------------------------------------------- register A1 (sổ khám bệnh)

/** One row of register A1: one finished visit, in the columns of the Ministry's register. */
export const a1Row = z.object({
  no: z.number().int(),
  visitId: z.uuid(),
  date: z.string(),
  fullName: z.string(),
  /** Age at the visit, written under the patient's sex (tuổi nam / tuổi nữ): years, or months under 1. */
  ageMale: z.string().nullable(),
  ageFemale: z.string().nullable(),
  cardCode: z.string().nullable(),
  address: z.string(),
  occupation: z.string().nullable(),
  ethnicity: z.string().nullable(),
  symptoms: z.string(),
  diagnosis: z.string(),
  treatment: z.string(),
  /** Chuyển tuyến: where the patient was referred (not recorded by visits yet). */
  referral: z.string().nullable(),
  clinician: z.string(),
  note: z.string(),
});
export type A1Row = z.infer<typeof a1Row>;

/** GET /registers/a1: register A1 of a station for a month, and its totals. */
export const a1Register = z.object({
  facility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  month: z.string(),
  rows: z.array(a1Row),
  totals: z.object({ visits: z.number().int(), insured: z.number().int(), referred: z.number().int() }),
});
export type A1Register = z.infer<typeof a1Register>;
