/**
 * Vietnamese personal names and hamlet names for the demo data. Frequencies are approximate
 * (family names: the commonly cited shares, Nguyễn ≈ 38 %); they only need to look right on screen.
 */
import type { HAMLET_TYPES } from '../modules/network/index.js';
import type { Rng } from './random.js';

export type Sex = 'male' | 'female';
export type HamletType = (typeof HAMLET_TYPES)[number];
type Weighted<T> = readonly (readonly [T, number])[];

// ---------------------------------------------------------------- regions

/** Broad regions: they decide hamlet words (thôn, xóm, bản, ấp, khóm…) and name flavours. */
export type Region =
  | 'north_delta' // đồng bằng Bắc Bộ
  | 'north_midland' // trung du (Thái Nguyên, Phú Thọ)
  | 'north_mountain' // miền núi phía Bắc
  | 'north_central' // Bắc Trung Bộ
  | 'central' // Nam Trung Bộ, duyên hải
  | 'highlands' // Tây Nguyên
  | 'southeast' // Đông Nam Bộ
  | 'mekong'; // đồng bằng sông Cửu Long

/**
 * How people are named: Kinh names with a regional flavour (Hoàng/Huỳnh, Vũ/Võ), or the naming of
 * an ethnic minority: northern Tày, Nùng, Thái, Dao, Mường, Sán Dìu (`north_minority`), H'Mông,
 * Ê Đê/Jrai of the Central Highlands, Khmer of the Mekong delta.
 */
export type NameStyle = 'north' | 'central' | 'south' | 'north_minority' | 'hmong' | 'highlands' | 'khmer';

export interface ProvinceProfile {
  region: Region;
  /** A centrally run city (thành phố trực thuộc trung ương): its wards are dense and urban. */
  city: boolean;
  /** Landline area code (the seat of the merged province). */
  areaCode: string;
  /**
   * Naming of the ethnic minorities of the province's mountain and remote communes; empty when there
   * are few (then no minority names and no bản/buôn/làng/sóc villages either).
   */
  minority: Weighted<NameStyle>;
}

const NORTH_MINORITY: Weighted<NameStyle> = [
  ['north_minority', 8],
  ['hmong', 2],
];

