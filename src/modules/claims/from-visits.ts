/**
 * A finished visit (as the visits module gives it) → claim data, and the claim check's refusals: what
 * the claim needs that ytcs does not hold (a 15-character card code, the clinician's practising
 * certificate, a Vietnamese diagnosis title, the head's social-insurance number, the residence's
 * province). A refused visit is left out of the export: nothing is invented and no placeholder written.
 */
import { TIME_ZONE } from '../../core/clock.js';
import type { VisitReferral } from '../referral/index.js';
import type { VisitOut } from '../visits/index.js';
import type { ClaimInput, ClaimIssue, ClaimMedicine, ClaimServiceLine } from './contracts.js';
import type { ClaimStandard } from './standard.js';

/** What the claim reads beside the visit, gathered by the service from the modules that hold it. */
export interface ClaimContext {
  /**
   * The practising-certificate number (số chứng chỉ hành nghề) of a staff member in force on a day;
   * undefined when ytcs holds none for that day.
   */
  certificateOn: (staffId: string, day: string) => string | undefined;
  /** ICD-10 titles valid on the visit date by code (`title` Vietnamese when the list has it). */
  icd10: ReadonlyMap<string, { title: string; titleEn: string }>;
  /** The patient's residence by visit id: province (2 digits) and commune (5 digits) codes. */
  residence: ReadonlyMap<string, { province: string; commune: string }>;
  /** The referral slip written at a visit (XML13), by visit id, as the referral module holds it. */
  referrals?: ReadonlyMap<string, VisitReferral>;
}

/** XML13 of a visit with a referral slip: the slip's fields, the visit's services when it names none. */
function referralOf(v: VisitOut, ctx: ClaimContext): ClaimInput['referral'] {
  const r = ctx.referrals?.get(v.id);
  if (!r) return undefined;
  return {
    recordNumber: v.id,
    bookNumber: r.bookNumber,
    slipNumber: r.slipNumber,
    toFacility: r.toFacility,
    clinicalSigns: r.clinicalSigns,
    courseOfIllness: r.courseOfIllness,
    testResults: r.testResults,
    treatmentGiven: r.treatmentGiven,
    servicesUsed: (r.servicesUsed ?? v.services.map((s) => s.name).join('; ')).slice(0, 1024) || 'Khám bệnh',
    medicinesUsed:
      r.medicinesUsed ??
      (v.prescriptions
        .map((p) => p.name)
        .join('; ')
        .slice(0, 1024) ||
        undefined),
    reasonCode: r.reasonCode,
    treatmentPlan: r.treatmentPlan,
    transport: r.transport,
    escortName: r.escortName,
    escortTitle: r.escortTitle,
  };
}

/** A 15-character card code: beneficiary group (2 letters), benefit level, province (2), number (10). */
export const CARD_CODE = /^[A-Z]{2}\d{13}$/;

/** The Vietnamese title of a code, or undefined when the list holds only the English one. */
function titleVi(ctx: ClaimContext, code: string): string | undefined {
  const t = ctx.icd10.get(code);
  if (!t || !t.title.trim() || t.title === t.titleEn) return undefined;
  return t.title;
}

export interface ClaimOptions {
  /** MA_KHOA (default from the standard's file: K01, the examination department). */
  departmentCode?: string;
  /** MA_TTDV: social-insurance number of the station head (or the person authorised to sign). */
  facilityHeadCode?: string;
  /** MA_CSKCB when the facility's own code is not the insurer's 5-character code. */
  facilityCode?: string;
}

const localFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant → local minute in Vietnam: 2026-03-02T07:45. */
export function localMinute(instant: string | Date): string {
  const parts = Object.fromEntries(
    localFormatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant if it falls on the visit day, else a time on the visit day (records entered later). */
function onVisitDay(visitDate: string, instant: string | null, fallback: string): string {
  if (instant) {
    const local = localMinute(instant);
    if (local.startsWith(visitDate)) return local;
  }
  return `${visitDate}T${fallback}`;
}

/** MA_NHOM of a service from its catalogue group name (Khám bệnh → 13, Xét nghiệm → 1…); 19 otherwise. */
export function serviceCostGroup(standard: ClaimStandard, group: string | null): number {
  const key = (group ?? '').trim().toLocaleLowerCase('vi');
  if (!key) return 19;
  const found = standard.costGroups.codes.find(
    (c) => c.kind === 'service' && c.nameVi.toLocaleLowerCase('vi').startsWith(key),
  );
  return found?.code ?? 19;
}

const supplyGroup = (standard: ClaimStandard) =>
  standard.costGroups.codes.find((c) => c.kind === 'supply')?.code ?? 10;

/**
 * The claim check's refusals of a visit (vi and en): each names the element it would have to write
 * invalid or empty. The export leaves a refused visit out; /claims/check lists the reasons.
 */
export function claimRefusals(
  v: VisitOut,
  ctx: ClaimContext,
  options: ClaimOptions,
  index: number,
): ClaimIssue[] {
  const out: ClaimIssue[] = [];
  const refuse = (field: string, code: ClaimIssue['code'], message: string, messageVi: string) =>
    out.push({
      path: `HOSO[${index}].XML1.${field}`,
      table: 'XML1',
      claimId: v.id,
      field,
      code,
      message,
      messageVi,
    });
  const card = v.payment.method === 'insurance' ? v.payment.card : null;
  if (card && !CARD_CODE.test(card.code)) {
    const missing = [
      card.beneficiaryGroup ? null : ['beneficiary group', 'mã đối tượng'],
      card.benefitLevel !== null ? null : ['benefit level', 'mức hưởng'],
      ['province of the card', 'mã tỉnh cấp thẻ'],
    ].filter((m): m is string[] => m !== null);
    refuse(
      'MA_THE_BHYT',
      'card_incomplete',
      `the card of ${v.patient.fullName} is "${card.code}", not a 15-character card code: ytcs does not hold its ${missing.map((m) => m[0]).join(', ')}; record the card's full 15-character code`,
      `thẻ BHYT của ${v.patient.fullName} là "${card.code}", không phải mã thẻ 15 ký tự: ytcs chưa có ${missing.map((m) => m[1]).join(', ')}; hãy ghi đủ mã thẻ 15 ký tự`,
    );
  }
  if (!ctx.certificateOn(v.clinician.id, v.visitDate))
    refuse(
      'MA_BAC_SI',
      'no_certificate',
      `no practising-certificate code for clinician ${v.clinician.fullName}: MA_BAC_SI and NGUOI_THUC_HIEN need it`,
      `chưa có số chứng chỉ hành nghề của người khám ${v.clinician.fullName}: MA_BAC_SI và NGUOI_THUC_HIEN cần số này`,
    );
  for (const d of [v.diagnoses.main, ...v.diagnoses.others])
    if (d && !titleVi(ctx, d.code))
      refuse(
        'CHAN_DOAN_RV',
        'no_vietnamese_title',
        `ICD-10 code ${d.code} has no Vietnamese title in the code list: the diagnosis is not written in English`,
        `mã ICD-10 ${d.code} chưa có tên tiếng Việt trong danh mục: chẩn đoán không được ghi bằng tiếng Anh`,
      );
  if (!options.facilityHeadCode)
    refuse(
      'MA_TTDV',
      'no_head_code',
      `facility ${v.facility.code} holds no social-insurance number of its head (MA_TTDV): give it with the export (head)`,
      `cơ sở ${v.facility.code} chưa có mã số BHXH của thủ trưởng đơn vị (MA_TTDV): hãy nhập khi xuất dữ liệu`,
    );
  if (!ctx.residence.get(v.id))
    refuse(
      'MATINH_CU_TRU',
      'no_residence',
      `the residence of ${v.patient.fullName} (${v.patient.unitCode}) is not a known commune: MATINH_CU_TRU and MAXA_CU_TRU need its codes`,
      `nơi cư trú của ${v.patient.fullName} (${v.patient.unitCode}) không phải một xã trong danh mục: MATINH_CU_TRU và MAXA_CU_TRU cần mã của nó`,
    );
  return out;
}

export function claimFromVisit(
  standard: ClaimStandard,
  v: VisitOut,
  options: ClaimOptions,
  ctx: ClaimContext,
): ClaimInput {
  const start = onVisitDay(v.visitDate, v.createdAt, '07:00');
  const endCandidate = onVisitDay(v.visitDate, v.finishedAt, start.slice(11));
  const end = endCandidate < start ? start : endCandidate;
  // MA_BAC_SI / NGUOI_THUC_HIEN: the practising certificate (empty when unknown: the check refuses the visit).
  const clinician = ctx.certificateOn(v.clinician.id, v.visitDate) ?? '';
  const pay = v.payment;
  const insured = pay.method === 'insurance' && pay.card !== null;
  const card = pay.card;
  const residence = ctx.residence.get(v.id);
  const [year, month] = v.visitDate.split('-').map(Number) as [number, number];
  const defaults = standard.defaults;
  const facilityCode = options.facilityCode ?? v.facility.code;
  const category = !insured
    ? defaults.patientCategory.selfPay
    : card?.registeredFacilityCode === facilityCode
      ? defaults.patientCategory.registeredHere
      : defaults.patientCategory.otherFacility;
  // The Vietnamese title (never the English one: without it the check refuses the visit).
  const diagnosis = (d: { code: string; note: string | null } | null) =>
    d ? [titleVi(ctx, d.code) ?? '', d.note].filter(Boolean).join(' — ') : '';
  const main = v.diagnoses.main;
  const diagnosisText = [main, ...v.diagnoses.others].map(diagnosis).filter(Boolean).join('; ');

  const services: ClaimServiceLine[] = [
    ...v.services.map((s): ClaimServiceLine => ({
      kind: 'service',
      code: s.code,
      name: s.name,
      unit: s.unit,
      costGroup: serviceCostGroup(standard, s.group),
      scope: s.insuranceCovered ? 1 : 2,
      insurancePercent: s.insuranceCovered ? 100 : 0,
      quantity: s.quantity,
      unitPrice: s.unitPrice,
      orderedAt: start,
      clinicianCode: clinician,
      performerCode: clinician,
    })),
    ...v.supplies.map((s): ClaimServiceLine => ({
      kind: 'supply',
      code: s.code,
      name: s.name,
      unit: s.unit,
      costGroup: supplyGroup(standard),
      scope: s.insuranceCovered ? 1 : 2,
      insurancePercent: s.insuranceCovered ? 100 : 0,
      quantity: s.quantity,
      unitPrice: s.unitPrice,
      orderedAt: start,
      clinicianCode: clinician,
    })),
  ];
  const medicines: ClaimMedicine[] = v.prescriptions.map((p) => ({
    drugCode: p.code,
    name: p.name,
    unit: p.unit,
    strength: p.strength ?? p.activeIngredient ?? p.name,
    route: (p.route ?? '').slice(0, 4),
    dosage: `${p.dose} * ${p.days} ngày`,
    registrationNumber: p.registrationNumber ?? undefined,
    scope: p.insuranceCovered ? 1 : 2,
    insurancePercent: p.insuranceCovered ? 100 : 0,
    quantity: p.quantity,
    unitPrice: p.unitPrice,
    orderedAt: start,
    clinicianCode: clinician,
  }));

  return {
    claimId: v.id,
    patientCode: v.patient.id,
    fullName: v.patient.fullName,
    personalId:
      v.patient.personalId && /^\d{12}$/.test(v.patient.personalId) ? v.patient.personalId : undefined,
    birth: v.patient.birthDate ?? String(v.patient.birthYear),
    sex: v.patient.sex,
    ethnicityCode:
      v.patient.ethnicity && /^\d{2}$/.test(v.patient.ethnicity) ? v.patient.ethnicity : undefined,
    nationalityCode: defaults.nationality,
    occupationCode:
      v.patient.occupation && /^\d{5}$/.test(v.patient.occupation)
        ? v.patient.occupation
        : defaults.occupationNone,
    address: v.patient.address,
    provinceCode: residence?.province ?? '',
    communeCode: residence?.commune ?? '',
    phone: v.patient.phone?.slice(0, 15) ?? undefined,
    insurance:
      insured && card
        ? {
            cardCode: card.code,
            registeredFacility: card.registeredFacilityCode ?? '',
            validFrom: card.validFrom,
            validTo: card.validTo ?? card.validFrom,
            benefitPercent: Math.round(pay.insurerRate),
          }
        : null,
    visitReason: v.reason || diagnosis(main),
    admissionDiagnosis: diagnosis(main),
    dischargeDiagnosis: diagnosisText,
    mainIcd10: main?.code ?? '',
    otherIcd10: v.diagnoses.others.map((d) => d.code).slice(0, 12),
    patientCategory: category,
    visitType: defaults.visitType,
    outcome: defaults.outcome,
    startedAt: start,
    endedAt: end,
    paidAt: end,
    advice: v.advice ?? undefined,
    departmentCode: options.departmentCode ?? defaults.departmentCode,
    facilityCode,
    facilityHeadCode: options.facilityHeadCode ?? '',
    weightKg: v.vitals.weightKg ?? undefined,
    recordNumber: v.id,
    settlement: { year, month },
    services,
    medicines,
    appointment: v.reExaminationDate
      ? {
          number: `GH-${v.id.slice(-12)}`,
          at: `${v.reExaminationDate}T00:00`,
          issuedOn: v.visitDate,
        }
      : undefined,
    referral: referralOf(v, ctx),
  };
}
