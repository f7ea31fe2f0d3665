/**
 * Pure checks of the identifiers a resident carries: the 12-digit personal ID (CCCD / số định danh cá
 * nhân) and the health insurance card code (mã thẻ BHYT). No database, no server code: the web app
 * runs the same checks in its forms.
 */

export type Sex = 'male' | 'female';

export interface IdentityIssue {
  /** Machine-readable code, e.g. `invalid_format`, `sex_mismatch`. */
  code: string;
  message: string;
}

/**
 * Province of birth registration, digits 1–3 of the personal ID: the codes of the 63 provinces of the
 * old map (before 1/7/2025), as listed in Circular 07/2016/TT-BCA and kept by Circular 59/2021/TT-BCA.
 * The 2025 reform did not change ids already issued, so the old codes stay valid.
 */
export const ID_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/**
 * Digit 4 of the personal ID: century of birth and sex (Circular 07/2016/TT-BCA art. 7):
 * 1900s 0 male / 1 female, 2000s 2 / 3, 2100s 4 / 5, 2200s 6 / 7, 2300s 8 / 9.
 */
export function centurySexDigit(birthYear: number, sex: Sex): number {
  const century = Math.floor(birthYear / 100) - 19; // 1900s → 0, 2000s → 1 …
  return century * 2 + (sex === 'female' ? 1 : 0);
}

export interface PersonalIdInfo {
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  birthYear: number;
}

/** Reads the facts a well-formed personal ID carries, or says what is wrong with its form. */
export function parsePersonalId(value: string): { info: PersonalIdInfo } | { issue: IdentityIssue } {
  if (!/^\d{12}$/.test(value))
    return { issue: { code: 'invalid_format', message: 'a personal ID has exactly 12 digits' } };
  const provinceCode = value.slice(0, 3);
  const provinceName = ID_PROVINCES[provinceCode];
  if (!provinceName)
    return {
      issue: {
        code: 'unknown_province',
        message: `digits 1–3 (${provinceCode}) are not a province code of birth registration`,
      },
    };
  const digit = Number(value[3]);
  const century = 1900 + Math.floor(digit / 2) * 100;
  return {
    info: {
      provinceCode,
      provinceName,
      sex: digit % 2 === 0 ? 'male' : 'female',
      birthYear: century + Number(value.slice(4, 6)),
    },
  };
}

/**
 * Checks a personal ID against what is known of its holder: its form and province digits, a birth year
 * not in the future, and digits 4–6 against the resident's sex and birth year.
 */
export function checkPersonalId(
  value: string,
  holder: { sex?: Sex | null | undefined; birthYear?: number | null | undefined },
  currentYear = new Date().getUTCFullYear(),
): IdentityIssue[] {
  const parsed = parsePersonalId(value);
  if ('issue' in parsed) return [parsed.issue];
  const { info } = parsed;
  const issues: IdentityIssue[] = [];
  if (info.birthYear > currentYear)
    issues.push({
      code: 'birth_in_future',
      message: `digits 4–6 give a birth year of ${info.birthYear}, which has not come yet`,
    });
  if (holder.sex && holder.sex !== info.sex)
    issues.push({
      code: 'sex_mismatch',
      message: `digit 4 (${value[3]}) is for a ${info.sex === 'male' ? 'man' : 'woman'}, but the resident is recorded as ${holder.sex === 'male' ? 'a man' : 'a woman'}`,
    });
  if (holder.birthYear != null && holder.birthYear !== info.birthYear)
    issues.push({
      code: 'birth_year_mismatch',
      message: `digits 4–6 (${value.slice(3, 6)}) give the birth year ${info.birthYear}, but the resident was born in ${holder.birthYear}`,
    });
  return issues;
}

// ---------------------------------------------------------------- insurance card

/**
 * The 2-digit province (issuer) of a legacy card: the GSO code of an old-map province, or 97 / 98 for
 * the social insurance of the army and of the police (unverified: keep configurable).
 */
export const CARD_ISSUERS: ReadonlySet<string> = new Set([
  ...Object.keys(ID_PROVINCES).map((c) => c.slice(1)),
  '97',
  '98',
]);

export type CardCodeInfo =
  | {
      format: 'legacy';
      beneficiaryGroup: string;
      benefitLevel: number;
      issuerProvince: string;
      socialInsuranceNumber: string;
    }
  | { format: 'social_insurance'; socialInsuranceNumber: string };

/** Removes spaces and dashes and upper-cases a card code as typed ("gd 4 01 0120152431"). */
export function normaliseCardCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Reads a card code: the legacy 15 characters (2-letter beneficiary group, benefit level 1–5, 2-digit
 * province, 10-digit social-insurance number: `GD4010120152431`) or, since 4/2021, the 10-digit
 * social-insurance number alone. Whether the group is on the code list is checked with the database.
 */
export function parseInsuranceCode(raw: string): { info: CardCodeInfo } | { issue: IdentityIssue } {
  const code = normaliseCardCode(raw);
  if (/^\d{10}$/.test(code)) return { info: { format: 'social_insurance', socialInsuranceNumber: code } };
  const m = /^([A-Z]{2})(\d)(\d{2})(\d{10})$/.exec(code);
  if (!m)
    return {
      issue: {
        code: 'invalid_format',
        message:
          'a card code is 15 characters (2 letters, benefit level, 2-digit province, 10 digits) or the 10-digit social insurance number',
      },
    };
  const [, group, level, province, number] = m as unknown as [string, string, string, string, string];
  if (!(Number(level) >= 1 && Number(level) <= 5))
    return {
      issue: { code: 'invalid_benefit_level', message: `character 3 (${level}) must be a benefit level 1–5` },
    };
  if (!CARD_ISSUERS.has(province))
    return {
      issue: {
        code: 'unknown_province',
        message: `characters 4–5 (${province}) are not a province code`,
      },
    };
  return {
    info: {
      format: 'legacy',
      beneficiaryGroup: group,
      benefitLevel: Number(level),
      issuerProvince: province,
      socialInsuranceNumber: number,
    },
  };
}

/**
 * The registered primary-care facility (nơi đăng ký KCB ban đầu): 5 characters, the 2-digit province
 * then 3 characters numbering the facility in it (`22101`).
 */
export function checkFacilityCode(code: string): IdentityIssue[] {
  if (!/^\d{2}[0-9A-Z]{3}$/.test(code))
    return [
      {
        code: 'invalid_format',
        message: 'a primary-care facility code is 5 characters: 2-digit province, then 3 digits or letters',
      },
    ];
  if (!CARD_ISSUERS.has(code.slice(0, 2)))
    return [
      { code: 'unknown_province', message: `the first two digits (${code.slice(0, 2)}) are not a province` },
    ];
  return [];
}

// ---------------------------------------------------------------- phones and names

/** A Vietnamese phone number as stored: digits only, +84 written as 0 (`+84 912 345 678` → `0912345678`). */
export function normalisePhone(value: string): string {
  const digits = value.replace(/[\s.()-]/g, '');
  if (digits.startsWith('+84')) return `0${digits.slice(3)}`;
  if (digits.startsWith('84') && digits.length === 11) return `0${digits.slice(2)}`;
  return digits;
}

/** Mobile (10 digits: 03x, 05x, 07x, 08x, 09x) or landline (10–11 digits: 02xx…). */
export const PHONE_PATTERN = /^0\d{9,10}$/;