/** The 34 provinces of the current map (since 1/7/2025). */
export const PROVINCE_PROFILES: Readonly<Record<string, ProvinceProfile>> = {
  '01': { region: 'north_delta', city: true, areaCode: '024', minority: [['north_minority', 1]] }, // Hà Nội
  '04': { region: 'north_mountain', city: false, areaCode: '0206', minority: NORTH_MINORITY }, // Cao Bằng
  '08': {
    region: 'north_mountain',
    city: false,
    areaCode: '0207',
    minority: [
      ['north_minority', 6],
      ['hmong', 4],
    ],
  }, // Tuyên Quang (+ Hà Giang)
  '11': {
    region: 'north_mountain',
    city: false,
    areaCode: '0215',
    minority: [
      ['north_minority', 6],
      ['hmong', 4],
    ],
  }, // Điện Biên
  '12': {
    region: 'north_mountain',
    city: false,
    areaCode: '0213',
    minority: [
      ['north_minority', 5],
      ['hmong', 5],
    ],
  }, // Lai Châu
  '14': {
    region: 'north_mountain',
    city: false,
    areaCode: '0212',
    minority: [
      ['north_minority', 7],
      ['hmong', 3],
    ],
  }, // Sơn La
  '15': {
    region: 'north_mountain',
    city: false,
    areaCode: '0214',
    minority: [
      ['north_minority', 6],
      ['hmong', 4],
    ],
  }, // Lào Cai (+ Yên Bái)
  '19': { region: 'north_midland', city: false, areaCode: '0208', minority: NORTH_MINORITY }, // Thái Nguyên (+ Bắc Kạn)
  '20': { region: 'north_mountain', city: false, areaCode: '0205', minority: NORTH_MINORITY }, // Lạng Sơn
  '22': { region: 'north_delta', city: false, areaCode: '0203', minority: [['north_minority', 1]] }, // Quảng Ninh
  '24': { region: 'north_delta', city: false, areaCode: '0204', minority: [['north_minority', 1]] }, // Bắc Ninh (+ Bắc Giang)
  '25': { region: 'north_midland', city: false, areaCode: '0210', minority: [['north_minority', 1]] }, // Phú Thọ (+ Vĩnh Phúc, Hòa Bình)
  '31': { region: 'north_delta', city: true, areaCode: '0225', minority: [] }, // Hải Phòng (+ Hải Dương)
  '33': { region: 'north_delta', city: false, areaCode: '0221', minority: [] }, // Hưng Yên (+ Thái Bình)
  '37': { region: 'north_delta', city: false, areaCode: '0229', minority: [['north_minority', 1]] }, // Ninh Bình (+ Hà Nam, Nam Định)
  '38': {
    region: 'north_central',
    city: false,
    areaCode: '0237',
    minority: [
      ['north_minority', 9],
      ['hmong', 1],
    ],
  }, // Thanh Hoá
  '40': {
    region: 'north_central',
    city: false,
    areaCode: '0238',
    minority: [
      ['north_minority', 8],
      ['hmong', 2],
    ],
  }, // Nghệ An
  '42': { region: 'north_central', city: false, areaCode: '0239', minority: [] }, // Hà Tĩnh
  '44': { region: 'north_central', city: false, areaCode: '0232', minority: [['north_minority', 1]] }, // Quảng Trị (+ Quảng Bình)
  '46': { region: 'central', city: true, areaCode: '0234', minority: [['highlands', 1]] }, // Huế
  '48': { region: 'central', city: true, areaCode: '0236', minority: [['highlands', 1]] }, // Đà Nẵng (+ Quảng Nam)
  '51': { region: 'central', city: false, areaCode: '0255', minority: [['highlands', 1]] }, // Quảng Ngãi (+ Kon Tum)
  '52': { region: 'highlands', city: false, areaCode: '0256', minority: [['highlands', 1]] }, // Gia Lai (+ Bình Định)
  '56': { region: 'central', city: false, areaCode: '0258', minority: [['highlands', 1]] }, // Khánh Hoà (+ Ninh Thuận)
  '66': { region: 'highlands', city: false, areaCode: '0262', minority: [['highlands', 1]] }, // Đắk Lắk (+ Phú Yên)
  '68': { region: 'highlands', city: false, areaCode: '0263', minority: [['highlands', 1]] }, // Lâm Đồng (+ Đắk Nông, Bình Thuận)
  '75': {
    region: 'southeast',
    city: false,
    areaCode: '0251',
    minority: [
      ['khmer', 1],
      ['highlands', 1],
    ],
  }, // Đồng Nai (+ Bình Phước)
  '79': { region: 'southeast', city: true, areaCode: '028', minority: [] }, // Hồ Chí Minh (+ Bình Dương, Bà Rịa – Vũng Tàu)
  '80': { region: 'southeast', city: false, areaCode: '0272', minority: [] }, // Tây Ninh (+ Long An)
  '82': { region: 'mekong', city: false, areaCode: '0273', minority: [] }, // Đồng Tháp (+ Tiền Giang)
  '86': { region: 'mekong', city: false, areaCode: '0270', minority: [['khmer', 1]] }, // Vĩnh Long (+ Bến Tre, Trà Vinh)
  '91': { region: 'mekong', city: false, areaCode: '0297', minority: [['khmer', 1]] }, // An Giang (+ Kiên Giang)
  '92': { region: 'mekong', city: true, areaCode: '0292', minority: [['khmer', 1]] }, // Cần Thơ (+ Sóc Trăng, Hậu Giang)
  '96': { region: 'mekong', city: false, areaCode: '0290', minority: [['khmer', 1]] }, // Cà Mau (+ Bạc Liêu)
};

const DEFAULT_PROFILE: ProvinceProfile = {
  region: 'north_delta',
  city: false,
  areaCode: '024',
  minority: [['north_minority', 1]],
};

export function provinceProfile(code: string): ProvinceProfile {
  return PROVINCE_PROFILES[code] ?? DEFAULT_PROFILE;
}

/** The Kinh naming flavour of a region. */
export function kinhStyle(region: Region): NameStyle {
  if (region === 'southeast' || region === 'mekong') return 'south';
  if (region === 'central' || region === 'highlands') return 'central';
  return 'north';
}

// ---------------------------------------------------------------- personal names

/** Kinh family names (họ) with approximate shares in percent; Hoàng/Huỳnh and Vũ/Võ are split by region. */
const FAMILY_NAMES: Weighted<string> = [
  ['Nguyễn', 38.4],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7.1],
  ['Hoàng|Huỳnh', 5.1],
  ['Phan', 4.5],
  ['Vũ|Võ', 3.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.9],
  ['Đào', 0.8],
  ['Trương', 0.8],
  ['Mai', 0.6],
  ['Trịnh', 0.6],
  ['Lâm', 0.5],
  ['Lương', 0.5],
  ['Cao', 0.5],
  ['Hà', 0.5],
  ['Tạ', 0.3],
  ['Đoàn', 0.5],
  ['Chu', 0.3],
  ['Tô', 0.3],
  ['Kiều', 0.2],
  ['Lưu', 0.3],
  ['Thái', 0.2],
  ['Quách', 0.2],
  ['Vương', 0.2],
  ['La', 0.1],
  ['Tăng', 0.1],
];

/** Share of "Hoàng" (vs "Huỳnh") and "Vũ" (vs "Võ") by flavour: north keeps Hoàng/Vũ, the south says Huỳnh/Võ. */
const NORTHERN_FORM: Record<'north' | 'central' | 'south', { hoang: number; vu: number }> = {
  north: { hoang: 0.95, vu: 0.9 },
  central: { hoang: 0.5, vu: 0.3 },
  south: { hoang: 0.15, vu: 0.15 },
};

