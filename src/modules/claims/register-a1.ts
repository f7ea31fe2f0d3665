/**
 * Register A1/YTCS (sổ khám bệnh) of a station for a month: one row per finished visit, the columns of
 * the Ministry's statistics register (Circular 37/2019/TT-BYT, replaced by 23/2025/TT-BYT): date,
 * name, age under the patient's sex, card, address, occupation, ethnicity, main symptoms, diagnosis,
 * treatment, referral, examining clinician, notes. Pure: built from the visits module's output.
 */
import type { RegisterReferral } from '../referral/index.js';
import type { VisitOut } from '../visits/index.js';
import type { A1Row } from './contracts.js';

/** The register's shapes are the claims module's contracts (shared with the web app). */
export type { A1Register, A1Row } from './contracts.js';

/** Age at a date, as the register writes it: whole years, or months ("8 tháng") under one year. */
export function ageAt(birthDate: string | null, birthYear: number, on: string): string {
  if (!birthDate) return String(Number(on.slice(0, 4)) - birthYear);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let months = (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
  if (months < 0) months = 0;
  return months < 12 ? `${months} tháng` : String(Math.floor(months / 12));
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The rows; `referrals` (by visit id, from the referral module) fills the referral column. */
export function a1Rows(
  visits: VisitOut[],
  referrals: ReadonlyMap<string, RegisterReferral> = new Map(),
): A1Row[] {
  return visits.map((v, i) => {
    const age = ageAt(v.patient.birthDate, v.patient.birthYear, v.visitDate);
    const dx = [v.diagnoses.main, ...v.diagnoses.others]
      .filter((d): d is NonNullable<typeof d> => d !== null)
      .map((d) => `${d.code} ${d.note || d.title}`);
    const treatment = [
      ...v.prescriptions.map((p) => `${p.name} ${p.quantity} ${p.unit} (${p.dose}, ${p.days} ngày)`),
      ...v.services.map((s) => s.name),
    ];
    const card = v.payment.method === 'insurance' ? (v.payment.card?.code ?? null) : null;
    const note = [
      v.reExaminationDate ? `Hẹn tái khám ${dmy(v.reExaminationDate)}` : '',
      v.advice ?? '',
    ].filter(Boolean);
    return {
      no: i + 1,
      visitId: v.id,
      date: v.visitDate,
      fullName: v.patient.fullName,
      ageMale: v.patient.sex === 'male' ? age : null,
      ageFemale: v.patient.sex === 'female' ? age : null,
      cardCode: card,
      address: v.patient.address,
      occupation: v.patient.occupation,
      ethnicity: v.patient.ethnicityName ?? v.patient.ethnicity,
      symptoms: v.reason ?? '',
      diagnosis: dx.join('; '),
      treatment: treatment.join('; '),
      referral: referralCell(referrals.get(v.id)),
      clinician: v.clinician.fullName,
      note: note.join('. '),
    };
  });
}

/** The referral column: where to, and the slip's number (chuyển tuyến: nơi đến, số giấy). */
const referralCell = (r: RegisterReferral | undefined): string | null =>
  r ? `${r.toFacilityName} (giấy ${r.slipNumber})` : null;

/** Column headers of the printed register (Vietnamese, as on the Ministry's form). */
export const A1_COLUMNS: { key: keyof A1Row | 'age'; header: string; width: number }[] = [
  { key: 'no', header: 'STT', width: 5 },
  { key: 'date', header: 'Ngày khám', width: 11 },
  { key: 'fullName', header: 'Họ và tên', width: 22 },
  { key: 'ageMale', header: 'Tuổi Nam', width: 7 },
  { key: 'ageFemale', header: 'Tuổi Nữ', width: 7 },
  { key: 'cardCode', header: 'Số thẻ BHYT', width: 17 },
  { key: 'address', header: 'Địa chỉ', width: 26 },
  { key: 'occupation', header: 'Nghề nghiệp', width: 12 },
  { key: 'ethnicity', header: 'Dân tộc', width: 9 },
  { key: 'symptoms', header: 'Triệu chứng chính', width: 20 },
  { key: 'diagnosis', header: 'Chẩn đoán', width: 24 },
  { key: 'treatment', header: 'Phương pháp điều trị', width: 30 },
  { key: 'referral', header: 'Chuyển tuyến', width: 12 },
  { key: 'clinician', header: 'Y, bác sĩ khám', width: 18 },
  { key: 'note', header: 'Ghi chú', width: 20 },
];

/** One cell's text as printed. */
export function a1Cell(row: A1Row, key: (typeof A1_COLUMNS)[number]['key']): string {
  if (key === 'date') return dmy(row.date);
  if (key === 'age') return row.ageMale ?? row.ageFemale ?? '';
  const value = row[key];
  return value === null || value === undefined ? '' : String(value);
}
