/**
 * A finished visit (as the visits module gives it) → claim data. Whatever the visit does not record
 * (the clinician's practising certificate, the head's social-insurance number, the department code…)
 * comes from the export options or stays empty, so the validator reports it instead of the writer
 * inventing it.
 */
import { TIME_ZONE } from '../../core/clock.js';
import type { VisitOut } from '../visits/index.js';
import type { ClaimInput, ClaimMedicine, ClaimServiceLine } from './contracts.js';
import type { ClaimStandard } from './standard.js';

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

export function claimFromVisit(standard: ClaimStandard, v: VisitOut, options: ClaimOptions = {}): ClaimInput {
  const start = onVisitDay(v.visitDate, v.createdAt, '07:00');
  const endCandidate = onVisitDay(v.visitDate, v.finishedAt, start.slice(11));
  const end = endCandidate < start ? start : endCandidate;
  // Certificate numbers are not recorded yet: the standard allows the staff code in brackets.
  const clinician = `(${v.clinician.id})`;
  const pay = v.payment;
  const insured = pay.method === 'insurance' && pay.card !== null;
  const card = pay.card;
  const unit = v.patient.unitCode.match(/^\d{5}/)?.[0] ?? '';
  const province = v.facility.unitPath.split('.')[1] ?? '';
  const [year, month] = v.visitDate.split('-').map(Number) as [number, number];
  const defaults = standard.defaults;
  const facilityCode = options.facilityCode ?? v.facility.code;
  const category = !insured
    ? defaults.patientCategory.selfPay
    : card?.registeredFacilityCode === facilityCode
      ? defaults.patientCategory.registeredHere
      : defaults.patientCategory.otherFacility;
  const diagnosis = (d: { title: string; note: string | null } | null) =>
    d ? [d.title, d.note].filter(Boolean).join(' — ') : '';
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
    provinceCode: province,
    communeCode: unit,
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
  };
}