const MIDDLE_MALE: Weighted<string> = [
  ['Văn', 36],
  ['Đức', 8],
  ['Minh', 8],
  ['Hữu', 6],
  ['Quốc', 5],
  ['Công', 5],
  ['Đình', 5],
  ['Thanh', 5],
  ['Xuân', 4],
  ['Quang', 4],
  ['Trọng', 3],
  ['Duy', 3],
  ['Ngọc', 2],
  ['Thế', 2],
  ['Mạnh', 2],
  ['Gia', 2],
  ['Hoàng', 2],
  ['Anh', 2],
  ['Tiến', 1],
  ['Bá', 1],
  ['Khắc', 1],
  ['Trung', 1],
];

const MIDDLE_FEMALE: Weighted<string> = [
  ['Thị', 46],
  ['Ngọc', 8],
  ['Thu', 6],
  ['Thanh', 6],
  ['Kim', 4],
  ['Hồng', 4],
  ['Minh', 3],
  ['Phương', 3],
  ['Thùy', 3],
  ['Bích', 2],
  ['Mai', 2],
  ['Hải', 2],
  ['Quỳnh', 2],
  ['Khánh', 2],
  ['Mỹ', 2],
  ['Diệu', 1],
  ['Bảo', 1],
  ['Tuyết', 1],
  ['Hoài', 1],
  ['Lan', 1],
];

/** A second middle name after "Thị" (Nguyễn Thị Thu Hà). */
const SECOND_MIDDLE_FEMALE = [
  'Thu',
  'Thanh',
  'Ngọc',
  'Kim',
  'Minh',
  'Hồng',
  'Bích',
  'Mỹ',
  'Diệu',
  'Phương',
  'Thúy',
  'Hải',
] as const;
const SECOND_MIDDLE_SHARE = 0.15;

const GIVEN_MALE: Weighted<string> = [
  ['Anh', 4],
  ['Bình', 3],
  ['Cường', 3],
  ['Dũng', 4],
  ['Đức', 3],
  ['Dương', 2],
  ['Hải', 4],
  ['Hiếu', 3],
  ['Hoàng', 3],
  ['Hùng', 4],
  ['Huy', 4],
  ['Hưng', 3],
  ['Khánh', 2],
  ['Khoa', 2],
  ['Kiên', 2],
  ['Lâm', 2],
  ['Long', 4],
  ['Mạnh', 2],
  ['Minh', 4],
  ['Nam', 4],
  ['Nghĩa', 2],
  ['Phong', 2],
  ['Phúc', 2],
  ['Quân', 3],
  ['Quang', 2],
  ['Sơn', 3],
  ['Tài', 2],
  ['Thắng', 3],
  ['Thành', 3],
  ['Thịnh', 2],
  ['Toàn', 2],
  ['Trung', 3],
  ['Tuấn', 5],
  ['Tùng', 3],
  ['Việt', 2],
  ['Vinh', 2],
  ['Hòa', 2],
  ['Tâm', 2],
  ['Tiến', 2],
  ['Thái', 1],
  ['Đạt', 3],
  ['Hậu', 1],
  ['Lộc', 2],
  ['Chiến', 2],
  ['Duy', 2],
  ['Giang', 1],
  ['Hiệp', 1],
  ['Khải', 1],
  ['Nhân', 1],
  ['Phát', 1],
  ['Sang', 1],
  ['Tú', 1],
  ['Vũ', 1],
  ['Bảo', 1],
];

const GIVEN_FEMALE: Weighted<string> = [
  ['Anh', 3],
  ['Hà', 4],
  ['Hằng', 3],
  ['Hạnh', 3],
  ['Hiền', 3],
  ['Hoa', 3],
  ['Hồng', 2],
  ['Hương', 5],
  ['Huyền', 4],
  ['Lan', 3],
  ['Liên', 2],
  ['Linh', 5],
  ['Loan', 2],
  ['Ly', 2],
  ['Mai', 3],
  ['Nga', 3],
  ['Ngân', 2],
  ['Ngọc', 2],
  ['Nhung', 3],
  ['Oanh', 2],
  ['Phương', 3],
  ['Quyên', 1],
  ['Quỳnh', 2],
  ['Tâm', 1],
  ['Thảo', 4],
  ['Thanh', 2],
  ['Thu', 2],
  ['Thủy', 4],
  ['Trang', 5],
  ['Tuyết', 1],
  ['Uyên', 1],
  ['Vân', 2],
  ['Yến', 3],
  ['Dung', 2],
  ['Duyên', 2],
  ['Giang', 2],
  ['Hải', 1],
  ['Hậu', 1],
  ['Huệ', 2],
  ['Lệ', 1],
  ['Lý', 1],
  ['Nhàn', 1],
  ['Nhi', 2],
  ['Thắm', 1],
  ['Thơ', 1],
  ['Thúy', 2],
  ['Trinh', 2],
  ['Vy', 2],
  ['Châu', 1],
  ['Diệp', 1],
  ['Tú', 1],
  ['Xuân', 1],
];

