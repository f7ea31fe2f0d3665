/**
 * Registers A6 (sổ tử vong) and A11 (sổ truyền thông giáo dục sức khỏe) as Excel and PDF through the
 * house's register printer (core/register-files.ts). The columns follow the registers as far as ytcs
 * records them; labels are the registers' Vietnamese words.
 */
import {
  registerDay,
  registerMonthLabel,
  type RegisterColumn,
  type RegisterDocument,
} from '../../core/register-files.js';
import type { RegisterA11, RegisterA6 } from './contracts.js';

const SEX_VI: Record<string, string> = { male: 'Nam', female: 'Nữ' };
const DEATH_PLACE_VI: Record<string, string> = {
  home: 'Tại nhà',
  health_facility: 'Tại cơ sở y tế',
  other: 'Nơi khác',
};

export function a6Document(r: RegisterA6): RegisterDocument {
  const columns: RegisterColumn[] = [
    { header: 'STT', width: 5 },
    { header: 'Họ và tên người tử vong', width: 24 },
    { header: 'Giới', width: 6 },
    { header: 'Năm sinh', width: 8 },
    { header: 'Tuổi', width: 6 },
    { header: 'Thôn/xã', width: 18 },
    { header: 'Ngày tử vong', width: 11 },
    { header: 'Nguyên nhân chính', width: 24 },
    { header: 'Mã ICD-10', width: 9 },
    { header: 'Nơi tử vong', width: 12 },
    { header: 'Ghi chú', width: 16 },
  ];
  return {
    title: 'SỔ TỬ VONG (A6/YTCS)',
    subtitle: `${r.unit.name} (${r.unit.code}) — ${registerMonthLabel(r.month)}`,
    sheet: 'A6',
    columns,
    rows: r.rows.map((x) => [
      x.no,
      x.fullName,
      SEX_VI[x.sex] ?? x.sex,
      x.birthYear || '',
      x.ageYears,
      x.unitName,
      registerDay(x.diedOn),
      x.cause,
      x.causeIcd10,
      x.place ? (DEATH_PLACE_VI[x.place] ?? x.place) : '',
      x.note,
    ]),
    footer: [`Tổng số tử vong: ${r.totals.deaths}; nam: ${r.totals.male}; nữ: ${r.totals.female}`],
  };
}

export function a11Document(r: RegisterA11): RegisterDocument {
  const columns: RegisterColumn[] = [
    { header: 'STT', width: 5 },
    { header: 'Ngày', width: 10 },
    { header: 'Nội dung truyền thông', width: 30 },
    { header: 'Hình thức', width: 16 },
    { header: 'Đối tượng', width: 16 },
    { header: 'Địa điểm', width: 18 },
    { header: 'Số người nghe: nam', width: 8 },
    { header: 'nữ', width: 8 },
    { header: 'Tổng', width: 8 },
    { header: 'Người thực hiện', width: 18 },
    { header: 'Chiến dịch', width: 16 },
  ];
  return {
    title: 'SỔ TRUYỀN THÔNG GIÁO DỤC SỨC KHỎE (A11/YTCS)',
    subtitle: `${r.unit.name} (${r.unit.code}) — ${registerMonthLabel(r.month)}`,
    sheet: 'A11',
    columns,
    rows: r.rows.map((x) => [
      x.no,
      registerDay(x.heldOn),
      x.topic,
      x.formatName,
      x.audience,
      [x.place, x.unitName].filter(Boolean).join(', '),
      x.men,
      x.women,
      x.men + x.women,
      x.staffName,
      x.campaignName,
    ]),
    footer: [
      `Tổng số buổi: ${r.totals.sessions}; số người nghe: ${r.totals.men + r.totals.women} (nam ${r.totals.men}, nữ ${r.totals.women})`,
    ],
  };
}
