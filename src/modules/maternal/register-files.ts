/**
 * Registers A3 (sổ khám thai), A4 (sổ đẻ) and A5 (sổ thực hiện các biện pháp KHHGĐ) as Excel and PDF
 * through the house's register printer (core/register-files.ts). The columns follow the statistics
 * circular's registers as far as ytcs records them; labels are the registers' Vietnamese words.
 */
import {
  registerDay,
  registerMonthLabel,
  type RegisterColumn,
  type RegisterDocument,
} from '../../core/register-files.js';
import type { RegisterA3Row, RegisterA4Row, RegisterA5Out, RiskLevel } from './contracts.js';

const RISK_VI: Record<RiskLevel, string> = {
  normal: 'Bình thường',
  watch: 'Cần theo dõi',
  high: 'Nguy cơ cao',
};
const OUTCOME_VI: Record<RegisterA4Row['outcome'], string> = {
  live_birth: 'Đẻ sống',
  stillbirth: 'Chết lưu',
  miscarriage: 'Sẩy thai',
  induced_abortion: 'Phá thai',
  ectopic: 'Chửa ngoài tử cung',
  maternal_death: 'Tử vong mẹ',
};
const PLACE_VI: Record<string, string> = {
  station: 'Trạm y tế',
  other_facility: 'Cơ sở y tế khác',
  home: 'Tại nhà',
  on_the_way: 'Đẻ rơi',
};
const ATTENDANT_VI: Record<string, string> = {
  doctor: 'Bác sĩ',
  midwife: 'Hộ sinh',
  nurse: 'Điều dưỡng',
  physician_assistant: 'Y sĩ',
  village_midwife: 'Cô đỡ thôn bản',
  relative: 'Người nhà',
  none: 'Không có',
};
const MODE_VI: Record<string, string> = {
  vaginal: 'Đẻ thường',
  assisted: 'Đẻ can thiệp',
  caesarean: 'Mổ đẻ',
};
const URINE_VI: Record<string, string> = { negative: 'Âm tính', trace: 'Vết' };
const STOP_VI: Record<string, string> = {
  wants_child: 'Muốn có con',
  side_effects: 'Tác dụng phụ',
  switched: 'Chuyển biện pháp',
  no_longer_needed: 'Không còn nhu cầu',
  other: 'Lý do khác',
};

const label = (map: Record<string, string>, code: string | null): string =>
  code === null ? '' : (map[code] ?? code);
const decimal = (n: number | null, digits = 1): string =>
  n === null ? '' : n.toLocaleString('vi-VN', { maximumFractionDigits: digits });

const A3_COLUMNS: RegisterColumn[] = [
  { header: 'STT', width: 4 },
  { header: 'Ngày khám', width: 9 },
  { header: 'Họ và tên', width: 18 },
  { header: 'Năm sinh', width: 6 },
  { header: 'Địa chỉ', width: 20 },
  { header: 'Số lần có thai / đẻ', width: 7 },
  { header: 'Ngày kinh cuối', width: 9 },
  { header: 'Dự kiến đẻ', width: 9 },
  { header: 'Tuổi thai (tuần)', width: 6 },
  { header: 'Lần khám', width: 5 },
  { header: 'Cân nặng (kg)', width: 6 },
  { header: 'Huyết áp', width: 7 },
  { header: 'Chiều cao TC (cm)', width: 6 },
  { header: 'Tim thai (l/p)', width: 6 },
  { header: 'Protein niệu', width: 7 },
  { header: 'Hb (g/dL)', width: 5 },
  { header: 'Phân loại', width: 9 },
];

export function a3Document(unitName: string, month: string, rows: RegisterA3Row[]): RegisterDocument {
  return {
    title: 'SỔ KHÁM THAI (A3/YTCS)',
    subtitle: `${unitName} — ${registerMonthLabel(month)}`,
    sheet: 'A3',
    columns: A3_COLUMNS,
    rows: rows.map((r, i) => [
      i + 1,
      registerDay(r.contactOn),
      r.fullName,
      r.birthYear,
      r.address,
      `${r.gravidity} / ${r.parity}`,
      registerDay(r.lmp),
      registerDay(r.edd),
      r.gestationWeeks,
      r.contactNumber,
      decimal(r.weightKg),
      r.bloodPressure ?? '',
      decimal(r.fundalHeightCm),
      r.foetalHeartRate ?? '',
      label(URINE_VI, r.urineProtein),
      decimal(r.haemoglobin),
      RISK_VI[r.riskLevel],
    ]),
    footer: [
      `Tổng số lượt khám thai: ${rows.length}; số phụ nữ được khám: ${new Set(rows.map((r) => r.residentId)).size}; ` +
        `khám lần đầu trong 3 tháng đầu: ${rows.filter((r) => r.contactNumber === 1 && r.gestationWeeks < 13).length}; ` +
        `nguy cơ cao: ${rows.filter((r) => r.riskLevel === 'high').length}`,
    ],
  };
}