// Ethnic minority naming. Tày, Nùng, Thái, Dao, Mường, Sán Dìu names follow the Kinh pattern with
// their own family names; H'Mông men often carry "A" or "Seo" as middle name.
const NORTH_MINORITY_FAMILY: Weighted<string> = [
  ['Hoàng', 15],
  ['Nông', 10],
  ['Triệu', 8],
  ['Lý', 6],
  ['Lò', 6],
  ['Lường', 5],
  ['Vi', 5],
  ['Hà', 5],
  ['Bàn', 4],
  ['Đặng', 5],
  ['Đinh', 4],
  ['Bùi', 4],
  ['Lục', 3],
  ['Ma', 3],
  ['La', 3],
  ['Sầm', 2],
  ['Quách', 2],
  ['Lộc', 2],
  ['Vy', 2],
  ['Hứa', 2],
  ['Chu', 2],
  ['Nguyễn', 6],
  ['Lương', 3],
];
const HMONG_FAMILY: Weighted<string> = [
  ['Giàng', 5],
  ['Sùng', 4],
  ['Vàng', 4],
  ['Thào', 4],
  ['Mùa', 2],
  ['Lầu', 2],
  ['Hờ', 2],
  ['Lý', 2],
  ['Ly', 1],
  ['Cứ', 1],
];
const HMONG_GIVEN_MALE = [
  'Páo',
  'Chứ',
  'Sử',
  'Dính',
  'Lử',
  'Sính',
  'Pháng',
  'Tủa',
  'Vảng',
  'Súa',
  'Chính',
  'Dế',
  'Pó',
  'Lềnh',
  'Chờ',
] as const;
const HMONG_GIVEN_FEMALE = [
  'Mỷ',
  'Dở',
  'Dua',
  'Pà',
  'Súa',
  'Mai',
  'Xúa',
  'Chá',
  'Sua',
  'Dung',
  'Mỉ',
  'Say',
  'Dế',
  'Ly',
] as const;

// Ê Đê: "Y" (men) or "H'" (women) + given name + family name (Y Bhim Niê, H'Hen Êban);
// Jrai: family name + given name (Ksor Phước, Siu H'Lim).
const EDE_FAMILY = [
  'Niê',
  'Êban',
  'Mlô',
  'Byă',
  'Ayun',
  'Ktla',
  'Adrơng',
  'Hđơk',
  'Buôn Yă',
  'Kbuôr',
  'Knul',
] as const;
const JRAI_FAMILY = ['Ksor', 'Rơ Mah', 'Siu', 'Rơ Lan', 'Kpă', 'Nay', 'Rah Lan', 'Rơ Châm'] as const;
const HIGHLANDS_GIVEN = [
  'Bhim',
  'Ngông',
  'Jak',
  'Khuê',
  'Bih',
  'Blô',
  'Thuôn',
  'Diệt',
  'Lim',
  'Ja',
  'Dơk',
  'Hen',
  'Juê',
  'Nguôn',
  'Wơn',
  'Hlương',
  'Ngơn',
  'Yên',
  'Bloan',
  'Tuh',
] as const;

const KHMER_FAMILY: Weighted<string> = [
  ['Thạch', 30],
  ['Sơn', 15],
  ['Danh', 15],
  ['Kim', 10],
  ['Lâm', 8],
  ['Lý', 6],
  ['Châu', 5],
  ['Trà', 3],
  ['Triệu', 3],
  ['Huỳnh', 3],
];
const KHMER_GIVEN = [
  'Sa Rát',
  'Sô Phal',
  'Chanh Đa',
  'Sóc Kha',
  'Sà Ol',
  'Sok',
  'Phol',
  'Kha',
  'Khuôl',
  'Thoul',
  'Đa Ra',
  'Bô Pha',
  'Sa Ry',
  'Sa Ma',
  'Chăn Thy',
  'Sóc Phia',
  'Pha Ly',
  'Kim Thoa',
  'Ra Ny',
  'Mây',
] as const;

function kinhFamily(rng: Rng, style: 'north' | 'central' | 'south'): string {
  const family = rng.weighted(FAMILY_NAMES);
  if (family === 'Hoàng|Huỳnh') return rng.chance(NORTHERN_FORM[style].hoang) ? 'Hoàng' : 'Huỳnh';
  if (family === 'Vũ|Võ') return rng.chance(NORTHERN_FORM[style].vu) ? 'Vũ' : 'Võ';
  return family;
}

/** Middle and given name of the Kinh pattern, never repeating a word (no "Mai Mai Yến", "Ngọc Ngọc"). */
function kinhRest(rng: Rng, sex: Sex, family: string): string {
  const middleList = sex === 'male' ? MIDDLE_MALE : MIDDLE_FEMALE;
  let middle = rng.weighted(middleList);
  for (let i = 0; i < 10 && middle === family; i++) middle = rng.weighted(middleList);
  if (middle === family) middle = sex === 'male' ? 'Văn' : 'Thị';
  const givenList = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  let given = rng.weighted(givenList);
  for (let i = 0; i < 10 && (given === middle || given === family); i++) given = rng.weighted(givenList);
  if (given === middle || given === family)
    given = sex === 'male' ? (family === 'Hùng' ? 'Nam' : 'Hùng') : 'Hương';
  if (sex === 'female' && middle === 'Thị' && rng.chance(SECOND_MIDDLE_SHARE)) {
    const second = rng.pick(SECOND_MIDDLE_FEMALE);
    if (second !== given) return `${middle} ${second} ${given}`;
  }
  return `${middle} ${given}`;
}

/** A name from the list that shares no word with `family` (no "Kim Thị Kim Thoa"). */
function pickOther(rng: Rng, list: readonly string[], family: string): string {
  const clash = (name: string) => name.split(' ').includes(family);
  let name = rng.pick(list);
  for (let i = 0; i < 10 && clash(name); i++) name = rng.pick(list);
  return clash(name) ? list.find((n) => !clash(n))! : name;
}

/**
 * A full name, family name first (Nguyễn Thị Thu Hà). `style` gives the regional flavour or an
 * ethnic minority's naming; the default is a northern Kinh name.
 */
export function personName(rng: Rng, sex: Sex, style: NameStyle = 'north'): string {
  switch (style) {
    case 'north':
    case 'central':
    case 'south': {
      const family = kinhFamily(rng, style);
      return `${family} ${kinhRest(rng, sex, family)}`;
    }
    case 'north_minority': {
      const family = rng.weighted(NORTH_MINORITY_FAMILY);
      return `${family} ${kinhRest(rng, sex, family)}`;
    }
    case 'hmong': {
      const family = rng.weighted(HMONG_FAMILY);
      if (sex === 'female') return `${family} Thị ${pickOther(rng, HMONG_GIVEN_FEMALE, family)}`;
      const middle = rng.weighted([
        ['A', 5],
        ['Seo', 2],
        ['Văn', 3],
      ] as const);
      return `${family} ${middle} ${pickOther(rng, HMONG_GIVEN_MALE, family)}`;
    }
    case 'highlands': {
      const given = rng.pick(HIGHLANDS_GIVEN);
      if (rng.chance(0.5))
        return `${sex === 'male' ? 'Y' : "H'"}${sex === 'male' ? ' ' : ''}${given} ${rng.pick(EDE_FAMILY)}`;
      return `${rng.pick(JRAI_FAMILY)} ${sex === 'male' ? given : `H'${given}`}`;
    }
    case 'khmer': {
      const family = rng.weighted(KHMER_FAMILY);
      const given = pickOther(rng, KHMER_GIVEN, family);
      if (sex === 'female') return `${family} Thị ${given}`;
      return rng.chance(0.3) ? `${family} Văn ${given}` : `${family} ${given}`;
    }
  }
}

// ---------------------------------------------------------------- hamlets

/** Where a commune's hamlets are: the province's region, and what kind of commune it is. */
export interface HamletSetting {
  region: Region;
  /** A ward (phường): its neighbourhoods are tổ dân phố / khu phố / khóm. */
  ward: boolean;
  /** A mountain or remote commune: hamlets of ethnic minorities (bản, buôn, làng, sóc) appear. */
  mountain: boolean;
  /** False where the province has no minority villages: only thôn, xóm, ấp… (default true). */
  minorityVillages?: boolean;
}

/** Hamlet words of rural communes (xã) by region: [lowland, mountain]. */
const RURAL_TYPES: Record<Region, readonly [Weighted<HamletType>, Weighted<HamletType>]> = {
  north_delta: [
    [
      ['Thôn', 90],
      ['Xóm', 8],
      ['Làng', 2],
    ],
    [
      ['Thôn', 75],
      ['Bản', 25],
    ],
  ],
  north_midland: [
    [
      ['Thôn', 55],
      ['Xóm', 40],
      ['Bản', 5],
    ],
    [
      ['Thôn', 40],
      ['Xóm', 30],
      ['Bản', 30],
    ],
  ],
  north_mountain: [
    [
      ['Thôn', 45],
      ['Bản', 40],
      ['Xóm', 15],
    ],
    [
      ['Bản', 55],
      ['Thôn', 35],
      ['Xóm', 10],
    ],
  ],
  north_central: [
    [
      ['Thôn', 55],
      ['Xóm', 40],
      ['Bản', 5],
    ],
    [
      ['Bản', 55],
      ['Thôn', 35],
      ['Xóm', 10],
    ],
  ],
  central: [
    [
      ['Thôn', 97],
      ['Làng', 3],
    ],
    [
      ['Thôn', 60],
      ['Làng', 30],
      ['Bản', 10],
    ],
  ],
  highlands: [
    [
      ['Thôn', 60],
      ['Buôn', 20],
      ['Làng', 20],
    ],
    [
      ['Thôn', 35],
      ['Buôn', 35],
      ['Làng', 30],
    ],
  ],
  southeast: [
    [['Ấp', 100]],
    [
      ['Ấp', 85],
      ['Sóc', 15],
    ],
  ],
  mekong: [
    [
      ['Ấp', 97],
      ['Sóc', 3],
    ],
    [
      ['Ấp', 85],
      ['Sóc', 15],
    ],
  ],
};