const A4_COLUMNS: RegisterColumn[] = [
  { header: 'STT', width: 4 },
  { header: 'Ngày đẻ', width: 9 },
  { header: 'Họ và tên mẹ', width: 18 },
  { header: 'Năm sinh', width: 6 },
  { header: 'Địa chỉ', width: 20 },
  { header: 'Số lần có thai / đẻ', width: 7 },
  { header: 'Tuổi thai (tuần)', width: 6 },
  { header: 'Số lần khám thai', width: 6 },
  { header: 'Kết quả', width: 9 },
  { header: 'Nơi đẻ', width: 10 },
  { header: 'Người đỡ', width: 9 },
  { header: 'Cách đẻ', width: 9 },
  { header: 'Số con', width: 5 },
  { header: 'Cân nặng (g)', width: 7 },
  { header: 'Phân loại', width: 9 },
];

export function a4Document(unitName: string, month: string, rows: RegisterA4Row[]): RegisterDocument {
  return {
    title: 'SỔ ĐẺ (A4/YTCS)',
    subtitle: `${unitName} — ${registerMonthLabel(month)}`,
    sheet: 'A4',
    columns: A4_COLUMNS,
    rows: rows.map((r, i) => [
      i + 1,
      registerDay(r.deliveredOn),
      r.fullName,
      r.birthYear,
      r.address,
      `${r.gravidity} / ${r.parity}`,
      r.gestationWeeks,
      r.antenatalContacts,
      OUTCOME_VI[r.outcome],
      label(PLACE_VI, r.deliveryPlace),
      label(ATTENDANT_VI, r.deliveryAttendant),
      label(MODE_VI, r.deliveryMode),
      r.births ?? '',
      r.birthWeightG ?? '',
      RISK_VI[r.riskLevel],
    ]),
    footer: [
      `Tổng số ca đẻ: ${rows.length}; đẻ sống: ${rows.filter((r) => r.outcome === 'live_birth').length}; ` +
        `tại cơ sở y tế: ${rows.filter((r) => r.deliveryPlace === 'station' || r.deliveryPlace === 'other_facility').length}; ` +
        `khám thai ≥ 4 lần: ${rows.filter((r) => r.antenatalContacts >= 4).length}; ` +
        `cân nặng < 2500 g: ${rows.filter((r) => r.birthWeightG !== null && r.birthWeightG < 2500).length}`,
    ],
  };
}

const A5_COLUMNS: RegisterColumn[] = [
  { header: 'STT', width: 4 },
  { header: 'Ngày', width: 9 },
  { header: 'Họ và tên', width: 20 },
  { header: 'Năm sinh', width: 6 },
  { header: 'Địa chỉ', width: 24 },
  { header: 'Biện pháp', width: 16 },
  { header: 'Bắt đầu / ngừng', width: 9 },
  { header: 'Lý do ngừng', width: 12 },
];

export function a5Document(unitName: string, register: RegisterA5Out): RegisterDocument {
  const events = [
    ...register.started.map((e) => ({ day: e.startedOn, e, started: true })),
    ...register.stopped.map((e) => ({ day: e.stoppedOn!, e, started: false })),
  ].sort((a, b) => a.day.localeCompare(b.day) || Number(b.started) - Number(a.started));
  return {
    title: 'SỔ THỰC HIỆN CÁC BIỆN PHÁP KẾ HOẠCH HÓA GIA ĐÌNH (A5/YTCS)',
    subtitle: `${unitName} — ${registerMonthLabel(register.month)}`,
    sheet: 'A5',
    columns: A5_COLUMNS,
    rows: events.map(({ day, e, started }, i) => [
      i + 1,
      registerDay(day),
      e.fullName,
      e.birthYear,
      e.address,
      e.methodVi,
      started ? 'Bắt đầu' : 'Ngừng',
      started ? '' : label(STOP_VI, e.stopReason),
    ]),
    footer: [
      `Bắt đầu trong tháng: ${register.started.length}; ngừng trong tháng: ${register.stopped.length}`,
      `Đang sử dụng cuối tháng: ${register.usersByMethod.map((m) => `${m.methodVi} ${m.users}`).join('; ') || 'không có'}`,
    ],
  };
}