/** Words for the neighbourhoods of wards (phường) by region. */
const WARD_TYPES: Record<Region, Weighted<HamletType>> = {
  north_delta: [['Tổ dân phố', 100]],
  north_midland: [['Tổ dân phố', 100]],
  north_mountain: [['Tổ dân phố', 100]],
  north_central: [
    ['Tổ dân phố', 90],
    ['Khu phố', 10],
  ],
  central: [
    ['Tổ dân phố', 80],
    ['Khu phố', 20],
  ],
  highlands: [['Tổ dân phố', 100]],
  southeast: [['Khu phố', 100]],
  mekong: [
    ['Khóm', 55],
    ['Khu phố', 45],
  ],
};

/** Share of communes whose hamlets are numbered (Thôn 1, Thôn 2…) rather than named: [rural, ward]. */
const NUMBERED_SHARE: Record<Region, readonly [number, number]> = {
  north_delta: [0.1, 0.6],
  north_midland: [0.3, 0.6],
  north_mountain: [0.15, 0.6],
  north_central: [0.35, 0.6],
  central: [0.3, 0.7],
  highlands: [0.5, 0.8],
  southeast: [0.3, 0.9],
  mekong: [0.15, 0.85],
};

// Sino-Vietnamese syllables that make plausible village names when paired (Yên Lạc, Phú Thịnh…).
const NORTH_FIRST = [
  'An',
  'Bình',
  'Phú',
  'Yên',
  'Đông',
  'Tân',
  'Hòa',
  'Xuân',
  'Phúc',
  'Vĩnh',
  'Mỹ',
  'Đại',
  'Thượng',
  'Hạ',
  'Trung',
  'Cao',
  'Hồng',
  'Kim',
  'Thanh',
  'Văn',
  'Quảng',
  'Đức',
  'Nghĩa',
  'Long',
  'Hưng',
  'Lạc',
  'Minh',
  'Thái',
  'Hải',
  'Đồng',
  'Vân',
  'Cẩm',
] as const;
const NORTH_SECOND = [
  'Lạc',
  'Phú',
  'Thịnh',
  'Hòa',
  'Lộc',
  'Xá',
  'Trì',
  'Sơn',
  'Lâm',
  'Khê',
  'Bình',
  'An',
  'Thành',
  'Hưng',
  'Lợi',
  'Tiến',
  'Phong',
  'Hải',
  'Long',
  'Mỹ',
  'Thọ',
  'Điền',
  'Trung',
  'Đông',
  'Tân',
  'Nam',
  'Lương',
  'Vân',
  'Xuân',
  'Cường',
  'Phúc',
  'Yên',
] as const;
/** Names from the cooperative era, common for newer settlements everywhere in the north and centre. */
const COLLECTIVE_NAMES = [
  'Tân Lập',
  'Tiền Phong',
  'Thắng Lợi',
  'Quyết Tiến',
  'Đồng Tâm',
  'Đoàn Kết',
  'Hợp Tiến',
  'Liên Hợp',
  'Bình Minh',
  'Quyết Thắng',
  'Độc Lập',
  'Tiến Bộ',
  'Hòa Bình',
  'Thống Nhất',
  'Tân Tiến',
  'Đồng Tiến',
  'Quang Trung',
  'Minh Khai',
  'Hồng Phong',
  'Tân Hợp',
  'Hợp Nhất',
  'Đông Tiến',
  'Tân Bình',
  'Tiến Thành',
] as const;
/** Single-word hamlet names of old villages split in parts (Thôn Đông, Thôn Đoài). */
const DIRECTION_NAMES = [
  'Đông',
  'Đoài',
  'Nam',
  'Bắc',
  'Trung',
  'Thượng',
  'Hạ',
  'Chùa',
  'Giữa',
  'Mới',
] as const;

const SOUTH_FIRST = [
  'Tân',
  'Bình',
  'Phú',
  'Long',
  'Mỹ',
  'An',
  'Vĩnh',
  'Hòa',
  'Thạnh',
  'Phước',
  'Thới',
  'Nhơn',
  'Hưng',
  'Đông',
  'Tây',
  'Hiệp',
  'Thuận',
  'Khánh',
  'Lợi',
  'Trường',
  'Tân',
  'Hậu',
] as const;
const SOUTH_SECOND = [
  'Hòa',
  'Thạnh',
  'Lợi',
  'Phú',
  'An',
  'Hưng',
  'Bình',
  'Lộc',
  'Đông',
  'Tây',
  'Quới',
  'Thuận',
  'Hiệp',
  'Mỹ',
  'Long',
  'Thành',
  'Trung',
  'Điền',
  'Nhơn',
  'Phước',
  'Khánh',
  'Hội',
] as const;
/** Mekong hamlets named after the water and land: Rạch Gốc, Giồng Cát, Kênh Mới… */
const MEKONG_TERRAIN_FIRST = [
  'Kênh',
  'Rạch',
  'Xẻo',
  'Cái',
  'Vàm',
  'Giồng',
  'Bưng',
  'Cây',
  'Bến',
  'Kinh',
  'Mương',
  'Cồn',
] as const;
const MEKONG_TERRAIN_SECOND = [
  'Dương',
  'Gừa',
  'Sung',
  'Me',
  'Bàng',
  'Lớn',
  'Nhỏ',
  'Cát',
  'Gốc',
  'Tre',
  'Mới',
  'Xáng',
  'Đình',
  'Bần',
  'Sao',
  'Dầu',
  'Chanh',
  'Trâm',
] as const;

// Tày/Thái/Dao village names (Nà Pá, Khuổi Lừa, Phiêng Cóc…).
const BAN_FIRST = [
  'Nà',
  'Khuổi',
  'Pác',
  'Bó',
  'Co',
  'Phiêng',
  'Lũng',
  'Nậm',
  'Huổi',
  'Hua',
  'Pá',
  'Cốc',
  'Tà',
  'Púng',
  'Ta',
  'Kéo',
  'Pò',
  'Nặm',
  'Pù',
  'Lủng',
  'Thẩm',
  'Khau',
  'Khe',
  'Đồng',
] as const;
const BAN_SECOND = [
  'Pá',
  'Lừa',
  'Bó',
  'Sản',
  'Pe',
  'Cú',
  'Hèn',
  'Lếu',
  'Mạ',
  'Chang',
  'Ngần',
  'Luông',
  'Kham',
  'Mòn',
  'Sáng',
  'Pằn',
  'Phạ',
  'Cáy',
  'Khao',
  'Nưa',
  'Tẩu',
  'Lìu',
  'Mu',
  'Hin',
  'Vài',
  'Phầy',
  'Noong',
  'Cóc',
  'Lạn',
  'Đon',
  'Tâm',
  'Lánh',
] as const;
// Jrai/Bahnar villages of the Central Highlands (Plei Ơi, Kon Klor, Đê Tar…).
const LANG_FIRST = ['Plei', 'Kon', 'Đê', 'Tơ', 'Ia', 'Bơ'] as const;
const LANG_SECOND = [
  'Ơi',
  'Klor',
  'Tar',
  'Rơng',
  'Jút',
  'Chuet',
  'Bông',
  'Grai',
  'Kép',
  'Dơ',
  'Ring',
  'Hlang',
  'Mơ Nẩm',
  'Krông',
  'Pông',
  'Tu',
] as const;
// Ê Đê/M'nông villages (Ea Kmar, Ko Sier, Tơng Jú…).
const BUON_FIRST = ['Ea', 'Ko', 'Tơng', 'Cư', 'Kô', 'Ak', 'Krông', 'Đrăng', 'Ea', 'Ea'] as const;
const BUON_SECOND = [
  'Kmar',
  'Sier',
  'Jú',
  'Pơng',
  'Drai',
  'Tam',
  'Sút',
  'Knốp',
  'Bông',
  'Hning',
  'Dliê',
  "M'nga",
  'Ktur',
  'Kao',
  'Bar',
  'Hleo',
] as const;
// Khmer villages (Prey Chóp, Trà Kha, Sóc Tro…).
const SOC_FIRST = ['Prey', 'Trà', 'Sóc', 'Bưng', 'Ô', 'Tà', 'Cà', 'Kà', 'Phnôm'] as const;
const SOC_SECOND = [
  'Chóp',
  'Kha',
  'Tro',
  'Cốc',
  'Đùng',
  'Mum',
  'Lọp',
  'Tưng',
  'Nô',
  'Rom',
  'Săn',
  'Ét',
  'Pông',
  'Xoài',
] as const;

function pair(rng: Rng, first: readonly string[], second: readonly string[]): string {
  let a = rng.pick(first);
  let b = rng.pick(second);
  for (let i = 0; i < 5 && a === b; i++) b = rng.pick(second);
  if (a === b) a = first[0] === b ? first[1]! : first[0]!;
  return `${a} ${b}`;
}

/** A name (without the hamlet word) in the style of a hamlet word and region. */
function namedHamlet(rng: Rng, type: HamletType, region: Region): string {
  switch (type) {
    case 'Bản':
      return pair(rng, BAN_FIRST, BAN_SECOND);
    case 'Làng':
      return region === 'highlands' || region === 'central'
        ? pair(rng, LANG_FIRST, LANG_SECOND)
        : pair(rng, NORTH_FIRST, NORTH_SECOND);
    case 'Buôn':
      return pair(rng, BUON_FIRST, BUON_SECOND);
    case 'Sóc':
      return pair(rng, SOC_FIRST, SOC_SECOND);
    case 'Ấp':
    case 'Khu phố':
    case 'Khóm':
      if (region === 'mekong' && type === 'Ấp' && rng.chance(0.25))
        return pair(rng, MEKONG_TERRAIN_FIRST, MEKONG_TERRAIN_SECOND);
      if (region === 'southeast' || region === 'mekong') return pair(rng, SOUTH_FIRST, SOUTH_SECOND);
      return pair(rng, NORTH_FIRST, NORTH_SECOND);
    default: {
      // Thôn, Xóm, Tổ dân phố (and a few mountain thôn named like bản).
      const r = rng.next();
      if (region === 'highlands' || region === 'southeast')
        return r < 0.5 ? pair(rng, SOUTH_FIRST, SOUTH_SECOND) : rng.pick(COLLECTIVE_NAMES);
      if (r < 0.12) return rng.pick(DIRECTION_NAMES);
      if (r < 0.3) return rng.pick(COLLECTIVE_NAMES);
      return pair(rng, NORTH_FIRST, NORTH_SECOND);
    }
  }
}

export interface HamletNaming {
  unitType: HamletType;
  /** The name without the hamlet word: 'Yên Lạc', '3'. */
  name: string;
  /** True for 'Thôn 3'-style names. */
  numbered: boolean;
}

function settingOf(region: Region | HamletSetting): HamletSetting {
  return typeof region === 'string' ? { region, ward: false, mountain: region === 'north_mountain' } : region;
}

/** The hamlet words of a setting with their weights. */
function typeCandidates(s: HamletSetting): Weighted<HamletType> {
  const all = s.ward ? WARD_TYPES[s.region] : RURAL_TYPES[s.region][s.mountain ? 1 : 0];
  if (s.minorityVillages !== false) return all;
  const ordinary = all.filter(([t]) => !isMinorityType(t));
  return ordinary.length ? ordinary : [['Thôn', 1]];
}

/** The hamlet word of one hamlet. */
export function hamletType(rng: Rng, region: Region | HamletSetting): HamletType {
  return rng.weighted(typeCandidates(settingOf(region)));
}

/**
 * One hamlet's name: the n-th hamlet (1-based) of a commune. Numbered names use n; named ones are
 * drawn at random (use `hamletNames` for a whole commune: consistent style and no duplicates).
 */
export function hamletName(rng: Rng, region: Region | HamletSetting, n: number): HamletNaming {
  const s = settingOf(region);
  const unitType = hamletType(rng, s);
  const numberedShare = NUMBERED_SHARE[s.region][s.ward ? 1 : 0];
  if (isMinorityType(unitType) || !rng.chance(numberedShare))
    return { unitType, name: namedHamlet(rng, unitType, s.region), numbered: false };
  return { unitType, name: String(n), numbered: true };
}

/** Hamlet words of ethnic-minority villages. */
export function isMinorityType(type: HamletType): boolean {
  return type === 'Bản' || type === 'Buôn' || type === 'Làng' || type === 'Sóc';
}

/**
 * The hamlets of one commune: one main hamlet word and one style (numbered or named) for the
 * commune, minority villages (bản, buôn, làng, sóc) mixed in where the setting has them; names are
 * unique within the commune.
 */
export function hamletNames(rng: Rng, region: Region | HamletSetting, count: number): HamletNaming[] {
  const s = settingOf(region);
  const mainCandidates = typeCandidates(s);
  const ordinary = mainCandidates.filter(([t]) => !isMinorityType(t));
  const minority = mainCandidates.filter(([t]) => isMinorityType(t));
  const main: HamletType = ordinary.length ? rng.weighted(ordinary) : 'Thôn';
  const minorityTotal = minority.reduce((sum, [, w]) => sum + w, 0);
  const minorityShare = minorityTotal / mainCandidates.reduce((sum, [, w]) => sum + w, 0);
  const numbered = rng.chance(NUMBERED_SHARE[s.region][s.ward ? 1 : 0]);
  const used = new Set<string>();
  const out: HamletNaming[] = [];
  let nextNumber = 1;
  for (let i = 0; i < count; i++) {
    const unitType = minority.length && rng.chance(minorityShare) ? rng.weighted(minority) : main;
    if (numbered && !isMinorityType(unitType)) {
      const name = String(nextNumber++);
      used.add(`${unitType} ${name}`);
      out.push({ unitType, name, numbered: true });
      continue;
    }
    let name = namedHamlet(rng, unitType, s.region);
    for (let tries = 0; tries < 20 && used.has(`${unitType} ${name}`); tries++)
      name = namedHamlet(rng, unitType, s.region);
    // Still taken: the second of its name ("Tân Lập 2"), as real communes do.
    for (let k = 2; used.has(`${unitType} ${name}`); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    used.add(`${unitType} ${name}`);
    out.push({ unitType, name, numbered: false });
  }
  return out;
}

/** Without diacritics, for the English name columns (Yên Lạc → Yen Lac). */
export function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
